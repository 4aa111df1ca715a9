"""Oversized request heads: 431 and close, and never buffered whole.

The server's parser (granian's hyper) refuses these before any app sees them: its 431 has an
empty body, not the spec's error body.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
from heygen_streaming_mock.server import RunningMock

from .conftest import HEALTH, ServedProcess, address, exchange, serve_process, status_of


@pytest.fixture
def process() -> Iterator[ServedProcess]:
    yield from serve_process("--max-header-bytes", "16384")


def test_a_head_over_the_byte_limit_is_a_431(served: RunningMock) -> None:
    big = b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n"
    answer, _ = exchange(served.url, big)  # returns once the server has closed
    assert status_of(answer) == 431


def test_a_2_mb_head_is_a_431(served: RunningMock) -> None:
    big = b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 2_000_000 + b"\r\n\r\n"
    assert status_of(exchange(served.url, big)[0]) == 431


def test_10000_header_fields_are_a_431(served: RunningMock) -> None:
    fields = b"".join(b"X-H%d: v\r\n" % i for i in range(10_000))
    answer, _ = exchange(served.url, b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\n" + fields)
    assert status_of(answer) == 431


def test_more_than_100_header_fields_within_the_byte_limit_are_a_431(served: RunningMock) -> None:
    fields = b"".join(b"X-%d: v\r\n" % i for i in range(101))
    assert len(fields) < 8192
    answer, _ = exchange(
        served.url, b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n"
    )
    assert status_of(answer) == 431


def test_a_head_just_within_the_limits_is_served(served: RunningMock) -> None:
    fields = b"".join(b"X-H%d: v\r\n" % i for i in range(98))  # with Host and Connection: 100
    answer, _ = exchange(
        served.url,
        b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fields + b"\r\n",
    )
    assert status_of(answer) == 200


def test_a_long_request_line_counts_against_the_head(served: RunningMock) -> None:
    answer, _ = exchange(served.url, b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(answer) in {414, 431}


def test_the_server_still_serves_after_a_refusal_elsewhere(served: RunningMock) -> None:
    exchange(served.url, b"GET / HTTP/1.1\r\nX: " + b"a" * 20_000 + b"\r\n\r\n")
    answer, _ = exchange(served.url, HEALTH.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
    assert status_of(answer) == 200


def test_a_100_mb_header_is_refused_early_and_never_buffered(process: ServedProcess) -> None:
    """The server answers 431 after 16 KiB; its peak memory does not grow with the header."""
    peak_before = process.status("VmHWM")
    answer = b""
    with socket.create_connection(address(process.url), timeout=30) as conn:

        def upload() -> None:
            block = b"a" * (1 << 20)
            with contextlib.suppress(OSError):
                conn.sendall(b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\nX-Big: ")
                for _ in range(100):
                    conn.sendall(block)

        uploader = threading.Thread(target=upload)
        uploader.start()
        with contextlib.suppress(ConnectionResetError):
            while chunk := conn.recv(65536):
                answer += chunk
        with contextlib.suppress(OSError):  # the server may have closed it already
            conn.shutdown(socket.SHUT_RDWR)
        uploader.join(30)
    assert status_of(answer) == 431
    grown_kib = process.status("VmHWM") - peak_before
    assert grown_kib < 20 * 1024, f"peak RSS grew {grown_kib} KiB"
