"""An httpx transport into the mock with no socket, one class for sync and async clients
(like `httpx.MockTransport(handler)`): `Client(transport=t)` and `AsyncClient(transport=t)`.

Faults keep their meaning: `reset` raises `httpx.RemoteProtocolError` as a dropped connection
does; `stall` waits for the request's read timeout (at most `max_stall`) then raises
`httpx.ReadTimeout`; `malformed` and `empty` return the damaged 200.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable, Iterable
from typing import TYPE_CHECKING, Any

import httpx

from .wire import Head, Reply

if TYPE_CHECKING:
    from .core import MockCore

__all__ = ["AsyncMockTransport", "MockTransport"]


class _Body:
    """Chunks of a request body, up to a limit: an oversized body is never buffered whole."""

    __slots__ = ("chunks", "limit", "size")

    def __init__(self, limit: int) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.limit = limit

    def add(self, chunk: bytes) -> bool:
        """Keep `chunk`; False once past the limit (stop reading)."""
        self.size += len(chunk)
        if self.size > self.limit:
            return False
        self.chunks.append(chunk)
        return True

    def value(self) -> bytes | None:
        return None if self.size > self.limit else b"".join(self.chunks)


def _head(request: httpx.Request) -> Head:
    headers = [(k.lower(), v) for k, v in request.headers.raw]
    return Head(request.method, request.url.path, headers, request.url.query.decode("latin-1"))


def _stall_seconds(server: MockCore, request: httpx.Request) -> float:
    timeout = request.extensions.get("timeout", {}).get("read")
    return server.max_stall if timeout is None else min(float(timeout), server.max_stall)


def _response(reply: Reply, request: httpx.Request) -> httpx.Response:
    """The httpx response of `reply`, or the exception its fault stands for."""
    body = reply.body
    if reply.fault == "reset":
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response (Prefer: fault=reset)",
            request=request,
        )
    if reply.fault == "stall":
        raise httpx.ReadTimeout("the mock stalled (Prefer: fault=stall)", request=request)
    if reply.fault == "malformed":
        body = body[: max(1, len(body) // 2)]
    elif reply.fault == "empty":
        body = b""
    headers = [*reply.headers, (b"content-length", str(len(body)).encode())]
    return httpx.Response(reply.status, headers=headers, content=body, request=request)


class MockTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """`StreamingClient(..., transport=MockTransport(server))`, or the async client, alike."""

    def __init__(self, server: MockCore) -> None:
        self.server = server

    def _start(self, request: httpx.Request) -> tuple[Head, Reply | None, Reply | None, Any]:
        """(head, an admin answer, an answer given before the body, who is calling)."""
        server = self.server
        head = _head(request)
        admin = server.admin(head)
        if admin is not None:
            return head, admin, None, None
        early, who = server.before_body(head)
        if early is None and who is None:
            early = Reply.error(500, "no answer")
        return head, None, early, who

    def _finish(self, head: Head, body: _Body, early: Reply | None, who: Any) -> Reply:
        server = self.server
        raw = body.value()
        if early is not None:
            # An early answer journals what was sent too, as far as the limit.
            return server.early(head, early, b"".join(body.chunks))
        if raw is None:
            return server.early(head, server.too_large(head))
        return server.after_body(head, who, raw)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        head, admin, early, who = self._start(request)
        if admin is not None:
            return _response(admin, request)
        body = _Body(self.server.max_body)
        assert isinstance(request.stream, Iterable)
        for chunk in request.stream:
            if not body.add(chunk):
                break
        reply = self._finish(head, body, early, who)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.fault == "stall":
            time.sleep(_stall_seconds(self.server, request))
        return _response(reply, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        head, admin, early, who = self._start(request)
        if admin is not None:
            return _response(admin, request)
        body = _Body(self.server.max_body)
        assert isinstance(request.stream, AsyncIterable)
        async for chunk in request.stream:
            if not body.add(chunk):
                break
        reply = self._finish(head, body, early, who)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.fault == "stall":
            await asyncio.sleep(_stall_seconds(self.server, request))
        return _response(reply, request)


# One class serves both kinds of client; the old name stays for existing callers.
AsyncMockTransport = MockTransport
