"""The asyncio clients: one driver of the one request loop, a class per generated package."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any, ClassVar, Self

import heygen_streaming_api.api as streaming
import httpx
import liveavatar_api.api as liveavatar

from ._base import FAILURES, BaseClient, TimeoutTypes
from ._endpoint import Endpoint
from ._loop import Reply, Send, request_loop
from ._plan import Call
from ._session import AsyncHandle, handle_class, made_class
from ._suggest import check_methods
from .errors import HeyGenError

__all__ = [
    "AsyncClient",
    "AsyncLiveAvatarClient",
    "AsyncSessionHandle",
    "AsyncStreamingClient",
    "async_client_class",
]


class AsyncClient(BaseClient):
    """An asyncio client of an API: one coroutine method per operation of its spec.

    Configured exactly as the synchronous `Client` (see there: credentials, base URL, timeout,
    retries, limits); `transport` is an `httpx.AsyncBaseTransport` and `sleep` a coroutine
    function (default `asyncio.sleep`).
    """

    _handle: ClassVar[type[AsyncHandle]]
    _http_class = httpx.AsyncClient
    _http: httpx.AsyncClient

    async def _call(
        self,
        endpoint: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: Any,
        *,
        token: str | None = None,
    ) -> Any:
        call = self._prepare(endpoint, request, fields, timeout, token)
        steps = request_loop(call, self._policy)
        reply: Reply = None
        while True:
            try:
                command = steps.send(reply)
            except StopIteration as done:
                return done.value
            if isinstance(command, Send):
                reply = await self._send(call)
            else:
                if self._sleep is None:
                    import asyncio  # here, not at the top: a heavy import for sync users

                    self._sleep = asyncio.sleep
                await self._sleep(command.seconds)
                reply = None

    async def _send(self, call: Call) -> Reply:
        reader = self._reader(call)
        started = time.perf_counter()
        try:
            request, scope = self._request(call, reader)
            with scope:
                response = await self._http.send(request, stream=True)
                try:
                    if self._begin(response, reader):
                        async for chunk in response.aiter_raw():
                            reader.feed(chunk)
                finally:
                    await response.aclose()
        except FAILURES as exc:
            return self._failed(exc, reader, call)
        return self._received(response, reader, started)

    @asynccontextmanager
    async def _session(
        self,
        creates: Endpoint,
        start: Endpoint | None,
        closes: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: TimeoutTypes | None,
    ) -> AsyncIterator[Any]:  # an `AsyncHandle` with the `AsyncSessionMethods` of its API
        try:
            created = await self._call(creates, request, fields, timeout)
        except HeyGenError as exc:  # a session the answer names but the client cannot use
            if exc.session_id is not None:
                await self._handle(self, creates, None, closes, exc.session_id)._close(exc)
            raise
        handle = self._handle(self, creates, created, closes)
        try:
            if start is not None:
                await handle._bound(start, {}, timeout)
            yield handle
        except BaseException as exc:  # KeyboardInterrupt, cancellation: billed until stopped
            await handle._close(exc)
            raise
        await handle._close(None)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        await self._http.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class AsyncSessionHandle(AsyncHandle, streaming.AsyncSessionMethods):
    """An open session of an `AsyncStreamingClient`; its methods send this session's id."""


class AsyncStreamingClient(AsyncClient, streaming.AsyncOperations):
    """An asyncio client of HeyGen's Streaming API (`HEYGEN_API_KEY`); see `AsyncClient`."""

    _package = "heygen_streaming_api"
    _handle = AsyncSessionHandle


check_methods(AsyncSessionHandle, streaming.AsyncSessionMethods)
check_methods(AsyncStreamingClient, streaming.AsyncOperations)


class AsyncLiveAvatarClient(AsyncClient, liveavatar.AsyncOperations):
    """An asyncio client of LiveAvatar (`LIVEAVATAR_API_KEY`); see `AsyncClient`."""

    _package = "liveavatar_api"
    _handle = handle_class(AsyncHandle, liveavatar.AsyncSessionMethods)


check_methods(AsyncLiveAvatarClient, liveavatar.AsyncOperations)


@cache
def async_client_class(package: str) -> type[AsyncClient]:
    """The asyncio client class of a generated package (`async_client_class("third_api")`):
    the hand-written one of a packaged API, else one made from the package."""
    known = {c._package: c for c in (AsyncStreamingClient, AsyncLiveAvatarClient)}
    return known.get(package) or made_class(package, AsyncClient, AsyncHandle, "Async")
