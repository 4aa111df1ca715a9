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
from typing import TYPE_CHECKING

import httpx

from . import pipeline
from .wire import Head, Reply

if TYPE_CHECKING:
    from .core import MockCore

__all__ = ["MockTransport"]


def _head(request: httpx.Request) -> Head:
    headers = [(k.lower(), v) for k, v in request.headers.raw]
    return Head(request.method, request.url.path, headers, request.url.query.decode("latin-1"))


def _wait(server: MockCore, request: httpx.Request, reply: Reply) -> float:
    """Seconds before answering: the reply's delay, and a stall until the read timeout."""
    if reply.fault != "stall":
        return reply.delay
    timeout = request.extensions.get("timeout", {}).get("read")
    stall = server.max_stall if timeout is None else min(float(timeout), server.max_stall)
    return reply.delay + stall


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

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        head = _head(request)
        early, who = pipeline.before_body(self.server, head)
        chunks: list[bytes] = []
        size, limit = 0, pipeline.body_limit(self.server, head, early)
        assert isinstance(request.stream, Iterable)
        for chunk in request.stream if limit else ():
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                break  # an oversized body is never buffered whole
        reply = pipeline.after_body(self.server, head, early, who, b"".join(chunks), size <= limit)
        wait = _wait(self.server, request, reply)
        if wait:  # even sleep(0) is a system call: ~80 us a request
            time.sleep(wait)
        return _response(reply, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        head = _head(request)
        early, who = pipeline.before_body(self.server, head)
        chunks: list[bytes] = []
        size, limit = 0, pipeline.body_limit(self.server, head, early)
        assert isinstance(request.stream, AsyncIterable)
        if limit:
            async for chunk in request.stream:
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
        reply = pipeline.after_body(self.server, head, early, who, b"".join(chunks), size <= limit)
        wait = _wait(self.server, request, reply)
        if wait:
            await asyncio.sleep(wait)
        return _response(reply, request)
