"""Every operation of the Streaming API is in the contract, with the names the team fixed.

Operation ids, methods, paths, security, retry safety (`x-idempotent`), unwrapping (`x-unwrap`),
the statuses each can answer and the OpenAPI links the stateful contract suite follows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel

ROOT = Path(__file__).resolve().parents[2]
MODEL = SpecModel.load(ROOT / "openapi" / "streaming.yaml")
DOC: dict[str, Any] = MODEL.document

OPERATIONS = {
    "create_token": ("POST", "/v1/streaming.create_token"),
    "new_session": ("POST", "/v1/streaming.new"),
    "start": ("POST", "/v1/streaming.start"),
    "task": ("POST", "/v1/streaming.task"),
    "interrupt": ("POST", "/v1/streaming.interrupt"),
    "keep_alive": ("POST", "/v1/streaming.keep_alive"),
    "start_listening": ("POST", "/v1/streaming.start_listening"),
    "stop_listening": ("POST", "/v1/streaming.stop_listening"),
    "stop": ("POST", "/v1/streaming.stop"),
    "list_sessions": ("GET", "/v1/streaming.list"),
    "list_sessions_v2": ("GET", "/v2/streaming.list"),
}
SESSION_OPERATIONS = [
    "start",
    "task",
    "interrupt",
    "keep_alive",
    "start_listening",
    "stop_listening",
    "stop",
]
IDEMPOTENT = {
    "stop",
    "keep_alive",
    "list_sessions",
    "list_sessions_v2",
    "interrupt",
    "start_listening",
    "stop_listening",
}


def test_the_spec_has_exactly_the_eleven_operations_at_their_fixed_routes() -> None:
    found = {op.operation_id: (op.method, op.path) for op in MODEL.operations}
    assert found == OPERATIONS


def test_streaming_ice_is_left_out_and_the_spec_says_why() -> None:
    assert not [path for path in DOC["paths"] if "ice" in path]
    description = DOC["info"]["description"]
    assert "streaming.ice" in description
    assert "2/28/25" in description


def test_both_security_schemes_are_declared_as_the_team_fixed_them() -> None:
    schemes = MODEL.security_schemes
    assert (schemes["ApiKeyAuth"].type, schemes["ApiKeyAuth"].header) == ("apiKey", "X-Api-Key")
    bearer = schemes["BearerAuth"]
    assert (bearer.type, bearer.scheme, bearer.header, bearer.prefix) == (
        "http",
        "bearer",
        "Authorization",
        "Bearer ",
    )


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_each_operation_takes_the_key_or_a_session_token_but_create_token_takes_the_key_only(
    operation_id: str,
) -> None:
    op = MODEL.operation(operation_id)
    alternatives = [[s.name for s in alt] for alt in op.security]
    if operation_id == "create_token":
        assert alternatives == [["ApiKeyAuth"]]
        assert op.node["security"] == [{"ApiKeyAuth": []}]
    else:
        assert alternatives == [["ApiKeyAuth"], ["BearerAuth"]]
        assert op.node["security"] == [{"ApiKeyAuth": []}, {"BearerAuth": []}]


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_only_the_operations_that_are_safe_to_repeat_are_marked_idempotent(
    operation_id: str,
) -> None:
    assert MODEL.operation(operation_id).idempotent is (operation_id in IDEMPOTENT)


def test_new_session_and_task_are_never_marked_safe_to_repeat() -> None:
    for operation_id in ("new_session", "task", "create_token", "start"):
        assert "x-idempotent" not in MODEL.operation(operation_id).node, operation_id


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_x_unwrap_names_data_exactly_where_the_success_body_wraps_its_result_in_data(
    operation_id: str,
) -> None:
    op = MODEL.operation(operation_id)
    schema = MODEL.resolve(op.responses[op.success_status].schema)
    data = MODEL.resolve(schema.get("properties", {}).get("data", {}))
    wraps = data.get("type") == "object"
    assert op.extensions.get("x-unwrap") == ("data" if wraps else None)
    if wraps:
        assert "data" in schema["required"]


@pytest.mark.parametrize(
    ("operation_id", "envelope"),
    [
        ("create_token", {"error", "data"}),
        ("new_session", {"code", "message", "data"}),
        ("start", {"status"}),
        ("task", {"code", "message", "data"}),
        ("interrupt", {"code", "message"}),
        ("keep_alive", {"code", "message"}),
        ("start_listening", {"code", "message"}),
        ("stop_listening", {"code", "message"}),
        ("stop", {"status"}),
        ("list_sessions", {"sessions"}),
        ("list_sessions_v2", {"total", "page", "page_size", "data"}),
    ],
)
def test_each_success_envelope_is_the_one_the_endpoint_really_uses(
    operation_id: str, envelope: set[str]
) -> None:
    op = MODEL.operation(operation_id)
    schema = MODEL.resolve(op.responses[op.success_status].schema)
    assert set(schema["required"]) == envelope
    for name, example in op.responses[op.success_status].examples.items():
        if "code" in envelope:
            assert example["code"] == 100, name
        if "status" in envelope:
            assert example["status"] == "success", name
        if "error" in envelope:
            assert example["error"] is None, name


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_every_error_answer_is_heygens_code_and_message_envelope(operation_id: str) -> None:
    op = MODEL.operation(operation_id)
    for status, response in op.responses.items():
        if status >= 400:
            assert MODEL.ref_name(response.schema) == "ErrorResponse", (operation_id, status)
            assert response.examples, (operation_id, status)


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_every_status_the_mock_can_send_on_a_documented_route_is_documented(
    operation_id: str,
) -> None:
    op = MODEL.operation(operation_id)
    expected = {200, 400, 401, 408, 429, 431, 500, 503}
    if op.method == "POST":
        expected |= {413, 415}
    if operation_id in SESSION_OPERATIONS:
        expected.add(404)
    assert set(op.statuses) == expected


def _codes(operation_id: str, status: int) -> set[int]:
    return {e["code"] for e in MODEL.operation(operation_id).responses[status].examples.values()}


def test_heygens_own_error_codes_appear_where_they_apply() -> None:
    for operation_id in OPERATIONS:
        assert 400112 in _codes(operation_id, 401), operation_id
    assert {40001, 400175} <= _codes("new_session", 400)
    assert {40001, 400175, 400006} <= _codes("task", 400)
    assert 40012 in _codes("list_sessions_v2", 400)
    for status in (408, 413, 415, 431, 500, 503):
        assert _codes("new_session", status) == {status}


def test_the_v2_list_query_parameters_are_optional_and_marked_as_not_documented() -> None:
    op = MODEL.operation("list_sessions_v2")
    params = {p.name: p for p in op.parameters}
    assert set(params) == {"page", "page_size", "pagination_token"}
    assert not [p for p in params.values() if p.required]
    for raw in op.node["parameters"]:
        assert "x-not-in-doc" in raw, raw["name"]
    assert not MODEL.operation("list_sessions").parameters


def _links(operation_id: str) -> dict[str, Any]:
    op = MODEL.operation(operation_id)
    raw = MODEL.resolve(op.node["responses"][str(op.success_status)])
    return dict(raw.get("links", {}))


def test_new_session_links_its_session_id_to_every_call_that_takes_one() -> None:
    links = _links("new_session")
    targets = {link["operationId"] for link in links.values()}
    taking_session_id = {
        op.operation_id
        for op in MODEL.operations
        if op.request_schema is not None
        and "session_id" in MODEL.resolve(op.request_schema).get("required", [])
    }
    assert targets == taking_session_id == set(SESSION_OPERATIONS)
    for link in links.values():
        assert link["requestBody"] == {"session_id": "$response.body#/data/session_id"}


def test_create_token_links_its_token_to_new_session_as_a_bearer_header() -> None:
    links = _links("create_token")
    assert [link["operationId"] for link in links.values()] == ["new_session"]
    (link,) = links.values()
    assert link["parameters"] == {"header.Authorization": "Bearer {$response.body#/data/token}"}


def test_start_and_task_pass_their_session_id_on_so_stateful_runs_reach_a_connected_session() -> (
    None
):
    needs_connected = {
        op.operation_id
        for op in MODEL.operations
        if "connected" in op.lifecycle.get("requires", []) and op.operation_id != "start"
    }
    start = _links("start")
    assert {link["operationId"] for link in start.values()} == needs_connected
    task = _links("task")
    assert {link["operationId"] for link in task.values()} == {
        "interrupt",
        "start_listening",
        "stop",
    }
    for link in [*start.values(), *task.values()]:
        assert link["requestBody"] == {"session_id": "$request.body#/session_id"}


def test_schemathesis_turns_every_link_into_a_transition_of_its_stateful_phase() -> None:
    schemathesis = pytest.importorskip("schemathesis")
    machine = schemathesis.openapi.from_dict(DOC).as_state_machine()
    # One rule per link, named `<source>___<status>_<link>__<target>`; an unresolvable link
    # would have raised while the machine was built.
    rules = [name for name in dir(machine) if "___200_" in name]
    links = [(op.operation_id, name) for op in MODEL.operations for name in _links(op.operation_id)]
    assert len(rules) == len(links) == 17
