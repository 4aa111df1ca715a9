"""The journal's shared store: a SQLite file (WAL) that every worker process of a mock writes.

With `--workers N`, each worker is its own process with its own memory; the journal must still
show every request, whichever worker served it. One table, `journal`, in the state file the
session store uses too (its own connection; WAL lets readers and one writer work at once).
Rows are the journal's raw entries (bounded slices, never whole inputs); the oldest are
deleted as new ones come, so the file stays bounded like the in-memory ring.

Writes are batched: an entry waits in this process's buffer until the end of the event loop's
turn (or 64 entries, or at once with no loop running), then one transaction inserts the batch,
so two workers take the write lock once per batch instead of once per request. A read must still
see every request answered before it: each process counts, in a small file of its own next to
the state file (`marks.py`), the entries it buffered and those it wrote; a reader writes its own
buffer, then waits (bounded) until every other live process has written what it had buffered
when the read began.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import threading
import weakref
from typing import Any, TypeVar

from .marks import Marks
from .sqlite_shared import connect, retry_busy

__all__ = ["SqliteStore"]

T = TypeVar("T")
_BATCH = 64  # entries written at once at most (a bounded buffer)
_INSERT = (
    "INSERT INTO journal (time, method, path, headers, body, body_size, is_json,"
    " status, warnings, fault, headers_size, headers_cut, warnings_cut)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The stores of this process, by file: a reader writes their buffers itself (no waiting).
_LOCAL: weakref.WeakSet[SqliteStore] = weakref.WeakSet()


def _flush_at_exit(ref: weakref.ref[SqliteStore]) -> None:
    store = ref()
    if store is not None:
        store.flush()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL, method TEXT, path TEXT, headers BLOB, body BLOB, body_size INTEGER,
    is_json INTEGER, status INTEGER, warnings TEXT, fault TEXT,
    headers_size INTEGER, headers_cut INTEGER, warnings_cut INTEGER
)
"""
_COLUMNS = (
    "seq, time, method, path, headers, body, body_size, is_json, status, warnings, fault,"
    " headers_size, headers_cut, warnings_cut"
)


def _pack_headers(headers: tuple[tuple[bytes, bytes], ...]) -> bytes:
    # latin-1 maps every byte to one code point and back: lossless.
    return json.dumps([[k.decode("latin-1"), v.decode("latin-1")] for k, v in headers]).encode()


def _unpack_headers(blob: bytes) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(blob))


class SqliteStore:
    """The journal's raw entries in SQLite; the sequence number is the row id."""

    def __init__(self, path: str, maxlen: int) -> None:
        self.maxlen = maxlen
        self.path = path
        # One connection per process, used under `_lock` from any thread (the loop's, and the
        # thread a journal page renders in).
        self._lock = threading.RLock()
        self._db = connect(path, check_same_thread=False)
        retry_busy(lambda: self._db.execute(_SCHEMA))
        # The trim runs inside the insert's own statement: one write lock per batch, which
        # matters when several workers write (each lock taken is a chance to wait for another).
        keep = int(maxlen)  # an int: nothing to inject
        trim = f"DELETE FROM journal WHERE seq <= NEW.seq - {keep}"  # noqa: S608
        retry_busy(
            lambda: self._db.execute(
                f"CREATE TRIGGER IF NOT EXISTS journal_trim_{keep} AFTER INSERT ON journal"
                f" BEGIN {trim}; END"
            )
        )
        self._pending: list[tuple[Any, ...]] = []
        # The loop a flush is scheduled on (None: none is): a loop that ended before running
        # it (asyncio.run over) must not keep entries waiting.
        self._scheduled: asyncio.AbstractEventLoop | None = None
        self.marks = Marks(path)
        _LOCAL.add(self)
        mine = weakref.ref(self)
        atexit.register(_flush_at_exit, mine)  # what is still buffered when the worker stops

    def add(self, raw: tuple[Any, ...]) -> None:
        """Buffer one entry; written at the end of the loop's turn (or now, with no loop)."""
        with self._lock:
            self._pending.append(raw)
            self.marks.buffered(1)
            if len(self._pending) >= _BATCH:
                self.flush()
                return
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.flush()
                return
            if self._scheduled is loop:
                return
            self._scheduled = loop
        loop.call_soon(self.flush)

    def flush(self) -> None:
        """Write the buffered entries: one transaction."""
        with self._lock:
            self._scheduled = None
            if not self._pending:
                return
            rows = [self._row(raw) for raw in self._pending]
            db = self._db

            def write() -> None:
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.executemany(_INSERT, rows)
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")

            retry_busy(write)
            self._pending.clear()
            self.marks.written(len(rows))

    def _sync(self) -> None:
        """Before a read: every entry answered before now is in the file (bounded wait)."""
        for store in list(_LOCAL):
            if store.path == self.path:
                store.flush()
        Marks.wait_for_others(self.path, {store.marks.name for store in list(_LOCAL)})

    @staticmethod
    def _row(raw: tuple[Any, ...]) -> tuple[Any, ...]:
        (when, method, path, headers, kept, size, is_json, status, notes, fault) = raw[:10]
        head_size, heads_cut, notes_cut = raw[10:]
        return (
            when, method, path, _pack_headers(headers), kept, size, int(is_json), status,
            json.dumps(list(notes), ensure_ascii=True), fault, head_size, int(heads_cut),
            int(notes_cut),
        )  # fmt: skip

    @staticmethod
    def _raw(row: tuple[Any, ...]) -> tuple[Any, ...]:
        seq, when, method, path, headers, body, size, is_json, status, notes, fault = row[:11]
        return (
            seq, when, method, path, _unpack_headers(headers), bytes(body), size, bool(is_json),
            status, tuple(json.loads(notes)), fault, row[11], bool(row[12]), bool(row[13]),
        )  # fmt: skip

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        self._sync()
        with self._lock:
            return retry_busy(lambda: self._db.execute(sql, args).fetchall())

    def window(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        rows = self._query(
            f"SELECT {_COLUMNS} FROM journal ORDER BY seq LIMIT ? OFFSET ?",  # noqa: S608 - constant
            (limit, offset),
        )
        return [self._raw(r) for r in rows]

    def last(self) -> tuple[Any, ...] | None:
        rows = self._query(
            f"SELECT {_COLUMNS} FROM journal ORDER BY seq DESC LIMIT 1"  # noqa: S608 - constant
        )
        return self._raw(rows[0]) if rows else None

    def clear(self) -> int:
        self._sync()
        with self._lock:
            return int(retry_busy(lambda: self._db.execute("DELETE FROM journal").rowcount))

    @property
    def total(self) -> int:
        rows = self._query("SELECT seq FROM sqlite_sequence WHERE name = 'journal'")
        return int(rows[0][0]) if rows else 0

    def __len__(self) -> int:
        return int(self._query("SELECT count(*) FROM journal")[0][0])
