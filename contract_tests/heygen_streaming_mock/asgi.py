"""The mock as an ASGI application, with the limits of the body that no server gives us: 413
as soon as a body passes `max_body`, 408 when it is not whole within `body_timeout`, 400 when
the server stops delivering it (broken chunk framing, a client gone); each closes the
connection. The server (server.py) bounds the head.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from . import pipeline
from .admin import ADMIN_PREFIX, refusal
from .limits import DEFAULT_LIMITS
from .wire import Head, Reply

if TYPE_CHECKING:
    from .core import MockCore

__all__ = ["MockApp", "Receive", "Scope", "Send"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
_CLOSE = ((b"connection", b"close"),)
_JOURNAL_PATH = "/__mock__/requests"


class _Refused(Exception):
    """The body could not be read; `reply` is the answer (the connection then closes)."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


async def _read(core: MockCore, receive: Receive, limit: int, timeout: float) -> tuple[bytes, bool]:
    """(the body as far as `limit` + one piece, whether it was whole within `limit`): reading
    stops as soon as the body passes `limit`, so an oversized body is never buffered whole.
    _Refused past `timeout`, or when the server says the request is gone before its end."""
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    why = "body: ended before its framing said (or the client left)"
                    raise _Refused(core.error(400, why, _CLOSE))
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > limit or not message.get("more_body"):
                    return b"".join(chunks), size <= limit
    except TimeoutError:
        why = f"body: not complete within the limit of {timeout:g} s"
        raise _Refused(core.error(408, why, _CLOSE)) from None


async def _send(send: Send, reply: Reply, body: bytes | None = None) -> None:
    payload = reply.body if body is None else body
    headers = [*reply.headers, (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class MockApp:
    """ASGI 3 callable serving every operation of the spec and the `/__mock__/` endpoints."""

    def __init__(
        self,
        server: MockCore,
        *,
        admin_key: str | None = None,
        body_timeout: float = DEFAULT_LIMITS.body_timeout,
    ) -> None:
        self.server = server
        self.admin_key = admin_key
        self.body_timeout = body_timeout
        self._requests: set[asyncio.Task[Any]] = set()
        self._stopping = False

    def cancel_requests(self) -> None:
        """Cancel the requests still being answered. On shutdown: a stalled answer or a slow
        body would otherwise hold the server's stop for as long as their own timeouts."""
        self._stopping = True
        for task in list(self._requests):
            task.cancel()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            task = asyncio.current_task()
            if task is not None:
                self._requests.add(task)
            try:
                await self._http(scope, receive, send)
            except _Refused as refused:
                await _send(send, refused.reply)
            except asyncio.CancelledError:
                if not self._stopping:  # cancelled by the server, not by cancel_requests
                    raise
            finally:
                if task is not None:
                    self._requests.discard(task)
        elif scope["type"] == "lifespan":
            while True:
                message = await receive()
                kind = message["type"].removeprefix("lifespan.")
                await send({"type": f"lifespan.{kind}.complete"})
                if kind == "shutdown":
                    return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        server = self.server
        query = scope.get("query_string", b"").decode("latin-1")
        head = Head(scope["method"], scope["path"], scope["headers"], query)
        if head.path.startswith(ADMIN_PREFIX):
            client = scope.get("client")
            refused = refusal(server, client[0] if client else None, head, self.admin_key)
            if refused is not None:
                await _send(send, refused)
                return
        early, who = pipeline.before_body(server, head)
        limit = pipeline.body_limit(server, head, early)
        body, whole = b"", True
        if limit:
            try:
                body, whole = await _read(server, receive, limit, self.body_timeout)
            except _Refused:
                if early is None:
                    raise
        if head.path == _JOURNAL_PATH and head.method == "GET":
            # A journal page takes milliseconds to render: in a thread, the interpreter
            # hands the loop back every switch interval (5 ms), so other requests go on.
            reply = await asyncio.to_thread(
                pipeline.after_body, server, head, early, who, body, whole
            )
        else:
            reply = pipeline.after_body(server, head, early, who, body, whole)
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
                await self._cut_short(send)
        else:
            await self._cut_short(send)

    async def _cut_short(self, send: Send) -> None:
        # ASGI has no way to reset a connection: promise a body and stop after its first byte,
        # and the server closes the connection mid-answer.
        headers = [(b"content-type", b"application/json"), (b"content-length", b"64")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"{", "more_body": True})
