"""uvicorn's httptools protocol with the limits a server facing hostile clients needs.

uvicorn with httptools has no limit on a request head (a 100 MB header is buffered whole, with
quadratic copying) and no timeout before a request's head or body is complete (slowloris holds
a socket forever). This subclass adds, per connection (`Limits`):

- a byte budget for the request line and headers, counted as bytes arrive, so an oversized
  head is refused with 431 after at most one socket read past the limit;
- a header count;
- a deadline for the head (from the connection's opening or the previous answer) and one for
  the body (from the end of its head): 408, then close;
- a lingering close: after an answer that refuses an upload, the rest of the upload is read
  and dropped (bounded) before closing, so the client reads the answer instead of a reset;
- parser errors answered with the spec's error body and logged with their reason.

Every refusal is the spec's error body, `{"code": STATUS, "message": "..."}`.

Each request cycle writes through `cycle.CycleTransport` (lingering close, one send per answer).

Deadlines are not one timer each: a request would then pay for arming and cancelling two timers.
Each connection keeps one deadline (a float) and what to do when it passes; one sweep per server
checks them every `SWEEP` seconds, so a deadline fires at most that late, and acts on a few of
them per turn of the loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from .cycle import CycleTransport
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["LIMITS_ATTRIBUTE", "SWEEP", "MockHttpProtocol"]

# The attribute of uvicorn's Config that carries the Limits (Config is pickled to workers).
LIMITS_ATTRIBUTE = "heygen_mock_limits"
_log = logging.getLogger("uvicorn.error")
# Seconds between two checks of the connections' deadlines.
SWEEP = 0.05
_SWEEPER = "heygen_mock_sweeper"  # attribute of uvicorn's ServerState: the pending sweep


# Deadlines acted on per turn of the loop: a thousand slowloris connections timing out
# together must not hold up the valid requests in between for the whole batch.
_BATCH = 8


def _sweep(state: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Act on every passed deadline (a few per turn of the loop); again in SWEEP s while
    connections remain."""
    now = loop.time()
    due = [
        connection
        for connection in list(state.connections)
        if (deadline := getattr(connection, "deadline", None)) is not None and now >= deadline
    ]
    if due:
        _expire(due, now, loop)
    if state.connections:
        setattr(state, _SWEEPER, loop.call_later(SWEEP, _sweep, state, loop))
    else:
        setattr(state, _SWEEPER, None)


def _expire(due: list[Any], now: float, loop: asyncio.AbstractEventLoop) -> None:
    for connection in due[:_BATCH]:
        deadline = connection.deadline  # it may have moved on since the sweep (or be gone)
        if deadline is not None and now >= deadline:
            connection.expire()
    if len(due) > _BATCH:
        loop.call_soon(_expire, due[_BATCH:], now, loop)


class _Refused(Exception):
    """Raised from a parser callback to stop parsing; the answer is in `_refusal`."""


