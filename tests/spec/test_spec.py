"""The hand-authored contract: valid OpenAPI 3.1, every example valid, every doc fact stated."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "streaming.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
OPERATION = SPEC["paths"]["/v1/streaming.new"]["post"]


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _validator(schema: dict[str, Any]) -> Any:
    return jsonschema_rs.Draft202012Validator(
        {**schema, "components": SPEC["components"]}, validate_formats=True
    )


def _schema_examples(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any], Any]]:
    """Every (where, schema, example) pair of `examples`/`example` keywords inside schemas."""
    if isinstance(node, dict):
        if "type" in node or "properties" in node:
            for i, example in enumerate(node.get("examples", [])):
                yield f"{path}/examples/{i}", node, example
            if "example" in node:
                yield f"{path}/example", node, node["example"]
        for key, value in node.items():
            yield from _schema_examples(value, f"{path}/{key}")


def _media_examples() -> Iterator[tuple[str, dict[str, Any], Any]]:
    """Every named example of a request or response body, with the schema of that body."""
    bodies = [("requestBody", OPERATION["requestBody"])]
    bodies += [(f"responses/{s}", _resolve(r)) for s, r in OPERATION["responses"].items()]
    for where, body in bodies:
        for media in body.get("content", {}).values():
            for name, example in media.get("examples", {}).items():
                yield f"{where}/{name}", media["schema"], example["value"]


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


SCHEMA_EXAMPLES = list(_schema_examples(SPEC["components"]["schemas"], "#/components/schemas"))
MEDIA_EXAMPLES = list(_media_examples())


@pytest.mark.parametrize(("where", "schema", "example"), SCHEMA_EXAMPLES, ids=lambda v: "")
def test_every_schema_example_validates_against_its_schema(
    where: str, schema: dict[str, Any], example: Any
) -> None:
    errors = [e.message for e in _validator(schema).iter_errors(example)]
    assert errors == [], where


@pytest.mark.parametrize(("where", "schema", "example"), MEDIA_EXAMPLES, ids=lambda v: "")
def test_every_named_body_example_validates_against_its_body_schema(
    where: str, schema: dict[str, Any], example: Any
) -> None:
    errors = [e.message for e in _validator(schema).iter_errors(example)]
    assert errors == [], where


def test_the_examples_checks_are_not_vacuous() -> None:
    assert len(SCHEMA_EXAMPLES) >= 25
    assert len(MEDIA_EXAMPLES) >= 10
    broken = {"quality": "ultra"}
    request_schema = OPERATION["requestBody"]["content"]["application/json"]["schema"]
    assert not _validator(request_schema).is_valid(broken)


def test_the_operation_is_named_tagged_and_served_from_heygen() -> None:
    assert SPEC["servers"][0]["url"] == "https://api.heygen.com"
    assert OPERATION["operationId"] == "new_session"
    assert OPERATION["tags"] == ["streaming"]


def test_the_api_key_goes_in_the_x_api_key_header() -> None:
    scheme = SPEC["components"]["securitySchemes"]["ApiKeyAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Api-Key")
    assert SPEC["security"] == [{"ApiKeyAuth": []}]


def test_request_fields_carry_the_documented_enums_defaults_and_ranges() -> None:
    request = SPEC["components"]["schemas"]["NewSessionRequest"]["properties"]
    assert request["quality"]["enum"] == ["high", "medium", "low"]
    assert request["quality"]["default"] == "medium"
    assert request["video_encoding"] == {**request["video_encoding"], "enum": ["H264", "VP8"]}
    assert request["video_encoding"]["default"] == "VP8"
    assert (request["version"]["enum"], request["version"]["default"]) == (["v2"], "v2")
    assert request["disable_idle_timeout"]["default"] is False
    timeout = request["activity_idle_timeout"]
    assert (timeout["type"], timeout["minimum"], timeout["maximum"], timeout["default"]) == (
        "integer",
        30,
        3600,
        120,
    )
    voice = SPEC["components"]["schemas"]["VoiceSetting"]["properties"]
    assert voice["rate"]["default"] == 1
    assert voice["emotion"]["enum"] == ["Excited", "Serious", "Friendly", "Soothing", "Broadcaster"]
    stt = SPEC["components"]["schemas"]["STTSettings"]["properties"]
    assert stt["provider"]["enum"] == ["deepgram", "gladia", "assembly_ai"]
    assert (stt["confidence"]["default"], stt["confidence"]["minimum"]) == (0.55, 0)
    assert stt["confidence"]["maximum"] == 1
    livekit = SPEC["components"]["schemas"]["LiveKitSettings"]["properties"]
    assert set(livekit) == {"room", "url", "token"}
    assert SPEC["components"]["schemas"]["ElevenlabsSettings"]["additionalProperties"] is True


def test_response_data_has_every_documented_field() -> None:
    data = SPEC["components"]["schemas"]["SessionData"]["properties"]
    assert set(data) == {
        "session_id",
        "url",
        "access_token",
        "session_duration_limit",
        "is_paid",
        "livekit_agent_token",
    }
    assert data["is_paid"]["type"] == "boolean"
    assert data["session_duration_limit"]["type"] == "integer"


def test_every_error_status_shares_the_error_schema() -> None:
    statuses = set(OPERATION["responses"])
    assert {"200", "400", "401", "413", "415", "429", "500", "503"} <= statuses
    for status, response in OPERATION["responses"].items():
        if status == "200":
            continue
        schema = _resolve(response)["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, status


def test_secrets_are_marked_so_they_can_be_masked() -> None:
    text = SPEC_PATH.read_text("utf-8")
    schemas = SPEC["components"]["schemas"]
    assert schemas["SessionData"]["properties"]["access_token"]["x-secret"] is True
    assert schemas["SessionData"]["properties"]["livekit_agent_token"]["x-secret"] is True
    assert schemas["LiveKitSettings"]["properties"]["token"]["x-secret"] is True
    assert "x-not-in-doc" in text


def test_the_packaged_copy_is_the_spec() -> None:
    packaged = ROOT / "generated" / "heygen_streaming_api" / "openapi.json"
    assert json.loads(packaged.read_text("utf-8")) == SPEC
