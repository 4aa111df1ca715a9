"""What real clients send is accepted exactly; what a careful client should not send is marked.

The exact spec accepts the bodies pipecat 1.14.0 and HeyGen's SDK 2.1.0 really send. The strict
profile (`SpecModel.strict`) refuses only what the spec marks `x-tolerated` or `deprecated`, and
every such marker names its evidence. The decisions taken where the sources contradict each other
(the reference's section 9) are checked here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel

ROOT = Path(__file__).resolve().parents[2]
MODEL = SpecModel.load(ROOT / "openapi" / "streaming.yaml")
SCHEMAS: dict[str, Any] = MODEL.document["components"]["schemas"]
NEW = MODEL.operation("new_session")
NEW_SCHEMA: dict[str, Any] = dict(NEW.request_schema or {})
TASK_SCHEMA: dict[str, Any] = dict(MODEL.operation("task").request_schema or {})
SESSION = "3b1f2a9c-8d4e-4f6a-9b2c-1d3e5f7a9b0c"

# pc-api:209-226 with pipecat's default request (pc-client:137-140): every unset field is null.
PIPECAT_NEW = {
    "quality": None,
    "avatar_id": "Shawn_Therapist_public",
    "voice": {"voice_id": None, "rate": None, "emotion": None, "elevenlabs_settings": None},
    "knowledge_id": None,
    "knowledge_base": None,
    "version": "v2",
    "video_encoding": None,
    "disable_idle_timeout": None,
    "activity_idle_timeout": None,
}
# esm:971-997 for `createStartAvatar({avatarName, voice: {emotion}})`: undefined fields vanish in
# JSON.stringify, `elevenlabs_settings` is always an object (`{}` without settings).
SDK_NEW = {
    "avatar_name": "Wayne_20240711",
    "voice": {"emotion": "friendly", "elevenlabs_settings": {}},
    "version": "v2",
    "video_encoding": "H264",
    "source": "sdk",
    "ia_is_livekit_transport": False,
}


def _exact(schema: Any, body: Any) -> list[str]:
    return [str(e) for e in MODEL.validator(schema).errors(body)]


def _strict(schema: Any, body: Any) -> list[str]:
    return [str(e) for e in MODEL.strict_validator(schema).errors(body)]


def test_pipecats_body_with_nulls_and_knowledge_id_is_accepted_exactly() -> None:
    assert _exact(NEW_SCHEMA, PIPECAT_NEW) == []


def test_the_sdks_body_with_avatar_name_and_its_extra_fields_is_accepted_exactly() -> None:
    assert _exact(NEW_SCHEMA, SDK_NEW) == []
    full = {
        **SDK_NEW,
        "quality": "low",
        "knowledge_base_id": "kb_1",
        "knowledge_base": "prompt",
        "language": "en",
        "disable_idle_timeout": False,
        "stt_settings": {"provider": "gladia", "confidence": 0.55},
        "silence_response": True,
        "activity_idle_timeout": 3600,
        "voice": {
            "voice_id": "v1",
            "rate": 1.5,
            "emotion": "broadcaster",
            "elevenlabs_settings": {
                "stability": 0.5,
                "similarity_boost": 0.75,
                "style": 0.3,
                "use_speaker_boost": True,
                "model_id": "eleven_multilingual_v2",
            },
        },
    }
    assert _exact(NEW_SCHEMA, full) == []
    assert _strict(NEW_SCHEMA, {k: v for k, v in full.items() if k != "avatar_name"}) == []


def test_the_strict_profile_refuses_pipecats_nulls_and_its_knowledge_id() -> None:
    errors = _strict(NEW_SCHEMA, PIPECAT_NEW)
    assert errors
    for field in ("quality", "knowledge_id", "video_encoding", "activity_idle_timeout"):
        assert [e for e in errors if field in e], field
    assert _strict(NEW_SCHEMA, {"avatar_id": "a", "quality": None})
    assert _strict(NEW_SCHEMA, {"avatar_id": "a", "quality": "low"}) == []


def test_the_strict_profile_refuses_avatar_name_but_keeps_the_sdks_own_fields() -> None:
    assert _strict(NEW_SCHEMA, SDK_NEW)
    without_old_name = {k: v for k, v in SDK_NEW.items() if k != "avatar_name"}
    assert _strict(NEW_SCHEMA, {**without_old_name, "avatar_id": "Wayne_20240711"}) == []


@pytest.mark.parametrize("emotion", ["Friendly", "friendly", "Broadcaster", "soothing"])
def test_both_casings_of_an_emotion_are_accepted_in_both_profiles(emotion: str) -> None:
    body = {"voice": {"emotion": emotion}}
    assert _exact(NEW_SCHEMA, body) == []
    assert _strict(NEW_SCHEMA, body) == []


def test_an_emotion_in_neither_casing_is_refused() -> None:
    assert _exact(NEW_SCHEMA, {"voice": {"emotion": "FRIENDLY"}})
    assert _exact(NEW_SCHEMA, {"voice": {"emotion": "angry"}})


def test_a_misspelt_field_passes_exactly_but_the_strict_profile_names_it() -> None:
    assert _exact(NEW_SCHEMA, {"qualty": "high"}) == []
    assert [e for e in _strict(NEW_SCHEMA, {"qualty": "high"}) if "qualty" in e]
    assert _exact(TASK_SCHEMA, {"session_id": SESSION, "text": "hi", "interrupt": True}) == []
    assert _strict(TASK_SCHEMA, {"session_id": SESSION, "text": "hi", "interrupt": True})


def test_quality_may_be_left_out_and_an_empty_body_is_a_valid_session_request() -> None:
    assert "quality" not in MODEL.resolve(NEW_SCHEMA).get("required", [])
    assert _strict(NEW_SCHEMA, {}) == []


def test_nested_objects_stay_closed_where_no_client_sends_more() -> None:
    for name in ("VoiceSetting", "STTSettings", "LiveKitSettings"):
        assert SCHEMAS[name]["additionalProperties"] is False, name
    assert _exact(NEW_SCHEMA, {"voice": {"pitch": 2}})


def _markers(node: Any, path: str = "#") -> Iterator[tuple[str, str, Any]]:
    """Every (where, kind, node) of an `x-tolerated` or `deprecated: true` marker."""
    if isinstance(node, dict):
        if "x-tolerated" in node:
            yield path, "x-tolerated", node
        if node.get("deprecated") is True:
            yield path, "deprecated", node
        for key, value in node.items():
            yield from _markers(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _markers(value, f"{path}/{i}")


MARKERS = list(_markers(MODEL.document))


def test_tolerance_markers_sit_exactly_where_the_evidence_says() -> None:
    tolerated = {where for where, kind, _ in MARKERS if kind == "x-tolerated"}
    deprecated = {where for where, kind, _ in MARKERS if kind == "deprecated"}
    props = "#/components/schemas/{}/properties/{}"
    assert deprecated == {
        props.format("NewSessionRequest", "avatar_name"),
        props.format("NewSessionRequest", "knowledge_id"),
    }
    nullable = {
        "NewSessionRequest": [
            "quality",
            "avatar_id",
            "video_encoding",
            "knowledge_base",
            "knowledge_id",
            "disable_idle_timeout",
            "activity_idle_timeout",
        ],
        "VoiceSetting": ["voice_id", "rate", "emotion", "elevenlabs_settings"],
    }
    null_branches = {where.rsplit("/anyOf/", 1)[0] for where in tolerated if "/anyOf/" in where}
    assert null_branches == {props.format(s, f) for s, fields in nullable.items() for f in fields}
    open_objects = {where for where in tolerated if where.endswith("/additionalProperties")}
    assert open_objects == {
        f"#/components/schemas/{name}/additionalProperties"
        for name in ("CreateTokenRequest", "NewSessionRequest", "SessionRequest", "TaskRequest")
    }


@pytest.mark.parametrize(("where", "kind", "node"), MARKERS, ids=[w for w, _, _ in MARKERS])
def test_every_tolerance_marker_names_its_evidence(where: str, kind: str, node: Any) -> None:
    evidence = node["x-tolerated"] if kind == "x-tolerated" else node["x-not-in-doc"]
    assert isinstance(evidence, str)
    assert any(key in evidence for key in ("pc-api:", "esm:", "F-", "D-")), where


def test_what_real_clients_read_from_answers_is_returned_with_its_evidence() -> None:
    data = SCHEMAS["SessionData"]["properties"]
    assert "pc-api:121" in data["realtime_endpoint"]["x-not-in-doc"]
    assert "pc-api:120" in data["livekit_agent_token"]["x-not-in-doc"]
    for field in ("sdp", "ice_servers", "ice_servers2"):
        assert {"type": "null"} in data[field]["anyOf"], field
        assert "D-sdkref" in data[field]["x-not-in-doc"], field
    example = NEW.responses[200].examples["success"]["data"]
    assert {"realtime_endpoint", "livekit_agent_token"} <= set(example)
    assert (example["sdp"], example["ice_servers"], example["ice_servers2"]) == (None, None, None)
    token = SCHEMAS["CreateTokenResponse"]["properties"]["error"]
    assert "F-tokenresp" in token["x-not-in-doc"]


def test_the_idle_timeout_maximum_is_3600_inclusive() -> None:
    assert _strict(NEW_SCHEMA, {"activity_idle_timeout": 3600}) == []
    assert _strict(NEW_SCHEMA, {"activity_idle_timeout": 30}) == []
    assert _exact(NEW_SCHEMA, {"activity_idle_timeout": 3601})
    assert _exact(NEW_SCHEMA, {"activity_idle_timeout": 29})


@pytest.mark.parametrize("task_type", ["repeat", "chat", "talk"])
def test_each_task_type_any_source_names_is_accepted(task_type: str) -> None:
    assert _strict(TASK_SCHEMA, {"session_id": SESSION, "text": "hi", "task_type": task_type}) == []


def test_task_defaults_are_sync_and_repeat_and_a_bare_text_is_a_valid_task() -> None:
    props = MODEL.resolve(TASK_SCHEMA)["properties"]
    assert (props["task_mode"]["default"], props["task_type"]["default"]) == ("sync", "repeat")
    assert _strict(TASK_SCHEMA, {"session_id": SESSION, "text": "hi"}) == []
    assert _exact(TASK_SCHEMA, {"session_id": SESSION, "text": "hi", "task_mode": "later"})


def test_start_takes_the_session_id_only_and_stop_the_same() -> None:
    for operation_id in ("start", "stop", "keep_alive", "interrupt"):
        schema = MODEL.resolve(MODEL.operation(operation_id).request_schema)
        assert set(schema["properties"]) == {"session_id"}, operation_id
        assert schema["required"] == ["session_id"], operation_id


@pytest.mark.parametrize(
    "topic",
    [
        "`voice.emotion` casing",
        "`avatar_name` vs `avatar_id`",
        "`activity_idle_timeout` maximum",
        "`task_type` values",
        "`task_mode` default",
        "`knowledge_base_id` vs `knowledge_id`",
        "`video_encoding` default",
        "`version` default",
        "is `quality` required",
        "auth for non-token calls",
        "envelopes",
        "`streaming.new` response fields",
        "`streaming.start` body",
        "ElevenLabs `style`",
        "token reuse",
    ],
)
def test_each_contradiction_of_the_sources_is_decided_in_the_spec(topic: str) -> None:
    rows = [line for line in MODEL.document["info"]["description"].splitlines() if "|" in line]
    (row,) = [r for r in rows if r.startswith(f"| {topic} |")]
    _, decision, why = (cell.strip() for cell in row.strip("|").split("|")[:3])
    assert decision
    assert why
