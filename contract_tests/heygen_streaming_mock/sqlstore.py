"""The state file (`--state-file`): sessions and tokens in one SQLite file that outlives the mock.

`MockServer(state_path=...)` selects it: a mock restarted on the same file (even after kill -9)
knows the sessions and tokens of the one before. Each call is one short transaction
(`BEGIN IMMEDIATE`). The file is created 0600 and holds no credential in clear:
API keys and tokens are stored as their SHA-256 (hex); a key is read back from its hash through
the keys the mock was given. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .store import Session, expire, token_limit

__all__ = ["SQLiteStore", "digest"]

T = TypeVar("T")
_VERSION = 2  # `PRAGMA user_version`; a file of another version is started afresh
_SCHEMA = """
CREATE TABLE sessions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    owner TEXT NOT NULL,              -- sha256 of the account key
    open INTEGER NOT NULL,
    closed_seq INTEGER,               -- the order sessions closed in (the capped history)
    record TEXT NOT NULL              -- the session as JSON, without its owner
);
CREATE INDEX sessions_open ON sessions (owner, open);
CREATE TABLE tokens (token TEXT PRIMARY KEY, owner TEXT NOT NULL, session TEXT)
"""


def digest(secret: str) -> str:
    """How the state file names a key or a token: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _dump(session: Session) -> str:
    fields = session.to_dict()
    del fields["owner"]
    return json.dumps(fields, separators=(",", ":"))


class SQLiteStore:
    """The `Store` interface over one SQLite file, safe across threads and processes."""

    def __init__(
        self,
        path: str | Path,
        closed: str = "closed",
        history: int = 1000,
        keys: Iterable[str] = (),
    ) -> None:
        self.path = str(path)
        self.closed = closed
        self.history_size = history
        self.token_limit = token_limit(history)
        self._owners = {digest(key): key for key in keys}
        self._local = threading.local()
        # 0600 before SQLite opens it (its -wal and -shm files take the same mode).
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        with self._tx() as db:
            if db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
                for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                    if not table.startswith("sqlite_"):
                        db.execute(f'DROP TABLE "{table}"')
                for statement in _SCHEMA.split(";"):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {_VERSION}")

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA secure_delete=ON")  # what is deleted is overwritten
            self._local.db = db
        return db

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _load(self, owner: str, raw: str) -> Session:
        # A key the mock no longer has stays its hash: it matches no account.
        return Session(owner=self._owners.get(owner, owner), **json.loads(raw))

    # -- tokens --------------------------------------------------------------------------------

    def add_token(self, token: str, owner: str, now: float) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO tokens VALUES (?, ?, NULL)", (digest(token), digest(owner))
            )
            db.execute(  # bounded, like the history: the oldest tokens are forgotten first
                "DELETE FROM tokens WHERE rowid <= (SELECT MAX(rowid) FROM tokens) - ?",
                (self.token_limit,),
            )

    def _token(self, token: str) -> tuple[str, str | None] | None:
        # One statement, so no transaction of its own: it may run inside `act`'s.
        row = (
            self._db()
            .execute("SELECT owner, session FROM tokens WHERE token = ?", (digest(token),))
            .fetchone()
        )
        return None if row is None else (str(row[0]), row[1])

    def token_owner(self, token: str) -> str | None:
        row = self._token(token)
        return None if row is None else self._owners.get(row[0])

    def token_session(self, token: str) -> str | None:
        row = self._token(token)
        return None if row is None else row[1]

    def bind_token(self, token: str, session_id: str) -> bool:
        with self._tx() as db:
            done = db.execute(
                "UPDATE tokens SET session = ? WHERE token = ? AND session IS NULL",
                (session_id, digest(token)),
            )
            return done.rowcount == 1

    # -- sessions ------------------------------------------------------------------------------

    def _save(self, db: sqlite3.Connection, session: Session, was_open: bool) -> None:
        db.execute("UPDATE sessions SET record = ? WHERE id = ?", (_dump(session), session.id))
        if was_open and not session.is_open:
            (last,) = db.execute("SELECT COALESCE(MAX(closed_seq), 0) FROM sessions").fetchone()
            db.execute(
                "UPDATE sessions SET open = 0, closed_seq = ? WHERE id = ?", (last + 1, session.id)
            )
            # The history is capped: the oldest closed sessions are forgotten first.
            db.execute(
                "DELETE FROM sessions WHERE closed_seq <= ?", (last + 1 - self.history_size,)
            )

    def _sweep(self, db: sqlite3.Connection, owner: str, now: float) -> list[Session]:
        """The open sessions of `owner` (a key's digest), once those that timed out are closed."""
        rows = db.execute(
            "SELECT owner, record FROM sessions WHERE owner = ? AND open = 1 ORDER BY seq", (owner,)
        ).fetchall()
        still: list[Session] = []
        for row in rows:
            session = self._load(*row)
            if expire(session, now, self.closed):
                self._save(db, session, True)
            else:
                still.append(session)
        return still

    def create(self, session: Session, limit: int, now: float) -> bool:
        with self._tx() as db:
            if len(self._sweep(db, digest(session.owner), now)) >= limit:
                return False
            db.execute(
                "INSERT INTO sessions (id, owner, open, record) VALUES (?, ?, 1, ?)",
                (session.id, digest(session.owner), _dump(session)),
            )
            return True

    def act(self, session_id: str, now: float, fn: Callable[[Session | None], T]) -> T:
        with self._tx() as db:
            row = db.execute(
                "SELECT owner, record FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return fn(None)
            session = self._load(*row)
            was_open = session.is_open
            expire(session, now, self.closed)
            result = fn(session)
            self._save(db, session, was_open)
            return result

    def open_sessions(self, owner: str, now: float) -> list[Session]:
        with self._tx() as db:
            return self._sweep(db, digest(owner), now)

    def history(self, owner: str, now: float, offset: int, limit: int) -> tuple[int, list[Session]]:
        with self._tx() as db:
            where = (digest(owner),)
            self._sweep(db, where[0], now)
            (total,) = db.execute("SELECT COUNT(*) FROM sessions WHERE owner = ?", where).fetchone()
            rows = db.execute(
                "SELECT owner, record FROM sessions WHERE owner = ? ORDER BY seq DESC"
                " LIMIT ? OFFSET ?",
                (*where, limit, offset),
            ).fetchall()
        return int(total), [self._load(*row) for row in rows]

    def all(self, now: float) -> list[Session]:
        with self._tx() as db:
            owners = db.execute("SELECT DISTINCT owner FROM sessions WHERE open = 1").fetchall()
            for (owner,) in owners:
                self._sweep(db, owner, now)
            rows = db.execute("SELECT owner, record FROM sessions ORDER BY seq").fetchall()
        return [self._load(*row) for row in rows]

    def reset(self) -> int:
        with self._tx() as db:
            (count,) = db.execute("SELECT COUNT(*) FROM sessions").fetchone()
            db.execute("DELETE FROM sessions")
        return int(count)
