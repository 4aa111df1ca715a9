"""Sessions with state (issue 10 §1), over real HTTP and in-process: every answer checked
against the spec, every number and code read from its x-session-lifecycle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.server import running

from .conftest import answer_errors

ALICE = "alice-key"
BOB = "bob-key"
TRIAL = "trial-key"
SHORT = "short-key"  # a 60 s session_duration_limit
KEYS = [ALICE, BOB, f"{TRIAL}:600:free", f"{SHORT}:60:paid"]
SESSION_CALLS = ("task", "interrupt", "keep_alive", "start_listening", "stop_listening")


class Api:
    """Calls by operationId; each answer is checked against the spec before it is returned."""

    def __init__(self, mock: MockServer, client: httpx.Client) -> None:
        self.mock = mock
        self.client = client
        self.rules = mock.rules

    def call(
        self,
        operation_id: str,
        body: dict[str, Any] | None = None,
        *,
        key: str | None = ALICE,
        token: str | None = None,
        query: dict[str, Any] | None = None,
    ) -> httpx.Response:
        op = self.mock.model.operation(operation_id)
        headers = {"authorization": f"Bearer {token}"} if token else {"x-api-key": key or ""}
        response = self.client.request(
            op.method,
            op.path,
            json=body if op.method != "GET" else None,
            params=query,
            headers=headers,
        )
        errors = answer_errors(self.mock, op.method, op.path, response.status_code, response.json())
        assert errors == [], f"{operation_id} answered {response.status_code}: {errors}"
        return response

    def session(self, key: str = ALICE, **fields: Any) -> str:
        response = self.call("new_session", {"quality": "low", **fields}, key=key)
        assert response.status_code == 200, response.text
        return str(response.json()["data"]["session_id"])

    def started(self, key: str = ALICE, **fields: Any) -> str:
        sid = self.session(key, **fields)
        assert self.call("start", {"session_id": sid}, key=key).status_code == 200
        return sid

    def on(self, operation_id: str, sid: str, key: str = ALICE, **fields: Any) -> httpx.Response:
        return self.call(operation_id, {"session_id": sid, **fields}, key=key)

    def states(self, key: str = ALICE) -> dict[str, str]:
        listed = self.call("list_sessions", key=key).json()["sessions"]
        return {s["session_id"]: s["status"] for s in listed}

    def error(self, response: httpx.Response, name: str) -> str:
        rule = self.rules.error(name)
        body = response.json()
        assert (response.status_code, body["code"]) == (rule.status, rule.code), body
        return str(body["message"])


@pytest.fixture(params=["in-process", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    mock = MockServer(api_keys=KEYS, seed=3)
    if request.param == "in-process":
        with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
            yield Api(mock, client)
    else:
        with running(mock) as live, httpx.Client(base_url=live.url) as client:
            yield Api(mock, client)


def test_a_new_session_is_new_and_start_connects_it(api: Api) -> None:
    sid = api.session()
    assert api.states()[sid] == api.rules.initial
    assert api.on("start", sid).json() == {"status": "success"}
    assert api.states()[sid] == "connected"


def test_task_before_start_is_refused_with_400006_naming_both_states(api: Api) -> None:
    sid = api.session()
    message = api.error(api.on("task", sid, text="Hello"), "wrong-state")
    assert f"session {sid} is new, task needs connected" in message
    assert message.startswith("Session is not in correct state")


@pytest.mark.parametrize("operation_id", SESSION_CALLS)
def test_every_session_call_needs_a_connected_session(api: Api, operation_id: str) -> None:
    sid = api.session()
    answer = api.on(operation_id, sid, text="Hello")
    assert f"is new, {operation_id} needs connected" in api.error(answer, "wrong-state")
    api.on("start", sid)
    assert api.on(operation_id, sid, text="Hello").status_code == 200


def test_start_twice_is_refused_with_400006(api: Api) -> None:
    sid = api.started()
    assert "is connected, start needs new" in api.error(api.on("start", sid), "wrong-state")


def test_stop_closes_and_every_later_call_gets_400006_naming_closed(api: Api) -> None:
    sid = api.started()
    assert api.on("stop", sid).json() == {"status": "success"}
    assert sid not in api.states()
    for operation_id in (*SESSION_CALLS, "start"):
        message = api.error(api.on(operation_id, sid, text="Hi"), "wrong-state")
        assert f"is {api.rules.closed}, {operation_id} needs" in message


def test_stop_is_safe_to_repeat(api: Api) -> None:
    sid = api.session()
    assert api.on("stop", sid).status_code == 200
    assert api.on("stop", sid).json() == {"status": "success"}


@pytest.mark.parametrize("operation_id", ["start", *SESSION_CALLS, "stop"])
def test_an_unknown_session_gets_the_documented_unknown_session_answer(
    api: Api, operation_id: str
) -> None:
    answer = api.on(operation_id, "0d9f6c3e-0000-4000-8000-000000000000", text="Hi")
    assert api.error(answer, "unknown-session") == (
        "Session not found: 0d9f6c3e-0000-4000-8000-000000000000"
    )


@pytest.mark.parametrize("operation_id", ["start", *SESSION_CALLS, "stop"])
def test_another_accounts_session_is_answered_exactly_as_an_unknown_one(
    api: Api, operation_id: str
) -> None:
    """Security: no account can see, start, drive or stop another's sessions."""
    theirs = api.started(key=BOB) if operation_id != "start" else api.session(key=BOB)
    made_up = theirs[:-4] + ("0000" if not theirs.endswith("0000") else "1111")
    foreign = api.on(operation_id, theirs, key=ALICE, text="Hi")
    unknown = api.on(operation_id, made_up, key=ALICE, text="Hi")
    assert foreign.status_code == unknown.status_code
    assert foreign.json()["code"] == unknown.json()["code"]
    assert foreign.json()["message"].replace(theirs, made_up) == unknown.json()["message"]
    assert dict(foreign.headers).keys() == dict(unknown.headers).keys()
    api.error(foreign, "unknown-session")
    # ...and nothing happened to it; nor does Alice's list show it.
    expected = "connected" if operation_id != "start" else "new"
    assert api.states(key=BOB)[theirs] == expected
    assert theirs not in api.states(key=ALICE)


