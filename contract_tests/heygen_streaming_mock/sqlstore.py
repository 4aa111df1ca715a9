"""The state file (`--state-file`): the in-memory store, with every change written to SQLite.

`MockServer(state_path=...)` selects it: a mock restarted on the same file (even after kill -9:
each change is committed at once) reads back the sessions and tokens of the one before. The
file is created 0600 and holds no credential in clear: API keys and tokens are stored as their
SHA-256 (hex); a key is read back from its hash through the keys the mock was given. One process
uses a file at a time. Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .store import MemoryStore, Session, digest

__all__ = ["SQLiteStore"]

_VERSION = 2  # `PRAGMA user_version`; a file of another version is started afresh
_SCHEMA = (
    # The session as JSON, without its owner (the key's digest, in its own column).
    "CREATE TABLE sessions (id TEXT PRIMARY KEY, owner TEXT NOT NULL, record TEXT NOT NULL)",
    "CREATE TABLE tokens (token TEXT PRIMARY KEY, owner TEXT NOT NULL, session TEXT)",
    f"PRAGMA user_version = {_VERSION}",
)


class SQLiteStore(MemoryStore):
    """A `MemoryStore` kept in a SQLite file as well, and read back from it at start."""

    def __init__(self, path: str | Path, closed: str, history: int, keys: Iterable[str]) -> None:
        super().__init__(closed, history)
        self.path = str(path)
        owners = {digest(key): key for key in keys}
        if os.path.exists(self.path) and _earlier_layout(self.path):
            # Another layout (an earlier one held keys in clear): started afresh, not migrated.
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(self.path + suffix)
        # 0600 before SQLite opens it (its -wal and -shm files take the same mode).
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        # One connection, used under the store's lock only.
        self._db = db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA secure_delete = ON")  # what is deleted is overwritten
        if db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
            for statement in _SCHEMA:
                db.execute(statement)
        for owner, raw in db.execute("SELECT owner, record FROM sessions ORDER BY rowid"):
            # A key the mock no longer has stays its hash: it matches no account.
            session = Session(owner=owners.get(owner, owner), **json.loads(raw))
            self._sessions[session.id] = session
            if session.is_open:
                self._open.setdefault(session.owner, {})[session.id] = None
        ended = [s for s in self._sessions.values() if not s.is_open]
        ended.sort(key=lambda s: s.closed_at or 0.0)
        self._closed.update((s.id, None) for s in ended)
        for key, owner, session_id in db.execute("SELECT * FROM tokens ORDER BY rowid"):
            self._tokens[key] = (owners.get(owner, owner), session_id)

    def _saved(self, session: Session) -> None:
        fields = session.to_dict()
        del fields["owner"]
        self._db.execute(
            "INSERT INTO sessions VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET record = excluded.record",
            (session.id, digest(session.owner), json.dumps(fields)),
        )

    def _forgotten(self, session_id: str) -> None:
        self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def _token_saved(self, key: str, owner: str, session_id: str | None) -> None:
        self._db.execute(
            "INSERT INTO tokens VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET session = ?",
            (key, digest(owner), session_id, session_id),
        )

    def _token_forgotten(self, key: str) -> None:
        self._db.execute("DELETE FROM tokens WHERE token = ?", (key,))

    def close(self) -> None:
        self._db.close()


def _earlier_layout(path: str) -> bool:
    """Whether an existing file holds a state of another layout (started afresh, then)."""
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT 1 FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        raise ValueError(f"{path}: not a SQLite state file") from None
    return version != _VERSION and tables is not None
