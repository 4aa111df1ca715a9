"""Configuration order (argument, environment, default), timeouts and the client's lifecycle."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from heygen_streaming import HeyGenError, StreamingClient
from heygen_streaming._config import CONNECT_TIMEOUT, READ_TIMEOUT


def test_missing_api_key_names_the_argument_and_the_env_var() -> None:
    with pytest.raises(HeyGenError) as info:
        StreamingClient()
    assert "api_key=" in str(info.value)
    assert "HEYGEN_API_KEY" in str(info.value)


def test_an_empty_env_key_counts_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYGEN_API_KEY", "")
    with pytest.raises(HeyGenError, match="HEYGEN_API_KEY"):
        StreamingClient()


def test_key_comes_from_the_environment_when_no_argument(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEYGEN_API_KEY", "from-env")
    recorder = kit.Recorder()
    StreamingClient(transport=recorder.transport()).new_session()
    assert recorder.requests[0].headers["X-Api-Key"] == "from-env"


def test_key_argument_wins_over_the_environment(kit: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYGEN_API_KEY", "from-env")
    recorder = kit.Recorder()
    StreamingClient(api_key="from-arg", transport=recorder.transport()).new_session()
    assert recorder.requests[0].headers["X-Api-Key"] == "from-arg"


def test_base_url_comes_from_argument_then_environment_then_default(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = kit.Recorder()
    StreamingClient(api_key="k", transport=recorder.transport()).new_session()
    monkeypatch.setenv("HEYGEN_BASE_URL", "http://env.example:4010")
    StreamingClient(api_key="k", transport=recorder.transport()).new_session()
    StreamingClient(
        api_key="k", base_url="http://arg.example/", transport=recorder.transport()
    ).new_session()
    assert [str(r.url) for r in recorder.requests] == [
        "https://api.heygen.com/v1/streaming.new",
        "http://env.example:4010/v1/streaming.new",
        "http://arg.example/v1/streaming.new",
    ]


def _phases(request: httpx.Request) -> list[float]:
    # Every phase is cut to what is left of the per-attempt deadline (default: the read timeout).
    return list(request.extensions["timeout"].values())


def test_timeouts_are_on_by_default_5s_connect_30s_read(kit: Any) -> None:
    recorder = kit.Recorder()
    StreamingClient(api_key="k", transport=recorder.transport()).new_session()
    timeout = recorder.requests[0].extensions["timeout"]
    assert timeout["connect"] == pytest.approx(CONNECT_TIMEOUT, abs=0.1)
    assert timeout["read"] == pytest.approx(READ_TIMEOUT, abs=0.1)
    assert (CONNECT_TIMEOUT, READ_TIMEOUT) == (5.0, 30.0)


def test_client_timeout_in_seconds_applies_to_every_phase(kit: Any) -> None:
    recorder = kit.Recorder()
    StreamingClient(api_key="k", timeout=2.5, transport=recorder.transport()).new_session()
    assert all(t == pytest.approx(2.5, abs=0.1) for t in _phases(recorder.requests[0]))


def test_client_timeout_accepts_an_httpx_timeout(kit: Any) -> None:
    recorder = kit.Recorder()
    client = StreamingClient(
        api_key="k", timeout=httpx.Timeout(9.0, connect=1.0), transport=recorder.transport()
    )
    client.new_session()
    assert recorder.requests[0].extensions["timeout"]["connect"] == pytest.approx(1.0, abs=0.1)
    assert recorder.requests[0].extensions["timeout"]["read"] == pytest.approx(9.0, abs=0.1)


def test_per_call_timeout_overrides_the_clients_for_that_call_only(kit: Any) -> None:
    recorder = kit.Recorder()
    client = StreamingClient(api_key="k", timeout=10.0, transport=recorder.transport())
    client.new_session(timeout=httpx.Timeout(1.0, read=60.0))
    client.new_session()
    first, second = (r.extensions["timeout"] for r in recorder.requests)
    assert first["connect"] == pytest.approx(1.0, abs=0.1)
    assert first["read"] == pytest.approx(60.0, abs=0.1)
    assert all(t == pytest.approx(10.0, abs=0.1) for t in second.values())


def test_context_manager_closes_the_connection_pool(kit: Any) -> None:
    recorder = kit.Recorder()
    with StreamingClient(api_key="k", transport=recorder.transport()) as client:
        client.new_session()
        assert not client._http.is_closed
    assert client._http.is_closed


def test_close_closes_the_connection_pool(kit: Any) -> None:
    client = StreamingClient(api_key="k", transport=kit.Recorder().transport())
    client.close()
    assert client._http.is_closed


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        StreamingClient(api_key="k", max_retries=-1)
