"""Lenient by default (each leniency reported), strict on request (each leniency a 400)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from heygen_streaming_mock import MockServer

from .conftest import message, post


@pytest.fixture
def strict() -> httpx.Client:
    return httpx.Client(transport=MockServer(strict=True).transport(), base_url="http://mock")


CASES: list[tuple[dict[str, Any], str, str]] = [
    (
        {},
        'quality: missing, took the default "medium"',
        "quality: is required",
    ),
    (
        {"quality": None},
        'quality: null treated as absent, the default "medium" applies',
        "quality: null is not allowed; omit the field instead",
    ),
    (
        {"quality": "low", "avatar_id": None},
        "avatar_id: null treated as absent",
        "avatar_id: null is not allowed; omit the field instead",
    ),
    (
        {"quality": "low", "voice": {"rate": None}},
        "voice.rate: null treated as absent, the default 1 applies",
        "voice.rate: null is not allowed; omit the field instead",
    ),
    (
        {"quality": "low", "mood": "happy"},
        "mood: unknown field ignored",
        "mood: is not a field of this object",
    ),
    (
        {"quality": "low", "stt_settings": {"provider": "deepgram", "lang": "fr"}},
        "stt_settings.lang: unknown field ignored",
        "stt_settings.lang: is not a field of this object",
    ),
]


@pytest.mark.parametrize(("body", "warning", "error"), CASES)
def test_lenient_mode_accepts_and_reports_in_a_header(
    client: httpx.Client, mock: MockServer, body: dict[str, Any], warning: str, error: str
) -> None:
    response = post(client, body)
    assert response.status_code == 200
    assert response.headers["x-mock-warnings"] == warning
    assert mock.journal.last().warnings == (warning,)


@pytest.mark.parametrize(("body", "warning", "error"), CASES)
def test_strict_mode_turns_each_leniency_into_a_400(
    strict: httpx.Client, body: dict[str, Any], warning: str, error: str
) -> None:
    response = post(strict, body)
    assert response.status_code == 400
    assert message(response) == error


def test_open_objects_keep_their_extra_keys_in_both_modes(strict: httpx.Client) -> None:
    body = {"quality": "low", "voice": {"elevenlabs_settings": {"style": None, "new": 1}}}
    assert post(strict, body).status_code == 200


def test_leniencies_and_real_errors_are_reported_together(client: httpx.Client) -> None:
    response = post(client, {"quality": None, "mood": 1, "activity_idle_timeout": 1})
    assert response.status_code == 400
    assert message(response) == "activity_idle_timeout: 1 is less than the minimum of 30"
    assert response.headers["x-mock-warnings"] == (
        'quality: null treated as absent, the default "medium" applies; mood: unknown field ignored'
    )


def test_strict_mode_names_every_problem_at_once(strict: httpx.Client) -> None:
    response = post(strict, {"avatar_id": None, "mood": 1, "activity_idle_timeout": 1})
    assert message(response) == (
        "activity_idle_timeout: 1 is less than the minimum of 30; "
        "avatar_id: null is not allowed; omit the field instead; "
        "mood: is not a field of this object; quality: is required"
    )


def test_a_warning_naming_an_odd_field_stays_a_safe_header(client: httpx.Client) -> None:
    response = post(client, {"quality": "low", "é\r\nx": 1})
    assert response.status_code == 200
    assert response.headers["x-mock-warnings"] == "\\xe9\\x0d\\x0ax: unknown field ignored"


def test_the_warning_header_is_bounded(client: httpx.Client) -> None:
    body = {"quality": "low", **{f"field_{i}": i for i in range(2000)}}
    response = post(client, body)
    assert response.status_code == 200
    assert len(response.headers["x-mock-warnings"]) <= 2000
