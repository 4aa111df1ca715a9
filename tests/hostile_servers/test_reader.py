"""The sans-IO response reader and the deadline backend, fed hostile bytes and a fake clock."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import httpcore
import httpx
import pytest
from heygen_streaming import APIResponseValidationError, APITimeoutError
from heygen_streaming._deadline import _Backend, deadline_scope
from heygen_streaming._limits import (
    ACCEPT_ENCODING,
    MAX_RESPONSE_BYTES,
    ResponseReader,
)

TIMEOUT = httpx.Timeout(2.0, connect=5.0)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _reader(max_bytes: int = MAX_RESPONSE_BYTES, **kwargs: Any) -> ResponseReader:
    return ResponseReader(max_bytes, TIMEOUT, **kwargs)


def _compressed(data: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return compressor.compress(data) + compressor.flush()


def _bomb_chunks(total: int = 2 * 1024**3) -> Iterator[bytes]:
    """A gzip bomb's wire bytes in 64 KiB chunks, produced lazily."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    pending = b""
    for _ in range(total // len(block)):
        pending += compressor.compress(block)
        while len(pending) >= 65536:
            yield pending[:65536]
            pending = pending[65536:]
    yield pending + compressor.flush()


def test_a_gzip_bomb_fed_raw_stops_one_byte_past_the_cap_and_keeps_nothing() -> None:
    reader = _reader()
    reader.start(200, {"content-encoding": "gzip"})
    chunks = _bomb_chunks()
    with pytest.raises(APIResponseValidationError) as info:
        any(reader.feed(chunk) for chunk in chunks)
    assert info.value.limit == "max_response_bytes"
    assert "max_response_bytes=1048576" in str(info.value)
    assert reader.body_bytes == MAX_RESPONSE_BYTES + 1
    assert reader.wire_bytes <= 64 * 1024  # stopped in the first network-sized chunk
    assert reader._chunks == []
    assert info.value.__context__ is None


@pytest.mark.parametrize("encoding", ["gzip, gzip", "br", "zstd", "compress"])
def test_an_encoding_the_reader_cannot_bound_is_refused_before_the_body(encoding: str) -> None:
    with pytest.raises(APIResponseValidationError) as info:
        _reader().start(200, {"content-encoding": encoding})
    assert info.value.limit == "content-encoding"


def test_a_content_length_above_the_cap_is_refused_before_reading() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        _reader().start(200, {"content-length": str(200 * 1024**2)})
    assert info.value.limit == "max_response_bytes"
    assert "Content-Length is 209715200" in str(info.value)


def test_an_identity_body_past_the_cap_is_refused_on_the_wire() -> None:
    reader = _reader(max_bytes=10)
    reader.start(500, {})
    reader.feed(b"0123456789")
    with pytest.raises(APIResponseValidationError) as info:
        reader.feed(b"x")
    assert (info.value.status_code, info.value.limit) == (500, "max_response_bytes")


@pytest.mark.parametrize(
    ("encoding", "wbits"),
    [("gzip", 16 + zlib.MAX_WBITS), ("x-gzip", 31), ("deflate", 15), ("deflate", -15)],
)
def test_gzip_and_both_kinds_of_deflate_are_inflated(encoding: str, wbits: int) -> None:
    body = b'{"code": 100, "message": "success"}' * 50
    wire = _compressed(body, wbits)
    reader = _reader()
    reader.start(200, {"content-encoding": encoding, "content-length": str(len(wire))})
    for i in range(0, len(wire), 7):
        reader.feed(wire[i : i + 7])
    assert reader.finish() == body


def test_an_identity_body_comes_back_whole() -> None:
    reader = _reader()
    reader.start(200, {"content-encoding": "identity"})
    for part in (b'{"a"', b": 1}"):
        reader.feed(part)
    assert reader.finish() == b'{"a": 1}'


def test_a_corrupt_gzip_body_is_refused_naming_the_encoding() -> None:
    reader = _reader()
    reader.start(200, {"content-encoding": "gzip"})
    with pytest.raises(APIResponseValidationError) as info:
        reader.feed(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xde\xad\xbe\xef" * 8)
    assert info.value.limit == "content-encoding"
    assert "gzip body is corrupt" in str(info.value)
    assert info.value.__context__ is None


def test_a_gzip_body_cut_short_is_refused_at_the_end() -> None:
    wire = _compressed(b"x" * 5000, 31)
    reader = _reader()
    reader.start(200, {"content-encoding": "gzip"})
    reader.feed(wire[: len(wire) // 2])
    with pytest.raises(APIResponseValidationError, match="cut short"):
        reader.finish()


def test_the_deadline_defaults_to_the_read_timeout_and_feed_refuses_past_it() -> None:
    clock = Clock()
    reader = _reader(clock=clock)
    assert reader.deadline == 2.0
    reader.feed(b"{")
    clock.now += 2.0
    assert reader.expired
    with pytest.raises(APITimeoutError) as info:
        reader.feed(b"}")
    assert info.value.limit == "deadline"
    assert info.value.request_sent is True
    assert "per-attempt deadline of 2 s" in str(info.value)


def test_what_is_left_of_the_calls_deadline_wins_over_the_read_timeout() -> None:
    assert _reader(left=0.5, of=3.0).deadline == 0.5
    assert "the call's deadline of 3 s" in str(
        _reader(left=0.5, of=3.0).deadline_error(request_sent=True)
    )
    assert _reader(left=9.0, of=9.0).deadline == 2.0  # the read timeout, shorter


def test_every_phase_timeout_is_cut_to_the_time_left() -> None:
    clock = Clock()
    reader = _reader(clock=clock)
    assert reader.timeout == httpx.Timeout(2.0, connect=2.0)
    clock.now += 1.5
    cut = reader.timeout
    assert cut.connect == cut.read == cut.write == cut.pool == pytest.approx(0.5)


def test_a_deadline_error_before_sending_says_nothing_was_sent() -> None:
    error = _reader().deadline_error(request_sent=False)
    assert error.request_sent is False
    assert "acted on it" not in str(error)


@pytest.mark.parametrize("kwargs", [{"max_response_bytes": 0}, {"deadline": 0}, {"deadline": -1}])
def test_limits_refuse_values_that_would_disable_them(kwargs: dict[str, Any]) -> None:
    from heygen_streaming import StreamingClient

    with pytest.raises(ValueError, match=next(iter(kwargs))):
        StreamingClient(api_key="k", **kwargs)


def test_the_client_offers_only_the_encodings_the_reader_bounds() -> None:
    assert ACCEPT_ENCODING == "gzip, deflate"


class _Inner(httpcore.NetworkStream):
    """A stream that records the timeout of every read."""

    def __init__(self) -> None:
        self.timeouts: list[float | None] = []

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.timeouts.append(timeout)
        return b""


class _InnerBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self.stream = _Inner()

    def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        return self.stream


def _wrapped() -> tuple[Any, _InnerBackend]:
    inner = _InnerBackend()
    return _Backend(inner), inner


def test_a_client_arms_the_deadline_on_the_transport_it_builds_and_only_there() -> None:
    from heygen_streaming import AsyncStreamingClient, StreamingClient

    for cls in (StreamingClient, AsyncStreamingClient):
        assert cls(api_key="k")._arm is True
        given = httpx.MockTransport(lambda r: httpx.Response(200))
        assert cls(api_key="k", transport=given)._arm is False  # type: ignore[arg-type]


def test_inside_a_scope_every_read_is_cut_to_the_time_left_and_fails_past_it() -> None:
    import time

    backend, inner = _wrapped()
    stream = backend.connect_tcp("127.0.0.1", 1, timeout=5.0)
    stream.read(10, timeout=30.0)
    with deadline_scope(time.monotonic() + 10.0):
        stream.read(10, timeout=30.0)
    past = time.monotonic() - 0.1
    with deadline_scope(past), pytest.raises(httpcore.ReadTimeout, match="deadline"):
        stream.read(10, timeout=30.0)
    assert inner.stream.timeouts[0] == 30.0  # outside a scope: untouched
    assert 0 < (inner.stream.timeouts[1] or 0) <= 10.0  # cut to the time left, not 30 s
    assert len(inner.stream.timeouts) == 2
