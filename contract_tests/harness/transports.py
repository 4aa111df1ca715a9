"""How the suite reaches an ASGI app: in-process httpx transports, or served on loopback HTTP."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

__all__ = ["CannedTransport", "RecordingTransport", "served", "sync_transport_for"]


class _SyncASGITransport(httpx.BaseTransport):
    """A sync transport into any ASGI app (httpx's own ASGITransport is async only)."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return self._loop.run_until_complete(send())

    def close(self) -> None:
        self._loop.close()


def sync_transport_for(app: Any) -> httpx.BaseTransport:
    """The mock's own in-process transport when the app has one, else the generic bridge."""
    make = getattr(getattr(app, "server", None), "transport", None)
    transport: httpx.BaseTransport = make() if callable(make) else _SyncASGITransport(app)
    return transport


class RecordingTransport(httpx.BaseTransport):
    """Pass requests through to `inner` and keep every (request body, status, response body)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[Any, int, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        content = response.read()
        sent = json.loads(request.content) if request.content else None
        try:
            answered = json.loads(content)
        except ValueError:
            answered = content.decode("utf-8", "replace")
        self.exchanges.append((sent, response.status_code, answered))
        return httpx.Response(response.status_code, headers=response.headers, content=content)


class CannedTransport(httpx.BaseTransport):
    """Answer every request with one fixed status and JSON body (response-parsing tests)."""

    def __init__(self, status: int, body: Any) -> None:
        self.status, self.body, self.calls = status, body, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(self.status, json=self.body)


@contextmanager
def served(app: Any, *, ready_within: float = 15.0) -> Iterator[str]:
    """Yield `http://127.0.0.1:PORT` while uvicorn serves `app` in a thread; stop it on exit.

    The socket is bound before the server starts (no free-port race), and readiness is
    polled (the server's `started` flag, then a TCP connect), never assumed after a sleep.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Inherited by accepted connections: without it a pre-bound socket meets Nagle's algorithm
    # and delayed ACKs, and every request on loopback waits ~40 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + ready_within
        while not (server.started and _listening(port)):
            if not thread.is_alive():
                raise RuntimeError("the server thread exited before it was ready")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server on port {port} was not ready in {ready_within} s")
            thread.join(timeout=0.005)  # wakes at once if the thread dies; otherwise poll again
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0
