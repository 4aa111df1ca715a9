"""Bodies are checked against the spec's NewSessionRequest; a 400 names every offending field."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import message, post


def test_an_idle_timeout_below_the_minimum_is_rejected_naming_the_rule(
    client: httpx.Client,
) -> None:
    response = post(client, {"quality": "low", "activity_idle_timeout": 5})
    assert response.status_code == 400
    assert message(response) == "activity_idle_timeout: 5 is less than the minimum of 30"


def test_unknown_emotion_is_rejected_naming_the_field(client: httpx.Client) -> None:
    response = post(client, {"quality": "low", "voice": {"emotion": "Angry"}})
    assert response.status_code == 400
    assert message(response) == (
        "voice.emotion: 'Angry' is not one of 'Excited', 'Serious', 'Friendly', 'Soothing',"
        " 'Broadcaster'"
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
