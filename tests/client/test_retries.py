"""Retries never risk a second billed session: only where the request provably created nothing."""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from typing import Any

import httpx
import pytest
from heygen_streaming import (
    APIConnectionError,
    APITimeoutError,
    AsyncStreamingClient,
    HeyGenError,
    InternalServerError,
    RateLimitError,
    StreamingClient,
)
from heygen_streaming._retry import parse_retry_after


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Any:
    """`run(recorder, sleeps, method="new_session", **options)` on the sync or the async client:
    every retry test runs against both, since both drive the one request loop."""

    def call(recorder: Any, sleeps: Any, method: str = "new_session", /, **kw: Any) -> Any:
        fields = kw.pop("fields", {})
        if request.param == "sync":
            client = StreamingClient(
                api_key="k", transport=recorder.transport(), sleep=sleeps, **kw
            )
            return getattr(client, method)(**fields)

        async def scenario() -> Any:
            async with AsyncStreamingClient(
                api_key="k", transport=recorder.transport(), sleep=sleeps.async_sleep, **kw
            ) as client:
                return await getattr(client, method)(**fields)

        return asyncio.run(scenario())

    return call


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError]
)
def test_no_retry_once_the_request_may_have_reached_the_server(
    run: Any, kit: Any, sleeps: Any, failure: type[Exception]
) -> None:
    recorder = kit.Recorder(failure, kit.ok())
    with pytest.raises(APIConnectionError):
        run(recorder, sleeps)
    assert recorder.calls == 1
    assert sleeps == []


def test_no_retry_after_a_read_timeout(run: Any, kit: Any, sleeps: Any) -> None:
    recorder = kit.Recorder(httpx.ReadTimeout, kit.ok())
    with pytest.raises(APITimeoutError):
        run(recorder, sleeps)
    assert recorder.calls == 1


@pytest.mark.parametrize("status", [500, 502, 504])
def test_no_retry_after_a_5xx_other_than_503(run: Any, kit: Any, sleeps: Any, status: int) -> None:
    recorder = kit.Recorder(kit.reply(status, json_body={"code": status, "message": "x"}))
    with pytest.raises(InternalServerError):
        run(recorder, sleeps)
    assert recorder.calls == 1


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_one_retry_after_a_failure_before_sending(
    run: Any, kit: Any, sleeps: Any, failure: type[Exception]
) -> None:
    recorder = kit.Recorder(failure, kit.ok())
    session = run(recorder, sleeps, fields={"quality": "high"})
    assert session.session_id
    assert recorder.calls == 2
    assert len(sleeps) == 1
    assert 0.0 <= sleeps[0] <= 0.5
    assert recorder.body(0) == recorder.body(1)


def test_one_retry_after_429_waits_the_retry_after_seconds(run: Any, kit: Any, sleeps: Any) -> None:
    limited = kit.reply(
        429, json_body={"code": 429, "message": "slow"}, headers={"Retry-After": "2"}
    )
    recorder = kit.Recorder(limited, kit.ok())
    run(recorder, sleeps)
    assert recorder.calls == 2
    assert sleeps == [2.0]


def test_a_retry_after_http_date_is_honoured(run: Any, kit: Any, sleeps: Any) -> None:
    when = email.utils.formatdate(time.time() + 50, usegmt=True)
    limited = kit.reply(503, json_body={"code": 503, "message": "x"}, headers={"Retry-After": when})
    recorder = kit.Recorder(limited, kit.ok())
    run(recorder, sleeps)
    assert recorder.calls == 2
    assert 30.0 <= sleeps[0] <= 50.0  # the date, however loaded the machine (not the backoff)


def test_503_without_retry_after_backs_off_with_jitter(run: Any, kit: Any, sleeps: Any) -> None:
    recorder = kit.Recorder(kit.reply(503, text="down"), kit.ok())
    run(recorder, sleeps)
    assert recorder.calls == 2
    assert 0.0 <= sleeps[0] <= 0.5


