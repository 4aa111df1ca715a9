"""The one spec model: operations, routes, security, secrets, references and the strict profile."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from heygen_streaming.spec import SpecError
from heygen_streaming.spec_model import SpecModel, packaged_model

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "security": [{"Key": []}],
    "x-session-lifecycle": {"session-id": "sid"},
    "paths": {
        "/v1/a.make": {
            "post": {
                "operationId": "make",
                "x-lifecycle": {"creates": True},
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Alias"},
                            "examples": {"one": {"value": {"n": 1}}},
                        }
                    },
                },
                "responses": {
                    "200": {"$ref": "#/components/responses/Ok"},
                    "400": {"description": "bad"},
                },
            },
            "get": {
                "operationId": "look",
                "x-idempotent": True,
                "security": [{"Key": []}, {"Bearer": []}],
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok"}},
            },
        }
    },
    "components": {
        "securitySchemes": {
            "Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "Bearer": {"type": "http", "scheme": "bearer"},
        },
        "responses": {
            "Ok": {
                "description": "made",
                "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Made"},
                        "example": {"token": "t0ken-value"},
                    }
                },
            }
        },
        "schemas": {
            "Alias": {"$ref": "#/components/schemas/Req"},
            "Req": {
                "type": "object",
                "required": ["n"],
                "properties": {
                    "n": {"type": "integer", "minimum": 1, "maximum": 5},
                    "label": {"anyOf": [{"type": "string"}, {"type": "null", "x-tolerated": "e"}]},
                    "old_n": {"type": "integer", "deprecated": True},
                    "child": {"$ref": "#/components/schemas/Req"},
                },
                "additionalProperties": {"x-tolerated": "the server ignores unknown fields"},
            },
            "Made": {
                "type": "object",
                "properties": {"token": {"type": "string", "x-secret": True}},
            },
        },
    },
}


@pytest.fixture
def model() -> SpecModel:
    return SpecModel(DOC)


def test_operations_are_listed_in_spec_order_with_method_and_path(model: SpecModel) -> None:
    # Paths in document order; within a path, methods in OpenAPI's order (get before post).
    assert [(o.operation_id, o.method, o.path) for o in model.operations] == [
        ("look", "GET", "/v1/a.make"),
        ("make", "POST", "/v1/a.make"),
    ]


def test_route_finds_the_operation_by_method_and_path(model: SpecModel) -> None:
    assert model.route("post", "/v1/a.make") is model.operation("make")
    assert model.route("DELETE", "/v1/a.make") is None
    assert model.route("POST", "/nowhere") is None
    assert set(model.allowed_methods("/v1/a.make")) == {"GET", "POST"}
    assert model.allowed_methods("/nowhere") == ()


def test_an_unknown_operation_id_names_the_known_ones(model: SpecModel) -> None:
    with pytest.raises(KeyError, match="look, make"):
        model.operation("nope")


def test_security_comes_from_security_schemes_with_the_document_default(model: SpecModel) -> None:
    make, look = model.operation("make"), model.operation("look")
    assert [[s.header for s in alt] for alt in make.security] == [["X-Key"]]
    assert [[s.name for s in alt] for alt in look.security] == [["Key"], ["Bearer"]]
    bearer = model.security_schemes["Bearer"]
    assert bearer.value("tok") == "Bearer tok"
    assert bearer.credential("bearer tok") == "tok"
    assert bearer.credential("Basic x") is None
    assert model.security_schemes["Key"].credential("k") == "k"


def test_request_response_and_examples_follow_ref_chains(model: SpecModel) -> None:
    make = model.operation("make")
    assert make.request_required
    assert make.request_examples == {"one": {"n": 1}}
    assert make.statuses == (200, 400)
    assert make.success_status == 200
    assert make.responses[200].examples == {"example": {"token": "t0ken-value"}}
    assert make.responses[200].headers == frozenset({"retry-after"})
    assert make.lifecycle.roles() == {"creates": True}
    assert not make.idempotent
    assert model.operation("look").idempotent
    assert model.operation("look").parameters[0].location == "query"
    assert model.extension("x-session-lifecycle") == {"session-id": "sid"}


def test_validators_check_the_exact_spec(model: SpecModel) -> None:
    v = model.operation("make").request_validator()
    assert v is not None
    assert v.is_valid({"n": 1, "label": None, "old_n": 2, "unknown": True})
    assert [e.path for e in v.errors({"n": 9})] == ["n"]
    assert model.validator({"$ref": "#/components/schemas/Alias"}) is v


def test_the_strict_profile_refuses_what_is_only_tolerated(model: SpecModel) -> None:
    v = model.operation("make").request_validator(strict=True)
    assert v is not None
    assert v.is_valid({"n": 1, "label": "x", "child": {"n": 2}})
    assert not v.is_valid({"n": 1, "label": None})
    assert not v.is_valid({"n": 1, "old_n": 2})
    assert not v.is_valid({"n": 1, "unknown": True})


def test_deref_inlines_refs_and_keeps_recursive_ones(model: SpecModel) -> None:
    req = model.deref({"$ref": "#/components/schemas/Alias"})
    assert req["properties"]["n"]["maximum"] == 5
    assert req["properties"]["child"] == {"$ref": "#/components/schemas/Req"}


def test_a_ref_cycle_is_an_error_not_a_hang() -> None:
    doc = copy.deepcopy(DOC)
    doc["components"]["schemas"]["Req"] = {"$ref": "#/components/schemas/Alias"}
    with pytest.raises(ValueError, match="cycle"):
        SpecModel(doc).resolve({"$ref": "#/components/schemas/Alias"})


def test_a_dangling_ref_names_itself(model: SpecModel) -> None:
    with pytest.raises(ValueError, match="#/components/schemas/Nope"):
        model.resolve({"$ref": "#/components/schemas/Nope"})


def test_secret_fields_are_found_anywhere(model: SpecModel) -> None:
    assert model.secret_fields == frozenset({"token"})


def test_the_model_is_a_copy_of_the_document_given() -> None:
    doc = copy.deepcopy(DOC)
    model = SpecModel(doc)
    doc["paths"].clear()
    assert len(model.operations) == 2


def test_the_packaged_model_is_loaded_once_and_lists_every_operation() -> None:
    model = packaged_model()
    assert model is SpecModel.load()
    assert model.operations
    assert all(op.operation_id for op in model.operations)


def test_a_spec_file_that_does_not_parse_is_a_spec_error(tmp_path: Any) -> None:
    bad = tmp_path / "s.json"
    bad.write_text("{", "utf-8")
    with pytest.raises(SpecError, match="line 1"):
        SpecModel.load(bad)
