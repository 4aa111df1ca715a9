"""Client conformance: bodies drawn from the spec go through the generated models and the client.

Both sides are injectable (`--client-package` with `PYTHONPATH`, `--mock-factory`), so the same
properties can judge an old client against a new mock, or the reverse. What is sent and read is
the client spec's creating operation (`x-lifecycle creates`), its answer and its error schema;
the closing operation stops each session opened.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from heygen_streaming.spec_model import Operation, SpecModel
from hypothesis import assume, event, given
from hypothesis import strategies as st

from contract_tests.harness.options import Options
from contract_tests.harness.rules import Rules
from contract_tests.harness.strategies import request_bodies, schema_values
from contract_tests.harness.targets import ClientTarget, MockFactory, build_target
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


@dataclass(frozen=True)
class Creating:
    """The client spec's creating operation, as these properties send it and read its answer."""

    model: SpecModel
    op: Operation

    @property
    def rules(self) -> Rules:
        return Rules.of(self.model)

    @property
    def request(self) -> str:  # the request body's schema (its generated model's name)
        return str(self.model.ref_name(self.op.request_schema))

    @property
    def unwrap(self) -> str:  # the answer field holding the new session
        return str(self.op.extensions["x-unwrap"])

    @property
    def answer(self) -> Mapping[str, Any]:
        return self.op.responses[self.op.success_status].schema or {}

    def error(self) -> tuple[str, str, str]:
        """The error schema's name, its integer field (the code) and its string one (why)."""
        node = next(r.schema for s, r in sorted(self.op.responses.items()) if s >= 400)
        props = self.model.resolve(node)["properties"]
        code = next(k for k, v in props.items() if self.model.resolve(v).get("type") == "integer")
        why = next(k for k, v in props.items() if self.model.resolve(v).get("type") == "string")
        return str(self.model.ref_name(node)), str(code), str(why)

    def example(self) -> dict[str, Any]:
        """The first documented request a careful client sends (valid in the strict profile)."""
        strict = self.model.strict_validator(self.op.request_schema or {})
        return next(dict(e) for e in self.op.request_examples.values() if strict.is_valid(e))

    def model_class(self, models: Any, body: Any) -> Any:
        """The generated model of `body`: the request's, or the branch of its union it fits."""
        node = self.model.resolve(self.op.request_schema)
        for branch in node.get("oneOf") or node.get("anyOf") or ():
            if self.model.validator(branch).is_valid(body):
                return getattr(models, str(self.model.ref_name(branch)))
        return getattr(models, self.request)

    def create(self, client: Any, *args: Any, **fields: Any) -> Any:
        return getattr(client, self.op.operation_id)(*args, **fields)

    def stop(self, client: Any, session_id: str) -> None:
        closing = self.rules.closing
        assert closing is not None
        getattr(client, closing.operation_id)(**{self.rules.session_field: session_id})


@pytest.fixture(scope="module")
def client_spec(client_target: ClientTarget) -> Mapping[str, Any]:
    return client_target.spec()


@pytest.fixture(scope="module")
def creating(client_spec: Mapping[str, Any]) -> Creating:
    model = SpecModel(client_spec)
    return Creating(model, next(op for op in model if op.lifecycle.creates))


@pytest.fixture(scope="module")
def strategies(
    client_spec: Mapping[str, Any], creating: Creating
) -> dict[str, st.SearchStrategy[Any]]:
    op = creating.op.operation_id
    return {
        # What the client sends: the strict profile (the client refuses what is only tolerated).
        "valid": request_bodies(client_spec, op, valid=True, strict=True),
        "invalid": request_bodies(client_spec, op, valid=False),
        "response": schema_values(client_spec, str(creating.model.ref_name(creating.answer))),
        "error": schema_values(client_spec, creating.error()[0]),
    }


@pytest.fixture(scope="module")
def wire(mock_factory: MockFactory, contract_options: Options) -> RecordingTransport:
    o = contract_options
    app = build_target(mock_factory, api_key=o.api_key, seed=o.seed, spec=o.model)
    return RecordingTransport(sync_transport_for(app))


def make_client(target: ClientTarget, key: str, transport: httpx.BaseTransport) -> Any:
    # The strict check: any difference from the spec is an error (the default reader tolerates
    # off-spec fields the client does not act on).
    return target.client_class()(
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
    creating: Creating,
) -> None:
    body = data.draw(strategies["valid"], label="body")
    model_cls = creating.model_class(client_target.models, body)
    model = model_cls.from_dict(body)
    out = model.to_dict()
    # Every field given comes back unchanged; the rest are the spec's defaults.
    assert {k: out[k] for k in body} == body
    assert model_cls.from_dict(out).to_dict() == out
    assert validator(client_spec, creating.request).errors(out) == []


@given(data=st.data())
def test_client_sends_every_valid_body_and_the_mock_accepts_it(
    data: st.DataObject,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
    creating: Creating,
    wire: RecordingTransport,
    contract_options: Options,
) -> None:
    body = data.draw(strategies["valid"], label="body")
    request = creating.model_class(client_target.models, body).from_dict(body)
    before = len(wire.exchanges)
    with make_client(client_target, contract_options.api_key, wire) as client:
        session = creating.create(client, request)
        # Stopped at once: the mock counts open sessions against the key's concurrency limit.
        creating.stop(client, getattr(session, creating.rules.session_field))
    assert len(wire.exchanges) == before + 2
    wire.exchanges.pop()
    sent, status, answered = wire.exchanges[-1]
    assert sent == request.to_dict()
    assert status == creating.op.success_status, answered
    assert session.to_dict() == answered[creating.unwrap]


