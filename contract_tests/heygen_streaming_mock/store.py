"""Where sessions and tokens live: the session record, its timeouts, and the in-memory store.

A timeout needs no timer: a session's state is always read through `expire()`, which closes it at
the instant its idle window or duration limit ran out (by the mock's clock). Every observer (a
call on the session, both lists, the concurrency count, `/__mock__/sessions`) reads through it,
so all of them see the same state at the same clock time, whether or not a request came in.

Memory stays bounded: open sessions are bounded by each account's concurrency limit, closed
ones by `history` (the oldest closed sessions are forgotten first, like the journal's entries),
tokens by `token_limit(history)` (the oldest forgotten first).
`SQLiteStore` (sqlstore.py) has the same interface, shared by the workers of one served mock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Protocol, TypeVar

__all__ = [
    "IDLE",
    "LIMIT",
    "STOPPED",
    "MemoryStore",
    "Session",
    "Store",
    "expire",
    "new_record",
    "token_limit",
]

T = TypeVar("T")

# Why a session closed (`/__mock__/sessions`).
STOPPED = "stopped"
IDLE = "idle-timeout"
LIMIT = "duration-limit"


@dataclass(slots=True)
class Session:
    """One session. Times are the mock's clock (Unix seconds); None = not (yet) happened."""

    id: str
    owner: str
    state: str
    created_at: float
    idle_timeout: float | None  # None: disabled
    duration_limit: float | None
    started_at: float | None = None
    last_activity: float = 0.0
    talking_until: float = 0.0
    closed_at: float | None = None
    close_reason: str | None = None
    # Request fields kept for the history list (avatar, voice...), and the plan of its key, as
    # (name, value) pairs of scalars. Read-only: the sessions made from one body share them.
    facts: tuple[tuple[str, Any], ...] = ()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def talking(self, now: float) -> bool:
        return now < self.talking_until

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict, which deep-copies field by field: this runs per request (SQLite).
        return {name: getattr(self, name) for name in _FIELDS}

    def record(self) -> tuple[Any, ...]:
        """The fields in order, as `Session(*record)` takes them back: a tuple of atoms, which
        the garbage collector stops tracking (see `MemoryStore`)."""
        return (
            self.id, self.owner, self.state, self.created_at, self.idle_timeout,
            self.duration_limit, self.started_at, self.last_activity, self.talking_until,
            self.closed_at, self.close_reason, self.facts,
        )  # fmt: skip

    def snapshot(self) -> tuple[Any, ...]:
        """The fields that change, to tell whether a call changed the session."""
        return (self.state, self.started_at, self.last_activity, self.talking_until, self.closed_at)


_FIELDS = tuple(f.name for f in fields(Session))


def new_record(
    session_id: str,
    owner: str,
    state: str,
    created_at: float,
    idle_timeout: float | None,
    duration_limit: float | None,
    facts: tuple[tuple[str, Any], ...],
) -> tuple[Any, ...]:
    """`Session(...).record()` of a session created at `created_at` and not started yet, without
    the `Session` (a store's `create` takes the record: this runs once per created session)."""
    return (
        session_id, owner, state, created_at, idle_timeout, duration_limit, None, created_at,
        0.0, None, None, facts,
    )  # fmt: skip


def token_limit(history: int) -> int:
    """How many tokens a store remembers (the oldest are forgotten first): memory stays bounded."""
    return max(10 * history, 1000)


def expire(session: Session, now: float, closed: str) -> bool:
    """Close `session` if a timeout ran out by `now` (at the instant it ran out); True if it did."""
    if session.closed_at is not None or session.started_at is None:
        return False
    due: list[tuple[float, str]] = []
    if session.idle_timeout is not None:
        quiet_since = max(session.last_activity, session.talking_until, session.started_at)
        due.append((quiet_since + session.idle_timeout, IDLE))
    if session.duration_limit is not None:
        due.append((session.started_at + session.duration_limit, LIMIT))
    if not due:
        return False
    when, why = min(due)
    if now < when:
        return False
    session.state = closed
    session.closed_at = when
    session.close_reason = why
    session.talking_until = min(session.talking_until, when)
    return True


class Store(Protocol):
    """What the mock needs of a store (memory or SQLite)."""

    closed: str

    def add_token(self, token: str, owner: str, now: float) -> None: ...
    def token_owner(self, token: str) -> str | None: ...
    def token_session(self, token: str) -> str | None: ...
    def bind_token(self, token: str, session_id: str) -> bool: ...
    def create(self, record: tuple[Any, ...], limit: int, now: float) -> bool: ...
    def act(self, session_id: str, now: float, fn: Callable[[Session | None], T]) -> T: ...
    def open_sessions(self, owner: str, now: float) -> list[Session]: ...
    def history(
        self, owner: str, now: float, offset: int, limit: int
    ) -> tuple[int, list[Session]]: ...
    def all(self, now: float) -> list[Session]: ...
    def reset(self) -> int: ...  # forgets the sessions (tokens stay valid)
    def clock_offset(self) -> float: ...
    def add_clock_offset(self, seconds: float) -> None: ...


