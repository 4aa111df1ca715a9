"""LiveAvatar's client: the same shape as the Streaming API's, every difference from its spec.

A fake LiveAvatar (`httpx.MockTransport`) answers with the spec's own examples, so that what is
checked is what the client sends: the spec's paths and headers, the key from
`LIVEAVATAR_API_KEY`, the server from `servers`, the session token minted with its session.
"""

from __future__ import annotations

import asyncio
import json
import sys
import types
from typing import Any
from uuid import UUID

import httpx
import pytest
from heygen_streaming import (
    APIResponseValidationError,
    APIStatusError,
    AsyncLiveAvatarClient,
    HeyGenError,
    LiveAvatarClient,
    StreamingClient,
    async_client_class,
    client_class,
)
from heygen_streaming.cli import liveavatar
from heygen_streaming.spec import load_spec

KEY = "la-test-key-0123456789"
SPEC = load_spec(api="liveavatar")
SESSION_ID = "2f4c1d8e-5a6b-4c7d-9e0f-1a2b3c4d5e6f"
AVATAR = "7b3f1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
DONE = {"code": 1000, "data": None, "message": "success"}


def _example(method: str, path: str, status: str) -> dict[str, Any]:
    content = SPEC["paths"][path][method]["responses"][status]["content"]["application/json"]
    return dict(next(iter(content["examples"].values()))["value"])


TOKEN = _example("post", "/v1/sessions/token", "200")["data"]["session_token"]


class FakeLiveAvatar:
    """Answers each route with its spec example; `fail` maps a path to the answer instead."""

    def __init__(self, **fail: httpx.Response) -> None:
        self.fail = fail
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        name = path.rsplit("/", 1)[-1]
        if name in self.fail:
            return self.fail[name]
        if path == "/v1/sessions/token":
            return httpx.Response(200, json=_example("post", path, "200"))
        if path == "/v1/sessions/start":
            return httpx.Response(201, json=_example("post", path, "201"))
        if request.method == "GET" and path.startswith("/v1/sessions/"):
            return httpx.Response(200, json=_example("get", "/v1/sessions/{session_id}", "200"))
        return httpx.Response(200, json=DONE)

    def seen(self) -> list[tuple[str, str, str | None, str | None]]:
        """(method, path, X-API-KEY, Authorization) of every request."""
        return [
            (r.method, r.url.path, r.headers.get("x-api-key"), r.headers.get("authorization"))
            for r in self.requests
        ]

    def body(self, index: int) -> dict[str, Any]:
        return dict(json.loads(self.requests[index].content or b"{}"))


@pytest.fixture(autouse=True)
def _no_liveavatar_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("API_KEY", "SESSION_TOKEN", "BASE_URL"):
        monkeypatch.delenv(f"LIVEAVATAR_{name}", raising=False)


def test_liveavatar_methods_send_the_spec_paths_and_its_key_header() -> None:
    fake = FakeLiveAvatar()
    with LiveAvatarClient(api_key=KEY, transport=httpx.MockTransport(fake)) as client:
        token = client.create_token(mode="LITE", avatar_id=AVATAR)
        entry = client.get_session(session_id=SESSION_ID)
    assert str(token.session_id) == SESSION_ID
    assert entry is not None
    assert str(entry.id) == SESSION_ID
    assert [str(r.url) for r in fake.requests] == [
        "https://api.liveavatar.com/v1/sessions/token",
        f"https://api.liveavatar.com/v1/sessions/{SESSION_ID}",
    ]
    assert fake.seen()[0][2:] == (KEY, None)
    assert fake.body(0) == {"mode": "LITE", "avatar_id": AVATAR}


