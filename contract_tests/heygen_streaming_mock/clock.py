"""Time the tests control: the mock's clock, real or manual, moved forward by `advance()`.

Every timeout of the mock (idle, duration limit, talking) is read from this clock and nothing else,
so a test moves it forward instead of sleeping. A real clock can be advanced too (an offset on top
of wall time); a manual one stands still between calls to `advance()`.
"""

from __future__ import annotations

import threading
import time

__all__ = ["CLOCK_MODES", "Clock"]

CLOCK_MODES = ("real", "manual")


class Clock:
    """`now()` in Unix seconds; `advance(seconds)` moves it forward (never back)."""

    def __init__(self, mode: str = "manual", *, start: float | None = None) -> None:
        if mode not in CLOCK_MODES:
            raise ValueError(f"clock must be one of {', '.join(CLOCK_MODES)}, got {mode!r}")
        self.mode = mode
        # A manual clock starts at a round instant, so timestamps in answers are readable.
        self.start = float(int(time.time()) if start is None else start)
        self.offset = 0.0  # seconds added by `advance()` since the start
        self._lock = threading.Lock()

    def now(self) -> float:
        base = time.time() if self.mode == "real" else self.start
        return base + self.offset

    def advance(self, seconds: float) -> float:
        """Move the clock `seconds` forward; the new `now()`. Timeouts due by then have fired."""
        if not seconds >= 0 or seconds == float("inf"):
            raise ValueError(f"advance takes a finite number of seconds >= 0, got {seconds!r}")
        with self._lock:
            self.offset += seconds
        return self.now()

    def to_json(self) -> dict[str, float | str]:
        """What `GET /__mock__/clock` answers."""
        return {"mode": self.mode, "now": self.now(), "offset": self.offset}
