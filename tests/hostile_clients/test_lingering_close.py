"""Uploads the mock refuses: the client reads the refusal instead of a connection reset."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.server import RunningMock, running

from .conftest import KEY, PATH, error_body, exchange, post_head, status_of

TEN_MIB = 10 << 20


@pytest.fixture
def served() -> Iterator[RunningMock]:
    """A mock with the default body timeout (30 s), not the conftest's 1 s: on a loaded machine
    an upload must meet the size limit first, whatever time it takes to send its first MiB."""
    with running(MockServer(seed=1, max_body=1 << 20)) as live:
        yield live


def test_a_10_mib_body_against_the_1_mib_limit_gets_a_readable_413(served: RunningMock) -> None:
    # httpx sends the whole body before reading: without a lingering close the server's close
    # with unread data sends a reset, and httpx raises instead of returning the 413.
    response = httpx.post(
        served.url + PATH,
        content=b"{" + b" " * TEN_MIB + b"}",
        headers={"x-api-key": KEY, "content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.json() == {
        "code": 413,
        "message": "body: larger than the limit of 1048576 bytes",
    }
    assert response.headers["connection"] == "close"


def test_a_chunked_10_mib_body_gets_a_readable_413(served: RunningMock) -> None:
    def chunks():  # no Content-Length: the limit is found while reading
        for _ in range(TEN_MIB // 65536):
            yield b" " * 65536

    response = httpx.post(
        served.url + PATH,
        content=chunks(),
        headers={"x-api-key": KEY, "content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413


def test_a_raw_upload_past_the_limit_reads_the_whole_413_before_the_close(
    served: RunningMock,
) -> None:
    answer, _ = exchange(served.url, post_head(TEN_MIB) + b"{" + b" " * (TEN_MIB - 1))
    assert status_of(answer) == 413
    assert error_body(answer)["message"] == "body: larger than the limit of 1048576 bytes"


def test_the_server_keeps_serving_after_refused_uploads(served: RunningMock) -> None:
    for _ in range(3):
        httpx.post(
            served.url + PATH,
            content=b" " * (2 << 20),
            headers={"x-api-key": KEY, "content-type": "application/json"},
            timeout=30,
        )
    assert httpx.get(served.url + "/__mock__/health").status_code == 200
