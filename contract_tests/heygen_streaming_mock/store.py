"""Where sessions and tokens live: the session, its timeouts, and the in-memory store.

A timeout needs no timer: every observer reads a session through `expire()`, which closes it at
the instant its idle window or duration limit ran out (by the mock's clock), so all of them see
the same state at the same clock time. Memory stays bounded: open sessions by each account's
concurrency, closed ones by `history`, tokens by `token_limit(history)` (oldest forgotten first).
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["IDLE", "LIMIT", "STOPPED", "MemoryStore", "Session", "digest", "expire", "token_limit"]

T = TypeVar("T")

# Why a session closed (`/__mock__/sessions`).
STOPPED = "stopped"
IDLE = "idle-timeout"
LIMIT = "duration-limit"


@dataclass
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
    counted: bool = False  # passed through the `limited` operation: counts against the limit
    # The fields of the request that created it, and of the one that closed it, a list shows.
    facts: dict[str, Any] = field(default_factory=dict)
    closed_by: dict[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def digest(secret: str) -> str:
    """How a store keys a token (and the state file names a key): its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def token_limit(history: int) -> int:
    """How many tokens a store remembers (the oldest are forgotten first): memory stays bounded."""
    return max(10 * history, 1000)


def expire(session: Session, now: float, closed: str) -> bool:
    """Close `session` if a timeout ran out by `now` (at the instant it ran out); True if it did.
    The idle window runs from creation in every open state, the duration limit from the start."""
    if session.closed_at is not None:
        return False
    due: list[tuple[float, str]] = []
    if session.idle_timeout is not None:
        quiet_since = max(session.created_at, session.last_activity, session.talking_until)
        due.append((quiet_since + session.idle_timeout, IDLE))
    if session.duration_limit is not None and session.started_at is not None:
        due.append((session.started_at + session.duration_limit, LIMIT))
    if not due or now < min(due)[0]:
        return False
    when, why = min(due)
    session.state = closed
    session.closed_at = when
    session.close_reason = why
    session.talking_until = min(session.talking_until, when)
    return True


class MemoryStore:
    """Sessions and tokens in dicts, oldest first; the `_saved`/`_forgotten` hooks, called under
    the lock after each change, are for `SQLiteStore`."""

    def __init__(self, closed: str = "closed", history: int = 1000) -> None:
        self.closed = closed
        self.history_size = history
        self.token_limit = token_limit(history)
        self._lock = threading.RLock()  # re-entered: a guard counts sessions inside `act`
        self._sessions: dict[str, Session] = {}
        self._open: dict[str, dict[str, None]] = {}  # owner -> ids of open sessions, oldest first
        self._closed: OrderedDict[str, None] = OrderedDict()  # closed ids, oldest first
        # Tokens by their digest, oldest first: (owner, the session it opened or None).
        self._tokens: OrderedDict[str, tuple[str, str | None]] = OrderedDict()

    def _saved(self, session: Session) -> None: ...
    def _forgotten(self, session_id: str) -> None: ...
    def _token_saved(self, key: str, owner: str, session_id: str | None) -> None: ...
    def _token_forgotten(self, key: str) -> None: ...

    def add_token(self, token: str, owner: str, now: float, session_id: str | None = None) -> None:
        """Remember `token` of `owner`, bound to `session_id` (None: to the one it opens)."""
        with self._lock:
            key = digest(token)
            self._tokens[key] = (owner, session_id)
            self._token_saved(key, owner, session_id)
            while len(self._tokens) > self.token_limit:
                self._token_forgotten(self._tokens.popitem(last=False)[0])

    def token_owner(self, token: str) -> str | None:
        found = self._tokens.get(digest(token))
        return None if found is None else found[0]

    def token_session(self, token: str) -> str | None:
        """The one session a token opened (None before it opened one)."""
        found = self._tokens.get(digest(token))
        return None if found is None else found[1]

    def bind_token(self, token: str, session_id: str) -> bool:
        """Bind `token` to the session it opens; False if it already opened one."""
        with self._lock:
            key = digest(token)
            owner, bound = self._tokens.get(key, ("", None))
            if bound is not None or not owner:
                return False
            self._tokens[key] = (owner, session_id)
            self._token_saved(key, owner, session_id)
            return True

    def _closing(self, session: Session) -> None:
        """Bookkeeping once `session` is closed (under the lock)."""
        self._open.get(session.owner, {}).pop(session.id, None)
        self._closed[session.id] = None
        while len(self._closed) > self.history_size:
            old, _ = self._closed.popitem(last=False)
            self._sessions.pop(old, None)
            self._forgotten(old)

    def _sweep(self, owner: str, now: float) -> list[Session]:
        """The owner's open sessions, once those whose timeouts ran out by `now` are closed."""
        still = []
        for session_id in list(self._open.get(owner, ())):
            session = self._sessions[session_id]
            if expire(session, now, self.closed):
                self._saved(session)
                self._closing(session)
            else:
                still.append(session)
        return still

    def counted(self, owner: str, now: float) -> int:
        """How many of `owner`'s open sessions count against its concurrency limit."""
        with self._lock:
            return sum(s.counted for s in self._sweep(owner, now))

    def create(self, session: Session, limit: int | None, now: float) -> bool:
        """Add `session` unless its owner already has `limit` open sessions that count."""
        with self._lock:
            mine = self._open.setdefault(session.owner, {})
            # Counted only when full: a create stays O(1) however many sessions are open.
            full = limit is not None and len(mine) >= limit
            if full and self.counted(session.owner, now) >= (limit or 0):
                return False
            self._sessions[session.id] = session
            mine[session.id] = None
            self._saved(session)
            return True

    def act(self, session_id: str, now: float, fn: Callable[[Session | None], T]) -> T:
        """`fn(session)` (None when unknown) under the lock; a session it closes is filed."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return fn(None)
            was_open = session.is_open
            expire(session, now, self.closed)
            result = fn(session)
            self._saved(session)
            if was_open and not session.is_open:
                self._closing(session)
            return result

    def owned(self, owner: str, now: float) -> list[Session]:
        """The owner's sessions, open and closed, oldest first (timeouts applied by `now`)."""
        with self._lock:
            self._sweep(owner, now)
            return [s for s in self._sessions.values() if s.owner == owner]

    def all(self, now: float) -> list[Session]:
        with self._lock:
            for owner in list(self._open):
                self._sweep(owner, now)
            return list(self._sessions.values())

    def reset(self) -> int:
        """Forget every session (tokens stay valid); how many were forgotten."""
        with self._lock:
            count = len(self._sessions)
            for session_id in self._sessions:
                self._forgotten(session_id)
            self._sessions.clear()
            self._open.clear()
            self._closed.clear()
            return count
