"""Client conformance: bodies drawn from the spec go through the generated models and the client.

Both sides are injectable (`--client-package` with `PYTHONPATH`, `--mock-factory`), so the same
properties can judge an old client against a new mock, or the reverse. What is sent and read is
the client spec's creating operation (`x-lifecycle creates`), its answer and its error schema;
the closing operation stops each session opened.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from contract_tests.harness.options import Options
from contract_tests.harness.strategies import request_bodies, schema_values
from contract_tests.harness.targets import ClientTarget, Creating, MockFactory, build_target
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


def assert_refused(creating: Creating, exchange: tuple[Any, int, Any], refused: Any) -> None:
    """The server's answer is a documented 4xx, and the client's error carries its message."""
    status = exchange[1]
    assert status in creating.op.responses, status
    assert 400 <= status < 500, status
    assert getattr(refused, "message", None) == exchange[2][creating.why]


@pytest.fixture(scope="module")
def creating(client_target: ClientTarget, contract_options: Options) -> Creating:
    return Creating.of(client_target, contract_options.api_key)


@pytest.fixture(scope="module")
def strategies(creating: Creating) -> dict[str, st.SearchStrategy[Any]]:
    op, spec = creating.op.operation_id, creating.spec
    answer = creating.op.responses[creating.op.success_status].schema or {}
    return {
        # What the client sends: the strict profile (the client refuses what is only tolerated).
        "valid": request_bodies(spec, op, valid=True, strict=True),
        "invalid": request_bodies(spec, op, valid=False),
        "response": schema_values(spec, str(creating.model.ref_name(answer))),
        "error": schema_values(spec, creating.error),
    }


@pytest.fixture(scope="module")
def wire(mock_factory: MockFactory, contract_options: Options) -> RecordingTransport:
    o = contract_options
    app = build_target(mock_factory, api_key=o.api_key, seed=o.seed, spec=o.model)
    return RecordingTransport(sync_transport_for(app))


@given(data=st.data())
def test_valid_request_bodies_round_trip_through_the_generated_model(
    data: st.DataObject, strategies: Any, creating: Creating
) -> None:
    body = data.draw(strategies["valid"], label="body")
    model_cls = creating.model_class(body)
    out = model_cls.from_dict(body).to_dict()
    # Every field given comes back unchanged; the rest are the spec's defaults.
    assert {k: out[k] for k in body} == body
    assert model_cls.from_dict(out).to_dict() == out
    assert creating.errors(out) == []


@given(data=st.data())
def test_client_sends_every_valid_body_and_the_mock_accepts_it(
    data: st.DataObject, strategies: Any, creating: Creating, wire: RecordingTransport
) -> None:
    body = data.draw(strategies["valid"], label="body")
    request = creating.model_class(body).from_dict(body)
    before = len(wire.exchanges)
    with creating.client(wire, creating.key) as client:
        session = creating.create(client, request)
        # Stopped at once: the mock counts open sessions against the key's concurrency limit.
        creating.stop(client, getattr(session, creating.rules.session_field))
    assert len(wire.exchanges) == before + 2
    sent, status, answered = wire.exchanges[-2]
    assert sent == request.to_dict()
    assert status == creating.op.success_status, answered
    assert session.to_dict() == answered[creating.unwrap]


@given(data=st.data())
def test_client_parses_every_valid_response_into_a_session(
    data: st.DataObject, strategies: Any, creating: Creating
) -> None:
    body = data.draw(strategies["response"], label="response")
    answer = creating.model.resolve(creating.op.responses[creating.op.success_status].schema)
    data_schema = answer["properties"][creating.unwrap]
    expected = getattr(creating.target.models, str(creating.model.ref_name(data_schema)))
    with creating.client(CannedTransport(creating.op.success_status, body)) as client:
        session = creating.create(client, **creating.example())
    assert isinstance(session, expected)
    assert session.to_dict() == body[creating.unwrap]


@given(data=st.data(), status=st.sampled_from([*sorted(EXPECTED_ERROR), 413, 415, 418]))
def test_client_turns_every_error_body_into_its_typed_error(
    data: st.DataObject, status: int, strategies: Any, creating: Creating
) -> None:
    body = data.draw(strategies["error"], label="error")
    # An empty message is not an envelope to the client: it shows the raw body instead.
    assume(bool(body[creating.why].strip()))
    errors = creating.target.errors
    transport = CannedTransport(status, body)
    with creating.client(transport) as client, pytest.raises(errors.APIStatusError) as caught:
        creating.create(client, **creating.example())
    assert type(caught.value) is getattr(errors, EXPECTED_ERROR.get(status, "APIStatusError"))
    assert (caught.value.status_code, caught.value.code) == (status, body[creating.code])
    assert caught.value.message == body[creating.why]
    assert transport.calls == 1  # max_retries=0: one request, whatever the status


@given(data=st.data())
def test_invalid_input_is_refused_client_side_or_comes_back_as_a_documented_refusal(
    data: st.DataObject, strategies: Any, creating: Creating, wire: RecordingTransport
) -> None:
    body = data.draw(strategies["invalid"], label="invalid body")
    # Negative cases may break another part of the request (a header) and keep a valid body.
    assume(isinstance(body, dict) and creating.errors(body))
    before = len(wire.exchanges)
    refused: Exception | None = None
    with creating.client(wire, creating.key) as client:
        try:
            creating.create(client, **body)
        except (ValueError, creating.target.errors.APIStatusError) as exc:
            refused = exc
        if isinstance(refused, ValueError):
            event("refused client-side")
            assert len(wire.exchanges) == before, "refused client-side, yet a request went out"
            return
        if refused is not None:
            event("refused by the server")
            assert_refused(creating, wire.exchanges[-1], refused)
            return
        # Accepted: only when the client dropped what made it invalid (None means "not given").
        event("accepted after the client dropped None fields")
        sent, status, answered = wire.exchanges[-1]
        assert status == creating.op.success_status
        creating.stop(client, answered[creating.unwrap][creating.rules.session_field])
    assert sent != body
    assert creating.errors(sent) == []


@pytest.fixture(scope="module")
def bounded(creating: Creating) -> tuple[str, int]:
    """A bounded integer field of the creating request, and its minimum."""
    found = creating.rules.minimums(creating.op)
    if not found:
        pytest.skip("the creating request has no integer field with a minimum")
    return next(iter(found.items()))


@pytest.fixture(scope="module")
def stricter_server(creating: Creating, bounded: tuple[str, int]) -> RecordingTransport:
    """A mock whose spec raises that field's minimum by 30: stricter than the client."""
    from heygen_streaming_mock import create_app

    spec = creating.raised(bounded[0], 30)
    return RecordingTransport(
        sync_transport_for(create_app(strict=True, api_keys=[creating.key], spec=spec))
    )


@given(data=st.data())
def test_input_the_client_allows_but_the_server_refuses_is_refused_with_its_message(
    data: st.DataObject,
    creating: Creating,
    bounded: tuple[str, int],
    stricter_server: RecordingTransport,
) -> None:
    field, least = bounded
    value = data.draw(st.integers(min_value=least, max_value=least + 29), label=field)
    with (
        creating.client(stricter_server, creating.key) as client,
        pytest.raises(creating.target.errors.APIStatusError) as caught,
    ):
        creating.create(client, **{**creating.example(), field: value})
    sent, status, _ = stricter_server.exchanges[-1]
    assert (status, sent[field]) == (caught.value.status_code, value)
    assert_refused(creating, stricter_server.exchanges[-1], caught.value)
    assert field in caught.value.message
