"""Bodies are checked against each operation's request schema; a 400 names every offending field,
with HeyGen's code: 400175 for an invalid value, 40001 when a required field is missing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import post
from .test_lifecycle import spec_message

INVALID_PARAMETER = 400175


def message(response: httpx.Response) -> str:
    return spec_message(response, INVALID_PARAMETER)


def test_an_idle_timeout_below_the_minimum_is_rejected_naming_the_rule(
    client: httpx.Client,
) -> None:
    response = post(client, {"quality": "low", "activity_idle_timeout": 5})
    assert response.status_code == 400
    assert message(response) == "activity_idle_timeout: 5 is less than the minimum of 30"


def test_unknown_emotion_is_rejected_naming_the_field(client: httpx.Client) -> None:
    response = post(client, {"quality": "low", "voice": {"emotion": "Angry"}})
    assert response.status_code == 400
    # Both casings are documented (two enums): the message lists every accepted value.
    assert message(response) == (
        "voice.emotion: 'Angry' is not one of 'Excited', 'Serious', 'Friendly', 'Soothing',"
        " 'Broadcaster', 'excited', 'serious', 'friendly', 'soothing', 'broadcaster'"
    )


def test_every_offending_field_is_named_in_path_order(client: httpx.Client) -> None:
    body = {
        "quality": "ultra",
        "activity_idle_timeout": 4000,
        "stt_settings": {"confidence": 1.5},
        "disable_idle_timeout": "yes",
    }
    response = post(client, body)
    assert response.status_code == 400
    assert message(response) == (
        "activity_idle_timeout: 4000 is greater than the maximum of 3600; "
        'disable_idle_timeout: "yes" is not of type "boolean"; '
        "quality: 'ultra' is not one of 'high', 'medium', 'low'; "
        "stt_settings.confidence: 1.5 is greater than the maximum of 1"
    )


def test_formats_are_checked(client: httpx.Client) -> None:
    response = post(client, {"quality": "low", "livekit_settings": {"url": "not a url"}})
    assert response.status_code == 400
    assert message(response) == 'livekit_settings.url: "not a url" is not a "uri"'


@pytest.mark.parametrize(
    "body",
    [
        {"quality": "high"},
        {"quality": "low", "voice": {"rate": 1.5, "elevenlabs_settings": {"anything": [1, {}]}}},
        {"quality": "medium", "activity_idle_timeout": 30},
        {"quality": "medium", "activity_idle_timeout": 3600},
    ],
)
def test_valid_bodies_are_accepted_without_warnings(
    client: httpx.Client, body: dict[str, Any]
) -> None:
    response = post(client, body)
    assert response.status_code == 200
    assert "x-mock-warnings" not in response.headers


def test_a_missing_required_field_is_40001_naming_it(client: httpx.Client) -> None:
    response = client.post(
        "/v1/streaming.task", json={"text": "Hi"}, headers={"x-api-key": "mock-key"}
    )
    assert response.status_code == 400
    assert spec_message(response, 40001) == "session_id: is required"


def test_secrets_are_not_echoed_in_a_refusal(client: httpx.Client) -> None:
    body = {"livekit_settings": {"url": "wss://lk.example.com", "token": 12345678}}
    response = post(client, body)
    assert response.status_code == 400
    assert "12345678" not in response.text
