"""The in-memory store: sessions are plain objects in a dict, changed in place under its lock."""

from __future__ import annotations

from heygen_streaming_mock.store import MemoryStore, Session

from .test_lifecycle import ALICE


def test_act_keeps_what_its_function_changed_and_files_a_session_it_closed() -> None:
    store = MemoryStore(closed="closed")
    store.create(Session("sid", ALICE, "new", 0.0, None, None), limit=3, now=0.0)

    def close(session: Session | None) -> str:
        assert session is not None
        session.state, session.closed_at, session.close_reason = "closed", 5.0, "stopped"
        return "done"

    assert store.act("sid", 5.0, close) == "done"
    assert [s for s in store.owned(ALICE, 6.0) if s.is_open] == []
    (kept,) = store.all(6.0)
    assert (kept.state, kept.closed_at, kept.close_reason) == ("closed", 5.0, "stopped")
    assert store.owned(ALICE, 6.0) == [kept]


def test_the_concurrency_limit_counts_only_open_sessions() -> None:
    store = MemoryStore(closed="closed")
    assert store.create(Session("a", ALICE, "new", 0.0, 10.0, None, counted=True), limit=1, now=0.0)
    assert not store.create(
        Session("b", ALICE, "new", 5.0, 10.0, None, counted=True), limit=1, now=5.0
    )
    # At 10 s the first has idled out (never started): its slot is free again.
    assert store.create(
        Session("c", ALICE, "new", 10.0, 10.0, None, counted=True), limit=1, now=10.0
    )
    assert [s.close_reason for s in store.all(10.0)] == ["idle-timeout", None]
