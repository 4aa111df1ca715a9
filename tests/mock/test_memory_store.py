"""The in-memory store keeps sessions as records the garbage collector leaves alone.

A served mock under load holds every session it opened (up to each account's concurrency) and
the last closed ones. Were each a tracked object, every full collection would walk all of them;
kept as tuples of atoms, they are untracked at their first collection and never walked again.
"""

from __future__ import annotations

import gc
from dataclasses import fields

import httpx
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.store import MemoryStore, Session, new_record

from .test_lifecycle import ALICE, KEYS, Api

_RECORD = len(fields(Session))  # a record holds every field


def _tracked_holders(session_id: str) -> list[object]:
    """Objects the garbage collector tracks that are, or hold as a record, the session."""
    return [
        o
        for o in gc.get_objects()
        if (isinstance(o, Session) and o.id == session_id)
        or (type(o) is tuple and len(o) == _RECORD and o[0] == session_id)
    ]


def test_sessions_in_every_state_are_untracked_after_a_collection() -> None:
    mock = MockServer(api_keys=KEYS, seed=3)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        api = Api(mock, client)
        new = api.session(avatar_id="Wayne_20240711")  # facts kept for the history list
        talking = api.started()
        assert api.on("task", talking, text="Hello there").status_code == 200  # act writes back
        stopped = api.started()
        assert api.on("stop", stopped).status_code == 200
        api.call("list_sessions_v2", query={"page_size": 10})  # reads every record
    # A tuple is untracked once what it holds is, and a collection may look at a record before
    # its facts and at those before their pairs: three levels, three passes at most.
    for _ in range(3):
        gc.collect()
    for sid in (new, talking, stopped):
        assert _tracked_holders(sid) == [], sid


def test_a_record_holding_a_container_would_stay_tracked() -> None:
    """The check above is not vacuous: facts kept as a dict (a container) keep a record tracked."""
    store = MemoryStore()
    facts = (("api_key_type", "paid"),)
    assert store.create(new_record("sid-1", ALICE, "new", 0.0, 120.0, 600.0, facts), 3, 0.0)
    broken = {"api_key_type": "paid"}
    assert store.create(new_record("sid-2", ALICE, "new", 0.0, 120.0, 600.0, broken), 3, 0.0)  # type: ignore[arg-type]
    for _ in range(3):  # as above
        gc.collect()
    assert _tracked_holders("sid-1") == []
    assert len(_tracked_holders("sid-2")) == 1


def test_act_keeps_what_its_function_changed_and_files_a_session_it_closed() -> None:
    store = MemoryStore(closed="closed")
    store.create(new_record("sid", ALICE, "new", 0.0, None, None, ()), limit=3, now=0.0)

    def close(session: Session | None) -> str:
        assert session is not None
        session.state, session.closed_at, session.close_reason = "closed", 5.0, "stopped"
        return "done"

    assert store.act("sid", 5.0, close) == "done"
    assert store.open_sessions(ALICE, 6.0) == []
    (kept,) = store.all(6.0)
    assert (kept.state, kept.closed_at, kept.close_reason) == ("closed", 5.0, "stopped")
    assert store.history(ALICE, 6.0, 0, 10) == (1, [kept])


def test_a_new_record_is_the_record_of_a_new_session() -> None:
    """`new_record` and `Session.record` lay the fields out alike: act reads one as the other."""
    facts = (("api_key_type", "paid"),)
    made = Session("sid", ALICE, "new", 5.0, 120.0, 600.0, last_activity=5.0, facts=facts)
    assert new_record("sid", ALICE, "new", 5.0, 120.0, 600.0, facts) == made.record()
    assert Session(*made.record()) == made
