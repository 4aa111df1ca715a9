"""httpx transports for the client suite: any ASGI app in-process, canned answers, a recorder."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

__all__ = ["CannedTransport", "RecordingTransport", "SyncASGITransport", "sync_transport_for"]


class SyncASGITransport(httpx.BaseTransport):
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
    server = getattr(app, "server", None)
    make = getattr(server, "transport", None)
    if callable(make):
        transport: httpx.BaseTransport = make()
        return transport
    return SyncASGITransport(app)


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

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or {}
        self.calls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(self.status, json=self.body, headers=self.headers)
