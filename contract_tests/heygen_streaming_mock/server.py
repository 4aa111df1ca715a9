"""Serving the mock over HTTP with uvicorn: in the foreground (the CLI) or a background thread."""

from __future__ import annotations

import gc
import inspect
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .limits import DEFAULT_LIMITS, Limits
from .mock import MockServer

__all__ = [
    "LIMITS_ENV",
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
LIMITS_ENV = "HEYGEN_MOCK_LIMITS"
# The file holding what workers share (sessions, tokens, journal); see `_shared_state`.
STATE_FILE = "state.sqlite3"

UVICORN_SETTINGS: dict[str, Any] = {
    "access_log": False,  # one log line per request would cost more than the request
    "log_level": "warning",
    "lifespan": "off",
    "timeout_graceful_shutdown": 3,  # a stalled request must not hold a SIGTERM for long
    # The mock is reached directly: no X-Forwarded-For rewriting, and the protocol then sees the
    # mock's own app (see protocol.py).
    "proxy_headers": False,
}


def uvicorn_config(app: Any, *, limits: Limits | None = DEFAULT_LIMITS, **overrides: Any) -> Any:
    """The uvicorn settings the mock runs under (the benchmark uses the same for its baseline).

    `limits` selects the mock's protocol (header and time limits, lingering close); None keeps
    uvicorn's own httptools protocol.
    """
    import uvicorn

    settings = {**UVICORN_SETTINGS, **overrides}
    if limits is not None:
        from .protocol import LIMITS_ATTRIBUTE, MockHttpProtocol

        settings.setdefault("http", MockHttpProtocol)
    config = uvicorn.Config(app, **settings)
    if limits is not None:
        # Config is pickled to worker processes, attributes and all.
        setattr(config, LIMITS_ATTRIBUTE, limits)
    return config


def _takes(name: str) -> bool:
    """Whether MockServer takes keyword `name` (the shared state came with the stateful core)."""
    return name in inspect.signature(MockServer).parameters


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


def build(options: dict[str, Any]) -> MockServer:
    """The mock of `options`; with a `state_path`, its journal is the shared one in that file."""
    state = options.get("state_path")
    if state is not None and not _takes("state_path"):
        options = {k: v for k, v in options.items() if k != "state_path"}
    mock = MockServer(**options)
    if state is not None and mock.journal.path != state:
        from .journal import Journal

        # The core builds its journal in memory unless told otherwise: swap in the shared one
        # before the app (which holds the journal) exists.
        journal = mock.journal
        mock.journal = Journal(
            journal.maxlen,
            max_body=journal.max_body,
            secrets=journal.secrets,
            max_header_bytes=journal.max_header_bytes,
            max_warning_bytes=journal.max_warning_bytes,
            path=state,
        )
    return mock


def app_from_env() -> Any:
    """The app of a worker process (uvicorn factory), built from OPTIONS_ENV."""
    options = json.loads(os.environ.get(OPTIONS_ENV, "{}"))
    app = build(options).app
    settle_heap()
    return app


def settle_heap() -> None:
    """Exempt what start-up built (modules, the spec model, validators) from garbage collection.

    Otherwise the first full collection, set off by the first burst of requests, scans all of it
    (tens of ms: a 30 ms stall at the first 50 connections of a flood); later ones rescan it
    each time. Only in a served mock's own process: never in a process that embeds the mock.
    """
    gc.collect()
    gc.freeze()


@contextmanager
def _shared_state(options: dict[str, Any], workers: int) -> Iterator[dict[str, Any]]:
    """`options` with a fresh state file that N > 1 workers share, removed at the end."""
    if workers <= 1 or options.get("state_path"):
        yield options
        return
    folder = tempfile.mkdtemp(prefix="heygen-mock-")
    try:
        yield {**options, "state_path": os.path.join(folder, STATE_FILE)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


def _banner(mock: MockServer, url: str, workers: int, limits: Limits) -> str:
    operations = getattr(getattr(mock, "model", None), "operations", ())
    shared = "; sessions, tokens and journal shared in SQLite" if workers > 1 else ""
    return (
        f"heygen-streaming mock: serving {url} ({len(operations)} operations)\n"
        f"  accepted API key(s): {', '.join(mock.keys)}\n"
        f"  profile: {getattr(mock, 'profile', '?')}; clock: {mock.clock.mode}; seed: {mock.seed};"
        f" workers: {workers}{shared}\n"
        f"  limits: head {limits.max_header_bytes} bytes, {limits.max_headers} fields,"
        f" {limits.header_timeout:g} s; body {mock.max_body} bytes, {limits.body_timeout:g} s\n"
        "  admin: /__mock__/requests, /__mock__/sessions, /__mock__/clock, /__mock__/health;"
        " Ctrl-C or SIGTERM to stop"
    )


def serve(
    options: dict[str, Any],
    host: str,
    port: int,
    *,
    workers: int = 1,
    log_level: str = "warning",
    limits: Limits = DEFAULT_LIMITS,
) -> int:
    """Serve until SIGINT or SIGTERM; 0 on a clean stop, 2 when the port cannot be bound.

    The command line's server: it owns the process (its signal handlers, its heap frozen by
    `settle_heap`). To serve inside a process of your own, use `running()`."""
    import uvicorn

    mock = build(options)  # built here too, so a bad option fails before binding
    try:
        sock = listen(host, port)
    except OSError as exc:
        print(f"heygen-streaming mock: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 2
    stop = _Stop()
    with _signals_stop(stop):
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        print(_banner(mock, f"http://{shown}:{bound_port}", workers, limits), flush=True)
        if workers > 1:
            if not stop.requested:
                with _shared_state(options, workers) as shared:
                    _run_workers(sock, shared, workers, log_level, limits)
        else:
            config = uvicorn_config(mock.app, log_level=log_level, limits=limits)
            stop.server = uvicorn.Server(config)
            settle_heap()
            if not stop.requested:
                stop.server.run(sockets=[sock])
    sock.close()
    print("heygen-streaming mock: stopped", flush=True)
    return 0


def _run_workers(
    sock: socket.socket,
    options: dict[str, Any],
    workers: int,
    log_level: str,
    limits: Limits,
) -> None:
    from uvicorn.supervisors import Multiprocess

    # Workers are spawned: they import the app by name and rebuild it from the environment.
    os.environ[OPTIONS_ENV] = json.dumps(options)
    config = uvicorn_config(
        "heygen_streaming_mock.server:app_from_env",
        factory=True,
        workers=workers,
        log_level=log_level,
        limits=limits,
    )
    supervisor = Multiprocess(config, sockets=[sock])  # the socket bound (and printed) above
    if threading.current_thread() is threading.main_thread():
        # The supervisor's own handlers only queue the signal, which it reads every 0.5 s;
        # setting its event instead wakes it at once (the workers then stop in parallel).
        def stop_now(*_: object) -> None:
            supervisor.should_exit.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, stop_now)
    supervisor.run()


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
def running(
    server: MockServer | None = None, host: str = "127.0.0.1", *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RunningMock]:
    """Serve `server` on a free loopback port for the duration of the block."""
    import uvicorn

    mock = server or MockServer()
    sock = listen(host, 0)
    port = sock.getsockname()[1]
    userver = uvicorn.Server(uvicorn_config(mock.app, limits=limits))
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
