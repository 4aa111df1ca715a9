"""Reading one response within bounds, without I/O: a byte cap and a per-attempt deadline.

The driver feeds `ResponseReader` the RAW body (`iter_raw()`) and the reader inflates it a bounded
amount at a time: httpx's decoder inflates each 64 KiB read whole (64 GiB for `gzip, gzip`).
`max_response_bytes` bounds the wire and the decoded body (a larger `Content-Length` is refused
up front); the deadline (the read timeout, cut to what is left of the call's `deadline=`) bounds
one attempt, from connecting to the last byte. Every breach raises a typed error naming its
limit (`error.limit`).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import NoReturn

import httpx

from ._deadline import deadline_scope
from .errors import APIResponseValidationError, APITimeoutError

__all__ = [
    "ACCEPT_ENCODING",
    "MAX_RESPONSE_BYTES",
    "ResponseReader",
]

MAX_RESPONSE_BYTES = 1024 * 1024
# The encodings the reader can inflate within bounds; the client must offer only these.
ACCEPT_ENCODING = "gzip, deflate"

_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class _Inflater:
    """One zlib stream, inflated at most `room + 1` bytes at a time."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._raw_deflate_tried = encoding != "deflate"
        self._zlib = zlib.decompressobj(_WBITS[encoding])

    def inflate(self, data: bytes, room: int) -> bytes | None:
        """At most `room + 1` decoded bytes (one more than allowed: too big); None if corrupt."""
        try:
            return self._zlib.decompress(data, room + 1)
        except zlib.error:
            pass
        if self._raw_deflate_tried:
            return None
        # Some servers send raw deflate (no zlib header) as "deflate": retry the first chunk so.
        self._raw_deflate_tried = True
        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return self.inflate(data, room)

    def finish(self, room: int) -> bytes | None:
        """The rest of the stream (None if the stream was cut short)."""
        if not self._zlib.eof:
            return None
        return self._zlib.flush(room + 1)


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
        self._inflater: _Inflater | None = None
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
        t = self._call_timeout

        def cut(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=cut(t.connect), read=cut(t.read), write=cut(t.write), pool=cut(t.pool)
        )

    def armed(self) -> AbstractContextManager[None]:
        """A scope in which every socket operation of the client's own transport stops at this
        attempt's deadline (see `_deadline`). Wrap the whole attempt: send and body."""
        at = None if self.deadline is None else time.monotonic() + max(self.remaining or 0.0, 0.0)
        return deadline_scope(at)

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
        codings = [
            c.strip().lower()
            for c in (headers.get("content-encoding") or "").split(",")
            if c.strip() and c.strip().lower() != "identity"
        ]
        if not codings:
            return
        if len(codings) > 1 or codings[0] not in _WBITS:
            raise APIResponseValidationError(
                status_code,
                f"unsupported Content-Encoding {', '.join(codings)[:40]!r} "
                f"(content-encoding: the client accepts {ACCEPT_ENCODING} only)",
                limit="content-encoding",
            )
        self._inflater = _Inflater(codings[0])

    def feed(self, chunk: bytes) -> None:
        """Take the next raw chunk of the body; raise as soon as a limit is passed."""
        if self.expired:
            raise self.deadline_error(request_sent=True)
        self.wire_bytes += len(chunk)
        if self.wire_bytes > self.max_response_bytes:
            self._too_large(f"more than that on the wire ({self.wire_bytes} bytes received)")
        if self._inflater is None:
            self._keep(chunk)
            return
        decoded = self._inflater.inflate(chunk, self._room())
        if decoded is None:
            self._corrupt("is corrupt")
        self._keep(decoded)

    def finish(self) -> bytes:
        """The whole decoded body, once the transport says it has ended."""
        if self._inflater is not None:
            rest = self._inflater.finish(self._room())
            if rest is None:
                self._corrupt("is cut short")
            self._keep(rest)
        body = b"".join(self._chunks)
        self._chunks = [body]
        return body

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
        encoding = self._inflater.encoding if self._inflater else "identity"
        raise APIResponseValidationError(
            self.status_code,
            f"the {encoding} body {what} (content-encoding)",
            limit="content-encoding",
        )
