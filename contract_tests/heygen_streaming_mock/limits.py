"""The served mock's connection limits: what one client can make the server hold.

Granian (hyper) enforces the head's: `max_header_bytes` is its HTTP/1 read buffer (431 over it,
and past 100 header fields); after `header_timeout` a connection with no complete head is closed
(no 408 there). The body's are the mock's own (asgi.py): `max_body` (413), `body_timeout` (408).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["DEFAULT_LIMITS", "Limits"]

# Bounds of granian's own settings: its read buffer is at least 8 KiB, its header read timeout
# at most 60 s (whole milliseconds).
_MIN_HEADER_BYTES = 8192
_MAX_HEADER_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Limits:
    """What one connection may cost the served mock."""

    # The request line and the headers together, bytes; over it: 431.
    max_header_bytes: int = 32 * 1024
    # Seconds to receive a whole request head (also the idle keep-alive time); then closed.
    header_timeout: float = 10.0
    # Seconds to receive a whole body once its head is in; then 408 and the connection closes.
    body_timeout: float = 30.0

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError(f"limit {item.name} must be a number, got {value!r}")
            if not math.isfinite(value) or value <= 0:
                raise ValueError(f"limit {item.name} must be a positive number, got {value!r}")
        if self.max_header_bytes < _MIN_HEADER_BYTES:
            raise ValueError(f"limit max_header_bytes must be at least {_MIN_HEADER_BYTES}")
        if not 0.001 <= self.header_timeout <= _MAX_HEADER_TIMEOUT:
            limit = _MAX_HEADER_TIMEOUT
            raise ValueError(f"limit header_timeout must be within 0.001..{limit:g} s")

    def replace(self, **changes: Any) -> Limits:
        """A copy with `changes` (None values ignored, so CLI defaults pass through)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULT_LIMITS = Limits()
