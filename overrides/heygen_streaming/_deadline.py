"""The client's own transports: every socket operation stops at the current attempt's deadline.

httpx's read timeout restarts on every socket read, so a server sending one byte every half second
is never cut off. `DeadlineTransport` builds an httpcore pool whose public `network_backend`
argument wraps httpcore's own: each connect, read and write gets `min(its timeout, time left)` of
the deadline `deadline_scope()` sets for the current thread or task. Past it, the phase's timeout
is raised as httpx's (`ReadTimeout`...), so the retry policy still sees which phase failed.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

__all__ = ["DeadlineTransport", "deadline_scope"]

_DEADLINE: ContextVar[float | None] = ContextVar("heygen_streaming_deadline", default=None)
_MESSAGE = "deadline: the per-attempt deadline passed"


@contextmanager
def deadline_scope(deadline_at: float | None) -> Iterator[None]:
    """Clamp every socket operation inside the block to `deadline_at` (`time.monotonic()` time)."""
    token = _DEADLINE.set(deadline_at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None, expired: type[httpcore.TimeoutException]) -> float | None:
    at = _DEADLINE.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise expired(_MESSAGE)
    return left if timeout is None or timeout > left else timeout


class _Stream:
    """A network stream (sync or async alike: the calls are passed through) cut to the deadline."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> Any:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> Any:
        return self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def start_tls(self, context: Any, host: str | None = None, timeout: float | None = None) -> Any:
        tls = self._inner.start_tls(context, host, _left(timeout, httpcore.ConnectTimeout))
        return _connected(tls) if hasattr(tls, "__await__") else _Stream(tls)

    def __getattr__(self, name: str) -> Any:  # close, aclose, get_extra_info
        return getattr(self._inner, name)


class _Backend:
    """A network backend whose connections are `_Stream`s (sync or async alike)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kw: Any) -> Any:
        stream = self._inner.connect_tcp(host, port, _left(timeout, httpcore.ConnectTimeout), **kw)
        return _connected(stream) if hasattr(stream, "__await__") else _Stream(stream)

    def __getattr__(self, name: str) -> Any:  # sleep, connect_unix_socket
        return getattr(self._inner, name)


async def _connected(pending: Any) -> _Stream:
    return _Stream(await pending)


@contextmanager
def _mapped() -> Iterator[None]:
    """httpcore's exceptions as httpx's of the same name (what httpx's own transport does)."""
    try:
        yield
    except (
        httpcore.TimeoutException,
        httpcore.NetworkError,
        httpcore.ProtocolError,
        httpcore.ProxyError,
        httpcore.UnsupportedProtocol,
    ) as exc:
        for cls in type(exc).__mro__:  # the most specific class httpx has a namesake of
            mapped = getattr(httpx, cls.__name__, None)
            if isinstance(mapped, type) and issubclass(mapped, httpx.TransportError):
                raise mapped(str(exc)) from exc
        raise


def _core(request: httpx.Request) -> httpcore.Request:
    url = request.url
    return httpcore.Request(
        request.method,
        httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
        headers=request.headers.raw,
        content=request.stream,
        extensions=request.extensions,
    )


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _mapped():
            yield from self._stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _mapped():
            async for part in self._stream:
                yield part

    def close(self) -> None:
        self._stream.close()

    async def aclose(self) -> None:
        await self._stream.aclose()


class DeadlineTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """httpx's default transport, sync or async, on a pool whose sockets obey the deadline: what
    a client builds when none is given."""

    def __init__(self, *, asynchronous: bool) -> None:
        options: dict[str, Any] = {
            "ssl_context": httpx.create_ssl_context(),
            "max_connections": 100,  # httpx's default limits
            "max_keepalive_connections": 20,
            "keepalive_expiry": 5.0,
        }
        if asynchronous:
            backend: Any = _Backend(httpcore.AnyIOBackend())  # duck-typed, sync or async alike
            self._pool: Any = httpcore.AsyncConnectionPool(network_backend=backend, **options)
        else:
            backend = _Backend(httpcore.SyncBackend())
            self._pool = httpcore.ConnectionPool(network_backend=backend, **options)

    def _response(self, answer: httpcore.Response) -> httpx.Response:
        return httpx.Response(
            answer.status, headers=answer.headers, stream=_Body(answer.stream),
            extensions=answer.extensions,
        )  # fmt: skip

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with _mapped():
            return self._response(self._pool.handle_request(_core(request)))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _mapped():
            return self._response(await self._pool.handle_async_request(_core(request)))

    def close(self) -> None:
        self._pool.close()

    async def aclose(self) -> None:
        await self._pool.aclose()
