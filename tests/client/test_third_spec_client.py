"""A third spec (tests/spine/third.yaml), generated here: its client, session handle and CLI work
with no code change (issue 19: "a third spec passes with no code change").

The package `third_api` is generated into a temporary folder once for the module, and served by
the in-process mock built from the same spec.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming import async_client_class, client_class
from heygen_streaming.cli import main
from heygen_streaming_mock import MockServer
from heygen_streaming_tools.generation import generate_package

SPEC = Path(__file__).resolve().parents[1] / "spine" / "third.yaml"
PACKAGE = "third_api"


@pytest.fixture(scope="module", autouse=True)
def _third_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    dest = tmp_path_factory.mktemp("third")
    generate_package(SPEC, dest, PACKAGE)
    sys.path.insert(0, str(dest))
    yield
    sys.path.remove(str(dest))


def _credentials(mock: MockServer) -> list[tuple[str, str, str]]:
    """(method, last path segment, which credential) of every request the mock received."""
    seen = []
    for entry in mock.journal.entries():
        headers = {k.lower() for k in entry.headers}
        kind = "ticket" if "authorization" in headers else "key"
        seen.append((entry.method, entry.path.rsplit("/", 1)[-1], kind))
    return seen


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_third_spec_gets_a_client_whose_session_goes_live_with_its_ticket(kind: str) -> None:
    mock = MockServer(spec=str(SPEC), seed=1)
    options: dict[str, Any] = {"api_key": next(iter(mock.keys)), "base_url": "http://mock"}
    ids = []
    if kind == "sync":
        with (
            client_class(PACKAGE)(transport=mock.transport(), **options) as client,
            client.session(title="Standup") as room,
        ):
            room.ping()
            ids.append(room.room_id)
    else:

        async def scenario() -> None:
            cls = async_client_class(PACKAGE)
            async with (
                cls(transport=mock.async_transport(), **options) as client,
                client.session(title="Standup") as room,
            ):
                await room.ping()
                ids.append(room.room_id)

        asyncio.run(scenario())
    room_id = ids[0]
    assert _credentials(mock) == [
        ("POST", "rooms", "key"),
        ("POST", "live", "ticket"),  # go_live takes the ticket alone
        ("POST", "ping", "ticket"),  # session-from has `token`: the room's own ticket
        ("DELETE", room_id, "key"),  # session-from is the path only: the client's key
    ]
    assert [e.status for e in mock.journal.entries()] == [201, 200, 200, 200]


def test_a_third_spec_gets_its_cli_named_from_x_api(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--help"], package=PACKAGE, prog="rooms") == 0
    assert main(["create-room", "--help"], package=PACKAGE, prog="rooms") == 0
    out = capsys.readouterr().out
    assert "Rooms API from the shell" in out
    assert "ROOMS_API_KEY" in out
    assert "https://rooms.example.com" in out
    mock = MockServer(spec=str(SPEC), seed=1)
    monkeypatch.setenv("ROOMS_API_KEY", next(iter(mock.keys)))
    monkeypatch.setenv("ROOMS_BASE_URL", "http://mock")
    args = ["session", "--title", "Standup"]
    assert main(args, package=PACKAGE, prog="rooms", transport=mock.transport()) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("opened and started session ")
    assert lines[-1].startswith("stopped session ")


def test_a_third_spec_error_is_read_from_its_own_envelope_fields() -> None:
    import httpx
    from heygen_streaming import NotFoundError

    body = {"code": 1404, "detail": "no such room", "message": "not this one", "result": None}
    transport = httpx.MockTransport(lambda request: httpx.Response(404, json=body))
    client = client_class(PACKAGE)(api_key="key-123456", base_url="http://x", transport=transport)
    with client, pytest.raises(NotFoundError) as info:
        client.get_room(room_id="6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b")
    assert (info.value.code, info.value.message) == (1404, "no such room")