class MemoryStore:
    """Sessions and tokens in this process (the default: fast, one process).

    A session is kept as its `record()`, not as a `Session`: a tuple of atoms is untracked by
    the garbage collector at its first collection, so the sessions of a long run are never
    scanned again (a full collection would walk every one of them, at a cache miss each).
    Callers get a `Session` made from it; `act` writes back what its function changed.
    """

    def __init__(self, closed: str = "closed", history: int = 1000) -> None:
        self.closed = closed
        self.history_size = history
        self.token_limit = token_limit(history)
        self._lock = threading.Lock()
        self._records: dict[str, tuple[Any, ...]] = {}  # id -> record, oldest first
        self._open: dict[str, dict[str, None]] = {}  # owner -> ids of open sessions, oldest first
        self._closed: OrderedDict[str, None] = OrderedDict()  # closed ids, oldest first
        self._tokens: OrderedDict[str, str] = OrderedDict()  # oldest first
        self._bound: dict[str, str] = {}  # token -> the session it opened
        self._offset = 0.0

    # -- tokens --------------------------------------------------------------------------------

    def add_token(self, token: str, owner: str, now: float) -> None:
        with self._lock:
            self._tokens[token] = owner
            while len(self._tokens) > self.token_limit:  # bounded, like the history
                old, _ = self._tokens.popitem(last=False)
                self._bound.pop(old, None)

    def token_owner(self, token: str) -> str | None:
        return self._tokens.get(token)

    def token_session(self, token: str) -> str | None:
        """The one session a token opened (None before it opened one)."""
        return self._bound.get(token)

    def bind_token(self, token: str, session_id: str) -> bool:
        """Bind `token` to the session it opens; False if it already opened one."""
        with self._lock:
            if token in self._bound:
                return False
            self._bound[token] = session_id
            return True

    # -- sessions ------------------------------------------------------------------------------

    def _closing(self, session: Session) -> None:
        """Bookkeeping once `session` is closed (under the lock; its record already written)."""
        self._open.get(session.owner, {}).pop(session.id, None)
        self._closed[session.id] = None
        while len(self._closed) > self.history_size:
            old, _ = self._closed.popitem(last=False)
            self._records.pop(old, None)

    def _sweep(self, owner: str, now: float) -> list[Session]:
        """The owner's open sessions, once those whose timeouts ran out by `now` are closed."""
        records, still = self._records, []
        for session_id in list(self._open.get(owner, ())):
            session = Session(*records[session_id])
            if expire(session, now, self.closed):
                records[session_id] = session.record()
                self._closing(session)
            else:
                still.append(session)
        return still

    def create(self, record: tuple[Any, ...], limit: int, now: float) -> bool:
        """Add the session of `record` (see `new_record`) unless its owner already has `limit`
        open sessions."""
        key, owner = record[0], record[1]
        lock = self._lock
        lock.acquire()  # rather than `with`: half the cost, on the hot path
        try:
            # get() before creating: setdefault(owner, {}) would build a dict on every call.
            mine = self._open.get(owner)
            if mine is None:
                mine = self._open[owner] = {}
            elif len(mine) >= limit and len(self._sweep(owner, now)) >= limit:
                return False
            mine[key] = None
            self._records[key] = record
            return True
        finally:
            lock.release()

    def act(self, session_id: str, now: float, fn: Callable[[Session | None], T]) -> T:
        """`fn(session)` (None when unknown) under the lock; what it changes is kept, and a
        session it closes is filed."""
        with self._lock:
            record = self._records.get(session_id)
            if record is None:
                return fn(None)
            session = Session(*record)
            was_open = session.is_open
            if expire(session, now, self.closed) and was_open:
                self._records[session_id] = session.record()
                self._closing(session)
                was_open = False
            result = fn(session)
            self._records[session_id] = session.record()
            if was_open and not session.is_open:
                self._closing(session)
            return result

    def open_sessions(self, owner: str, now: float) -> list[Session]:
        with self._lock:
            return self._sweep(owner, now)

    def history(self, owner: str, now: float, offset: int, limit: int) -> tuple[int, list[Session]]:
        """The owner's sessions, open and closed, newest first: (total, one page)."""
        # A scan of every session (all accounts' open ones and the last closed ones) rather
        # than a third index per owner: a list is rare, a create is on the hot path.
        with self._lock:
            self._sweep(owner, now)
            mine = [r for r in self._records.values() if r[1] == owner]  # 1: the owner
        return len(mine), [Session(*r) for r in mine[::-1][offset : offset + limit]]

    def all(self, now: float) -> list[Session]:
        with self._lock:
            for owner in list(self._open):
                self._sweep(owner, now)
            return [Session(*r) for r in self._records.values()]

    def reset(self) -> int:
        with self._lock:
            count = len(self._records)
            self._records.clear()
            self._open.clear()
            self._closed.clear()
            return count

    # -- the manual clock's offset (shared only by the SQLite store) ---------------------------

    def clock_offset(self) -> float:
        return self._offset

    def add_clock_offset(self, seconds: float) -> None:
        self._offset += seconds
