"""Serving the mock over HTTP with granian, embedded: in the foreground (the CLI) or a thread.
Granian (hyper) holds the head's limits (limits.py), the app (asgi.py) the body's.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .asgi import MockApp
from .limits import DEFAULT_LIMITS, Limits
from .mock import MockServer

__all__ = ["RunningMock", "granian_server", "reserve", "running", "serve"]

# Granian's log goes to stderr (its default is stdout, where the banner is).
_LOG_TO_STDERR = {
    "handlers": {
        name: {"formatter": form, "class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
        for name, form in (("console", "generic"), ("access", "access"))
    }
}
_READY_SECONDS = 30.0  # generous: a loaded machine starts slowly, a broken start fails sooner
_GRACE_SECONDS = 1.0  # for the requests in flight when the server is told to stop


def granian_server(app: MockApp, host: str, port: int, limits: Limits, log_level: str) -> Any:
    """Granian's embedded server for `app`, with the head's limits of `limits`."""
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels
    from granian.server.embed import Server

    return Server(
        app,
        address=host,
        port=port,
        interface=Interfaces.ASGINL,  # the app answers lifespan itself; none is needed
        http=HTTPModes.http1,
        websockets=False,
        backlog=2048,
        log_level=LogLevels(log_level),
        log_dictconfig=_LOG_TO_STDERR,
        http1_settings=HTTP1Settings(
            header_read_timeout=max(1, round(limits.header_timeout * 1000)),
            max_buffer_size=limits.max_header_bytes,
        ),
    )


def reserve(host: str, port: int) -> socket.socket:
    """A bound socket holding `port` (0: a free one) while granian serves it; OSError if taken.
    Granian binds its own listener (SO_REUSEPORT) and reports no port: this one, never listening,
    tells the port and keeps it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if port:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


async def _until_listening(host: str, port: int, serving: asyncio.Task[Any]) -> None:
    """Return once a connection to (host, port) opens; raise if `serving` ends first."""
    deadline = time.monotonic() + _READY_SECONDS
    while True:
        if serving.done():
            serving.result()  # its exception, if any
            raise RuntimeError("the server stopped before it listened")
        try:
            _, writer = await asyncio.open_connection(host, port)
            writer.close()
            return
        except OSError as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the server did not listen within {_READY_SECONDS:g} s"
                ) from exc
            await asyncio.sleep(0.01)


def _new_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where installed (the `mock` extra, not on Windows), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _banner(mock: MockServer, url: str, limits: Limits, admin_key: str | None) -> str:
    operations = mock.model.operations
    title = (mock.model.document.get("info") or {}).get("title") or "the spec"
    admin = "X-Mock-Admin-Key required" if admin_key else "loopback callers only"
    return (
        f"heygen-streaming mock: serving {url} ({title}, {len(operations)} operations)\n"
        f"  accepted API key(s): {', '.join(mock.keys)}\n"
        f"  profile: {mock.profile}; clock: {mock.clock.mode}; seed: {mock.seed}\n"
        f"  limits: head {limits.max_header_bytes} bytes, {limits.header_timeout:g} s;"
        f" body {mock.max_body} bytes, {limits.body_timeout:g} s\n"
        f"  admin ({admin}): /__mock__/requests, /__mock__/sessions, /__mock__/clock,"
        " /__mock__/health; Ctrl-C or SIGTERM to stop"
    )


def serve(
    options: dict[str, Any],
    host: str,
    port: int,
    *,
    limits: Limits = DEFAULT_LIMITS,
    admin_key: str | None = None,
    log_level: str = "error",
) -> int:
    """Serve until SIGINT or SIGTERM, then exit 0 (2: the port cannot be bound). It owns the
    process (signals, exit); inside a process of your own, use `running()`."""
    mock = MockServer(**options)  # built first, so a bad option fails before binding
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        held = reserve(host, port)
    except OSError as exc:
        print(f"heygen-streaming mock: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 2
    with running(
        mock, host, limits=limits, admin_key=admin_key, log_level=log_level, held=held
    ) as live:
        print(_banner(mock, live.url, limits, admin_key), flush=True)
        stop.wait()
    print("heygen-streaming mock: stopped", flush=True)
    sys.stderr.flush()
    # No interpreter finalization: a granian Rust thread still winding down that reaches into
    # a finalizing interpreter aborts the process (a Rust panic, exit 134) after a clean stop.
    os._exit(0)


@dataclass
class RunningMock:
    """A mock served on a loopback port by a background thread."""

    server: MockServer
    url: str
    _stop: Callable[[], None] | None
    _loop: asyncio.AbstractEventLoop
    _thread: threading.Thread

    def stop(self) -> None:
        if self._thread.is_alive() and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop)
        self._thread.join(30)


@contextmanager
def running(
    server: MockServer | None = None,
    host: str = "127.0.0.1",
    *,
    limits: Limits = DEFAULT_LIMITS,
    admin_key: str | None = None,
    log_level: str = "error",
    held: socket.socket | None = None,
) -> Iterator[RunningMock]:
    """Serve `server` on a free port of `host` (or the one `held` by `reserve`) for the
    duration of the block."""
    mock = server or MockServer()
    with held or reserve(host, 0) as sock:
        port = sock.getsockname()[1]
        app = MockApp(mock, admin_key=admin_key, body_timeout=limits.body_timeout)
        granian = granian_server(app, host, port, limits, log_level)
        loop = _new_loop()
        ready = threading.Event()
        failed: list[BaseException] = []

        async def main() -> None:
            serving = asyncio.ensure_future(granian.serve())
            try:
                await _until_listening(host, port, serving)
            except BaseException as exc:
                failed.append(exc)
                raise
            finally:
                ready.set()
            await serving

        thread = threading.Thread(
            target=loop.run_until_complete, args=(main(),), name="heygen-mock", daemon=True
        )
        thread.start()
        ready.wait()  # _until_listening is bounded: it sets `ready` either way
        if failed:
            thread.join(5)
            raise RuntimeError("the mock server did not start") from failed[0]

        def stop() -> None:
            # In the loop's thread: a grace for the requests in flight, then they are cancelled.
            granian.stop()
            loop.call_later(_GRACE_SECONDS, app.cancel_requests)

        handle = RunningMock(mock, _url(host, port), stop, loop, thread)
        try:
            yield handle
        finally:
            handle.stop()
            if not thread.is_alive():
                loop.close()
            # Granian's objects hold each other in cycles: collected at the interpreter's exit
            # their Rust side can panic; collected now, they go quietly.
            handle._stop = granian = None
            gc.collect()