def test_a_retry_after_above_the_cap_is_raised_at_once(run: Any, kit: Any, sleeps: Any) -> None:
    limited = kit.reply(429, text="later", headers={"Retry-After": "3600"})
    recorder = kit.Recorder(limited, kit.ok())
    with pytest.raises(RateLimitError) as info:
        run(recorder, sleeps)
    assert recorder.calls == 1
    assert sleeps == []
    assert info.value.retry_after == 3600.0


def test_retries_are_bounded_by_max_retries(run: Any, kit: Any, sleeps: Any) -> None:
    recorder = kit.Recorder(httpx.ConnectError)
    with pytest.raises(APIConnectionError) as info:
        run(recorder, sleeps)
    assert recorder.calls == 3  # the default: 2 retries
    assert len(sleeps) == 2
    assert info.value.request_sent is False


def test_max_retries_zero_means_a_single_attempt(run: Any, kit: Any, sleeps: Any) -> None:
    recorder = kit.Recorder(kit.reply(429, text="x", headers={"Retry-After": "1"}))
    with pytest.raises(RateLimitError):
        run(recorder, sleeps, max_retries=0)
    assert recorder.calls == 1


def test_backoff_is_exponential_with_full_jitter(
    run: Any, kit: Any, sleeps: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bounds: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        bounds.append((low, high))
        return high

    monkeypatch.setattr(random, "uniform", uniform)
    recorder = kit.Recorder(httpx.ConnectError)
    with pytest.raises(APIConnectionError):
        run(recorder, sleeps, max_retries=5)
    assert bounds == [(0.0, 0.5), (0.0, 1.0), (0.0, 2.0), (0.0, 4.0), (0.0, 8.0)]
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_opting_in_retries_read_timeouts_and_other_5xx(run: Any, kit: Any, sleeps: Any) -> None:
    recorder = kit.Recorder(httpx.ReadTimeout, kit.reply(500, text="boom"), kit.ok())
    session = run(recorder, sleeps, retry_on_server_errors=True)
    assert session.session_id
    assert recorder.calls == 3


@pytest.mark.parametrize(
    ("header", "seconds"),
    [(None, None), ("", None), ("7", 7.0), ("0.5", 0.5), ("-3", 0.0), ("soon", None)],
)
def test_retry_after_parsing(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_a_retry_after_date_in_the_past_means_now() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def _status(status: int) -> Any:
    return lambda request: httpx.Response(status, json={"code": status, "message": "x"})


@pytest.mark.parametrize("failure", [httpx.ReadTimeout, httpx.RemoteProtocolError])
def test_an_idempotent_operation_is_retried_after_a_read_timeout_or_dropped_connection(
    run: Any, kit: Any, sleeps: Any, failure: type[Exception]
) -> None:
    ok = kit.reply(200, json_body={"code": 100, "message": "success", "data": {}})
    recorder = kit.Recorder(failure, ok)
    run(recorder, sleeps, "keep_alive", fields={"session_id": "s-1"})
    assert recorder.calls == 2


@pytest.mark.parametrize("status", [500, 502])
def test_an_idempotent_operation_is_retried_after_a_5xx(
    run: Any, kit: Any, sleeps: Any, status: int
) -> None:
    ok = kit.reply(200, json_body={"code": 100, "message": "success", "data": {}})
    recorder = kit.Recorder(_status(status), ok)
    run(recorder, sleeps, "keep_alive", fields={"session_id": "s-1"})
    assert recorder.calls == 2


def test_a_non_idempotent_operation_is_not_retried_after_a_read_timeout(
    run: Any, kit: Any, sleeps: Any
) -> None:
    recorder = kit.Recorder(httpx.ReadTimeout, kit.ok())
    with pytest.raises(APITimeoutError):
        run(recorder, sleeps, "task", fields={"session_id": "s-1", "text": "hi"})
    assert recorder.calls == 1


def test_a_status_outside_the_5xx_range_is_never_retried_as_a_server_error(
    run: Any, kit: Any, sleeps: Any
) -> None:
    recorder = kit.Recorder(_status(600))
    with pytest.raises(HeyGenError):
        run(recorder, sleeps, "keep_alive", fields={"session_id": "s-1"})
    assert recorder.calls == 1
