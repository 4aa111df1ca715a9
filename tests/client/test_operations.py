"""Every operation of the spec is a typed method of both clients, authenticated as the spec says."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import httpx
import pytest
from heygen_streaming import (
    APIConnectionError,
    AsyncStreamingClient,
    HeyGenError,
    StreamingClient,
    ValidationError,
)
from heygen_streaming.spec_model import packaged_model
from heygen_streaming_api.api import ENDPOINTS
from heygen_streaming_mock import MockServer

TOKEN = "session-token-0123456789"


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError("the transport was called")


def test_every_operation_of_the_spec_is_a_method_of_both_clients() -> None:
    ids = [op.operation_id for op in packaged_model().operations]
    assert len(ids) == len(ENDPOINTS) >= 2
    for op_id in ids:
        assert callable(getattr(StreamingClient, op_id))
        assert inspect.iscoroutinefunction(getattr(AsyncStreamingClient, op_id).__wrapped__)


def test_methods_take_the_request_fields_as_typed_keywords() -> None:
    for endpoint in ENDPOINTS:
        method = getattr(StreamingClient, endpoint.module.__name__.rpartition(".")[2])
        params = inspect.signature(method).parameters
        assert "timeout" in params
        for python in endpoint.parameters:
            assert python in params
        if endpoint.body is not None:
            for field in inspect.signature(endpoint.body).parameters:
                assert field in params, (endpoint.operation_id, field)


def test_a_session_token_goes_out_as_bearer_and_the_key_is_not_needed() -> None:
    mock = MockServer(seed=1)
    with StreamingClient(
        api_key="mock-key", base_url="http://mock", transport=mock.transport()
    ) as c:
        token = c.create_token()
    assert TOKEN not in repr(token)
    assert "***" in repr(token)
    secret = token.to_dict()[packaged_model().extension("x-session-lifecycle")["token-field"]]
    assert secret not in repr(token)
    with StreamingClient(
        session_token=secret, base_url="http://mock", transport=mock.transport()
    ) as bearer:
        session = bearer.new_session(quality="low")
        bearer.stop(session_id=session.session_id)
    sent = mock.journal.entries()[-1]
    assert "x-api-key" not in {k.lower() for k in sent.headers}
    assert secret not in repr(bearer)


def test_an_operation_that_takes_only_the_key_refuses_a_token_client_before_sending() -> None:
    client = StreamingClient(
        session_token=TOKEN, base_url="http://mock", transport=httpx.MockTransport(_never)
    )
    with pytest.raises(HeyGenError, match="api_key") as info:
        client.create_token()
    assert TOKEN not in str(info.value)
    assert "nothing was sent" in str(info.value)


def test_the_session_token_comes_from_the_environment(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEYGEN_SESSION_TOKEN", TOKEN)
    recorder = kit.Recorder()
    StreamingClient(transport=recorder.transport()).new_session()
    assert recorder.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_an_argument_credential_wins_over_both_environment_variables(
    kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEYGEN_API_KEY", "env-key-value")
    recorder = kit.Recorder()
    StreamingClient(session_token=TOKEN, transport=recorder.transport()).new_session()
    assert "x-api-key" not in recorder.requests[0].headers
    assert recorder.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_a_misspelt_keyword_suggests_the_closest_field() -> None:
    client = StreamingClient(api_key="k", transport=httpx.MockTransport(_never))
    with pytest.raises(ValidationError) as info:
        client.new_session(**{"qualty": "high"})
    assert "qualty: is not a field of this object; did you mean quality?" in str(info.value)


def test_a_misspelt_nested_field_suggests_the_closest_field() -> None:
    client = StreamingClient(api_key="k", transport=httpx.MockTransport(_never))
    with pytest.raises(ValidationError, match=r"voice\.emotoin: .*did you mean emotion"):
        client.new_session(voice={"emotoin": "Friendly"})


def test_a_dict_given_positionally_says_to_pass_keywords() -> None:
    client = StreamingClient(api_key="k", transport=httpx.MockTransport(_never))
    with pytest.raises(TypeError, match=r"\*\*fields"):
        client.new_session({"quality": "high"})  # type: ignore[call-overload]


def test_an_out_of_range_field_of_any_operation_is_refused_before_sending() -> None:
    client = StreamingClient(api_key="k", transport=httpx.MockTransport(_never))
    with pytest.raises(ValidationError, match="page_size"):
        client.list_sessions_v2(page_size=100000)


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"base_url": "notaurl"}, "base_url"),
        ({"base_url": "ftp://example.com"}, "base_url"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": httpx.Timeout(5, connect=-1)}, "timeout.connect"),
        ({"max_retries": -3}, "max_retries"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
        ({"deadline": 0}, "deadline"),
    ],
)
@pytest.mark.parametrize("cls", [StreamingClient, AsyncStreamingClient])
def test_bad_configuration_is_refused_at_construction_naming_the_argument(
    cls: Any, options: dict[str, Any], argument: str
) -> None:
    with pytest.raises(ValueError, match=argument):
        cls(api_key="k", **options)


def test_a_connection_error_names_the_url_and_keeps_no_request(kit: Any) -> None:
    recorder = kit.Recorder(httpx.ReadTimeout)
    client = StreamingClient(api_key=kit.API_KEY, transport=recorder.transport(), max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        client.new_session()
    error = info.value
    assert "https://api.heygen.com/v1/streaming.new" in str(error)
    assert error.__context__ is None
    assert error.__cause__ is None
    assert not hasattr(error, "request")


def test_the_async_client_runs_every_lifecycle_operation_against_the_mock() -> None:
    mock = MockServer(seed=1)

    async def scenario() -> Any:
        async with AsyncStreamingClient(
            api_key="mock-key", base_url="http://mock", transport=mock.async_transport()
        ) as client:
            session = await client.new_session(quality="low")
            await client.start(session_id=session.session_id)
            spoken = await client.task(session_id=session.session_id, text="Hi")
            await client.stop(session_id=session.session_id)
            return spoken

    assert asyncio.run(scenario()) is not None
    assert [e.status for e in mock.journal.entries()] == [200, 200, 200, 200]


def test_both_lists_show_their_items_as_sessions_and_keep_their_own_names() -> None:
    """`x-session-lifecycle.list-items`: the v2 list's `data` is also `sessions`."""
    mock = MockServer(seed=1)
    with StreamingClient(
        api_key="mock-key", base_url="http://mock", transport=mock.transport()
    ) as client:
        opened = client.new_session(quality="low")
        active = client.list_sessions()
        history = client.list_sessions_v2()
    assert [s.session_id for s in active.sessions] == [opened.session_id]
    assert [s.session_id for s in history.sessions] == [opened.session_id]
    assert history.sessions is history.data
    assert "sessions=" not in repr(history)  # the alias is not a second field
