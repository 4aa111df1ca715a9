"""Serve an ASGI app over real HTTP on a free 127.0.0.1 port, in a thread, for one block."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

__all__ = ["served"]


@contextmanager
def served(app: Any, *, ready_within: float = 15.0) -> Iterator[str]:
    """Yield `http://127.0.0.1:PORT` while uvicorn serves `app`; stop it on exit.

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
    config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_ready(server, thread, port, ready_within)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _wait_ready(server: uvicorn.Server, thread: threading.Thread, port: int, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the server thread exited before it was ready")
        if server.started:
            with socket.socket() as probe:
                probe.settimeout(0.5)
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
        thread.join(timeout=0.005)  # wakes at once if the thread dies; otherwise poll again
    raise TimeoutError(f"the server on port {port} was not ready within {within} s")
