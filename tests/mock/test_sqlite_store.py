"""The state file: sessions and tokens in SQLite, read back by a restarted mock (even after a
kill -9), created 0600, with keys and tokens only as their hashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
from heygen_streaming_mock import MockServer

from .test_lifecycle import ALICE, BOB, KEYS, TRIAL, Api


def _api(path: Path) -> Api:
    mock = MockServer(api_keys=KEYS, state_path=path)
    return Api(mock, httpx.Client(transport=mock.transport(), base_url="http://m"))


def test_sessions_and_tokens_survive_a_restart_on_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    before = _api(path)
    sid = before.started(avatar_id="Wayne_20240711")
    stopped = before.started()
    before.on("stop", stopped)
    token = before.call("create_token", {}).json()["data"]["token"]
    after = _api(path)  # a new mock on the same file
    assert after.states() == {sid: "connected"}
    listed = after.call("list_sessions_v2").json()["data"]
    assert [(s["session_id"], s["status"]) for s in listed] == [
        (stopped, "closed"),
        (sid, "connected"),
    ]
    assert listed[1]["avatar_id"] == "Wayne_20240711"
    assert after.on("task", sid, text="Hello there").status_code == 200
    assert "is closed" in after.error(after.on("task", stopped, text="x"), "wrong-state")
    after.error(after.on("start", sid, key=BOB), "unknown-session")  # still Alice's
    assert after.call("new_session", {}, token=token).status_code == 200


def test_a_token_used_before_a_restart_stays_used(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    before = _api(path)
    token = before.call("create_token", {}).json()["data"]["token"]
    assert before.call("new_session", {}, token=token).status_code == 200
    assert _api(path).call("new_session", {}, token=token).status_code == 401


def test_the_concurrency_limit_counts_sessions_from_before_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    before = _api(path)
    for _ in range(3):
        before.session(key=TRIAL)
    after = _api(path)
    after.error(after.call("new_session", {}, key=TRIAL), "concurrency")
    assert after.client.delete("/__mock__/sessions").json() == {"cleared": 3}
    assert _api(path).session(key=TRIAL)  # the reset is in the file too


def test_the_history_in_the_file_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    mock = MockServer(state_path=path, history_size=3)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        for _ in range(10):
            api.on("stop", api.session("mock-key"), key="mock-key")
    again = Api(MockServer(state_path=path), client)
    again.client = httpx.Client(transport=again.mock.transport(), base_url="http://m")
    assert again.call("list_sessions_v2", key="mock-key").json()["total"] == 3


_KILLED = """
import os, signal, sys, httpx
from heygen_streaming_mock import MockServer
mock = MockServer(api_keys=["alice-key"], state_path=sys.argv[1])
client = httpx.Client(transport=mock.transport(), base_url="http://m")
data = client.post("/v1/streaming.new", json={}, headers={"x-api-key": "alice-key"}).json()
print(data["data"]["session_id"], flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_session_survives_a_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    run = subprocess.run(
        [sys.executable, "-c", _KILLED, str(path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == -9
    assert _api(path).states() == {run.stdout.strip(): "new"}


def test_the_state_file_is_0600_and_holds_no_key_or_token_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    api = _api(path)
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


def test_a_state_file_of_an_earlier_layout_is_started_afresh(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "s.db"
    with sqlite3.connect(path) as db:  # as an earlier version wrote it: keys in clear
        db.execute("CREATE TABLE tokens (token TEXT, owner TEXT, created REAL, session TEXT)")
        db.execute("INSERT INTO tokens VALUES ('t', ?, 0, NULL)", (ALICE,))
    api = _api(path)
    assert api.states() == {}
    assert ALICE.encode() not in path.read_bytes()
