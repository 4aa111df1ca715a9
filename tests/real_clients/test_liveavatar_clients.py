"""Real LiveAvatar clients run their REST flow against a plain LiveAvatar mock, and the spec
accepts every call.

livekit-plugins-liveavatar 1.8.9, livekit-plugins-hgl 1.2.20, pipecat 1.14.0's LIVE_AVATAR path
and HeyGen's web SDK 0.0.18 are the acceptance tests of `openapi/liveavatar.yaml`: each gets 2xx
answers that its own code parses, the mock's journal shows what each sent, every request is
valid under the exact spec, every answer the client handed back is a valid answer of its
operation, and the session ends closed where the client stops it. LiveKit and the WebSocket are
stubbed. Installs are cached; see conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from heygen_streaming.spec import load_spec
from heygen_streaming.spec_model import SpecModel

from tests.real_clients import checks

pytestmark = pytest.mark.real_client

HERE = Path(__file__).resolve().parent
# The spec the plain LiveAvatar mock serves (`mock --api liveavatar`): the packaged one.
MODEL = SpecModel(load_spec(api="liveavatar"))
# What both LiveKit plugins send for their room (lk-la api.py:66-70), as the journal keeps it:
# the LiveKit token is a secret (`x-secret`), masked.
LIVEKIT_CONFIG = {
    "livekit_room": "agent-room-7",
    "livekit_url": "wss://agents-test.livekit.cloud",
    "livekit_client_token": "***",
}


def _calls(entries: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return [(e["method"], e["path"], e["status"]) for e in entries]


# The script's name for each answer: the operation and the status the mock gave it.
ANSWERS = {"token": ("create_token", 200), "start": ("start", 201), "stop": ("stop", 200)}


def _assert_answers_valid(got: dict[str, Any]) -> None:
    """Each answer the client handed back (tokens reduced to `<N chars>`, still strings) is a
    valid answer of its operation."""
    for name in ANSWERS.keys() & got.keys():
        operation_id, status = ANSWERS[name]
        assert checks.answer_errors(MODEL, operation_id, status, got[name]) == [], name


def _state(mock: Any, session_id: str) -> str:
    state: str = checks.mock_sessions(mock)[session_id]["state"]
    return state


def _plugin(python: Path, mock: Any, *args: str) -> Any:
    script = str(HERE / "livekit_plugin_session.py")
    return checks.run(
        [str(python), script, *args[:1], mock.base_url, mock.api_key, *args[1:]], mock=mock
    )


def test_livekit_liveavatar_plugin_opens_a_lite_session_and_stops_it_with_its_reason(
    liveavatar_plugin_python: Path, liveavatar_mock: Any
) -> None:
    got = _plugin(liveavatar_plugin_python, liveavatar_mock, "liveavatar")

    sent = checks.sent(liveavatar_mock)
    assert _calls(sent) == [
        ("POST", "/v1/sessions/token", 200),
        ("POST", "/v1/sessions/start", 201),
        ("POST", "/v1/sessions/stop", 200),
    ]
    session_id = got["token"]["data"]["session_id"]
    assert sent[0]["body"] == {
        "mode": "LITE",
        "avatar_id": "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a",
        "is_sandbox": False,
        "livekit_config": LIVEKIT_CONFIG,
    }
    assert sent[1]["body"] == {"session_id": session_id}
    assert sent[2]["body"] == {"session_id": session_id, "reason": "USER_DISCONNECTED"}
    assert "x-api-key" in sent[0]["headers"]
    assert "authorization" not in sent[0]["headers"]
    for entry in sent[1:]:  # the session token, not the key
        assert "authorization" in entry["headers"]
        assert "x-api-key" not in entry["headers"]
    checks.assert_exactly_valid(MODEL, sent)
    _assert_answers_valid(got)
    assert got["ws_url"].startswith("wss://")  # the plugin's required field (avatar.py:163)
    assert _state(liveavatar_mock, session_id) == "closed"


def test_livekit_liveavatar_plugin_sends_a_top_level_video_quality_which_only_strict_refuses(
    liveavatar_plugin_python: Path, liveavatar_mock: Any
) -> None:
    _plugin(liveavatar_plugin_python, liveavatar_mock, "liveavatar", "--video-quality", "high")
    sent = checks.sent(liveavatar_mock)
    body = sent[0]["body"]
    assert body["video_quality"] == "high"
    checks.assert_exactly_valid(MODEL, sent)
    schema = MODEL.operation("create_token").request_schema
    assert schema is not None
    assert not MODEL.strict_validator(schema).is_valid(body)


def test_livekit_hgl_plugin_opens_a_custom_session_and_leaves_it_started(
    hgl_plugin_python: Path, liveavatar_mock: Any
) -> None:
    got = _plugin(hgl_plugin_python, liveavatar_mock, "hgl")

    sent = checks.sent(liveavatar_mock)
    assert _calls(sent) == [
        ("POST", "/v1/sessions/token", 200),
        ("POST", "/v1/sessions/start", 201),
    ]
    session_id = got["token"]["data"]["session_id"]
    # LITE under its old name, and no is_sandbox (lk-hgl api.py:59-76).
    assert sent[0]["body"] == {
        "mode": "CUSTOM",
        "avatar_id": "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a",
        "livekit_config": LIVEKIT_CONFIG,
    }
    assert sent[1]["body"] == {"session_id": session_id}
    assert "authorization" in sent[1]["headers"]
    checks.assert_exactly_valid(MODEL, sent)
    _assert_answers_valid(got)
    assert got["ws_url"].startswith("wss://")
    # lk-hgl 1.2.20 has no stop call: its session stays started until it times out.
    assert _state(liveavatar_mock, session_id) == "started"


def test_pipecat_live_avatar_opens_a_session_and_stops_it(
    pipecat_python: Path, liveavatar_mock: Any
) -> None:
    script = str(HERE / "pipecat_liveavatar.py")
    got = checks.run(
        [str(pipecat_python), script, liveavatar_mock.base_url, liveavatar_mock.api_key],
        mock=liveavatar_mock,
    )

    sent = checks.sent(liveavatar_mock)
    assert _calls(sent) == [
        ("POST", "/v1/sessions/token", 200),
        ("POST", "/v1/sessions/start", 201),
        ("POST", "/v1/sessions/stop", 200),
    ]
    # HeyGenClient's default LIVE_AVATAR request (pc client.py:141-144, api_liveavatar.py:94-100).
    assert sent[0]["body"] == {
        "mode": "LITE",
        "avatar_id": "1c690fe7-23e0-49f9-bfba-14344450285b",
        "is_sandbox": False,
        "video_settings": {"encoding": "H264", "quality": "high"},
    }
    # /start: no body, which aiohttp labels application/octet-stream: still no body (201).
    assert sent[1]["body"] == ""
    assert sent[1]["headers"]["content-type"] == "application/octet-stream"
    session_id = got["start"]["data"]["session_id"]
    assert sent[2]["body"] == {"session_id": session_id}  # no reason
    assert "x-api-key" in sent[0]["headers"]
    for entry in sent[1:]:
        assert "authorization" in entry["headers"]
        assert "x-api-key" not in entry["headers"]
    checks.assert_exactly_valid(MODEL, sent)
    # pipecat's own pydantic model accepted /start's answer (all six fields, non-null).
    _assert_answers_valid(got)
    assert _state(liveavatar_mock, session_id) == "closed"


def test_pipecat_live_avatar_sends_every_field_it_can_which_the_spec_accepts(
    pipecat_python: Path, liveavatar_mock: Any
) -> None:
    script = str(HERE / "pipecat_liveavatar.py")
    checks.run(
        [str(pipecat_python), script, liveavatar_mock.base_url, liveavatar_mock.api_key, "--full"],
        mock=liveavatar_mock,
    )
    sent = checks.sent(liveavatar_mock)
    assert sent[0]["body"] == {
        "mode": "LITE",
        "avatar_id": "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a",
        "avatar_persona": {
            "voice_id": "4f3b2a1c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
            "context_id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
            "language": "fr",
        },
        "is_sandbox": True,
        "max_session_duration": 600,
        "video_settings": {"encoding": "VP8", "quality": "very_high"},
        "livekit_config": {
            "livekit_url": "wss://pipecat-test.livekit.cloud",
            "livekit_room": "pipecat-room-3",
            "livekit_client_token": "***",
        },
    }
    assert [e["status"] for e in sent] == [200, 201, 200]
    checks.assert_exactly_valid(MODEL, sent)


def _session_token(mock: Any) -> str:
    """What an app's backend does for the SDK: a LITE session and its token, from the key (the
    body of HeyGen's demo backend, demo start-lite-session/route.ts)."""
    answer = httpx.post(
        f"{mock.base_url}/v1/sessions/token",
        headers={"X-API-KEY": mock.api_key},
        json={
            "mode": "LITE",
            "avatar_id": "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a",
            "is_sandbox": True,
        },
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["data"]["session_token"]
    return token


def test_liveavatar_web_sdk_starts_keeps_alive_and_stops_with_a_session_token(
    node: str, liveavatar_sdk_modules: Path, liveavatar_mock: Any
) -> None:
    env = dict(
        os.environ,
        LIVEAVATAR_BASE_URL=liveavatar_mock.base_url,
        LIVEAVATAR_SESSION_TOKEN=_session_token(liveavatar_mock),
        LIVEAVATAR_SDK_MODULES=str(liveavatar_sdk_modules),
    )
    folder = HERE / "liveavatar_sdk"
    got = checks.run([node, str(folder / "run.mjs")], env=env, cwd=folder, mock=liveavatar_mock)

    # The SDK's own success test passed on each: a 2xx whose `code` is 1000 (SessionApiClient).
    assert [(s["name"], s["ok"]) for s in got["steps"]] == [
        ("start", True),
        ("keepAlive", True),
        ("stop", True),
    ], got["steps"]
    assert got["states"] == ["CONNECTING", "CONNECTED", "DISCONNECTING", "DISCONNECTED"]
    session_id = got["sessionId"]
    assert isinstance(got["maxSessionDuration"], int)
    calls = [(r["method"], r["path"], r["status"], r["hasBody"]) for r in got["requests"]]
    assert calls == [
        ("POST", "/v1/sessions/start", 201, False),
        ("POST", "/v1/sessions/keep-alive", 200, False),
        ("POST", "/v1/sessions/stop", 200, False),
    ]
    for request, operation_id in zip(got["requests"], ("start", "keep_alive", "stop"), strict=True):
        assert request["contentType"] == "application/json"  # with no body (SessionApiClient)
        assert checks.answer_errors(MODEL, operation_id, request["status"], request["answer"]) == []
    # As far as LiveKit and the WebSocket: the room and the socket of /start's answer.
    start = got["requests"][0]["answer"]["data"]
    assert [(c["call"], c.get("url")) for c in got["livekit"][1:]] == [
        ("connect", start["livekit_url"]),
        ("disconnect", None),
    ]
    assert [s["url"] for s in got["websockets"]] == [start["ws_url"]]

    sent = checks.sent(liveavatar_mock)
    assert _calls(sent[1:]) == [
        ("POST", "/v1/sessions/start", 201),
        ("POST", "/v1/sessions/keep-alive", 200),
        ("POST", "/v1/sessions/stop", 200),
    ]
    for entry in sent[1:]:
        assert entry["body"] == ""
        assert "authorization" in entry["headers"]
        assert "x-api-key" not in entry["headers"]
    checks.assert_exactly_valid(MODEL, sent)
    assert _state(liveavatar_mock, session_id) == "closed"