def test_the_key_comes_from_liveavatar_api_key_and_the_server_from_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIVEAVATAR_API_KEY", KEY)
    fake = FakeLiveAvatar()
    with LiveAvatarClient(transport=httpx.MockTransport(fake)) as client:
        assert client.base_url == "https://api.liveavatar.com"
        client.create_token(mode="LITE", avatar_id=AVATAR)
    assert fake.seen()[0][2] == KEY
    # The Streaming API's client reads its own variable, not LiveAvatar's.
    with pytest.raises(HeyGenError, match="HEYGEN_API_KEY"):
        StreamingClient()
    monkeypatch.setenv("LIVEAVATAR_BASE_URL", "http://127.0.0.1:4011")
    assert LiveAvatarClient().base_url == "http://127.0.0.1:4011"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_the_session_handle_mints_starts_with_the_token_keeps_alive_and_stops(kind: str) -> None:
    fake = FakeLiveAvatar()
    ids = []

    def body(handle: Any) -> Any:
        ids.append(handle.session_id)
        return handle.keep_alive()

    _run_session(kind, fake, body)
    bearer = f"Bearer {TOKEN}"
    assert fake.seen() == [
        ("POST", "/v1/sessions/token", KEY, None),
        ("POST", "/v1/sessions/start", None, bearer),
        ("POST", "/v1/sessions/keep-alive", None, bearer),
        ("POST", "/v1/sessions/stop", None, bearer),
    ]
    assert ids == [SESSION_ID]
    assert fake.body(3)["session_id"] == SESSION_ID


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_failed_start_still_stops_the_session_with_its_token(kind: str) -> None:
    refused = httpx.Response(409, json={"code": 4009, "data": None, "message": "not created"})
    fake = FakeLiveAvatar(start=refused)
    with pytest.raises(APIStatusError, match="not created") as caught:
        _run_session(kind, fake, lambda handle: None)
    assert caught.value.session_id == SESSION_ID
    assert [path for _, path, _, _ in fake.seen()] == [
        "/v1/sessions/token",
        "/v1/sessions/start",
        "/v1/sessions/stop",
    ]
    assert fake.seen()[2][3] == f"Bearer {TOKEN}"
    assert fake.body(2)["session_id"] == SESSION_ID


def test_an_unusable_create_answer_names_its_session_which_is_stopped() -> None:
    # The session exists but its token is missing: the error names it, the key stops it.
    answer = {"code": 1000, "data": {"session_id": SESSION_ID}, "message": "success"}
    fake = FakeLiveAvatar(token=httpx.Response(200, json=answer))
    with pytest.raises(APIResponseValidationError) as caught:
        _run_session("sync", fake, lambda handle: None)
    assert caught.value.session_id == SESSION_ID
    assert fake.seen()[1] == ("POST", "/v1/sessions/stop", KEY, None)
    assert fake.body(1)["session_id"] == SESSION_ID


def _run_session(kind: str, fake: FakeLiveAvatar, body: Any) -> None:
    if kind == "sync":
        with (
            LiveAvatarClient(api_key=KEY, transport=httpx.MockTransport(fake)) as client,
            client.session(mode="LITE", avatar_id=AVATAR) as handle,
        ):
            body(handle)
        return

    async def scenario() -> None:
        async with (
            AsyncLiveAvatarClient(api_key=KEY, transport=httpx.MockTransport(fake)) as client,
            client.session(mode="LITE", avatar_id=AVATAR) as handle,
        ):
            result = body(handle)
            if asyncio.iscoroutine(result):
                await result

    asyncio.run(scenario())


def test_what_the_models_hand_back_can_be_sent_again() -> None:
    fake = FakeLiveAvatar()
    with LiveAvatarClient(api_key=KEY, transport=httpx.MockTransport(fake)) as client:
        entry = client.get_session(session_id=SESSION_ID)
        assert entry is not None
        assert isinstance(entry.id, UUID)
        client.get_session(session_id=entry.id)  # a path parameter
        client.keep_alive(session_id=entry.id)  # a body field
        client.create_token(  # a datetime, inside a free-form map
            mode="FULL", avatar_id=entry.id, dynamic_variables={"since": entry.created_at}
        )
    assert fake.requests[1].url.path == f"/v1/sessions/{SESSION_ID}"
    assert fake.body(2) == {"session_id": SESSION_ID}
    assert fake.body(3)["avatar_id"] == SESSION_ID
    assert fake.body(3)["dynamic_variables"] == {"since": entry.created_at.isoformat()}


