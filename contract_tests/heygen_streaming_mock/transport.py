"""httpx transports into the mock with no socket: sync (no event loop) and async.

Faults keep their meaning: `reset` raises `httpx.RemoteProtocolError` as a dropped connection
does; `stall` waits for the request's read timeout (at most `max_stall`) then raises
`httpx.ReadTimeout`; `malformed` and `empty` return the damaged 200.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable, Iterable
from typing import TYPE_CHECKING

import httpx

from .core import Head
from .wire import Reply

if TYPE_CHECKING:
    from .core import MockServer
    from .sessions import KeyProfile

__all__ = ["AsyncMockTransport", "MockTransport"]


def _head(request: httpx.Request) -> Head:
    headers = [(k.lower(), v) for k, v in request.headers.raw]
    return Head(request.method, request.url.path, headers)


def _stall_seconds(server: MockServer, request: httpx.Request) -> float:
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


class MockTransport(httpx.BaseTransport):
    """Sync transport: `StreamingClient(..., transport=server.transport())`."""

    def __init__(self, server: MockServer) -> None:
        self.server = server

    def _body(self, stream: Iterable[bytes]) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        for chunk in stream:
            size += len(chunk)
            if size > self.server.max_body:
                return None  # stop reading: an oversized body is never buffered whole
            chunks.append(chunk)
        return b"".join(chunks)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        server = self.server
        head = _head(request)
        reply = server.admin(head)
        if reply is None:
            reply = self._operation(head, request)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.fault == "stall":
            time.sleep(_stall_seconds(server, request))
        return _response(reply, request)

    def _operation(self, head: Head, request: httpx.Request) -> Reply:
        server = self.server
        early, profile = server.before_body(head)
        if early is not None or profile is None:
            return server.early(head, early or Reply.error(500, "no answer"))
        assert isinstance(request.stream, Iterable)
        body = self._body(request.stream)
        if body is None:
            return server.early(head, server.too_large())
        return server.after_body(head, profile, body)


class AsyncMockTransport(httpx.AsyncBaseTransport):
    """Async transport: `AsyncStreamingClient(..., transport=server.async_transport())`."""

    def __init__(self, server: MockServer) -> None:
        self.server = server

    async def _body(self, stream: AsyncIterable[bytes]) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        async for chunk in stream:
            size += len(chunk)
            if size > self.server.max_body:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        server = self.server
        head = _head(request)
        reply = server.admin(head)
        if reply is None:
            early, profile = server.before_body(head)
            reply = await self._rest(head, request, early, profile)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.fault == "stall":
            await asyncio.sleep(_stall_seconds(server, request))
        return _response(reply, request)

    async def _rest(
        self, head: Head, request: httpx.Request, early: Reply | None, profile: KeyProfile | None
    ) -> Reply:
        server = self.server
        if early is not None or profile is None:
            return server.early(head, early or Reply.error(500, "no answer"))
        assert isinstance(request.stream, AsyncIterable)
        body = await self._body(request.stream)
        if body is None:
            return server.early(head, server.too_large())
        return server.after_body(head, profile, body)