def test_task_answers_a_task_id_and_a_duration_growing_with_the_text(api: Api) -> None:
    sid = api.started()
    short = api.on("task", sid, text="Hello there").json()["data"]
    long = api.on("task", sid, text="Hello there " * 10).json()["data"]
    wps = api.rules.talk_words_per_second
    assert short["duration_ms"] == pytest.approx(2 / wps * 1000)
    assert long["duration_ms"] == pytest.approx(20 / wps * 1000)
    assert short["task_id"] != long["task_id"]


def test_start_listening_while_talking_is_refused_until_interrupt(api: Api) -> None:
    sid = api.started()
    api.on("task", sid, text="one two three four five")
    message = api.error(api.on("start_listening", sid), "wrong-state")
    assert "is talking" in message
    assert "start_listening needs it silent" in message
    assert api.on("interrupt", sid).status_code == 200
    assert api.on("start_listening", sid).status_code == 200


def test_talking_ends_by_itself_once_the_text_is_spoken(api: Api) -> None:
    sid = api.started()
    duration = api.on("task", sid, text="one two three four five").json()["data"]["duration_ms"]
    api.mock.clock.advance(duration / 1000 - 0.01)
    assert api.on("start_listening", sid).status_code == 400
    api.mock.clock.advance(0.02)
    assert api.on("start_listening", sid).status_code == 200


def test_the_idle_timeout_closes_a_connected_session_on_clock_advance(api: Api) -> None:
    sid = api.started()
    api.mock.clock.advance(api.rules.spec.idle_timeout.default - 1)
    assert api.states()[sid] == "connected"
    api.mock.clock.advance(1)
    assert sid not in api.states()
    assert "is closed" in api.error(api.on("keep_alive", sid), "wrong-state")


def test_the_idle_timeout_fires_whether_or_not_a_request_arrives(api: Api) -> None:
    sid = api.started(activity_idle_timeout=30)
    started = api.mock.clock.now()
    api.mock.clock.advance(500)  # nobody asks anything meanwhile
    [record] = [s for s in api.client.get("/__mock__/sessions").json()["sessions"]]
    assert (record["id"], record["state"]) == (sid, "closed")
    assert record["close_reason"] == "idle-timeout"
    assert record["closed_at"] == pytest.approx(started + 30)


@pytest.mark.parametrize("activity", ["keep_alive", "task"])
def test_keep_alive_and_task_reset_the_idle_timer(api: Api, activity: str) -> None:
    sid = api.started(activity_idle_timeout=60)
    api.mock.clock.advance(50)
    assert api.on(activity, sid, text="Hi").status_code == 200
    api.mock.clock.advance(50)  # 100 s after start, 50 s after the activity (+ talking)
    assert api.states()[sid] == "connected"
    api.mock.clock.advance(11)
    assert sid not in api.states()


def test_calls_that_are_not_activity_do_not_reset_the_idle_timer(api: Api) -> None:
    sid = api.started(activity_idle_timeout=60)
    api.mock.clock.advance(50)
    api.on("stop_listening", sid)
    api.mock.clock.advance(10)
    assert sid not in api.states()


def test_disable_idle_timeout_turns_the_idle_timeout_off(api: Api) -> None:
    sid = api.started(disable_idle_timeout=True)
    api.mock.clock.advance(590)
    assert api.states()[sid] == "connected"


def test_the_duration_limit_closes_the_session_after_it_started(api: Api) -> None:
    sid = api.session(key=SHORT, disable_idle_timeout=True)
    api.mock.clock.advance(100)  # a session that never started does not run out
    assert api.states(key=SHORT)[sid] == "new"
    api.on("start", sid, key=SHORT)
    api.mock.clock.advance(59)
    assert api.on("keep_alive", sid, key=SHORT).status_code == 200
    api.mock.clock.advance(1)
    assert "is closed" in api.error(api.on("keep_alive", sid, key=SHORT), "wrong-state")
    [record] = api.client.get("/__mock__/sessions").json()["sessions"]
    assert record["close_reason"] == "duration-limit"