def test_a_client_class_is_made_for_any_generated_package() -> None:
    assert client_class("liveavatar_api") is LiveAvatarClient
    assert async_client_class("liveavatar_api") is AsyncLiveAvatarClient
    assert client_class("heygen_streaming_api") is StreamingClient
    # A package without a hand-written class gets one, made from its generated code alone.
    from heygen_streaming._client import Client
    from heygen_streaming._session import Handle, made_class

    cls = made_class("liveavatar_api", Client, Handle)
    assert cls is not LiveAvatarClient
    fake = FakeLiveAvatar()
    with (
        cls(api_key=KEY, transport=httpx.MockTransport(fake)) as client,
        client.session(mode="LITE", avatar_id=AVATAR) as handle,
    ):
        handle.keep_alive()
    assert [auth for _, _, _, auth in fake.seen()][1:] == [f"Bearer {TOKEN}"] * 3


def test_liveavatar_help_names_its_product_and_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert liveavatar(["--help"]) == 0
    assert liveavatar(["create-token", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: liveavatar")
    assert "LiveAvatar from the shell" in out
    for needle in ("LIVEAVATAR_API_KEY", "LIVEAVATAR_BASE_URL", "https://api.liveavatar.com"):
        assert needle in out
    assert "HEYGEN" not in out
    assert "api.heygen.com" not in out


def test_liveavatar_tables_name_the_product(capsys: pytest.CaptureFixture[str]) -> None:
    fake = httpx.MockTransport(FakeLiveAvatar())
    args = ["get-session", "--session-id", SESSION_ID, "--api-key", KEY]
    assert liveavatar(args, transport=fake) == 0
    assert "get-session (LiveAvatar)" in capsys.readouterr().out


def test_a_parameter_is_spelt_as_on_the_wire_and_required_as_the_spec_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `type` is a required query parameter
    assert liveavatar(["list-sessions", "--api-key", KEY]) == 2
    assert "required: --type (see" in capsys.readouterr().err
    fake = FakeLiveAvatar()
    args = ["list-sessions", "--type", "historic", "--api-key", KEY]
    liveavatar(args, transport=httpx.MockTransport(fake))
    assert [r.url.query for r in fake.requests] == [b"type=historic"]


def test_the_session_command_runs_the_lifecycle_of_a_spec_that_never_speaks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = FakeLiveAvatar()
    args = ["session", "--api-key", KEY, "--mode", "LITE", "--avatar-id", AVATAR]
    assert liveavatar(args, transport=httpx.MockTransport(fake)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"opened and started session {SESSION_ID}", f"stopped session {SESSION_ID}"]
    assert [path.rsplit("/", 1)[-1] for _, path, _, _ in fake.seen()] == ["token", "start", "stop"]


def test_liveavatar_mock_serves_the_mock_of_its_own_api(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[list[str], str]] = []
    fake = types.ModuleType("heygen_streaming_mock.cli")

    def mock_main(argv: list[str], prog: str) -> int:
        seen.append((argv, prog))
        return 0

    fake.main = mock_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "heygen_streaming_mock.cli", fake)
    assert liveavatar(["mock", "--port", "5000"]) == 0
    assert seen == [(["--api", "liveavatar", "--port", "5000"], "liveavatar mock")]


def test_the_session_flow_against_the_liveavatar_mock_is_answered_2xx() -> None:
    from heygen_streaming_mock import MockServer

    mock = MockServer(api="liveavatar", seed=1)
    with (
        LiveAvatarClient(
            api_key="mock-key", base_url="http://mock", transport=mock.transport()
        ) as client,
        client.session(mode="LITE", avatar_id=AVATAR, is_sandbox=True) as handle,
    ):
        handle.keep_alive()
        handle.get_session()
    calls = [(e.method, e.path.rsplit("/", 1)[-1], e.status) for e in mock.journal.entries()]
    assert calls == [
        ("POST", "token", 200),
        ("POST", "start", 201),
        ("POST", "keep-alive", 200),
        ("GET", handle.session_id, 200),
        ("POST", "stop", 200),
    ]
