"""The API key and the spec's x-secret tokens never show in a repr, an error or a log line."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from heygen_streaming import APIStatusError, HeyGenError, Session, StreamingClient
from heygen_streaming.redact import secret_field_names

LIVEKIT_TOKEN = "lk-caller-token-5f2e9a"


def _secrets(kit: Any) -> list[str]:
    data = kit.example("200", "success")["data"]
    return [kit.API_KEY, LIVEKIT_TOKEN, data["access_token"], data["livekit_agent_token"]]


def _client(kit: Any, recorder: Any) -> StreamingClient:
    return StreamingClient(
        api_key=kit.API_KEY, transport=recorder.transport(), sleep=lambda s: None
    )


def test_the_spec_marks_the_three_tokens_secret() -> None:
    assert {"access_token", "livekit_agent_token", "token"} <= secret_field_names()


def test_client_repr_and_str_hide_the_key(kit: Any) -> None:
    client = _client(kit, kit.Recorder())
    for shown in (repr(client), str(client), repr(client._api)):
        assert kit.API_KEY not in shown
        assert "***" in shown


def test_session_repr_and_str_mask_every_secret_field(kit: Any) -> None:
    session = _client(kit, kit.Recorder()).new_session()
    for shown in (repr(session), str(session), f"{session}"):
        for secret in _secrets(kit)[2:]:
            assert secret not in shown
        assert "session_id='3b1f2a9c" in shown
        assert "access_token='***'" in shown
    assert session.access_token == kit.example("200", "success")["data"]["access_token"]


def test_session_masks_secrets_in_unknown_nested_fields(kit: Any) -> None:
    session = Session.from_dict(
        {**kit.example("200", "success")["data"], "extra": {"token": "nested-secret-value"}}
    )
    assert "nested-secret-value" not in repr(session)


def test_debug_log_has_one_line_per_request_and_response_and_no_secret(
    kit: Any, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = kit.Recorder(httpx.ConnectError, kit.ok())
    with caplog.at_level(logging.DEBUG, logger="heygen_streaming"):
        _client(kit, recorder).new_session(livekit_settings={"token": LIVEKIT_TOKEN})
    ours = [r for r in caplog.records if r.name == "heygen_streaming"]
    text = "\n".join(r.getMessage() for r in ours)
    assert sum(r.getMessage().startswith("request ") for r in ours) == 2
    assert sum(r.getMessage().startswith("response ") for r in ours) == 2
    assert "x-api-key" in text
    assert "access_token" in text
    for secret in _secrets(kit):
        assert secret not in text
    assert all(r.levelno == logging.DEBUG for r in ours)


def test_an_error_body_echoing_the_key_or_a_token_is_scrubbed(
    kit: Any, caplog: pytest.LogCaptureFixture
) -> None:
    echo = f"bad key {kit.API_KEY} for token {LIVEKIT_TOKEN}"
    recorder = kit.Recorder(kit.reply(401, json_body={"code": 401, "message": echo}))
    with (
        caplog.at_level(logging.DEBUG, logger="heygen_streaming"),
        pytest.raises(APIStatusError) as info,
    ):
        _client(kit, recorder).new_session(livekit_settings={"token": LIVEKIT_TOKEN})
    shown = [str(info.value), repr(info.value), info.value.message, caplog.text]
    for secret in (kit.API_KEY, LIVEKIT_TOKEN):
        assert not any(secret in s for s in shown)
    assert "bad key ***" in str(info.value)


def test_a_connection_error_never_carries_the_key(kit: Any) -> None:
    recorder = kit.Recorder(httpx.ReadTimeout)
    with pytest.raises(HeyGenError) as info:
        _client(kit, recorder).new_session()
    assert kit.API_KEY not in str(info.value) + repr(info.value)
    assert not hasattr(info.value, "request")
