"""Client conformance: bodies drawn from the spec go through the generated models and the client.

Both sides are injectable (`--client-package` with `PYTHONPATH`, `--mock-factory`), so the same
properties can judge an old client against a new mock, or the reverse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from contract_tests.harness.options import Options
from contract_tests.harness.strategies import request_bodies, schema_values
from contract_tests.harness.targets import ClientTarget, MockFactory
from contract_tests.harness.transports import (
    CannedTransport,
    RecordingTransport,
    sync_transport_for,
)

pytestmark = pytest.mark.mock_only

EXPECTED_ERROR = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    429: "RateLimitError",
    500: "InternalServerError",
    503: "InternalServerError",
}


@pytest.fixture(scope="module")
def client_spec(client_target: ClientTarget) -> Mapping[str, Any]:
    return client_target.spec()


@pytest.fixture(scope="module")
def strategies(client_spec: Mapping[str, Any]) -> dict[str, st.SearchStrategy[Any]]:
    return {
        # What the client sends: the strict profile (the client refuses what is only tolerated).
        "valid": request_bodies(client_spec, "new_session", valid=True, strict=True),
        "invalid": request_bodies(client_spec, "new_session", valid=False),
        "response": schema_values(client_spec, "NewSessionResponse"),
        "error": schema_values(client_spec, "ErrorResponse"),
    }


@pytest.fixture(scope="module")
def wire(mock_factory: MockFactory, contract_options: Options) -> RecordingTransport:
    app = mock_factory(api_key=contract_options.api_key, seed=contract_options.seed)
    return RecordingTransport(sync_transport_for(app))


def make_client(target: ClientTarget, key: str, transport: httpx.BaseTransport) -> Any:
    # The strict check: any difference from the spec is an error (the default reader tolerates
    # off-spec fields the client does not act on).
    return target.layer.StreamingClient(
        api_key=key,
        base_url="http://mock.invalid",
        transport=transport,
        max_retries=0,
        strict_responses=True,
    )


def validator(spec: Mapping[str, Any], name: str) -> Any:
    from heygen_streaming.spec import SchemaValidator

    return SchemaValidator(spec, name)


@given(data=st.data())
def test_valid_request_bodies_round_trip_through_the_generated_model(
    data: st.DataObject,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
    client_spec: Mapping[str, Any],
) -> None:
    body = data.draw(strategies["valid"], label="body")
    model_cls = client_target.models.NewSessionRequest
    model = model_cls.from_dict(body)
    out = model.to_dict()
    # Every field given comes back unchanged; the rest are the spec's defaults.
    assert {k: out[k] for k in body} == body
    assert model_cls.from_dict(out).to_dict() == out
    assert validator(client_spec, "NewSessionRequest").errors(out) == []


@given(data=st.data())
def test_client_sends_every_valid_body_and_the_mock_accepts_it(
    data: st.DataObject,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
    wire: RecordingTransport,
    contract_options: Options,
) -> None:
    body = data.draw(strategies["valid"], label="body")
    request = client_target.models.NewSessionRequest.from_dict(body)
    before = len(wire.exchanges)
    with make_client(client_target, contract_options.api_key, wire) as client:
        session = client.new_session(request)
        # Stopped at once: the mock counts open sessions against the key's concurrency limit.
        client.stop(session_id=session.session_id)
    assert len(wire.exchanges) == before + 2
    wire.exchanges.pop()
    sent, status, answered = wire.exchanges[-1]
    assert sent == request.to_dict()
    assert status == 200, answered
    assert session.to_dict() == answered["data"]


@given(data=st.data())
def test_client_parses_every_valid_response_into_a_session(
    data: st.DataObject,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
) -> None:
    body = data.draw(strategies["response"], label="response")
    with make_client(client_target, "k", CannedTransport(200, body)) as client:
        session = client.new_session(quality="medium")
    assert isinstance(session, client_target.models.SessionData)
    assert session.to_dict() == body["data"]


@given(data=st.data(), status=st.sampled_from([*sorted(EXPECTED_ERROR), 413, 415, 418]))
def test_client_turns_every_error_body_into_its_typed_error(
    data: st.DataObject,
    status: int,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
) -> None:
    body = data.draw(strategies["error"], label="error")
    # An empty message is not an envelope to the client: it shows the raw body instead.
    assume(bool(body["message"].strip()))
    errors = client_target.errors
    expected = getattr(errors, EXPECTED_ERROR.get(status, "APIStatusError"))
    transport = CannedTransport(status, body)
    with (
        make_client(client_target, "k", transport) as client,
        pytest.raises(errors.APIStatusError) as caught,
    ):
        client.new_session(quality="medium")
    assert type(caught.value) is expected
    assert (caught.value.status_code, caught.value.code) == (status, body["code"])
    assert caught.value.message == body["message"]
    assert transport.calls == 1  # max_retries=0: one request, whatever the status


@given(data=st.data())
def test_invalid_input_is_refused_client_side_or_comes_back_as_bad_request(
    data: st.DataObject,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
    client_spec: Mapping[str, Any],
    wire: RecordingTransport,
    contract_options: Options,
) -> None:
    body = data.draw(strategies["invalid"], label="invalid body")
    # Negative cases may break another part of the request (a header) and keep a valid body.
    assume(
        isinstance(body, dict) and not validator(client_spec, "NewSessionRequest").is_valid(body)
    )
    errors = client_target.errors
    before = len(wire.exchanges)
    refused: Exception | None = None
    with make_client(client_target, contract_options.api_key, wire) as client:
        try:
            client.new_session(**body)
        except (ValueError, errors.BadRequestError) as exc:
            refused = exc
    if isinstance(refused, ValueError):
        event("refused client-side")
        assert len(wire.exchanges) == before, "refused client-side, yet a request went out"
        return
    if refused is not None:
        event("BadRequestError from the server")
        sent, status, answered = wire.exchanges[-1]
        assert (status, getattr(refused, "message", None)) == (400, answered["message"])
        return
    # Accepted: only when the client dropped what made it invalid (None means "not given").
    event("accepted after the client dropped None fields")
    sent, status, answered = wire.exchanges[-1]
    assert status == 200
    with make_client(client_target, contract_options.api_key, wire) as client:
        client.stop(session_id=answered["data"]["session_id"])  # keep below the concurrency limit
    assert sent != body
    assert validator(client_spec, "NewSessionRequest").errors(sent) == []


@pytest.fixture(scope="module")
def stricter_server(client_spec: Mapping[str, Any], contract_options: Options) -> Any:
    """A mock whose spec raises activity_idle_timeout's minimum to 60: stricter than the client."""
    import copy

    from heygen_streaming_mock import create_app

    spec = copy.deepcopy(dict(client_spec))
    props = spec["components"]["schemas"]["NewSessionRequest"]["properties"]
    props["activity_idle_timeout"]["minimum"] = 60
    app = create_app(strict=True, api_keys=[contract_options.api_key], spec=spec)
    return RecordingTransport(sync_transport_for(app))


@given(timeout=st.integers(min_value=30, max_value=59))
def test_input_the_client_allows_but_the_server_refuses_is_a_bad_request_with_its_message(
    timeout: int,
    client_target: ClientTarget,
    stricter_server: RecordingTransport,
    contract_options: Options,
) -> None:
    errors = client_target.errors
    with (
        make_client(client_target, contract_options.api_key, stricter_server) as client,
        pytest.raises(errors.BadRequestError) as caught,
    ):
        client.new_session(quality="low", activity_idle_timeout=timeout)
    sent, status, answered = stricter_server.exchanges[-1]
    assert (status, sent["activity_idle_timeout"]) == (400, timeout)
    assert caught.value.message == answered["message"]
    assert "activity_idle_timeout" in caught.value.message
