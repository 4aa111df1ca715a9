"""The hand-authored contract: valid OpenAPI 3.1, every example valid, every doc fact stated.

The field checks below are those of the seed document (HeyGen's "New Session" page): they still
hold now that the contract describes the whole API. Where the contract legitimately changed
(nullable fields are an `anyOf` with a tolerated `null` branch; `code` is 100 on success), the
checks look through that change instead of being dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from heygen_streaming.spec_model import SpecModel
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "streaming.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
MODEL = SpecModel(SPEC)
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
NEW = MODEL.operation("new_session")


def _value_branch(prop: Mapping[str, Any]) -> Mapping[str, Any]:
    """The non-null schema of a property (itself, or its one non-`null` `anyOf` branch)."""
    branches = [b for b in prop.get("anyOf", []) if MODEL.resolve(b).get("type") != "null"]
    if not branches:
        return dict(MODEL.resolve(prop))
    assert len(branches) == 1, prop
    return dict(MODEL.resolve(branches[0]))


def _schema_examples(node: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every (where, schema, example) of an `examples`/`example` keyword inside a schema."""
    if isinstance(node, dict):
        if {"type", "properties", "anyOf", "allOf", "$ref", "enum"} & node.keys():
            for i, example in enumerate(node.get("examples", [])):
                yield f"{path}/examples/{i}", node, example
            if "example" in node:
                yield f"{path}/example", node, node["example"]
        for key, value in node.items():
            if key not in {"examples", "example"}:
                yield from _schema_examples(value, f"{path}/{key}")


def _media_examples() -> Iterator[tuple[str, Any, Any]]:
    """Every named example of every request and response body, with that body's schema."""
    for op in MODEL.operations:
        if op.request_schema is not None:
            for name, value in op.request_examples.items():
                yield f"{op.operation_id}/request/{name}", op.request_schema, value
        for status, response in op.responses.items():
            for name, value in response.examples.items():
                yield f"{op.operation_id}/{status}/{name}", response.schema, value


SCHEMA_EXAMPLES = list(_schema_examples(SCHEMAS, "#/components/schemas"))
MEDIA_EXAMPLES = list(_media_examples())


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


@pytest.mark.parametrize(
    ("where", "schema", "example"), SCHEMA_EXAMPLES, ids=[w for w, _, _ in SCHEMA_EXAMPLES]
)
def test_every_schema_example_validates_against_its_schema(
    where: str, schema: dict[str, Any], example: Any
) -> None:
    assert [str(e) for e in MODEL.validator(schema).errors(example)] == [], where


@pytest.mark.parametrize(
    ("where", "schema", "example"), MEDIA_EXAMPLES, ids=[w for w, _, _ in MEDIA_EXAMPLES]
)
def test_every_named_body_example_validates_against_its_body_schema(
    where: str, schema: dict[str, Any], example: Any
) -> None:
    assert [str(e) for e in MODEL.validator(schema).errors(example)] == [], where


def test_the_examples_checks_are_not_vacuous() -> None:
    assert len(SCHEMA_EXAMPLES) >= 60
    assert len(MEDIA_EXAMPLES) >= 100
    assert not MODEL.validator(NEW.request_schema or {}).is_valid({"quality": "ultra"})
    assert not MODEL.validator("ErrorResponse").is_valid({"code": "400006"})


def test_every_operation_has_a_request_and_a_success_example() -> None:
    for op in MODEL.operations:
        if op.request_schema is not None:
            assert op.request_examples, op.operation_id
        assert op.responses[op.success_status].examples, op.operation_id


def test_the_new_session_operation_is_named_tagged_and_served_from_heygen() -> None:
    assert SPEC["servers"][0]["url"] == "https://api.heygen.com"
    assert NEW.operation_id == "new_session"
    assert (NEW.method, NEW.path) == ("POST", "/v1/streaming.new")
    assert NEW.node["tags"] == ["streaming"]


def test_the_api_key_goes_in_the_x_api_key_header() -> None:
    scheme = SPEC["components"]["securitySchemes"]["ApiKeyAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Api-Key")
    assert SPEC["security"] == [{"ApiKeyAuth": []}]


