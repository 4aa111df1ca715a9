"""What the spec forbids is refused before any network I/O, naming the field and the rule."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from heygen_streaming import AsyncStreamingClient, HeyGenError, StreamingClient, ValidationError
from heygen_streaming_api.models import LiveKitSettings, NewSessionRequest


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the transport was called: {request.content!r}")


@pytest.fixture
def client() -> StreamingClient:
    return StreamingClient(api_key="k", transport=httpx.MockTransport(_never))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"activity_idle_timeout": 5}, "activity_idle_timeout: 5 is less than the minimum of 30"),
        (
            {"activity_idle_timeout": 3601},
            "activity_idle_timeout: 3601 is greater than the maximum",
        ),
        ({"activity_idle_timeout": "120"}, 'activity_idle_timeout: "120" is not of type "integer"'),
        ({"activity_idle_timeout": True}, "activity_idle_timeout: true is not of type"),
        ({"quality": "ultra"}, "quality: 'ultra' is not one of 'high', 'medium', 'low'"),
        ({"video_encoding": "AV1"}, "video_encoding: 'AV1' is not one of 'H264', 'VP8'"),
        ({"version": "v3"}, "version: 'v3' is not one of 'v2'"),
        ({"voice": {"emotion": "Sad"}}, "voice.emotion: "),
        ({"voice": {"rate": "fast"}}, 'voice.rate: "fast" is not of type "number"'),
        ({"stt_settings": {"confidence": 1.5}}, "stt_settings.confidence: 1.5 is greater than"),
        ({"stt_settings": {"provider": "whisper"}}, "stt_settings.provider: 'whisper' is not one"),
        ({"disable_idle_timeout": "yes"}, 'disable_idle_timeout: "yes" is not of type "boolean"'),
        ({"greting": "hi"}, "greting: is not a field of this object"),
        ({"voice": {"speed": 2}}, "voice.speed: is not a field of this object"),
        ({"livekit_settings": {"url": 5}}, 'livekit_settings.url: 5 is not of type "string"'),
    ],
)
def test_spec_constraints_are_refused_before_io(
    client: StreamingClient, fields: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ValidationError) as info:
        client.new_session(**fields)
    assert expected in str(info.value)


def test_every_broken_rule_is_reported_at_once(client: StreamingClient) -> None:
    with pytest.raises(ValidationError) as info:
        client.new_session(quality="ultra", activity_idle_timeout=5)
    assert [e.path for e in info.value.errors] == ["activity_idle_timeout", "quality"]


def test_validation_error_is_both_a_heygen_error_and_a_value_error(client: StreamingClient) -> None:
    with pytest.raises(HeyGenError):
        client.new_session(quality="ultra")
    with pytest.raises(ValueError, match="quality"):
        client.new_session(quality="ultra")


def test_a_bad_literal_never_surfaces_as_the_generated_bare_type_error(
    client: StreamingClient,
) -> None:
    with pytest.raises(ValidationError):
        client.new_session(voice={"emotion": "Sad"})
    with pytest.raises(ValidationError):
        client.new_session(quality="ultra")


def test_a_generated_model_out_of_range_is_refused_before_io(client: StreamingClient) -> None:
    with pytest.raises(ValidationError, match="activity_idle_timeout: 5 is less than"):
        client.new_session(NewSessionRequest(activity_idle_timeout=5))


def test_a_plain_dict_inside_a_generated_model_is_a_validation_error(
    client: StreamingClient,
) -> None:
    request = NewSessionRequest(voice={"voice_id": "x"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="cannot serialize"):
        client.new_session(request)


def test_a_value_json_cannot_carry_is_a_validation_error(client: StreamingClient) -> None:
    with pytest.raises(ValidationError):
        client.new_session(avatar_id={"a", "b"})


def test_a_model_and_keyword_fields_together_is_a_type_error(client: StreamingClient) -> None:
    with pytest.raises(TypeError, match="not both"):
        client.new_session(NewSessionRequest(), quality="high")


def test_a_secret_value_is_never_quoted_in_a_validation_error(client: StreamingClient) -> None:
    with pytest.raises(ValidationError) as info:
        client.new_session(livekit_settings={"token": 987654321})
    assert "livekit_settings.token" in str(info.value)
    assert "987654321" not in str(info.value)
    assert "987654321" not in repr(info.value)
    with pytest.raises(ValidationError) as info:
        client.new_session(NewSessionRequest(livekit_settings=LiveKitSettings(token=["tok-abc"])))  # type: ignore[arg-type]
    assert "tok-abc" not in str(info.value)


def test_the_async_client_validates_before_io_too() -> None:
    async def scenario() -> None:
        async with AsyncStreamingClient(
            api_key="k", transport=httpx.MockTransport(_never)
        ) as client:
            await client.new_session(activity_idle_timeout=4000)

    with pytest.raises(ValidationError, match="activity_idle_timeout: 4000 is greater"):
        asyncio.run(scenario())
