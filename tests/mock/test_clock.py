"""Time that tests control (issue 10 §2): `mock.clock`, `/__mock__/clock`, `/__mock__/sessions`."""

from __future__ import annotations

import time

import httpx
import pytest
from heygen_streaming_mock import Clock, MockServer

from .test_lifecycle import ALICE, KEYS, Api
from .test_lifecycle import api as api  # the same fixture: in-process and over HTTP


def test_an_in_process_mock_has_a_manual_clock_that_stands_still() -> None:
    mock = MockServer()
    assert mock.clock.mode == "manual"
    before = mock.clock.now()
    assert mock.clock.now() == before
    assert mock.clock.advance(120) == before + 120


def test_a_seeded_mock_starts_its_clock_at_a_fixed_instant() -> None:
    assert MockServer(seed=1).clock.now() == MockServer(seed=2).clock.now() == 1_735_689_600


def test_a_real_clock_follows_wall_time_and_can_still_be_advanced() -> None:
    clock = Clock("real")
    assert abs(clock.now() - time.time()) < 1
    clock.advance(3600)
    assert clock.now() - time.time() == pytest.approx(3600, abs=1)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_the_clock_never_goes_back(bad: float) -> None:
    with pytest.raises(ValueError, match="advance"):
        Clock().advance(bad)


def test_an_unknown_clock_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="real, manual"):
        MockServer(clock="sundial")


def test_get_clock_answers_the_mocks_time(api: Api) -> None:
    answer = api.client.get("/__mock__/clock")
    assert answer.json() == {"mode": "manual", "now": api.mock.clock.now(), "offset": 0.0}


def test_post_clock_advances_it(api: Api) -> None:
    before = api.mock.clock.now()
    answer = api.client.post("/__mock__/clock", json={"advance": 30.5})
    assert answer.status_code == 200
    assert answer.json()["now"] == before + 30.5
    assert api.mock.clock.now() == before + 30.5


def test_post_clock_closes_an_idle_session(api: Api) -> None:
    sid = api.started()
    api.client.post("/__mock__/clock", json={"advance": api.rules.spec.idle_timeout.default})
    assert sid not in api.states()


@pytest.mark.parametrize("body", [{"advance": -5}, {"advance": "10"}, {"advance": True}, {}, []])
def test_post_clock_refuses_anything_but_seconds_forward(api: Api, body: object) -> None:
    answer = api.client.post("/__mock__/clock", json=body)
    assert answer.status_code == 400
    assert answer.json()["message"] == 'body: expected {"advance": SECONDS} with SECONDS >= 0'


def test_the_clock_answers_only_get_and_post(api: Api) -> None:
    answer = api.client.delete("/__mock__/clock")
    assert (answer.status_code, answer.headers["allow"]) == (405, "GET, POST")


def test_sessions_lists_every_session_with_owner_masked_state_times_and_why_closed(
    api: Api,
) -> None:
    stopped, idle, fresh = api.started(), api.started(activity_idle_timeout=30), api.session()
    api.on("stop", stopped)
    api.mock.clock.advance(40)
    listed = api.client.get("/__mock__/sessions").json()
    assert listed["now"] == api.mock.clock.now()
    by_id = {s["id"]: s for s in listed["sessions"]}
    assert {k: by_id[stopped][k] for k in ("state", "close_reason")} == {
        "state": "closed",
        "close_reason": "stopped",
    }
    assert by_id[idle]["close_reason"] == "idle-timeout"
    assert (by_id[fresh]["state"], by_id[fresh]["closed_at"]) == ("new", None)
    assert {s["owner"] for s in listed["sessions"]} == {"alic***"}
    assert ALICE not in str(listed)
    assert set(by_id[fresh]) >= {"created_at", "started_at", "last_activity", "closed_at"}


def test_delete_sessions_resets_them(api: Api) -> None:
    for _ in range(3):
        api.session(key="trial-key")
    assert api.client.delete("/__mock__/sessions").json() == {"cleared": 3}
    assert api.client.get("/__mock__/sessions").json()["sessions"] == []
    assert api.session(key="trial-key")  # the concurrency slots are free again


def test_admin_requests_are_not_journaled(api: Api) -> None:
    api.client.get("/__mock__/sessions")
    api.client.post("/__mock__/clock", json={"advance": 1})
    assert len(api.mock.journal) == 0


def test_a_mock_built_without_sessions_answers_an_empty_list() -> None:
    mock = MockServer(api_keys=KEYS)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        assert client.get("/__mock__/sessions").json()["sessions"] == []
