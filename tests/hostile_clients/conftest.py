"""Hostile clients against the served mock: raw sockets on 127.0.0.1 that misbehave on purpose.

Two ways to serve the mock: `served` (a background thread of this process, short limits) for
what concerns answers and timing, and `served_process` (the command line in a subprocess) for
what concerns the server's own memory or needs its own CPU.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.limits import Limits
from heygen_streaming_mock.server import RunningMock, running

KEY = "mock-key"
PATH = "/v1/streaming.new"
HEALTH = b"GET /__mock__/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
# Short enough for tests to wait for, long enough for a loaded machine to serve a request.
FAST = Limits(max_header_bytes=8192, header_timeout=1.0, body_timeout=1.0)


@pytest.fixture
def served() -> Iterator[RunningMock]:
    with running(MockServer(seed=1, max_body=1 << 20), limits=FAST) as live:
        yield live


def address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def exchange(url: str, data: bytes, *, timeout: float = 30) -> tuple[bytes, float]:
    """Send `data` as it is; what came back before the server closed, and how long it took.

    A server that never closes makes the read time out after `timeout` (an error).
    """
    started = time.monotonic()
    with socket.create_connection(address(url), timeout=timeout) as conn:
        with contextlib.suppress(OSError):  # the server may close before taking it all
            conn.sendall(data)
        chunks = []
        with contextlib.suppress(ConnectionResetError):
            while chunk := conn.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks), time.monotonic() - started


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    return int(answer[9:12])


def error_body(answer: bytes) -> dict[str, Any]:
    """The JSON body of a raw answer, checked to be the spec's error shape."""
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower()
    parsed = json.loads(body)
    assert set(parsed) == {"code", "message"}
    assert parsed["code"] == status_of(answer)
    assert isinstance(parsed["message"], str)
    return dict(parsed)


def post_head(length: int | None = None, *, extra: str = "") -> bytes:
    framing = "Transfer-Encoding: chunked" if length is None else f"Content-Length: {length}"
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {KEY}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n{extra}\r\n"
    ).encode()


@dataclass
class ServedProcess:
    """The mock's command line in a subprocess."""

    proc: subprocess.Popen[str]
    url: str
    log: Path | None = None

    def output(self) -> str:
        """What the server wrote to stderr so far (with `capture=True`)."""
        return "" if self.log is None else self.log.read_text("utf-8", "replace")

    def cpu_seconds(self) -> float:
        """The CPU time (user + system) the server has used so far, from /proc/PID/stat."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def status(self, field: str) -> int:
        """A /proc/PID/status figure in KiB (VmRSS, VmHWM)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise LookupError(field)


def serve_process(*args: str, capture: bool = False) -> Iterator[ServedProcess]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HEYGEN_MOCK_API_KEYS", None)
    log = Path(tempfile.mkdtemp(prefix="mock-log-")) / "stderr.txt" if capture else None
    stderr: Any = log.open("w") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "heygen_streaming_mock", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=env,
    )
    if log is not None:
        stderr.close()  # the child has its own copy
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # printed once the socket listens
        assert first.startswith("heygen-streaming mock: serving http://127.0.0.1:"), first
        url = first.split()[3]
        deadline = time.monotonic() + 30
        while True:  # ready when the health endpoint answers
            try:
                if httpx.get(url + "/__mock__/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        yield ServedProcess(proc, url, log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
