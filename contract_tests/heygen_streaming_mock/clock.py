"""Time the tests control: the mock's clock, real or manual, moved forward by `advance()`.

Every timeout of the mock (idle, duration limit, talking) is read from this clock and nothing else,
so a test moves it forward instead of sleeping. A real clock can be advanced too (an offset on top
of wall time); a manual one stands still between calls to `advance()`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["CLOCK_MODES", "Clock"]

CLOCK_MODES = ("real", "manual")


class Clock:
    """`now()` in Unix seconds; `advance(seconds)` moves it forward (never back).

    `shared` is a pair (read, add) of the offset kept elsewhere (the SQLite store, which adds
    atomically), so that every worker of one served mock sees the same time.
    """

    def __init__(
        self,
        mode: str = "manual",
        *,
        start: float | None = None,
        shared: tuple[Callable[[], float], Callable[[float], None]] | None = None,
    ) -> None:
        if mode not in CLOCK_MODES:
            raise ValueError(f"clock must be one of {', '.join(CLOCK_MODES)}, got {mode!r}")
        self.mode = mode
        # A manual clock starts at a round instant, so timestamps in answers are readable.
        self.start = float(int(time.time()) if start is None else start)
        self._offset = 0.0
        self._shared = shared
        self._lock = threading.Lock()

    @property
    def offset(self) -> float:
        """Seconds added by `advance()` since the start."""
        return self._shared[0]() if self._shared is not None else self._offset

    def now(self) -> float:
        base = time.time() if self.mode == "real" else self.start
        # `offset`, inlined: this runs on every request.
        return base + (self._offset if self._shared is None else self._shared[0]())

    def advance(self, seconds: float) -> float:
        """Move the clock `seconds` forward; the new `now()`. Timeouts due by then have fired."""
        if not seconds >= 0 or seconds == float("inf"):
            raise ValueError(f"advance takes a finite number of seconds >= 0, got {seconds!r}")
        with self._lock:
            if self._shared is not None:
                self._shared[1](seconds)
            else:
                self._offset += seconds
        return self.now()

    def to_json(self) -> dict[str, float | str]:
        """What `GET /__mock__/clock` answers."""
        return {"mode": self.mode, "now": self.now(), "offset": self.offset}

    def __repr__(self) -> str:
        return f"Clock(mode={self.mode!r}, now={self.now():.3f})"
