"""The served mock's connection limits: header size and count, read timeouts, lingering close.

These bound what one client can make the server hold (memory, sockets, time), whatever it
sends. They apply to the mock served over a socket (`heygen_streaming_mock.protocol`); the
in-process transports have no connection to hold. The body's own limit is `MockServer.max_body`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

__all__ = ["DEFAULT_LIMITS", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    """What one connection may cost the served mock. Every value must be positive."""

    # The request line and the headers together, bytes; over it: 431, never buffered further.
    max_header_bytes: int = 32 * 1024
    # Header lines of one request; over it: 431.
    max_headers: int = 100
    # Seconds to receive a whole request head, counted from the connection's opening or from the
    # end of the previous answer; past it the connection closes (408 when part of a head came).
    header_timeout: float = 10.0
    # Seconds to receive a whole body once its head is in; past it: 408 and the connection closes.
    body_timeout: float = 30.0
    # After an answer that refuses an upload (413, 431), the rest of the upload is read and
    # dropped, up to these bounds, before closing: a close with unread data sends a TCP reset,
    # which destroys the answer before the client reads it (RFC 9112, section 9.6).
    linger_bytes: int = 64 * 1024 * 1024
    linger_timeout: float = 5.0

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"limit {item.name} must be a positive number, got {value!r}")

    def to_json(self) -> str:
        """For worker processes, which rebuild the limits from the environment."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Limits:
        return cls(**json.loads(text))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(item.name for item in fields(cls))

    def replace(self, **changes: Any) -> Limits:
        """A copy with `changes` (None values ignored, so CLI defaults pass through)."""
        given = {k: v for k, v in changes.items() if v is not None}
        unknown = set(given) - set(self.names())
        if unknown:
            raise ValueError(f"unknown limits {sorted(unknown)}; valid: {', '.join(self.names())}")
        return Limits(**{**asdict(self), **given})


DEFAULT_LIMITS = Limits()