class MockHttpProtocol(HttpToolsProtocol):
    """HttpToolsProtocol bounded by `Limits` (read from uvicorn's Config, see LIMITS_ATTRIBUTE)."""

    def __init__(
        self,
        config: Any,
        server_state: Any,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits: Limits = getattr(config, LIMITS_ATTRIBUTE, None) or DEFAULT_LIMITS
        self._head_left: int | None = None  # bytes the head may still use; None: not in a head
        self._header_count = 0
        self._refusal: tuple[int, str] | None = None
        # When the current wait ends (loop time), and what happens then; None: no wait.
        self.deadline: float | None = None
        self._on_deadline: Callable[[], None] | None = None
        self._cycle_transport: CycleTransport | None = None
        self._drain_left: int | None = None  # bytes still dropped while lingering
        self.in_body = False  # a head is in, its body is not complete yet
        self._heads = 0  # heads parsed on this connection

    @property
    def draining(self) -> bool:
        return self._drain_left is not None

    # -- connection events --------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._cycle_transport = CycleTransport(transport, self)
        self._head_left = self.limits.max_header_bytes
        self._await_head()
        if getattr(self.server_state, _SWEEPER, None) is None:
            sweep = self.loop.call_later(SWEEP, _sweep, self.server_state, self.loop)
            setattr(self.server_state, _SWEEPER, sweep)

    def connection_lost(self, exc: Exception | None) -> None:
        self._clear_deadline()
        super().connection_lost(exc)
        # The wrapper and this protocol refer to each other: freed now, not by a GC pass.
        if self._cycle_transport is not None:
            self._cycle_transport.protocol_gone()
            self._cycle_transport = None

    def expire(self) -> None:
        """The deadline passed (called by the sweep)."""
        action = self._on_deadline
        self._clear_deadline()
        if action is not None:
            action()

    def _set_deadline(self, seconds: float, action: Callable[[], None]) -> None:
        self.deadline = self.loop.time() + seconds
        self._on_deadline = action

    def _clear_deadline(self) -> None:
        self.deadline = None
        self._on_deadline = None

    def eof_received(self) -> None:
        if self.draining:  # the client has sent all it will: the answer is read, or never will be
            self._close()

    def data_received(self, data: bytes) -> None:
        if self._drain_left is not None:
            self._drain_left -= len(data)
            if self._drain_left <= 0:
                self._close()
            return
        left = self._head_left
        if left is not None and len(data) > left:
            # Past the head's budget: parse only up to it. If the head is still not complete,
            # refuse it; the rest is never parsed, so never buffered.
            self._head_left = 0
            heads = self._heads
            self._feed(data[:left])
            if heads == self._heads and not self.draining and not self.transport.is_closing():
                limit = self.limits.max_header_bytes
                self._refuse(431, f"headers: larger than the limit of {limit} bytes")
            elif not self.draining and not self.transport.is_closing():
                self.data_received(data[left:])
            return
        if left is not None:
            self._head_left = left - len(data)
        self._feed(data)

    def _feed(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
        except httptools.HttpParserError as exc:
            if self._refusal is not None:
                self._refuse(*self._refusal)
                return
            reason = str(exc) or type(exc).__name__
            peer = f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
            _log.warning("Invalid HTTP request received from %s: %s (answered 400)", peer, reason)
            self._refuse(400, f"request: not valid HTTP/1.1 ({reason})")

    # -- parser callbacks ---------------------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.limits.max_headers:
            limit = self.limits.max_headers
            self._refusal = (431, f"headers: more than the limit of {limit} header fields")
            raise _Refused
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._heads += 1
        self._head_left = None
        before = self.cycle
        super().on_headers_complete()
        if self.cycle is not before:
            self.in_body = True
            assert self._cycle_transport is not None
            self.cycle.transport = self._cycle_transport
            self._set_deadline(self.limits.body_timeout, self._body_late)
        else:
            self._clear_deadline()

    def on_message_complete(self) -> None:
        self.in_body = False
        self._clear_deadline()
        # What follows is the next request's head (pipelined or later).
        self._head_left = self.limits.max_header_bytes
        self._header_count = 0
        super().on_message_complete()
        self._await_head()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._await_head()

    # -- limits -------------------------------------------------------------------------------

    def _await_head(self) -> None:
        """Start the head's deadline when the connection waits for a new request and nothing
        else (no body coming, no answer being made, no head already queued)."""
        if (
            self._on_deadline is not None
            or self.in_body
            or self.draining
            or self.pipeline
            or self.transport is None
            or self.transport.is_closing()
            or (self.cycle is not None and not self.cycle.response_complete)
        ):
            return
        self._set_deadline(self.limits.header_timeout, self._head_late)

    def _head_late(self) -> None:
        if self.transport.is_closing():
            return
        if self._head_left is not None and self._head_left < self.limits.max_header_bytes:
            seconds = self.limits.header_timeout
            self._refuse(408, f"headers: not complete within the limit of {seconds:g} s", False)
        else:  # an idle connection: close it, as the keep-alive timeout does
            self._close()

    def _body_late(self) -> None:
        cycle = self.cycle
        if self.transport.is_closing() or cycle is None:
            return
        if cycle.response_started:  # answered already (before reading the body): just close
            self._close()
            return
        cycle.disconnected = True  # the app's receive() now says the client left
        cycle.message_event.set()
        seconds = self.limits.body_timeout
        self._refuse(408, f"body: not complete within the limit of {seconds:g} s", False)

    def _refuse(self, status: int, message: str, linger: bool = True) -> None:
        """Answer `status` with the spec's error body and close (lingering if `linger`)."""
        self._clear_deadline()
        if (
            self.cycle is not None
            and not self.cycle.response_complete
            and not (self.cycle.disconnected)
        ):
            # A pipelined request is being answered: no second answer may interleave with it.
            self.cycle.keep_alive = False
            self._drain_left = self.limits.linger_bytes
            return
        if status != 408:
            _log.info("Refused a request with %d: %s", status, message)
        body = json.dumps({"code": status, "message": message}).encode()
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head.append(
            b"content-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
            % len(body)
        )
        self.transport.write(b"".join(head) + body)
        if linger:
            self.linger()
        else:
            self._close()

    def linger(self) -> None:
        """Shut the write side (the client sees the answer end), then drop what still comes,
        up to `linger_bytes` or `linger_timeout`, before closing."""
        if self.draining or self.transport.is_closing():
            return
        self._drain_left = self.limits.linger_bytes
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.flow.resume_reading()
        self.transport.resume_reading()
        self._set_deadline(self.limits.linger_timeout, self._close)

    def _close(self) -> None:
        self._clear_deadline()
        if not self.transport.is_closing():
            self.transport.close()
