"""The shared store: sessions, tokens and the manual clock in one SQLite file (WAL mode).

`MockServer(state_path=...)` selects it, so that the workers of one served mock (`--workers N`)
are one mock: a session created through one worker is started through another. Each call is one
short transaction (`BEGIN IMMEDIATE` where it writes), so the concurrency check and the state
rules hold across processes. Standard library only.
"""

from __future__ import annotations

import json
import mmap
import os
import sqlite3
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .sqlite_shared import connect, retry_busy
from .store import Session, expire, token_limit

__all__ = ["SQLiteStore"]

T = TypeVar("T")
_OFFSET = struct.Struct("<d")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    owner TEXT NOT NULL,
    open INTEGER NOT NULL,
    closed_seq INTEGER,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_open ON sessions (owner, open);
CREATE INDEX IF NOT EXISTS sessions_closed ON sessions (closed_seq);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, owner TEXT NOT NULL, created REAL, session TEXT
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value REAL NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('clock_offset', 0), ('closed_seq', 0);
"""


def _load(raw: str) -> Session:
    fields = json.loads(raw)
    facts = fields.get("facts") or ()
    # Pairs come back as lists (JSON has no tuples); a file written by an earlier version of
    # the mock holds them as an object.
    pairs = facts.items() if isinstance(facts, dict) else facts
    fields["facts"] = tuple((str(name), value) for name, value in pairs)
    return Session(**fields)


def _dump(session: Session) -> str:
    return json.dumps(session.to_dict(), separators=(",", ":"))


class SQLiteStore:
    """The `Store` interface over one SQLite file, safe across threads and processes."""

    def __init__(self, path: str | Path, closed: str = "closed", history: int = 1000) -> None:
        self.path = str(path)
        self.closed = closed
        self.history_size = history
        self.token_limit = token_limit(history)
        self._local = threading.local()
        retry_busy(lambda: self._db().executescript(_SCHEMA))  # its own transaction
        self._clock = self._map_clock()

    def _map_clock(self) -> mmap.mmap:
        """The clock offset, mirrored in `<state>.clock` (8 bytes, mapped): every request reads
        the clock, and a memory read costs nothing next to a SQLite query. `meta` stays the
        record; the mirror is written in the same transaction as it."""
        fd = os.open(self.path + ".clock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            with self._tx() as db:  # the write lock: one process sizes and fills the mirror
                if os.fstat(fd).st_size < _OFFSET.size:
                    os.ftruncate(fd, _OFFSET.size)
                    (value,) = db.execute(
                        "SELECT value FROM meta WHERE name = 'clock_offset'"
                    ).fetchone()
                    os.pwrite(fd, _OFFSET.pack(float(value)), 0)
            return mmap.mmap(fd, _OFFSET.size)
        finally:
            os.close(fd)

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            # No busy timeout: SQLite's own handler sleeps 1, 2, 5, 10... ms while another
            # worker writes; `_begin` retries in tenths of a millisecond instead.
            db = connect(self.path)
            self._local.db = db
        return db

    def _begin(self, db: sqlite3.Connection, statement: str) -> None:
        retry_busy(lambda: db.execute(statement))

    @contextmanager
    def _tx(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        db = self._db()
        self._begin(db, "BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- tokens --------------------------------------------------------------------------------

    def add_token(self, token: str, owner: str, now: float) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?, NULL)", (token, owner, now))
            db.execute(  # bounded, like the history: the oldest tokens are forgotten first
                "DELETE FROM tokens WHERE rowid <= (SELECT MAX(rowid) FROM tokens) - ?",
                (self.token_limit,),
            )

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        db = self._db()
        return retry_busy(lambda: db.execute(sql, args).fetchone())

    def token_owner(self, token: str) -> str | None:
        row = self._read("SELECT owner FROM tokens WHERE token = ?", (token,))
        return None if row is None else str(row[0])

    def token_session(self, token: str) -> str | None:
        row = self._read("SELECT session FROM tokens WHERE token = ?", (token,))
        return None if row is None or row[0] is None else str(row[0])

    def bind_token(self, token: str, session_id: str) -> bool:
        with self._tx() as db:
            done = db.execute(
                "UPDATE tokens SET session = ? WHERE token = ? AND session IS NULL",
                (session_id, token),
            )
            return done.rowcount == 1

    # -- sessions ------------------------------------------------------------------------------

    def _save(self, db: sqlite3.Connection, session: Session, was_open: bool) -> None:
        if was_open and not session.is_open:
            db.execute("UPDATE meta SET value = value + 1 WHERE name = 'closed_seq'")
            db.execute(
                "UPDATE sessions SET open = 0, record = ?,"
                " closed_seq = (SELECT value FROM meta WHERE name = 'closed_seq') WHERE id = ?",
                (_dump(session), session.id),
            )
            # The history is capped: the oldest closed sessions are forgotten first.
            db.execute(
                "DELETE FROM sessions WHERE closed_seq IS NOT NULL AND closed_seq <="
                " (SELECT value FROM meta WHERE name = 'closed_seq') - ?",
                (self.history_size,),
            )
        else:
            db.execute("UPDATE sessions SET record = ? WHERE id = ?", (_dump(session), session.id))

    def _sweep(self, db: sqlite3.Connection, owner: str, now: float) -> list[Session]:
        rows = db.execute(
            "SELECT record FROM sessions WHERE owner = ? AND open = 1 ORDER BY seq", (owner,)
        ).fetchall()
        still: list[Session] = []
        for (raw,) in rows:
            session = _load(raw)
            if expire(session, now, self.closed):
                self._save(db, session, True)
            else:
                still.append(session)
        return still

    def create(self, record: tuple[Any, ...], limit: int, now: float) -> bool:
        session = Session(*record)
        with self._tx() as db:
            (count,) = db.execute(
                "SELECT COUNT(*) FROM sessions WHERE owner = ? AND open = 1", (session.owner,)
            ).fetchone()
            if count >= limit and len(self._sweep(db, session.owner, now)) >= limit:
                return False
            db.execute(
                "INSERT INTO sessions (id, owner, open, record) VALUES (?, ?, 1, ?)",
                (session.id, session.owner, _dump(session)),
            )
            return True

    def act(self, session_id: str, now: float, fn: Callable[[Session | None], T]) -> T:
        with self._tx() as db:
            row = db.execute("SELECT record FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                return fn(None)
            session = _load(row[0])
            was_open = session.is_open
            before = session.snapshot()
            expire(session, now, self.closed)
            result = fn(session)
            if session.snapshot() != before:
                self._save(db, session, was_open)
            return result

    def open_sessions(self, owner: str, now: float) -> list[Session]:
        with self._tx() as db:
            return self._sweep(db, owner, now)

    def history(self, owner: str, now: float, offset: int, limit: int) -> tuple[int, list[Session]]:
        with self._tx() as db:
            self._sweep(db, owner, now)
            (total,) = db.execute(
                "SELECT COUNT(*) FROM sessions WHERE owner = ?", (owner,)
            ).fetchone()
            rows = db.execute(
                "SELECT record FROM sessions WHERE owner = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
                (owner, limit, offset),
            ).fetchall()
        return int(total), [_load(raw) for (raw,) in rows]

    def all(self, now: float) -> list[Session]:
        with self._tx() as db:
            owners = [
                o for (o,) in db.execute("SELECT DISTINCT owner FROM sessions WHERE open = 1")
            ]
            for owner in owners:
                self._sweep(db, owner, now)
            rows = db.execute("SELECT record FROM sessions ORDER BY seq").fetchall()
        return [_load(raw) for (raw,) in rows]

    def reset(self) -> int:
        with self._tx() as db:
            (count,) = db.execute("SELECT COUNT(*) FROM sessions").fetchone()
            db.execute("DELETE FROM sessions")
        return int(count)

    # -- the manual clock, shared by every worker ----------------------------------------------

    def clock_offset(self) -> float:
        return float(_OFFSET.unpack_from(self._clock)[0])

    def add_clock_offset(self, seconds: float) -> None:
        with self._tx() as db:
            db.execute("UPDATE meta SET value = value + ? WHERE name = 'clock_offset'", (seconds,))
            (value,) = db.execute("SELECT value FROM meta WHERE name = 'clock_offset'").fetchone()
            _OFFSET.pack_into(self._clock, 0, float(value))

    def close(self) -> None:
        db: Any = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
