"""The state file: sessions and tokens in SQLite, kept across a restart, keys only as hashes.

Two MockServer instances on one file also behave as one mock (each call is one transaction)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from heygen_streaming_mock import MockServer

from .test_lifecycle import ALICE, BOB, KEYS, Api


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Api, Api]]:
    path = tmp_path / "state.sqlite3"
    first, second = (MockServer(api_keys=KEYS, state_path=path, seed=1) for _ in range(2))
    with (
        httpx.Client(transport=first.transport(), base_url="http://a") as a,
        httpx.Client(transport=second.transport(), base_url="http://b") as b,
    ):
        yield Api(first, a), Api(second, b)


def test_a_session_created_through_one_is_started_through_the_other(pair: tuple[Api, Api]) -> None:
    one, two = pair
    sid = one.session()
    assert two.on("start", sid).status_code == 200
    assert one.on("task", sid, text="Hello there").status_code == 200
    assert one.states() == two.states() == {sid: "connected"}
    assert two.on("stop", sid).status_code == 200
    assert "is closed" in one.error(one.on("task", sid, text="x"), "wrong-state")


def test_ownership_holds_across_instances(pair: tuple[Api, Api]) -> None:
    one, two = pair
    sid = one.session(key=BOB)
    two.error(two.on("start", sid, key=ALICE), "unknown-session")


def test_a_token_minted_by_one_works_on_the_other(pair: tuple[Api, Api]) -> None:
    one, two = pair
    token = one.call("create_token", {}).json()["data"]["token"]
    sid = two.call("new_session", {}, token=token).json()["data"]["session_id"]
    assert one.call("start", {"session_id": sid}, token=token).status_code == 200
    assert two.call("new_session", {}, token=token).status_code == 401


def test_the_concurrency_limit_counts_sessions_of_both(pair: tuple[Api, Api]) -> None:
    one, two = pair
    one.session(key="trial-key")
    two.session(key="trial-key")
    one.session(key="trial-key")
    two.error(two.call("new_session", {}, key="trial-key"), "concurrency")


def test_history_pages_and_resets_are_shared(pair: tuple[Api, Api]) -> None:
    one, two = pair
    ids = [one.session(), two.session(), one.session()]
    one.on("stop", ids[0])
    page = two.call("list_sessions_v2", query={"page_size": 2}).json()
    assert page["total"] == 3
    assert [s["session_id"] for s in page["data"]] == [ids[2], ids[1]]
    assert one.client.delete("/__mock__/sessions").json() == {"cleared": 3}
    assert two.states() == {}


def test_the_shared_history_is_capped(tmp_path: Path) -> None:
    mock = MockServer(state_path=tmp_path / "s.db", history_size=3)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        for _ in range(10):
            api.on("stop", api.session("mock-key"), key="mock-key")
        assert api.call("list_sessions_v2", key="mock-key").json()["total"] == 3


def test_sessions_and_tokens_survive_a_restart_on_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    before = MockServer(api_keys=KEYS, state_path=path)
    with httpx.Client(transport=before.transport(), base_url="http://m") as client:
        api = Api(before, client)
        sid = api.started(avatar_id="Wayne_20240711")
        token = api.call("create_token", {}).json()["data"]["token"]
    after = MockServer(api_keys=KEYS, state_path=path)  # as after a kill -9 and a new start
    with httpx.Client(transport=after.transport(), base_url="http://m") as client:
        api = Api(after, client)
        assert api.states() == {sid: "connected"}
        (listed,) = api.call("list_sessions_v2").json()["data"]
        assert (listed["session_id"], listed["avatar_id"]) == (sid, "Wayne_20240711")
        assert api.call("new_session", {}, token=token).status_code == 200


def test_the_state_file_is_0600_and_holds_no_key_or_token_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    mock = MockServer(api_keys=KEYS, state_path=path)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        for _ in range(5):
            api.on("stop", api.started())
        token = api.call("create_token", {}).json()["data"]["token"]
        sid = api.call("new_session", {}, token=token).json()["data"]["session_id"]
        assert api.call("start", {"session_id": sid}, token=token).status_code == 200
    files = sorted(tmp_path.iterdir())
    assert path in files
    for file in files:  # the database and its -wal and -shm files
        assert file.stat().st_mode & 0o777 == 0o600, file
        data = file.read_bytes()
        assert ALICE.encode() not in data, file
        assert token.encode() not in data, file


def test_an_existing_state_file_is_made_0600(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.touch(mode=0o644)
    MockServer(state_path=path)
    assert path.stat().st_mode & 0o777 == 0o600


_WORKER = """
import sys, httpx
from heygen_streaming_mock import MockServer
mock = MockServer(api_keys=["t:600:free:5", "p"], state_path=sys.argv[1], seed=int(sys.argv[2]))
made = []
with httpx.Client(transport=mock.transport(), base_url="http://w") as client:
    for _ in range(40):
        answer = client.post("/v1/streaming.new", json={}, headers={"x-api-key": "t"})
        made.append(answer.status_code)
        sid = client.post("/v1/streaming.new", json={}, headers={"x-api-key": "p"}).json()
        sid = sid["data"]["session_id"]
        for op in ("start", "task", "stop"):
            reply = client.post(
                f"/v1/streaming.{op}", json={"session_id": sid, "text": "hi"},
                headers={"x-api-key": "p"},
            )
            assert reply.status_code == 200, reply.text
print(made.count(200))
"""


def test_two_processes_on_one_file_share_the_limit_and_lose_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = str(tmp_path / "shared.db")
    MockServer(state_path=path)  # creates the file before the race
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, path, "7"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    created = [int(w.communicate(timeout=120)[0]) for w in workers]
    assert sum(created) == 5  # the trial key's 5, whichever process got them
    mock = MockServer(api_keys=["p"], state_path=path)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        history = Api(mock, client).call("list_sessions_v2", key="p", query={"page_size": 1})
    assert history.json()["total"] == 80
