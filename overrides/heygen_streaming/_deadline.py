"""The per-attempt deadline, enforced on every socket operation while a read blocks.

httpx's timeouts are per operation: httpcore reads `extensions["timeout"]["read"]` once per phase
(response headers, then body) and gives that same value to every socket read of the phase. A server
that sends one byte every half second therefore restarts the read timeout for ever. Shrinking the
per-request timeout cannot fix that, because it is read before the phase starts.

So the deadline lives one layer down. `install_deadline(transport)` wraps the transport's httpcore
network backend; every connect, read and write it performs is given `min(its own timeout, time
left)`, where "time left" comes from the deadline that `deadline_scope()` sets for the current
thread or task (a context variable). Past the deadline an operation raises httpcore's timeout of its
phase, which httpx turns into `ConnectTimeout`, `ReadTimeout` or `WriteTimeout`: the retry policy
still sees which phase failed. Outside a scope the wrapper changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

if TYPE_CHECKING:
    pass

__all__ = ["deadline_scope", "install_deadline"]

_DEADLINE: ContextVar[float | None] = ContextVar("heygen_streaming_deadline", default=None)

_Transport = TypeVar("_Transport", httpx.HTTPTransport, httpx.AsyncHTTPTransport)


@contextmanager
def deadline_scope(deadline_at: float | None) -> Iterator[None]:
    """Clamp every socket operation inside the block to `deadline_at` (`time.monotonic()` time)."""
    token = _DEADLINE.set(deadline_at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def deadline_at() -> float | None:
    """The deadline of the current scope (`time.monotonic()` time), None outside any scope."""
    return _DEADLINE.get()


def install_deadline(transport: _Transport) -> _Transport:
    """`transport`, its connections now clamped to the deadline of the current `deadline_scope`.

    httpx offers no public way to give its transport a network backend, so this wraps the one its
    connection pool holds (`_pool._network_backend`, present since httpx 0.18 / httpcore 0.13).
    Should a release rename it, this raises at client construction rather than silently leaving
    calls without a deadline; tests/hostile_servers pins the behaviour. Idempotent.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is None:
        raise TypeError(
            f"cannot enforce the deadline on {type(transport).__name__}: "
            "this httpx/httpcore release no longer exposes its network backend"
        )
    # httpcore is imported here, not at the top: a client that never builds its own transport
    # (an in-process mock, a MockTransport) and `import heygen_streaming` itself do without it.
    from ._deadline_backend import wrap_backend

    wrapped: Any = wrap_backend(backend)
    if wrapped is backend:
        return transport
    pool._network_backend = wrapped  # type: ignore[union-attr]
    return transport