@given(data=st.data())
def test_client_parses_every_valid_response_into_a_session(
    data: st.DataObject,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
    creating: Creating,
) -> None:
    body = data.draw(strategies["response"], label="response")
    data_schema = creating.model.resolve(creating.answer)["properties"][creating.unwrap]
    expected = getattr(client_target.models, str(creating.model.ref_name(data_schema)))
    transport = CannedTransport(creating.op.success_status, body)
    with make_client(client_target, "k", transport) as client:
        session = creating.create(client, **creating.example())
    assert isinstance(session, expected)
    assert session.to_dict() == body[creating.unwrap]


@given(data=st.data(), status=st.sampled_from([*sorted(EXPECTED_ERROR), 413, 415, 418]))
def test_client_turns_every_error_body_into_its_typed_error(
    data: st.DataObject,
    status: int,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
    creating: Creating,
) -> None:
    body = data.draw(strategies["error"], label="error")
    _, code, why = creating.error()
    # An empty message is not an envelope to the client: it shows the raw body instead.
    assume(bool(body[why].strip()))
    errors = client_target.errors
    expected = getattr(errors, EXPECTED_ERROR.get(status, "APIStatusError"))
    transport = CannedTransport(status, body)
    with (
        make_client(client_target, "k", transport) as client,
        pytest.raises(errors.APIStatusError) as caught,
    ):
        creating.create(client, **creating.example())
    assert type(caught.value) is expected
    assert (caught.value.status_code, caught.value.code) == (status, body[code])
    assert caught.value.message == body[why]
    assert transport.calls == 1  # max_retries=0: one request, whatever the status


@given(data=st.data())
def test_invalid_input_is_refused_client_side_or_comes_back_as_a_documented_refusal(
    data: st.DataObject,
    strategies: dict[str, st.SearchStrategy[Any]],
    client_target: ClientTarget,
    client_spec: Mapping[str, Any],
    creating: Creating,
    wire: RecordingTransport,
    contract_options: Options,
) -> None:
    body = data.draw(strategies["invalid"], label="invalid body")
    # Negative cases may break another part of the request (a header) and keep a valid body.
    assume(isinstance(body, dict) and not validator(client_spec, creating.request).is_valid(body))
    errors = client_target.errors
    before = len(wire.exchanges)
    refused: Exception | None = None
    with make_client(client_target, contract_options.api_key, wire) as client:
        try:
            creating.create(client, **body)
        except (ValueError, errors.APIStatusError) as exc:
            refused = exc
    if isinstance(refused, ValueError):
        event("refused client-side")
        assert len(wire.exchanges) == before, "refused client-side, yet a request went out"
        return
    if refused is not None:
        event("refused by the server")
        sent, status, answered = wire.exchanges[-1]
        assert status in creating.op.responses, status
        assert 400 <= status < 500, status
        assert getattr(refused, "message", None) == answered[creating.error()[2]]
        return
    # Accepted: only when the client dropped what made it invalid (None means "not given").
    event("accepted after the client dropped None fields")
    sent, status, answered = wire.exchanges[-1]
    assert status == creating.op.success_status
    with make_client(client_target, contract_options.api_key, wire) as client:
        session_id = answered[creating.unwrap][creating.rules.session_field]
        creating.stop(client, session_id)  # keep below the concurrency limit
    assert sent != body
    assert validator(client_spec, creating.request).errors(sent) == []


def _raised(document: Any, field: str, by: int) -> None:
    """Raise the minimum of every property `field` that has one, anywhere in `document`."""
    if isinstance(document, dict):
        prop = (document.get("properties") or {}).get(field) or {}
        for shape in [prop, *prop.get("anyOf", ()), *prop.get("oneOf", ())]:
            if "minimum" in shape:
                shape["minimum"] += by
        for value in document.values():
            _raised(value, field, by)
    elif isinstance(document, list):
        for value in document:
            _raised(value, field, by)


@pytest.fixture(scope="module")
def bounded(creating: Creating) -> tuple[str, int]:
    """A bounded integer field of the creating request, and its minimum."""
    found = creating.rules.minimums(creating.op)
    if not found:
        pytest.skip("the creating request has no integer field with a minimum")
    return next(iter(found.items()))


@pytest.fixture(scope="module")
def stricter_server(
    client_spec: Mapping[str, Any], contract_options: Options, bounded: tuple[str, int]
) -> Any:
    """A mock whose spec raises that field's minimum by 30: stricter than the client."""
    from heygen_streaming_mock import create_app

    spec = copy.deepcopy(dict(client_spec))
    _raised(spec, bounded[0], 30)
    app = create_app(strict=True, api_keys=[contract_options.api_key], spec=spec)
    return RecordingTransport(sync_transport_for(app))


@given(data=st.data())
def test_input_the_client_allows_but_the_server_refuses_is_refused_with_its_message(
    data: st.DataObject,
    client_target: ClientTarget,
    creating: Creating,
    bounded: tuple[str, int],
    stricter_server: RecordingTransport,
    contract_options: Options,
) -> None:
    field, least = bounded
    value = data.draw(st.integers(min_value=least, max_value=least + 29), label=field)
    errors = client_target.errors
    with (
        make_client(client_target, contract_options.api_key, stricter_server) as client,
        pytest.raises(errors.APIStatusError) as caught,
    ):
        creating.create(client, **{**creating.example(), field: value})
    sent, status, answered = stricter_server.exchanges[-1]
    assert (status, sent[field]) == (caught.value.status_code, value)
    assert status in creating.op.responses
    assert 400 <= status < 500
    assert caught.value.message == answered[creating.error()[2]]
    assert field in caught.value.message
