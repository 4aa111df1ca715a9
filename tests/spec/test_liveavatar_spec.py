"""LiveAvatar's contract (`openapi/liveavatar.yaml`): valid, loadable, and true to its real clients.

Each real client's exact calls (reference `liveavatar-api.md` §5) must be accepted by the exact
spec, and every answer field a client requires must be in the spec's answers: where clients
disagree, the spec satisfies all of them. The lifecycle extensions must parse with the project's
typed model, and the keys it does not read yet must be consistent with the rest of the spec.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from heygen_streaming.lifecycle import path_to
from heygen_streaming.spec_model import Operation, SpecModel
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "liveavatar.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
MODEL = SpecModel.load(SPEC_PATH)
RULES = MODEL.lifecycle
NO_BODY = object()

AVATAR = "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a"
SESSION = "2f4c1d8e-5a6b-4c7d-9e0f-1a2b3c4d5e6f"
UUID = "4f3b2a1c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
LIVEKIT = {"livekit_room": "r", "livekit_url": "wss://lk.example", "livekit_client_token": "jwt"}
VIDEO = {"encoding": "H264", "quality": "high"}
PERSONA = {"voice_id": UUID, "context_id": UUID, "language": "en"}
KEY, BEARER = "X-API-KEY", "authorization"

# (who, method, path, credential header, body): each call exactly as the client makes it (§5).
REAL_CALLS: list[tuple[str, str, str, str, Any]] = [
    ("lk-la token", "POST", "/v1/sessions/token", KEY,
     {"mode": "LITE", "avatar_id": AVATAR, "is_sandbox": False, "livekit_config": LIVEKIT}),
    ("lk-la token with video_quality", "POST", "/v1/sessions/token", KEY,
     {"mode": "LITE", "avatar_id": AVATAR, "is_sandbox": True, "livekit_config": LIVEKIT,
      "video_quality": "very_high"}),
    ("lk-la start", "POST", "/v1/sessions/start", BEARER, {"session_id": SESSION}),
    ("lk-la stop", "POST", "/v1/sessions/stop", BEARER,
     {"session_id": SESSION, "reason": "USER_DISCONNECTED"}),
    ("lk-hgl token", "POST", "/v1/sessions/token", KEY,
     {"mode": "CUSTOM", "avatar_id": AVATAR, "livekit_config": LIVEKIT}),
    ("lk-hgl start", "POST", "/v1/sessions/start", BEARER, {"session_id": SESSION}),
    ("pipecat default token", "POST", "/v1/sessions/token", KEY,
     {"mode": "LITE", "avatar_id": "1c690fe7-23e0-49f9-bfba-14344450285b", "is_sandbox": False,
      "video_settings": VIDEO}),
    ("pipecat token with every option", "POST", "/v1/sessions/token", KEY,
     {"mode": "FULL", "avatar_id": AVATAR, "avatar_persona": PERSONA, "is_sandbox": False,
      "max_session_duration": 300, "video_settings": VIDEO, "livekit_config": LIVEKIT}),
    ("pipecat start", "POST", "/v1/sessions/start", BEARER, NO_BODY),
    ("pipecat stop", "POST", "/v1/sessions/stop", BEARER, {"session_id": SESSION}),
    ("web sdk start", "POST", "/v1/sessions/start", BEARER, NO_BODY),
    ("web sdk keep-alive", "POST", "/v1/sessions/keep-alive", BEARER, NO_BODY),
    ("web sdk stop", "POST", "/v1/sessions/stop", BEARER, NO_BODY),
    ("starter token", "POST", "/v1/sessions/token", KEY,
     {"mode": "LITE", "avatar_id": AVATAR, "is_sandbox": False,
      "video_settings": {"quality": "high", "encoding": "H264"}, "max_session_duration": 120,
      "livekit_config": LIVEKIT}),
    ("starter start", "POST", "/v1/sessions/start", BEARER, {}),
    ("starter stop", "POST", "/v1/sessions/stop", KEY,
     {"session_id": SESSION, "reason": "USER_CLOSED"}),
    ("demo FULL token", "POST", "/v1/sessions/token", KEY,
     {"mode": "FULL", "avatar_id": AVATAR, "avatar_persona": PERSONA,
      "interactivity_type": "PUSH_TO_TALK", "is_sandbox": False}),
    ("demo FULL token, conversational", "POST", "/v1/sessions/token", KEY,
     {"mode": "FULL", "avatar_id": AVATAR, "avatar_persona": PERSONA, "is_sandbox": True}),
    ("demo LITE token", "POST", "/v1/sessions/token", KEY,
     {"mode": "LITE", "avatar_id": AVATAR, "is_sandbox": True}),
    ("demo keep-alive", "POST", "/v1/sessions/keep-alive", BEARER, NO_BODY),
    ("demo stop", "DELETE", "/v1/sessions", BEARER, NO_BODY),
    ("web sdk before 0.0.9 stop", "DELETE", "/v1/sessions", BEARER, {"session_id": SESSION}),
]  # fmt: skip


def _op(method: str, path: str) -> Operation:
    op = MODEL.route(method, path)
    assert op is not None, f"the spec has no {method} {path}"
    return op


def _examples() -> Iterator[tuple[str, Any, Any]]:
    for op in MODEL.operations:
        for name, value in op.request_examples.items():
            yield f"{op.operation_id}/request/{name}", op.request_schema, value
        for status, response in op.responses.items():
            for name, value in response.examples.items():
                yield f"{op.operation_id}/{status}/{name}", response.schema, value
    for name, schema in SPEC["components"]["schemas"].items():
        for i, value in enumerate(schema.get("examples", [])):
            yield f"{name}/examples/{i}", {"$ref": f"#/components/schemas/{name}"}, value


EXAMPLES = list(_examples())


def _success(op: Operation) -> Any:
    return next(iter(op.responses[op.success_status].examples.values()))


def test_the_spec_is_valid_openapi_3_1_served_from_liveavatar() -> None:
    validate(SPEC)
    assert SPEC["openapi"] == "3.1.0"
    assert SPEC["servers"][0]["url"] == "https://api.liveavatar.com"


def test_the_model_loads_it_and_parses_its_lifecycle() -> None:
    assert RULES.declared
    assert RULES.states == ("created", "started", "closed")
    assert (RULES.initial, RULES.closed, RULES.token_scope) == ("created", "closed", "session")
    assert (RULES.session_id, RULES.token_field) == ("session_id", "session_token")
    assert RULES.idle_timeout is not None
    assert RULES.idle_timeout.field is None
    assert RULES.idle_timeout.default == 300
    assert RULES.duration_limit is not None
    assert RULES.duration_limit.field == "max_session_duration"
    assert (str(RULES.error("validation")), str(RULES.error("unauthenticated"))) == (
        "422 with code 4000",
        "403 with code 4003",
    )
    assert [op.operation_id for op in path_to(RULES, MODEL.operations, "started") or []] == [
        "start"
    ]


@pytest.mark.parametrize(("where", "schema", "example"), EXAMPLES, ids=[w for w, _, _ in EXAMPLES])
def test_every_example_validates_against_its_schema(where: str, schema: Any, example: Any) -> None:
    assert [str(e) for e in MODEL.validator(schema).errors(example)] == [], where


def test_every_operation_has_its_examples() -> None:
    assert len(EXAMPLES) >= 50
    for op in MODEL.operations:
        assert op.request_schema is None or op.request_examples, op.operation_id
        assert op.responses[op.success_status].examples, op.operation_id


@pytest.mark.parametrize(
    ("who", "method", "path", "header", "body"), REAL_CALLS, ids=[c[0] for c in REAL_CALLS]
)
def test_each_real_clients_call_is_accepted_by_the_exact_spec(
    who: str, method: str, path: str, header: str, body: Any
) -> None:
    op = _op(method, path)
    headers = {s.header.lower() for alternative in op.security for s in alternative}
    assert header.lower() in headers, who
    if body is NO_BODY:
        assert not op.request_required, who
    else:
        validator = op.request_validator()
        assert validator is not None, who
        assert [str(e) for e in validator.errors(body)] == [], who


def test_only_the_exact_spec_takes_the_old_names_and_a_body_without_mode_is_refused() -> None:
    token = _op("POST", "/v1/sessions/token")
    exact, strict = token.request_validator(), token.request_validator(strict=True)
    assert exact is not None
    assert strict is not None
    custom = {"mode": "CUSTOM", "avatar_id": AVATAR}
    top_level_quality = {"mode": "LITE", "avatar_id": AVATAR, "video_quality": "high"}
    for old in (custom, top_level_quality):
        assert exact.is_valid(old), old
        assert not strict.is_valid(old), old
    assert not exact.is_valid({"avatar_id": AVATAR})  # F-422: the server needs `mode`
    both = {"avatar_persona": PERSONA, "voice_agent": {"id": UUID}}
    assert not exact.is_valid({"mode": "FULL", "avatar_id": AVATAR, **both})
    stop = _op("POST", "/v1/sessions/stop").request_validator()
    assert stop is not None
    assert not stop.is_valid({"session_id": SESSION, "reason": "BORED"})
    assert _op("DELETE", "/v1/sessions").node["deprecated"] is True
    assert "demo" in _op("DELETE", "/v1/sessions").node["x-not-in-doc"]


def test_every_success_answer_carries_code_1000_as_the_web_sdk_requires() -> None:
    assert SPEC["x-envelope"]["success"]["code"] == 1000
    for op in MODEL.operations:
        response = op.responses[op.success_status]
        for name, example in response.examples.items():
            assert example["code"] == 1000, (op.operation_id, name)
            assert isinstance(example["message"], str), (op.operation_id, name)
        assert not MODEL.validator(response.schema or {}).is_valid({**_success(op), "code": 100})


def test_the_token_answer_has_what_every_client_reads() -> None:
    data = _success(_op("POST", "/v1/sessions/token"))["data"]
    assert isinstance(data["session_id"], str)
    assert isinstance(data["session_token"], str)


def test_the_start_answer_has_the_six_fields_pipecat_requires_non_null() -> None:
    start = _op("POST", "/v1/sessions/start")
    assert start.success_status == 201
    answer = _success(start)
    six = ("session_id", "livekit_url", "livekit_client_token", "livekit_agent_token", "ws_url")
    assert all(isinstance(answer["data"][f], str) for f in six)
    assert isinstance(answer["data"]["max_session_duration"], int)
    schema = MODEL.validator(start.responses[201].schema or {})
    for field in (*six, "max_session_duration"):
        rest = {k: v for k, v in answer["data"].items() if k != field}
        assert not schema.is_valid({**answer, "data": rest}), field
        assert not schema.is_valid({**answer, "data": {**rest, field: None}}), field


def test_every_error_answer_is_the_envelope_with_a_four_digit_code_and_null_data() -> None:
    for op in MODEL.operations:
        for status, response in op.responses.items():
            if status >= 300:
                for name, example in response.examples.items():
                    assert example["data"] is None, (op.operation_id, status, name)
                    assert 1000 <= example["code"] <= 9999, (op.operation_id, status, name)


def test_every_other_error_status_answers_the_code_the_envelope_states() -> None:
    codes = {int(status): code for status, code in SPEC["x-envelope"]["error-codes"].items()}
    seen = 0
    for op in MODEL.operations:
        for status in set(op.responses) & set(codes):
            assert codes[status] in _codes(op, status), (op.operation_id, status)
            seen += 1
    assert seen >= 40


def _codes(op: Operation, status: int) -> set[int]:
    return {e["code"] for e in op.responses[status].examples.values()}


@pytest.mark.parametrize("op", MODEL.operations, ids=lambda op: op.operation_id)
def test_each_rule_answer_is_documented_where_it_can_be_given(op: Operation) -> None:
    rule, extra = op.lifecycle, op.node.get("x-lifecycle", {})
    kinds = ["validation", "unauthenticated"]
    if rule.requires is not None:
        kinds.append("unknown-session")
        if set(rule.requires) != set(RULES.states or ()):
            kinds.append("wrong-state")
    if extra.get("limited"):
        kinds.append("concurrency")
    for kind in kinds:
        answer = RULES.error(kind)
        assert answer.code in _codes(op, answer.status), (op.operation_id, kind)


@pytest.mark.parametrize("op", MODEL.operations, ids=lambda op: op.operation_id)
def test_each_place_that_names_the_session_exists(op: Operation) -> None:
    places = op.node.get("x-lifecycle", {}).get("session-from", [])
    assert set(places) <= {"path", "body", "token"}
    assert bool(places) == (op.lifecycle.requires is not None), op.operation_id
    if "path" in places:
        assert (RULES.session_id, "path") in {(p.name, p.location) for p in op.parameters}
    if "body" in places:
        assert RULES.session_id in MODEL.resolve(op.request_schema)["properties"]
    if "token" in places:
        assert any(s.prefix == "Bearer " for alt in op.security for s in alt), op.operation_id


def test_one_call_creates_the_session_and_mints_its_token() -> None:
    def having(role: str) -> list[str]:
        return [op.operation_id for op in MODEL.operations if op.lifecycle.get(role)]

    assert having("creates") == having("issues-token") == ["create_token"]
    assert having("closes") == ["stop", "stop_legacy"]
    assert [op.operation_id for op in MODEL.operations if op.idempotent] == [
        "keep_alive",
        "stop",
        "list_sessions",
        "stop_legacy",
        "get_session",
        "get_transcript",
    ]
    limited = [op.operation_id for op in MODEL.operations if op.node["x-lifecycle"].get("limited")]
    assert limited == ["start"]
    assert "retry-after" in _op("POST", "/v1/sessions/start").responses[429].headers


def test_the_list_mapping_fills_every_required_field_of_an_entry() -> None:
    op = _op("GET", "/v1/sessions")
    mapping = op.node["x-list"]
    entry = MODEL.resolve(SPEC["components"]["schemas"]["SessionEntry"])
    assert set(entry["required"]) <= set(mapping["item"]) <= set(entry["properties"])
    page = SPEC["components"]["schemas"]["SessionPage"]["properties"]
    assert {mapping[k] for k in ("results", "count", "next", "previous")} <= set(page)
    parameters = {p.name: p for p in op.parameters}
    assert {mapping["page"], mapping["page-size"]} <= set(parameters)
    choice = parameters[mapping["filter"]["parameter"]]
    assert choice.required
    assert choice.schema["enum"] == list(mapping["filter"]["values"])
    states = [s for group in mapping["filter"]["values"].values() for s in group]
    assert sorted(states) == sorted(RULES.states or ())


def test_credentials_are_marked_secret() -> None:
    assert {
        "session_token",
        "livekit_client_token",
        "livekit_agent_token",
        "agora_token",
        "ciphertext_api_key",
    } <= MODEL.secret_fields
