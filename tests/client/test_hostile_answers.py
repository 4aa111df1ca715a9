"""A hostile or broken server gets no key, no memory and no unbounded wait out of the client.

Each test is one finding of issue 20: the key evicted from the log filter after ~512 sessions,
partial echoes, secrets in a traceback's frame locals, an unbounded cookie jar, no overall
deadline.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType
from typing import Any

import httpx
import pytest
from heygen_streaming import APIStatusError, HeyGenError, StreamingClient, logfilter
from heygen_streaming.cli import main
from heygen_streaming_mock import MockServer

KEY = "hg-hostile-answers-0123456789abcdefghij"
PARTS = [KEY[:12], KEY[5:19], KEY[-9:]]  # a prefix, a middle and a suffix, each 9+ characters


def _echo(part: str) -> Any:
    return lambda request: httpx.Response(
        401, json={"code": 401, "message": f"bad key {part}!"}, headers={"X-Echo": part}
    )


def test_the_key_stays_masked_in_httpx_log_lines_after_1000_sessions(
    caplog: pytest.LogCaptureFixture,
) -> None:
    mock = MockServer(api_keys=[KEY], seed=1)
    with StreamingClient(api_key=KEY, base_url="http://mock", transport=mock.transport()) as c:
        for _ in range(1000):
            with c.session(quality="low"):
                pass
    # Each stopped session's tokens are forgotten: the filter stays small.
    assert len(logfilter._registered()[0]) < 100
    with caplog.at_level(logging.INFO, logger="httpx"):
        logging.getLogger("httpx").info('HTTP Request: POST ... "HTTP/1.1 401 %s"', KEY)
    assert KEY not in caplog.text
    assert "***" in caplog.text


@pytest.mark.parametrize("part", PARTS)
def test_a_partial_echo_of_the_key_is_masked_in_errors_logs_and_cli_stderr(
    part: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    transport = httpx.MockTransport(_echo(part))
    client = StreamingClient(api_key=KEY, base_url="http://mock", transport=transport)
    with caplog.at_level(logging.DEBUG), pytest.raises(APIStatusError) as info:
        client.list_sessions()
    logging.getLogger("httpx").warning("server said %s", part)
    assert main(["list-sessions", "--api-key", KEY], transport=transport) == 1
    shown = [str(info.value), repr(info.value), caplog.text, capsys.readouterr().err]
    for text in shown:
        assert part not in text
        assert "***" in text


def _leaks(value: Any, secret: str, depth: int = 0, seen: set[int] | None = None) -> list[str]:
    """Where `secret` shows in what an error reporter would show of `value`: the repr, and
    inside containers and objects without a repr of their own, their items and attributes."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 6:
        return []
    seen.add(id(value))
    found = []
    if isinstance(value, dict):
        items = [(repr(k), v) for k, v in value.items()]
    elif isinstance(value, list | tuple | set | frozenset):
        items = [(str(i), v) for i, v in enumerate(value)]
    elif type(value).__repr__ is object.__repr__:
        slots = [s for c in type(value).__mro__ for s in getattr(c, "__slots__", ())]
        names = [*getattr(value, "__dict__", {}), *slots]
        items = [(n, getattr(value, n, None)) for n in names]
    else:
        try:
            return ["repr"] if secret in repr(value) else []
        except Exception:
            return []
    for name, item in items:
        found += [f"{name}.{where}" for where in _leaks(item, secret, depth + 1, seen)]
    return found


def _frames(error: BaseException) -> list[TracebackType]:
    out: list[TracebackType] = []
    pending: list[BaseException | None] = [error]
    while pending:
        exc = pending.pop()
        if exc is None:
            continue
        tb = exc.__traceback__
        while tb is not None:
            out.append(tb)
            tb = tb.tb_next
        pending += [exc.__cause__, exc.__context__]
    return out


