"""Serving the mock over HTTP with uvicorn: in the foreground (the CLI) or a background thread."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .core import MockServer

__all__ = [
    "OPTIONS_ENV",
    "UVICORN_SETTINGS",
    "RunningMock",
    "app_from_env",
    "listen",
    "running",
    "serve",
    "uvicorn_config",
]

# Worker processes rebuild the mock from these options (uvicorn's workers need an import string).
OPTIONS_ENV = "HEYGEN_MOCK_OPTIONS"

UVICORN_SETTINGS: dict[str, Any] = {
    "access_log": False,  # one log line per request would cost more than the request
    "log_level": "warning",
    "lifespan": "off",
    "timeout_graceful_shutdown": 3,  # a stalled request must not hold a SIGTERM for long
}


def uvicorn_config(app: Any, **overrides: Any) -> Any:
    """The uvicorn settings the mock runs under (the benchmark uses the same for its baseline)."""
    import uvicorn

    return uvicorn.Config(app, **{**UVICORN_SETTINGS, **overrides})


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before uvicorn starts so that port 0 gives a known port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio turns Nagle off only on sockets whose proto says TCP, and
    # with Nagle on, a response written in two parts waits 40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def app_from_env() -> Any:
    """The app of a worker process (uvicorn factory), built from OPTIONS_ENV."""
    options = json.loads(os.environ.get(OPTIONS_ENV, "{}"))
    return MockServer(**options).app


class _Stop:
    """A stop request from a signal, passed on to uvicorn if it is already running."""

    def __init__(self) -> None:
        self.requested = False
        self.server: Any = None

    def __call__(self, *_: object) -> None:
        self.requested = True
        if self.server is not None:
            self.server.should_exit = True


@contextmanager
def _signals_stop(stop: _Stop) -> Iterator[None]:
    """SIGINT and SIGTERM end the server cleanly, whenever they come (even before uvicorn's own
    handlers are in place); uvicorn re-raises them after shutdown, which lands here harmlessly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(
    options: dict[str, Any], host: str, port: int, *, workers: int = 1, log_level: str = "warning"
) -> int:
    """Serve until SIGINT or SIGTERM; 0 on a clean stop, 2 when the port cannot be bound."""
    import uvicorn

    mock = MockServer(**options)  # built here too, so a bad option fails before binding
    try:
        sock = listen(host, port)
    except OSError as exc:
        print(f"heygen-streaming mock: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 2
    stop = _Stop()
    with _signals_stop(stop):
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        print(
            f"heygen-streaming mock: serving http://{shown}:{bound_port}"
            f" ({mock.contract.method} {mock.contract.path})\n"
            f"  accepted API key(s): {', '.join(mock.keys)}\n"
            f"  strict: {'on' if mock.strict else 'off'}; seed: {mock.seed}; workers: {workers}"
            "\n  journal: GET/DELETE /__mock__/requests; Ctrl-C or SIGTERM to stop",
            flush=True,
        )
        if workers > 1:
            if not stop.requested:
                _run_workers(sock, options, workers, log_level)
        else:
            stop.server = uvicorn.Server(uvicorn_config(mock.app, log_level=log_level))
            if not stop.requested:
                stop.server.run(sockets=[sock])
    sock.close()
    print("heygen-streaming mock: stopped", flush=True)
    return 0


def _run_workers(
    sock: socket.socket, options: dict[str, Any], workers: int, log_level: str
) -> None:
    import uvicorn

    os.environ[OPTIONS_ENV] = json.dumps(options)
    # Through `fd`: the workers share the socket bound (and printed) above.
    settings = {**UVICORN_SETTINGS, "log_level": log_level}
    uvicorn.run(
        "heygen_streaming_mock.server:app_from_env",
        factory=True,
        fd=sock.fileno(),
        workers=workers,
        **settings,
    )


@dataclass
class RunningMock:
    """A mock served on a loopback port by a background thread."""

    server: MockServer
    url: str
    _uvicorn: Any
    _thread: threading.Thread

    def stop(self) -> None:
        self._uvicorn.should_exit = True
        self._thread.join(10)


@contextmanager
def running(server: MockServer | None = None, host: str = "127.0.0.1") -> Iterator[RunningMock]:
    """Serve `server` on a free loopback port for the duration of the block."""
    import uvicorn

    mock = server or MockServer()
    sock = listen(host, 0)
    port = sock.getsockname()[1]
    userver = uvicorn.Server(uvicorn_config(mock.app))
    thread = threading.Thread(target=userver.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    # Readiness is uvicorn's own flag, polled; the socket already queues connections meanwhile.
    while not userver.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the mock server did not start")
        time.sleep(0.005)
    handle = RunningMock(mock, f"http://{host}:{port}", userver, thread)
    try:
        yield handle
    finally:
        handle.stop()
        sock.close()
