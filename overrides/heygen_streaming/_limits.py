"""Reading one response within bounds, without I/O: a byte cap and a per-attempt deadline.

The driver feeds `ResponseReader` the RAW body (`iter_raw()`) and the reader inflates it a bounded
amount at a time: httpx's decoder inflates each 64 KiB read whole (64 GiB for `gzip, gzip`).
`max_response_bytes` bounds the wire and the decoded body; the deadline (the read timeout, cut to
what is left of the call's `deadline=`) bounds one attempt, from connecting to the last byte.
Every breach raises a typed error naming its limit (`error.limit`).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any, NoReturn

import httpx

from ._deadline import deadline_scope
from .errors import APIResponseValidationError, APITimeoutError

__all__ = ["ACCEPT_ENCODING", "MAX_RESPONSE_BYTES", "ResponseReader"]

MAX_RESPONSE_BYTES = 1024 * 1024
# The encodings the reader can inflate within bounds; the client must offer only these.
ACCEPT_ENCODING = "gzip, deflate"

_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class ResponseReader:
    """The body of one attempt, checked against the limits as it comes (the clock starts when it
    is built)."""

    def __init__(
        self,
        max_response_bytes: int,
        timeout: httpx.Timeout,
        *,
        left: float | None = None,
        of: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_response_bytes = max_response_bytes
        self.deadline = timeout.read
        # `left` seconds remain of the call's deadline (`of` seconds): the attempt stops then.
        self._of = None
        if left is not None and (self.deadline is None or left < self.deadline):
            self.deadline, self._of = max(left, 0.0), of
        self._call_timeout = timeout
        self._clock = clock
        self._deadline_at = None if self.deadline is None else clock() + self.deadline
        self.status_code = 0
        self._encoding = "identity"
        self._wbits = 0
        self._zlib: Any = None  # a zlib decompressor, for a compressed body
        self._chunks: list[bytes] = []
        self.wire_bytes = 0
        self.body_bytes = 0

    @property
    def remaining(self) -> float | None:
        """Seconds left before the deadline (negative once past); None without a deadline."""
        return None if self._deadline_at is None else self._deadline_at - self._clock()

    @property
    def expired(self) -> bool:
        """Whether the deadline has passed (ask when a timeout comes out of the transport)."""
        left = self.remaining
        return left is not None and left <= 0

    @property
    def timeout(self) -> httpx.Timeout:
        """The call's timeout with every phase (pool wait included) cut to the time left."""
        left = self.remaining
        if left is None:
            return self._call_timeout
        left = max(left, 0.001)  # 0 would mean "no timeout" to some backends
        phases = self._call_timeout.as_dict().items()
        return httpx.Timeout(**{k: left if v is None else min(v, left) for k, v in phases})

    def armed(self) -> AbstractContextManager[None]:
        """A scope in which every socket operation of the client's own transport stops at this
        attempt's deadline (see `_deadline`; the reader's clock is `time.monotonic`)."""
        return deadline_scope(self._deadline_at)

    def deadline_error(self, *, request_sent: bool) -> APITimeoutError:
        """The typed error for an attempt stopped by its deadline."""
        what = f"the per-attempt deadline of {self.deadline:g} s"
        if self._of is not None:
            what = f"the call's deadline of {self._of:g} s (deadline=)"
        message = f"deadline: no complete response within {what}"
        if request_sent:
            message += " (the request was sent: the server may have acted on it)"
        return APITimeoutError(message, request_sent=request_sent, limit="deadline")

    def start(self, status_code: int, headers: Mapping[str, str]) -> None:
        """Check the response head: a too-large Content-Length, an encoding we cannot bound."""
        self.status_code = status_code
        length = (headers.get("content-length") or "").strip()
        if length.isdigit() and int(length) > self.max_response_bytes:
            self._too_large(f"Content-Length is {int(length)}")
        codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        if not codings:
            return
        if len(codings) > 1 or codings[0] not in _WBITS:
            raise APIResponseValidationError(
                status_code,
                f"unsupported Content-Encoding {', '.join(codings)[:40]!r} "
                f"(content-encoding: the client accepts {ACCEPT_ENCODING} only)",
                limit="content-encoding",
            )
        self._encoding = codings[0]
        self._wbits = _WBITS[self._encoding]
        self._zlib = zlib.decompressobj(self._wbits)

    def feed(self, chunk: bytes) -> None:
        """Take the next raw chunk of the body; raise as soon as a limit is passed."""
        if self.expired:
            raise self.deadline_error(request_sent=True)
        self.wire_bytes += len(chunk)
        if self.wire_bytes > self.max_response_bytes:
            self._too_large(f"more than that on the wire ({self.wire_bytes} bytes received)")
        if self._zlib is None:
            self._keep(chunk)
            return
        decoded = self._inflate(chunk)
        if decoded is None and self._wbits == zlib.MAX_WBITS:
            # Some servers send raw deflate (no zlib header) as "deflate": this chunk again so.
            self._wbits = -zlib.MAX_WBITS
            self._zlib = zlib.decompressobj(self._wbits)
            decoded = self._inflate(chunk)
        if decoded is None:
            self._corrupt("is corrupt")
        self._keep(decoded)

    def finish(self) -> bytes:
        """The whole decoded body, once the transport says it has ended."""
        if self._zlib is not None:
            if not self._zlib.eof:
                self._corrupt("is cut short")
            self._keep(self._zlib.flush(self._room() + 1))
        body = b"".join(self._chunks)
        self._chunks = [body]
        return body

    def _inflate(self, chunk: bytes) -> bytes | None:
        """At most one byte more than allowed (that says "too big"); None if corrupt."""
        try:
            data: bytes = self._zlib.decompress(chunk, self._room() + 1)
            return data
        except zlib.error:
            return None

    def _room(self) -> int:
        return self.max_response_bytes - self.body_bytes

    def _keep(self, data: bytes) -> None:
        self.body_bytes += len(data)
        if self.body_bytes > self.max_response_bytes:
            self._chunks.clear()  # the memory goes now, not when the error is collected
            self._too_large(
                f"more than that once decompressed (stopped at {self.body_bytes} bytes)"
            )
        if data:
            self._chunks.append(data)

    def _too_large(self, detail: str) -> NoReturn:
        raise APIResponseValidationError(
            self.status_code,
            f"body larger than max_response_bytes={self.max_response_bytes}: {detail}",
            limit="max_response_bytes",
        )

    def _corrupt(self, what: str) -> NoReturn:
        raise APIResponseValidationError(
            self.status_code,
            f"the {self._encoding} body {what} (content-encoding)",
            limit="content-encoding",
        )
