"""Oversized request heads: 431 with the spec's error body, and never buffered whole."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from heygen_streaming_mock.server import RunningMock

from .conftest import (
    FAST,
    HEALTH,
    ServedProcess,
    address,
    error_body,
    exchange,
    serve_process,
    status_of,
)


@pytest.fixture
def process() -> Iterator[ServedProcess]:
    yield from serve_process("--max-header-bytes", "16384")


def test_a_head_over_the_byte_limit_is_a_431_naming_the_limit(served: RunningMock) -> None:
    big = b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n"
    answer, _ = exchange(served.url, big)
    assert status_of(answer) == 431
    assert error_body(answer)["message"] == (
        f"headers: larger than the limit of {FAST.max_header_bytes} bytes"
    )


def test_too_many_header_fields_is_a_431_naming_the_limit(served: RunningMock) -> None:
    fields = b"".join(b"X-H%d: v\r\n" % i for i in range(FAST.max_headers + 1))
    answer, _ = exchange(
        served.url, b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n"
    )
    assert status_of(answer) == 431
    assert error_body(answer)["message"] == (
        f"headers: more than the limit of {FAST.max_headers} header fields"
    )


def test_a_head_just_within_the_limits_is_served(served: RunningMock) -> None:
    fields = b"".join(
        b"X-H%d: v\r\n" % i for i in range(FAST.max_headers - 2)
    )  # with Host and Connection: at the limit
    answer, _ = exchange(
        served.url,
        b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fields + b"\r\n",
    )
    assert status_of(answer) == 200


def test_a_long_request_line_counts_against_the_head(served: RunningMock) -> None:
    answer, _ = exchange(served.url, b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(answer) == 431


def test_the_connection_still_serves_after_a_refusal_elsewhere(served: RunningMock) -> None:
    exchange(served.url, b"GET / HTTP/1.1\r\nX: " + b"a" * 20_000 + b"\r\n\r\n")
    answer, _ = exchange(served.url, HEALTH.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
    assert status_of(answer) == 200


def test_a_100_mb_header_is_refused_early_and_never_buffered(process: ServedProcess) -> None:
    """The server answers 431 after 16 KiB; its peak memory does not grow with the header."""
    peak_before = process.status("VmHWM")
    sent = 0
    answer = b""
    with socket.create_connection(address(process.url), timeout=10) as conn:

        def upload() -> None:
            nonlocal sent
            block = b"a" * (1 << 20)
            with contextlib.suppress(OSError):
                conn.sendall(b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\nX-Big: ")
                for _ in range(100):
                    conn.sendall(block)
                    sent += len(block)

        started = time.monotonic()
        uploader = threading.Thread(target=upload)
        uploader.start()
        with contextlib.suppress(ConnectionResetError):
            while chunk := conn.recv(65536):
                answer += chunk
        elapsed = time.monotonic() - started
        conn.shutdown(socket.SHUT_RDWR)
        uploader.join(30)
    assert status_of(answer) == 431
    assert error_body(answer)["message"] == "headers: larger than the limit of 16384 bytes"
    assert elapsed < 10  # uvicorn alone took 22.8 s to take in a 100 MB header
    grown_kib = process.status("VmHWM") - peak_before
    assert grown_kib < 20 * 1024, f"peak RSS grew {grown_kib} KiB"
