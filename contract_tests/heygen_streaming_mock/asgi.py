"""The mock as a raw ASGI application: no framework on the hot path, faults over real sockets.

Connection limits (head size, read timeouts, lingering close) belong to the server: see
`protocol.py`, which `server.py` runs this app under.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import socket
import struct
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from .admin import ADMIN_PREFIX
from .wire import Head, Reply

if TYPE_CHECKING:
    from .core import MockCore

__all__ = ["MockApp", "Receive", "Scope", "Send"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
_TOO_LARGE = object()
_GONE = object()


async def _read(receive: Receive, limit: int, message: MutableMapping[str, Any]) -> bytes | object:
    """The body that `message` (the first received) begins, `_TOO_LARGE` as soon as it passes
    `limit` (never buffered whole), or `_GONE`."""
    if message["type"] != "http.request":
        return _GONE
    body: bytes = message.get("body", b"")
    size = len(body)
    if size > limit:
        return _TOO_LARGE
    if not message.get("more_body"):
        return body
    chunks = [body]
    while message.get("more_body"):
        message = await receive()
        if message["type"] != "http.request":
            return _GONE
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return _TOO_LARGE
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_some(receive: Receive, limit: int) -> bytes:
    """Up to `limit` bytes of the body (for the journal of an early answer); stops there."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)[:limit]


# Early answers whose request body the journal keeps (read before answering): the body is
# what the user debugs a 401 or a wrong path with. 413 must not read it; 415 may be anything.
_KEEP_BODY = frozenset({401, 404, 405})
_JOURNAL_PATH = "/__mock__/requests"


def _accepts(function: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


async def _send(send: Send, reply: Reply, body: bytes | None = None) -> None:
    payload = reply.body if body is None else body
    headers = [*reply.headers, (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _abort(send: Send) -> bool:
    """Drop the connection with an RST when the server exposes its transport (uvicorn does)."""
    # uvicorn's `send` is a bound method of the request cycle, which holds the asyncio transport.
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if not isinstance(transport, asyncio.Transport):
        return False
    sock = transport.get_extra_info("socket")
    if sock is not None:
        # SO_LINGER 0: close() sends RST rather than FIN, which clients see as "connection reset".
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    return True


class MockApp:
    """ASGI 3 callable serving every operation of the spec and the `/__mock__/` endpoints."""

    def __init__(self, server: MockCore) -> None:
        self.server = server
        self.journal = server.journal
        # An addition to the core's interface (`early(head, reply, body=...)`); without it the
        # journal keeps no body for early answers.
        self._early_body = _accepts(server.early, "body")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        server = self.server
        query = scope.get("query_string", b"").decode("latin-1")
        head = Head(scope["method"], scope["path"], scope["headers"], query)
        if head.path.startswith(ADMIN_PREFIX):
            if head.path == _JOURNAL_PATH and head.method == "GET":
                # A journal page takes milliseconds to render: in a thread, the interpreter
                # hands the loop back every switch interval (5 ms), so other requests go on.
                reply = await asyncio.to_thread(server.admin, head)
            else:
                reply = server.admin(head)
            if reply is not None:
                await _send(send, reply)
                return
        reply, profile = server.before_body(head)
        if reply is None and profile is not None:
            message = await receive()
            body = message.get("body", b"")
            # The whole body in one message (the common case) needs no `_read` coroutine.
            if message.get("more_body") or len(body) > server.max_body or not body:
                body = await _read(receive, server.max_body, message)
            if body is _GONE:
                return
            if isinstance(body, bytes):
                reply = server.after_body(head, profile, body)
            else:
                reply = server.early(head, server.too_large(head))
        else:
            reply = reply or Reply.error(500, "no answer")
            if self._early_body and reply.status in _KEEP_BODY and head.get(b"expect") is None:
                body = await _read_some(receive, min(server.max_body, self.journal.max_body) + 1)
                reply = server.early(head, reply, body=body)
            else:
                reply = server.early(head, reply)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.fault is None:
            await _send(send, reply)
        else:
            await self._fault(reply, receive, send)

    async def _fault(self, reply: Reply, receive: Receive, send: Send) -> None:
        fault = reply.fault
        if fault == "malformed":
            await _send(send, reply, reply.body[: max(1, len(reply.body) // 2)])
        elif fault == "empty":
            await _send(send, reply, b"")
        elif fault == "stall":
            # Held until the client gives up, bounded so that no connection is held forever.
            try:
                await asyncio.wait_for(_until_disconnect(receive), self.server.max_stall)
            except TimeoutError:
                await self._reset(receive, send)
        else:
            await self._reset(receive, send)

    async def _reset(self, receive: Receive, send: Send) -> None:
        if _abort(send):
            # Return only once the server has seen the connection go, or it would answer 500.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_until_disconnect(receive), 1.0)
        else:
            await self._cut_short(send)

    async def _cut_short(self, send: Send) -> None:
        # No transport to abort (another server): promise a body and stop half-way instead.
        headers = [(b"content-type", b"application/json"), (b"content-length", b"64")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"{", "more_body": True})
