"""What goes on the wire: the key header, the path, the body with the spec's defaults."""

from __future__ import annotations

from typing import Any

import pytest
from heygen_streaming import BadRequestError, Session, StreamingClient
from heygen_streaming.spec import load_spec
from heygen_streaming_api.models import NewSessionRequest, SessionData, VoiceSetting


def _client(kit: Any, recorder: Any) -> StreamingClient:
    return StreamingClient(api_key=kit.API_KEY, transport=recorder.transport())


def test_key_goes_out_as_x_api_key_with_no_prefix(kit: Any) -> None:
    recorder = kit.Recorder()
    _client(kit, recorder).new_session()
    headers = recorder.requests[0].headers
    assert headers["X-Api-Key"] == kit.API_KEY
    assert "authorization" not in headers


def test_request_is_a_json_post_to_the_documented_path(kit: Any) -> None:
    recorder = kit.Recorder()
    _client(kit, recorder).new_session()
    request = recorder.requests[0]
    assert request.method == "POST"
    assert str(request.url) == "https://api.heygen.com/v1/streaming.new"
    assert request.headers["content-type"] == "application/json"


def test_spec_defaults_are_on_the_wire_when_no_field_is_given(kit: Any) -> None:
    recorder = kit.Recorder()
    _client(kit, recorder).new_session()
    assert recorder.body() == {
        "quality": "medium",
        "video_encoding": "VP8",
        "version": "v2",
        "disable_idle_timeout": False,
        "activity_idle_timeout": 120,
    }


def test_every_top_level_default_of_the_spec_is_sent(kit: Any) -> None:
    schema = load_spec()["components"]["schemas"]["NewSessionRequest"]["properties"]
    defaults = {name: prop["default"] for name, prop in schema.items() if "default" in prop}
    recorder = kit.Recorder()
    _client(kit, recorder).new_session()
    assert recorder.body() == defaults


def test_keyword_fields_and_nested_dicts_are_sent_over_the_defaults(kit: Any) -> None:
    recorder = kit.Recorder()
    _client(kit, recorder).new_session(
        quality="high",
        avatar_id="Wayne_20240711",
        voice={"voice_id": "v1", "rate": 1.5, "elevenlabs_settings": {"stability": 0.5}},
        stt_settings={"provider": "gladia"},
        activity_idle_timeout=300,
    )
    body = recorder.body()
    assert body["quality"] == "high"
    assert body["avatar_id"] == "Wayne_20240711"
    assert body["voice"] == {
        "voice_id": "v1",
        "rate": 1.5,
        "elevenlabs_settings": {"stability": 0.5},
    }
    assert body["stt_settings"] == {"provider": "gladia"}
    assert body["activity_idle_timeout"] == 300
    assert body["video_encoding"] == "VP8"


def test_keywords_that_are_none_count_as_not_given(kit: Any) -> None:
    recorder = kit.Recorder()
    _client(kit, recorder).new_session(quality=None, avatar_id=None, voice=None)
    body = recorder.body()
    assert body["quality"] == "medium"
    assert "avatar_id" not in body
    assert "voice" not in body


def test_a_generated_request_model_is_sent_as_it_serializes(kit: Any) -> None:
    recorder = kit.Recorder()
    request = NewSessionRequest(quality="low", voice=VoiceSetting(voice_id="v2"))
    _client(kit, recorder).new_session(request)
    assert recorder.body() == request.to_dict()
    assert recorder.body()["voice"] == {"voice_id": "v2", "rate": 1.0}


def test_generated_models_are_accepted_as_keyword_values(kit: Any) -> None:
    recorder = kit.Recorder()
    _client(kit, recorder).new_session(voice=VoiceSetting(emotion="Serious"))
    assert recorder.body()["voice"]["emotion"] == "Serious"


def test_returns_a_session_that_is_the_generated_session_data(kit: Any) -> None:
    recorder = kit.Recorder()
    session = _client(kit, recorder).new_session()
    data = kit.example("200", "success")["data"]
    assert isinstance(session, Session)
    assert isinstance(session, SessionData)
    assert session.to_dict() == data
    assert session.access_token == data["access_token"]


def test_unknown_response_fields_are_kept_on_the_session(kit: Any) -> None:
    body = kit.example("200", "own_livekit")
    body["data"]["region"] = "eu"
    session = _client(kit, kit.Recorder(kit.ok(body))).new_session()
    assert session["region"] == "eu"
    assert session.to_dict()["region"] == "eu"


def test_any_integer_envelope_code_is_accepted(kit: Any) -> None:
    body = kit.example("200", "success")
    body["code"] = 100  # what HeyGen's own SDK spec shows
    session = _client(kit, kit.Recorder(kit.ok(body))).new_session()
    assert session.session_id == body["data"]["session_id"]


def test_an_envelope_code_is_kept_when_its_message_is_empty(kit: Any) -> None:
    recorder = kit.Recorder(kit.reply(400, json_body={"code": 400006, "message": ""}))
    with pytest.raises(BadRequestError) as caught:
        _client(kit, recorder).new_session()
    assert caught.value.code == 400006
    assert caught.value.message == '{"code":400006,"message":""}'  # the raw body, as said