def test_a_trial_key_holds_at_most_3_open_sessions(api: Api) -> None:
    limit = api.rules.concurrency["trial"]
    ids = [api.session(key=TRIAL) for _ in range(limit)]
    over = api.call("new_session", {"quality": "low"}, key=TRIAL)
    message = api.error(over, "concurrency")
    assert f"trial key already has {limit} open sessions" in message
    assert over.headers["retry-after"] == "1"  # documented on the 429
    assert api.session(key=ALICE)  # other accounts are not affected
    api.on("stop", ids[0], key=TRIAL)
    assert api.session(key=TRIAL)


def test_a_session_closed_by_its_idle_timeout_frees_its_slot(api: Api) -> None:
    ids = [api.session(key=TRIAL) for _ in range(3)]
    api.on("start", ids[0], key=TRIAL)
    assert api.call("new_session", {}, key=TRIAL).status_code == 429
    api.mock.clock.advance(api.rules.spec.idle_timeout.default)
    assert api.call("new_session", {}, key=TRIAL).status_code == 200


def test_sessions_never_started_idle_out_and_free_their_slots(api: Api) -> None:
    for _ in range(3):
        api.session(key=TRIAL)
    assert api.call("new_session", {}, key=TRIAL).status_code == 429
    api.mock.clock.advance(api.rules.spec.idle_timeout.default - 1)
    assert api.call("new_session", {}, key=TRIAL).status_code == 429  # not yet
    api.mock.clock.advance(1)
    assert api.call("new_session", {}, key=TRIAL).status_code == 200
    closed = [s for s in api.client.get("/__mock__/sessions").json()["sessions"] if s["closed_at"]]
    assert [s["close_reason"] for s in closed] == ["idle-timeout"] * 3


def test_the_concurrency_of_a_key_is_configurable() -> None:
    mock = MockServer(api_keys=["k:600:paid:2"])
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        api.session("k")
        api.session("k")
        api.error(api.call("new_session", {}, key="k"), "concurrency")


def test_the_v1_list_shows_the_accounts_open_sessions_and_their_states(api: Api) -> None:
    new, connected, stopped = api.session(), api.started(), api.started()
    api.on("stop", stopped)
    api.session(key=BOB)
    assert api.states() == {new: "new", connected: "connected"}


def test_the_v2_list_pages_through_the_history_with_closed_sessions(api: Api) -> None:
    ids = [api.session(avatar_id=f"avatar-{i}") for i in range(5)]
    api.on("stop", ids[0])
    first = api.call("list_sessions_v2", query={"page_size": 2}).json()
    assert (first["total"], first["page"], first["page_size"]) == (5, 1, 2)
    assert [s["session_id"] for s in first["data"]] == [ids[4], ids[3]]
    assert first["data"][0]["avatar_id"] == "avatar-4"
    assert first["data"][0]["api_key_type"] == "paid"
    token = first["next_pagination_token"]
    second = api.call("list_sessions_v2", query={"pagination_token": token, "page_size": 2}).json()
    assert [s["session_id"] for s in second["data"]] == [ids[2], ids[1]]
    last = api.call("list_sessions_v2", query={"page": 3, "page_size": 2}).json()
    assert [(s["session_id"], s["status"]) for s in last["data"]] == [(ids[0], "closed")]
    assert last["next_pagination_token"] is None
    assert api.call("list_sessions_v2", key=BOB).json()["total"] == 0


def test_the_v2_list_refuses_a_bad_page_size_naming_the_parameter(api: Api) -> None:
    answer = api.call("list_sessions_v2", query={"page_size": 1000})
    assert answer.status_code == 400
    assert answer.json()["message"] == "page_size: 1000 is greater than the maximum of 100"


def test_the_history_is_capped_like_the_journal() -> None:
    mock = MockServer(history_size=5)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        for _ in range(20):
            api.on("stop", api.session("mock-key"), key="mock-key")
        history = api.call("list_sessions_v2", key="mock-key", query={"page_size": 100}).json()
    assert history["total"] == 5


def test_avatar_name_is_honoured_as_avatar_id(api: Api) -> None:
    api.session(avatar_name="Wayne_20240711")
    [item] = api.call("list_sessions_v2").json()["data"]
    assert item["avatar_id"] == "Wayne_20240711"


def spec_message(response: httpx.Response, code: int | None = None) -> str:
    """The error message, once the body is checked against the spec's ErrorResponse (and `code`)."""
    from heygen_streaming.spec_model import packaged_model

    body = response.json()
    schema = packaged_model().document["components"]["schemas"]["ErrorResponse"]
    assert packaged_model().validator(schema).errors(body) == []
    if code is not None:
        assert body["code"] == code, body
    return str(body["message"])
