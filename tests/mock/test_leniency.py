"""Profiles: `exact` (default) accepts exactly what the spec accepts, with no warnings; `strict`
refuses what the spec marks tolerated or deprecated, naming each refusal; `lenient` (opt-in)
accepts more than the spec and reports each leniency in X-Mock-Warnings.

Changed from the lenient-by-default mock: nulls, unknown top-level fields and a missing
`quality` are now accepted by the exact spec itself (it documents what the live API tolerates),
so the default mode sends no X-Mock-Warnings; the strict messages name the tolerance instead of
"null is not allowed".
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from heygen_streaming_mock import MockServer

from .conftest import post
from .test_lifecycle import spec_message


def client_of(profile: str) -> httpx.Client:
    return httpx.Client(transport=MockServer(profile=profile).transport(), base_url="http://m")


# What real clients send that the live API takes, and how `--strict` names each one.
TOLERATED: list[tuple[dict[str, Any], str]] = [
    ({"quality": None}, "quality: null is tolerated by the live API but not documented"),
    ({"avatar_id": None}, "avatar_id: null is tolerated by the live API but not documented"),
    ({"voice": {"rate": None}}, "voice.rate: null is tolerated by the live API but not documented"),
    ({"avatar_name": "Wayne_20240711"}, "avatar_name: deprecated, use avatar_id"),
    ({"knowledge_id": "kb_1"}, "knowledge_id: deprecated, use knowledge_base_id"),
    ({"mood": "happy"}, "mood: is not a documented field (the live API ignores it)"),
]


@pytest.mark.parametrize(("body", "refusal"), TOLERATED)
def test_the_default_profile_accepts_what_the_spec_tolerates_without_warnings(
    body: dict[str, Any], refusal: str
) -> None:
    with client_of("exact") as client:
        response = post(client, {"quality": "low", **body})
    assert response.status_code == 200
    assert "x-mock-warnings" not in response.headers


@pytest.mark.parametrize(("body", "refusal"), TOLERATED)
def test_strict_refuses_each_tolerance_naming_it(body: dict[str, Any], refusal: str) -> None:
    with client_of("strict") as client:
        response = post(client, {"quality": "low", **body})
    assert response.status_code == 400
    assert spec_message(response, 400175) == refusal


def test_strict_true_is_the_strict_profile() -> None:
    assert MockServer(strict=True).profile == "strict"
    assert MockServer().profile == "exact"
    with pytest.raises(ValueError, match="exact, strict, lenient"):
        MockServer(profile="loose")


def test_both_emotion_casings_are_documented_so_both_profiles_accept_them() -> None:
    for profile in ("exact", "strict"):
        with client_of(profile) as client:
            for emotion in ("Friendly", "friendly"):
                assert post(client, {"voice": {"emotion": emotion}}).status_code == 200


def test_strict_names_every_problem_at_once() -> None:
    with client_of("strict") as client:
        response = post(client, {"avatar_id": None, "mood": 1, "activity_idle_timeout": 1})
    assert spec_message(response) == (
        "activity_idle_timeout: 1 is less than the minimum of 30; "
        "avatar_id: null is tolerated by the live API but not documented; "
        "mood: is not a documented field (the live API ignores it)"
    )


def test_what_the_spec_closes_is_refused_in_every_profile_but_lenient() -> None:
    body = {"stt_settings": {"provider": "deepgram", "lang": "fr"}}
    for profile in ("exact", "strict"):
        with client_of(profile) as client:
            answer = post(client, body)
        assert spec_message(answer) == "stt_settings.lang: is not a field of this object"
    with client_of("lenient") as client:
        answer = post(client, body)
    assert answer.status_code == 200
    assert answer.headers["x-mock-warnings"] == "stt_settings.lang: unknown field ignored"


def test_lenient_reports_leniencies_and_real_errors_together() -> None:
    with client_of("lenient") as client:
        response = post(
            client,
            {"stt_settings": {"lang": "fr"}, "activity_idle_timeout": 1},
        )
    assert response.status_code == 400
    assert spec_message(response) == "activity_idle_timeout: 1 is less than the minimum of 30"
    assert response.headers["x-mock-warnings"] == "stt_settings.lang: unknown field ignored"


def test_lenient_warns_only_where_the_spec_itself_refuses() -> None:
    with client_of("lenient") as client:
        response = post(client, {"quality": None, "mood": 1})
    assert response.status_code == 200
    assert "x-mock-warnings" not in response.headers


def test_a_warning_naming_an_odd_field_stays_a_safe_header() -> None:
    with client_of("lenient") as client:
        response = post(client, {"stt_settings": {"é\r\nx": 1}})
    assert response.status_code == 200
    assert (
        response.headers["x-mock-warnings"]
        == "stt_settings.\\xe9\\x0d\\x0ax: unknown field ignored"
    )


def test_the_warning_header_is_bounded() -> None:
    body = {"stt_settings": {f"field_{i}": i for i in range(2000)}}
    with client_of("lenient") as client:
        response = post(client, body)
    assert response.status_code == 200
    assert len(response.headers["x-mock-warnings"]) <= 2000


@pytest.mark.parametrize(("profile", "status"), [("exact", 200), ("strict", 400)])
def test_every_operation_is_checked_in_its_profile(profile: str, status: int) -> None:
    """A task's undocumented `interrupt: true` (F-code100): the live API ignores it."""
    mock = MockServer(profile=profile)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        sid = post(client, {}).json()["data"]["session_id"]
        key = {"x-api-key": "mock-key"}
        client.post("/v1/streaming.start", json={"session_id": sid}, headers=key)
        answer = client.post(
            "/v1/streaming.task",
            json={"session_id": sid, "text": "Hi", "interrupt": True},
            headers=key,
        )
    assert answer.status_code == status
    if status == 400:
        assert spec_message(answer, 400175) == (
            "interrupt: is not a documented field (the live API ignores it)"
        )
