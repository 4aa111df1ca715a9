"""The third spec (`tests/spine/third.yaml`): valid OpenAPI 3.1 in the project's conventions.

Every area's tests use it to show that nothing in the toolkit names either HeyGen API: it has
path parameters, a 201 answer, a 422 error shape, a session named by a path parameter, the
ticket or a body field, states of its own, and every error kind LA-DESIGN.md lists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from heygen_streaming.lifecycle import path_to
from heygen_streaming.spec_model import Operation, SpecModel
from openapi_spec_validator import validate

THIRD = Path(__file__).resolve().parent / "third.yaml"
MODEL = SpecModel.load(THIRD)
RULES = MODEL.lifecycle
KINDS = (
    "unauthenticated",
    "validation",
    "missing-field",
    "invalid-query",
    "no-session",
    "unknown-session",
    "wrong-state",
    "concurrency",
)


def _with(role: str) -> list[str]:
    return [op.operation_id for op in MODEL.operations if op.lifecycle.get(role)]


def test_the_third_spec_is_valid_openapi_3_1_with_its_own_api_and_server() -> None:
    document = yaml.safe_load(THIRD.read_text("utf-8"))
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["x-api"] == {"name": "third", "product": "Rooms API", "env-prefix": "ROOMS"}
    assert document["servers"][0]["url"] == "https://rooms.example.com"
    envelope = {"code", "message", "data", "success", "error", "error-codes"}
    assert set(document["x-envelope"]) == envelope


def test_the_model_loads_its_lifecycle_with_states_of_its_own() -> None:
    assert RULES.states == ("pending", "live", "ended")
    assert (RULES.initial, RULES.closed, RULES.session_id) == ("pending", "ended", "room_id")
    assert set(RULES.errors) == set(KINDS)
    assert str(RULES.error("validation")) == "422 with code 1422"
    steps = path_to(RULES, MODEL.operations, "live") or []
    assert [op.operation_id for op in steps] == ["go_live"]


def test_one_call_creates_the_room_with_201_and_mints_its_bound_ticket() -> None:
    assert _with("creates") == _with("issues-token") == _with("limited") == ["create_room"]
    assert MODEL.operation("create_room").success_status == 201
    assert _with("closes") == ["end_room"]
    assert RULES.token_scope == "session"


@pytest.mark.parametrize("op", MODEL.operations, ids=lambda op: op.operation_id)
def test_each_place_naming_the_room_exists_and_the_ticket_goes_as_bearer(op: Operation) -> None:
    places = op.lifecycle.session_from or ()
    assert bool(places) == (op.lifecycle.requires is not None)
    if "path" in places:
        assert ("room_id", "path") in {(p.name, p.location) for p in op.parameters}
        assert "{room_id}" in op.path
    if "body" in places:
        assert "room_id" in MODEL.resolve(op.request_schema)["properties"]
    if "token" in places:
        assert any(s.prefix == "Bearer " for alt in op.security for s in alt)
    assert {p for op in MODEL.operations for p in op.lifecycle.session_from or ()} == {
        "path",
        "token",
        "body",
    }


@pytest.mark.parametrize("op", MODEL.operations, ids=lambda op: op.operation_id)
def test_every_example_matches_its_schema_and_each_error_kind_is_documented_where_given(
    op: Operation,
) -> None:
    for example in op.request_examples.values():
        validator = op.request_validator()
        assert validator is not None
        assert validator.errors(example) == []
    for status, response in op.responses.items():
        for example in response.examples.values():
            assert MODEL.validator(response.schema or {}).errors(example) == [], status
    codes = {(s, e["code"]) for s, r in op.responses.items() for e in r.examples.values()}
    kinds = ["unauthenticated", "validation"]
    kinds += ["unknown-session"] if op.lifecycle.session_from else []
    kinds += ["concurrency"] if op.lifecycle.limited else []
    kinds += ["no-session"] if "body" in (op.lifecycle.session_from or ()) else []
    requires = set(op.lifecycle.requires or RULES.states or ())
    kinds += ["wrong-state"] if requires != set(RULES.states or ()) else []
    for kind in kinds:
        rule = RULES.error(kind)
        assert (rule.status, rule.code) in codes, kind


def test_the_list_mapping_uses_the_shared_vocabulary_and_covers_every_state() -> None:
    op = MODEL.operation("list_rooms")
    mapping = op.extensions["x-list"]
    assert op.lifecycle.lists == "filtered"
    room = MODEL.resolve(MODEL.document["components"]["schemas"]["Room"])
    assert set(room["required"]) <= set(mapping["item"]) <= set(room["properties"])
    sources = {v for v in mapping["item"].values() if isinstance(v, str)}
    assert {"session-id", "state", "created-at"} <= sources
    filtered = {p.name: p for p in op.parameters}[mapping["filter"]["parameter"]]
    assert filtered.required
    assert filtered.schema["enum"] == list(mapping["filter"]["values"])
    shown = sorted(s for states in mapping["filter"]["values"].values() for s in states)
    assert shown == sorted(RULES.states or ())


def test_the_ticket_is_a_secret() -> None:
    assert "ticket" in MODEL.secret_fields
