"""When a failed request may be sent again, and how long to wait first: chosen per operation.

Most operations are not safe to repeat (`streaming.new` opens a billed session, `streaming.task`
makes the avatar speak): such a request is retried only when it provably created nothing:

- the connection failed before the request was sent: `httpx.ConnectError`, `httpx.ConnectTimeout`,
  and `httpx.PoolTimeout` (no pooled connection became free, so the request never left);
- the server answered 429 (rate limited) or 503 (unavailable): nothing was done.

An operation the spec marks `x-idempotent: true` (stop, keep_alive, the lists) is safe to repeat:
it is also retried after a read timeout, a read/write error, a dropped connection (the deadline
too) or another 5xx. For the others a caller who prefers a duplicate to a missing result opts in
with `retry_on_server_errors=True`, which retries those cases for every operation.

At most `max_retries` retries (default 2). The wait before retry n (0-based) is the response's
`Retry-After` (seconds or an HTTP date) when there is one; a `Retry-After` above the cap (60 s) is
not waited for: the error is raised at once, with `retry_after` set. Otherwise the wait is
exponential backoff with full jitter: uniform(0, min(8, 0.5 * 2**n)) seconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from ._config import MAX_RETRIES

__all__ = ["RetryPolicy", "parse_retry_after", "request_not_sent"]

# Failures that happen before a single byte of the request is written.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_ALWAYS_RETRIED_STATUSES = frozenset({429, 503})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date); None if absent."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def request_not_sent(exc: httpx.TransportError) -> bool:
    """Whether the transport failure provably happened before the request left."""
    return isinstance(exc, _NOT_SENT)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """The retry rules above, with the wait's randomness injectable for tests."""

    max_retries: int = MAX_RETRIES
    retry_on_server_errors: bool = False
    backoff_base: float = 0.5  # seconds: retry n waits uniform(0, min(cap, base * 2**n))
    backoff_cap: float = 8.0
    retry_after_cap: float = 60.0  # a longer Retry-After is not waited for: raised at once
    # None means random.uniform, looked up at call time so tests can pin it.
    jitter: Callable[[float, float], float] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")

    def backoff(self, retry: int) -> float:
        """Full jitter: a uniform wait up to the exponential bound of retry number `retry`."""
        return (self.jitter or random.uniform)(
            0.0, min(self.backoff_cap, self.backoff_base * 2**retry)
        )

    def after_failure(self, sent: bool, retry: int, *, idempotent: bool = False) -> float | None:
        """Seconds to wait before retrying a transport failure, or None to raise it.

        `sent` is False only when the failure provably happened before the request left.
        """
        if retry >= self.max_retries:
            return None
        if not sent or idempotent or self.retry_on_server_errors:
            return self.backoff(retry)
        return None

    def after_status(
        self, status: int, retry_after: float | None, retry: int, *, idempotent: bool = False
    ) -> float | None:
        """Seconds to wait before retrying after an error status, or None to raise it."""
        if retry >= self.max_retries:
            return None
        server_error = 500 <= status <= 599 and (idempotent or self.retry_on_server_errors)
        if status in _ALWAYS_RETRIED_STATUSES or server_error:
            if retry_after is None:
                return self.backoff(retry)
            return retry_after if retry_after <= self.retry_after_cap else None
        return None
