"""One SQLite file shared by the workers of a served mock: opening it, and waiting for its lock.

Both the session store (`sqlstore`) and the shared journal (`journal_store`) live in that file.
They open it the same way (WAL, no durability: it is scratch state for one run of the mock) and
wait for another worker's write lock the same way: in sub-millisecond steps, because SQLite's
own busy handler sleeps 1, 2, 5, 10... ms, which costs more than the write itself.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["connect", "retry_busy"]

T = TypeVar("T")
_GIVE_UP = 30.0  # seconds: a worker holding the lock longer than this is stuck, not busy


def retry_busy(step: Callable[[], T]) -> T:
    """`step()`, again while another process holds the lock (bounded at 30 s)."""
    pause, waited = 0.0001, 0.0
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if ("locked" not in text and "busy" not in text) or waited > _GIVE_UP:
                raise
        time.sleep(pause)
        waited += pause
        pause = min(pause * 1.5, 0.002)


def connect(path: str, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection to the shared file in WAL mode, autocommit, with no busy timeout of its own."""
    db = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=check_same_thread)
    retry_busy(lambda: db.execute("PRAGMA journal_mode=WAL"))
    # Scratch state for one run of the mock: durability buys nothing here.
    retry_busy(lambda: db.execute("PRAGMA synchronous=OFF"))
    return db
