"""Real HeyGen clients run their REST calls against a plain mock, and the spec accepts them.

pipecat 1.14.0 (`HeyGenApi`) and HeyGen's JS SDK 2.1.0 (`StreamingAvatar`) are the acceptance
tests of the contract: each gets 2xx answers that its own code parses, the mock's journal shows
what each sent, and every body they sent is valid under the exact spec (if a real client sends
something the spec refuses, the spec is wrong). Installs are cached; see conftest.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from heygen_streaming.spec_model import SpecModel

from tests.real_clients import checks

pytestmark = pytest.mark.real_client

HERE = Path(__file__).resolve().parent
MODEL = SpecModel.load(HERE.parents[1] / "openapi" / "streaming.yaml")
# pipecat's body for its default request (pc-api:209-226): every unset field is null.
PIPECAT_NEW_BODY = {
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


def _unwrapped_valid(operation_id: str, value: Any) -> list[str]:
    op = MODEL.operation(operation_id)
    schema = MODEL.resolve(op.responses[op.success_status].schema)
    data = schema["properties"][op.extensions["x-unwrap"]]
    return [str(e) for e in MODEL.validator(data).errors(value)]


def test_pipecat_opens_a_session_starts_it_and_stops_it_against_the_mock(
    pipecat_python: Path, heygen_mock: Any
) -> None:
    script = str(HERE / "pipecat_session.py")
    got = checks.run([str(pipecat_python), script, heygen_mock.base_url, heygen_mock.api_key])

    # pipecat's own validation (pc-api:230) passed: it read the fields it requires.
    session = got["new_session"]
    assert session["ws_url"].startswith("wss://")
    assert session["livekit_url"].startswith("wss://")
    assert session["access_token_length"] > 0
    assert session["livekit_agent_token_length"] > 0
    assert json.loads(got["close_session"]["text"]) == {"status": "success"}

    sent = checks.sent(heygen_mock)
    assert [(e["method"], e["path"]) for e in sent] == [
        ("POST", "/v1/streaming.new"),
        ("POST", "/v1/streaming.start"),
        ("POST", "/v1/streaming.stop"),
    ]
    assert sent[0]["body"] == PIPECAT_NEW_BODY
    assert sent[1]["body"] == sent[2]["body"] == {"session_id": session["session_id"]}
    for entry in sent:
        assert "x-api-key" in entry["headers"]
        assert "authorization" not in entry["headers"]
    checks.assert_exactly_valid(MODEL, sent)


def test_pipecat_sends_lowercase_emotions_and_knowledge_id_which_the_spec_accepts(
    pipecat_python: Path, heygen_mock: Any
) -> None:
    script = str(HERE / "pipecat_session.py")
    got = checks.run(
        [str(pipecat_python), script, heygen_mock.base_url, heygen_mock.api_key, "--full"]
    )
    assert got["new_session"]["livekit_agent_token_length"] > 0
    sent = checks.sent(heygen_mock)
    assert sent[0]["body"] == {
        "quality": "low",
        "avatar_id": "Shawn_Therapist_public",
        "voice": {
            "voice_id": "1bd001e7e50f421d891986aad5158bc8",
            "rate": 1.1,
            "emotion": "friendly",
            "elevenlabs_settings": None,
        },
        "knowledge_id": "kb_2f0c9d7e",
        "knowledge_base": "You are a helpful guide.",
        "version": "v2",
        "video_encoding": "H264",
        "disable_idle_timeout": False,
        "activity_idle_timeout": 300,
    }
    checks.assert_exactly_valid(MODEL, sent)


def test_pipecats_body_is_refused_only_by_the_strict_profile() -> None:
    schema = MODEL.operation("new_session").request_schema
    assert schema is not None
    assert MODEL.validator(schema).is_valid(PIPECAT_NEW_BODY)
    assert not MODEL.strict_validator(schema).is_valid(PIPECAT_NEW_BODY)


def test_pipecat_creates_a_session_token_with_an_empty_body(
    pipecat_python: Path, heygen_mock: Any
) -> None:
    script = str(HERE / "pipecat_session.py")
    got = checks.run(
        [str(pipecat_python), script, heygen_mock.base_url, heygen_mock.api_key, "--token"]
    )
    assert got["create_token"]["token_length"] > 0
    first = checks.sent(heygen_mock)[0]
    assert (first["path"], first["status"], first["body"]) == (
        "/v1/streaming.create_token",
        200,
        {},
    )


def _session_token(mock: Any) -> str:
    """What an app's backend does for the SDK: a session token from the account key."""
    answer = httpx.post(
        f"{mock.base_url}/v1/streaming.create_token",
        headers={"X-Api-Key": mock.api_key},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["data"]["token"]
    return token


def test_heygens_sdk_runs_a_whole_session_with_a_session_token(
    node: str, sdk_modules: Path, heygen_mock: Any
) -> None:
    env = dict(
        os.environ,
        HEYGEN_BASE_URL=heygen_mock.base_url,
        HEYGEN_SESSION_TOKEN=_session_token(heygen_mock),
        HEYGEN_SDK_MODULES=str(sdk_modules),
    )
    got = checks.run([node, str(HERE / "sdk" / "run.mjs")], env=env, cwd=HERE / "sdk")
    steps = {s["name"]: s for s in got["steps"]}
    assert [s["name"] for s in got["steps"] if s["ok"]] == [
        "createStartAvatar",
        "speak",
        "interrupt",
        "startListening",
        "stopListening",
        "speak talk",
        "keepAlive",
        "stopAvatar",
    ], got["steps"]

    # What the SDK's own code parsed out of the answers (it returns each body's `data`).
    info = steps["createStartAvatar"]["returned"]
    assert _unwrapped_valid("new_session", info) == []
    assert _unwrapped_valid("task", steps["speak"]["returned"]) == []
    assert _unwrapped_valid("task", steps["speak talk"]["returned"]) == []
    # As far as LiveKit: the room URL and token of streaming.new, around streaming.start.
    assert [(c["call"], c.get("url")) for c in got["livekit"][1:]] == [
        ("prepareConnection", info["url"]),
        ("connect", info["url"]),
    ]
    (socket,) = got["websockets"]
    assert f"/v1/ws/streaming.chat?session_id={info['session_id']}" in socket

    sent = checks.sent(heygen_mock)
    assert [(e["method"], e["path"]) for e in sent] == [
        ("POST", "/v1/streaming.create_token"),
        ("POST", "/v1/streaming.new"),
        ("POST", "/v1/streaming.start"),
        ("POST", "/v1/streaming.task"),
        ("POST", "/v1/streaming.interrupt"),
        ("POST", "/v1/streaming.start_listening"),
        ("POST", "/v1/streaming.stop_listening"),
        ("POST", "/v1/streaming.task"),
        ("POST", "/v1/streaming.keep_alive"),
        ("POST", "/v1/streaming.stop"),
    ]
    for entry in sent[1:]:
        assert "authorization" in entry["headers"], entry["path"]
        assert "x-api-key" not in entry["headers"], entry["path"]
    new_body = sent[1]["body"]
    assert new_body == {
        "avatar_name": "Wayne_20240711",
        "quality": "low",
        "knowledge_base_id": "kb_2f0c9d7e",
        "knowledge_base": "You are a helpful guide.",
        "voice": {
            "voice_id": "1bd001e7e50f421d891986aad5158bc8",
            "rate": 1.2,
            "emotion": "friendly",
            "elevenlabs_settings": {
                "stability": 0.5,
                "similarity_boost": 0.75,
                "model_id": "eleven_flash_v2_5",
            },
        },
        "language": "en",
        "version": "v2",
        "video_encoding": "H264",
        "source": "sdk",
        "stt_settings": {"provider": "deepgram", "confidence": 0.55},
        "ia_is_livekit_transport": False,
        "silence_response": False,
        "activity_idle_timeout": 300,
    }
    session_id = info["session_id"]
    assert sent[3]["body"] == {
        "text": "Hello, welcome to our store. How can I help you today?",
        "session_id": session_id,
        "task_mode": "sync",
        "task_type": "repeat",
    }
    assert sent[7]["body"] == {
        "text": "What are your opening hours?",
        "session_id": session_id,
        "task_mode": "sync",
        "task_type": "talk",
    }
    for entry in (sent[2], *sent[4:7], *sent[8:]):
        assert entry["body"] == {"session_id": session_id}, entry["path"]
    checks.assert_exactly_valid(MODEL, sent)