@pytest.mark.parametrize(
    "answer",
    [
        _echo(KEY),
        lambda request: httpx.Response(200, content=f'{{"echo": "{KEY}"'.encode()),
        lambda request: httpx.Response(200, json={"code": 100, "data": {"echo": KEY}}),
    ],
)
def test_no_frame_of_a_raised_errors_traceback_holds_the_key(answer: Any) -> None:
    client = StreamingClient(
        api_key=KEY, base_url="http://mock", transport=httpx.MockTransport(answer)
    )
    with pytest.raises(HeyGenError) as info, client.session(quality="low"):
        pass
    leaks = [
        f"{tb.tb_frame.f_code.co_name}: {name}.{where}"
        for tb in _frames(info.value)
        for name, value in tb.tb_frame.f_locals.items()
        for where in _leaks(value, KEY)
    ]
    assert leaks == []
    assert KEY not in "".join(traceback.format_exception(info.value))


def test_a_thousand_set_cookie_headers_are_not_kept_nor_sent_back(kit: Any) -> None:
    cookies = [("Set-Cookie", f"c{i}={'x' * 900}; Path=/") for i in range(1000)]
    recorder = kit.Recorder(
        lambda request: httpx.Response(200, json=kit.example("200", "success"), headers=cookies)
    )
    client = StreamingClient(api_key=KEY, base_url="http://mock", transport=recorder.transport())
    client.new_session()
    client.new_session()
    assert len(client._http.cookies) == 0
    assert "cookie" not in recorder.requests[-1].headers


def test_the_call_deadline_stops_retries_instead_of_waiting_past_it(kit: Any, sleeps: Any) -> None:
    recorder = kit.Recorder(kit.reply(503, json_body={}, headers={"Retry-After": "5"}))
    client = StreamingClient(
        api_key=KEY, transport=recorder.transport(), sleep=sleeps, deadline=2.0
    )
    with pytest.raises(APIStatusError) as info:
        client.list_sessions()
    assert sleeps == []
    assert recorder.calls == 1
    assert "deadline of 2 s" in "".join(traceback.format_exception(info.value))
    # Per call, the same: the method's own deadline= wins over the client's.
    relaxed = StreamingClient(api_key=KEY, transport=recorder.transport(), sleep=sleeps)
    with pytest.raises(APIStatusError):
        relaxed.list_sessions(deadline=1.0)  # type: ignore[call-arg]
    assert sleeps == []
    with pytest.raises(APIStatusError):
        relaxed.list_sessions()
    assert sleeps == [5.0, 5.0]


def test_a_call_past_its_deadline_says_so_in_the_timeout_error() -> None:
    import time

    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)
        raise httpx.ConnectError("refused", request=request)

    client = StreamingClient(
        api_key=KEY,
        transport=httpx.MockTransport(slow),
        max_retries=1000,
        sleep=lambda s: None,
        deadline=0.2,
    )
    with pytest.raises(HeyGenError) as info:
        client.list_sessions()
    assert "deadline of 0.2 s" in str(info.value)
    assert getattr(info.value, "limit", None) == "deadline"


def test_the_async_client_takes_deadline_per_call_too(kit: Any, sleeps: Any) -> None:
    import asyncio

    from heygen_streaming import AsyncStreamingClient

    recorder = kit.Recorder(kit.reply(503, json_body={}, headers={"Retry-After": "5"}))

    async def scenario() -> None:
        client = AsyncStreamingClient(
            api_key=KEY, transport=recorder.transport(), sleep=sleeps.async_sleep
        )
        with pytest.raises(APIStatusError):
            await client.list_sessions(deadline=1.0)  # type: ignore[call-arg]
        assert sleeps == []
        with pytest.raises(APIStatusError):
            await client.list_sessions()
        assert sleeps == [5.0, 5.0]

    asyncio.run(scenario())


def test_session_refuses_a_per_call_deadline_it_could_not_keep(kit: Any) -> None:
    client = StreamingClient(api_key=KEY, transport=kit.Recorder().transport())
    with pytest.raises(ValueError, match="deadline= is per call"):
        client.session(quality="low", deadline=5)  # type: ignore[call-arg]