def test_request_fields_carry_the_documented_enums_defaults_and_ranges() -> None:
    request = SCHEMAS["NewSessionRequest"]["properties"]
    assert _value_branch(request["quality"])["enum"] == ["high", "medium", "low"]
    assert request["quality"]["default"] == "medium"
    assert _value_branch(request["video_encoding"])["enum"] == ["H264", "VP8"]
    assert request["video_encoding"]["default"] == "VP8"
    assert (request["version"]["enum"], request["version"]["default"]) == (["v2"], "v2")
    assert request["disable_idle_timeout"]["default"] is False
    assert _value_branch(request["disable_idle_timeout"])["type"] == "boolean"
    timeout = _value_branch(request["activity_idle_timeout"])
    assert (timeout["type"], timeout["minimum"], timeout["maximum"]) == ("integer", 30, 3600)
    assert request["activity_idle_timeout"]["default"] == 120
    for field in ("avatar_id", "knowledge_base", "knowledge_base_id"):
        assert _value_branch(request[field])["type"] == "string", field
    for field in ("voice", "stt_settings", "livekit_settings"):
        assert field in request, field
    voice = SCHEMAS["VoiceSetting"]["properties"]
    assert voice["rate"]["default"] == 1
    assert _value_branch(voice["rate"])["type"] == "number"
    assert _value_branch(voice["voice_id"])["type"] == "string"
    documented = ["Excited", "Serious", "Friendly", "Soothing", "Broadcaster"]
    casings = [MODEL.resolve(b).get("enum") for b in voice["emotion"]["anyOf"]]
    assert casings[:2] == [documented, [e.lower() for e in documented]]
    assert "elevenlabs_settings" in voice
    stt = SCHEMAS["STTSettings"]["properties"]
    assert MODEL.resolve(stt["provider"])["enum"] == ["deepgram", "gladia", "assembly_ai"]
    assert (stt["confidence"]["default"], stt["confidence"]["minimum"]) == (0.55, 0)
    assert stt["confidence"]["maximum"] == 1
    livekit = SCHEMAS["LiveKitSettings"]["properties"]
    assert set(livekit) == {"room", "url", "token"}
    assert SCHEMAS["ElevenlabsSettings"]["additionalProperties"] is True


def test_response_data_has_every_documented_field() -> None:
    data = SCHEMAS["SessionData"]["properties"]
    documented = {
        "session_id",
        "url",
        "access_token",
        "session_duration_limit",
        "is_paid",
        "livekit_agent_token",
    }
    assert documented <= set(data)
    # What real clients read beyond the documented fields; each says where it comes from.
    beyond = set(data) - documented
    assert beyond == {"realtime_endpoint", "sdp", "ice_servers", "ice_servers2"}
    for field in beyond | {"livekit_agent_token"}:
        assert "x-not-in-doc" in data[field], field
    assert data["is_paid"]["type"] == "boolean"
    assert data["session_duration_limit"]["type"] == "integer"
    envelope = SCHEMAS["NewSessionResponse"]
    assert envelope["required"] == ["code", "message", "data"]
    assert envelope["properties"]["code"]["type"] == "integer"


def test_every_error_status_of_new_session_shares_the_error_schema() -> None:
    statuses = set(NEW.node["responses"])
    assert {"200", "400", "401", "413", "415", "429", "500", "503"} <= statuses
    for status, response in NEW.node["responses"].items():
        if status == "200":
            continue
        schema = MODEL.resolve(response)["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, status


def test_secrets_are_marked_so_they_can_be_masked() -> None:
    text = SPEC_PATH.read_text("utf-8")
    assert SCHEMAS["SessionData"]["properties"]["access_token"]["x-secret"] is True
    assert SCHEMAS["SessionData"]["properties"]["livekit_agent_token"]["x-secret"] is True
    assert SCHEMAS["LiveKitSettings"]["properties"]["token"]["x-secret"] is True
    assert SCHEMAS["SessionToken"]["properties"]["token"]["x-secret"] is True
    assert {"access_token", "livekit_agent_token", "token"} <= MODEL.secret_fields
    assert "x-not-in-doc" in text


def test_the_packaged_copy_is_the_spec() -> None:
    packaged = ROOT / "generated" / "heygen_streaming_api" / "openapi.json"
    assert json.loads(packaged.read_text("utf-8")) == SPEC
