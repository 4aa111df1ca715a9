"""How far each worker's journal buffer has been written: a reader's proof that nothing is missing.

Each process writing a shared journal owns one tiny file next to the state file,
`<state>.marks-<pid>-<n>`, mapped in memory: two counters, the entries it has buffered and the
entries it has written to SQLite. Only the owner writes its file (a memory store per entry: no
lock, no system call). A reader snapshots every other live process's "buffered" count, then waits
until its "written" count reaches it: every request answered before the read began is then in
the journal (the answer is sent after the entry is buffered). The wait is bounded, so a stuck or
killed worker delays a read by at most `WAIT` seconds and never blocks it.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import mmap
import os
import struct
import time
import weakref

__all__ = ["WAIT", "Marks"]

WAIT = 1.0  # seconds a read waits at most for another worker's buffer
_LAYOUT = struct.Struct("<QQ")  # buffered, written
_NUMBERS = itertools.count(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def _read(name: str) -> tuple[int, int] | None:
    try:
        with open(name, "rb") as file:
            data = file.read(_LAYOUT.size)
    except OSError:
        return None
    return _LAYOUT.unpack(data) if len(data) == _LAYOUT.size else None


def _remove(name: str, mapped: mmap.mmap) -> None:
    with contextlib.suppress(OSError, ValueError, BufferError):
        mapped.close()
    with contextlib.suppress(OSError):
        os.remove(name)


class Marks:
    """This process's two counters for the journal in `path` (one object per journal store)."""

    def __init__(self, path: str) -> None:
        self.name = f"{path}.marks-{os.getpid()}-{next(_NUMBERS)}"
        with open(self.name, "wb") as file:
            file.write(bytes(_LAYOUT.size))
        with open(self.name, "r+b") as file:
            self._map = mmap.mmap(file.fileno(), _LAYOUT.size)
        self._buffered = 0
        self._written = 0
        # The file goes with the store (or the process): a reader never waits for it again.
        weakref.finalize(self, _remove, self.name, self._map)

    def buffered(self, count: int) -> None:
        self._buffered += count
        _LAYOUT.pack_into(self._map, 0, self._buffered, self._written)

    def written(self, count: int) -> None:
        self._written += count
        _LAYOUT.pack_into(self._map, 0, self._buffered, self._written)

    @staticmethod
    def wait_for_others(path: str, own: set[str]) -> bool:
        """Wait until every other live process has written what it had buffered; True if so."""
        owner = os.getpid()
        waiting: dict[str, int] = {}
        for name in glob.glob(glob.escape(path) + ".marks-*"):
            if name in own:
                continue
            try:
                pid = int(name.rsplit(".marks-", 1)[1].split("-", 1)[0])
            except ValueError:
                continue
            if pid == owner or not _alive(pid):
                continue  # this process's stores were written by the caller; a dead one never will
            counts = _read(name)
            if counts is not None and counts[1] < counts[0]:
                waiting[name] = counts[0]
        deadline = time.monotonic() + WAIT
        pause = 0.0002
        while waiting:
            for name, target in list(waiting.items()):
                counts = _read(name)
                if counts is None or counts[1] >= target:
                    del waiting[name]
            if not waiting:
                break
            if time.monotonic() > deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.005)
        return True
