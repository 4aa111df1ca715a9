"""Every 200 matches the spec's NewSessionResponse and looks real; a seed makes it repeatable."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import httpx
import pytest
from heygen_streaming.spec import SchemaValidator, load_spec
from heygen_streaming.spec_model import packaged_model
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.wire import Reply

from .conftest import KEY, PATH, post

RESPONSE = packaged_model().operation("new_session").response_validator(200)


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


@pytest.mark.parametrize(
    "body",
    [
        {"quality": "low"},
        {"quality": "high", "voice": {"emotion": "Soothing"}, "version": "v2"},
        {
            "quality": "low",
            "livekit_settings": {"room": "r1", "url": "wss://lk.example.com", "token": "t"},
        },
        {},
    ],
)
def test_every_200_validates_against_the_response_schema(
    client: httpx.Client, body: dict[str, Any]
) -> None:
    response = post(client, body)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert RESPONSE is not None
    assert RESPONSE.errors(response.json()) == []


def test_a_heygen_managed_session_looks_real(client: httpx.Client) -> None:
    envelope = post(client, {"quality": "low"}).json()
    assert (envelope["code"], envelope["message"]) == (100, "success")  # the live API's 100
    data = envelope["data"]
    assert uuid.UUID(data["session_id"]).version == 4
    assert data["url"].startswith("wss://heygen-")
    assert data["url"].endswith(".livekit.cloud")
    user, agent = claims(data["access_token"]), claims(data["livekit_agent_token"])
    assert user["video"]["room"] == agent["video"]["room"] == data["session_id"]
    assert user["exp"] - user["nbf"] == data["session_duration_limit"] == 600
    assert data["is_paid"] is True
    assert data["realtime_endpoint"].endswith("/session/" + data["session_id"])
    assert (data["sdp"], data["ice_servers"], data["ice_servers2"]) == (None, None, None)


def test_bringing_your_own_livekit_returns_your_url_and_room(client: httpx.Client) -> None:
    # Changed: the spec now always requires livekit_agent_token, so it comes for your room too.
    settings = {"room": "support-42", "url": "wss://mylivekit.example.com", "token": "secret"}
    data = post(client, {"quality": "low", "livekit_settings": settings}).json()["data"]
    assert data["url"] == "wss://mylivekit.example.com"
    assert claims(data["access_token"])["video"]["room"] == "support-42"
    assert claims(data["livekit_agent_token"])["video"]["room"] == "support-42"


def test_the_same_seed_and_requests_give_the_same_responses() -> None:
    def run(seed: int) -> list[str]:
        with httpx.Client(transport=MockServer(seed=seed).transport(), base_url="http://m") as c:
            return [post(c, {"quality": q}).text for q in ("low", "high", "medium")]

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_without_a_seed_sessions_differ_between_mocks() -> None:
    ids = set()
    for _ in range(2):
        with httpx.Client(transport=MockServer().transport(), base_url="http://m") as c:
            ids.add(post(c, {"quality": "low"}).json()["data"]["session_id"])
    assert len(ids) == 2


def test_session_ids_are_unique_within_a_run() -> None:
    # 200 open sessions: more than a paid key's 100, so a key with a larger concurrency.
    mock = MockServer(api_keys=["mock-key:600:paid:1000"], seed=1)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        ids = {post(client, {"quality": "low"}).json()["data"]["session_id"] for _ in range(200)}
    assert len(ids) == 200


def test_every_error_body_validates_against_the_error_schema(client: httpx.Client) -> None:
    errors = SchemaValidator(load_spec(), "ErrorResponse")
    for response in (
        post(client, content=b"{"),
        post(client, {}, key=None),
        post(client, {"quality": "x"}),
        client.get("/v1/streaming.new"),
        client.get("/nowhere"),
        post(client, {"quality": "low"}, headers={"prefer": "code=503"}),
    ):
        assert response.status_code >= 400
        assert errors.errors(response.json()) == []


def test_a_respond_hook_answers_streaming_new() -> None:

    def respond(*_: Any) -> Reply:
        return mock.error(503, "down for maintenance")

    mock = MockServer(respond=respond)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        response = client.post(PATH, json={"quality": "low"}, headers={"x-api-key": KEY})
    assert response.status_code == 503


def test_a_repeated_body_opens_a_new_session_each_time() -> None:
    mock = MockServer(seed=3)
    body = b'{"quality": "low", "avatar_id": "Wayne_20240711"}'
    headers = {"x-api-key": KEY, "content-type": "application/json"}
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        answers = [client.post(PATH, content=body, headers=headers) for _ in range(3)]
        invalid = [client.post(PATH, content=b'{"quality": "x"}', headers=headers) for _ in "ab"]
        preferred = client.post(PATH, content=body, headers={**headers, "prefer": "code=500"})
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len({a.json()["data"]["session_id"] for a in answers}) == 3
    assert [a.status_code for a in invalid] == [400, 400]
    assert preferred.status_code == 500
    assert mock.journal.total == 6


def test_the_tokens_are_issued_at_the_mocks_clock_time() -> None:
    """iat/nbf follow the mock's clock (advanced or not), exp adds each key's own limit."""
    mock = MockServer(seed=3, api_keys=["short:7", "long:600"])
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:

        def issued(key: str) -> tuple[int, int, int]:
            data = post(client, {"quality": "low"}, key=key).json()["data"]
            assert data == {**data, "session_duration_limit": 7 if key == "short" else 600}
            token = claims(data["access_token"])
            assert claims(data["livekit_agent_token"])["exp"] == token["exp"]
            return token["iat"], token["nbf"], token["exp"]

        start = int(mock.clock.now())
        assert issued("short") == (start, start, start + 7)
        assert issued("long") == (start, start, start + 600)
        assert issued("short") == (start, start, start + 7)
        mock.clock.advance(3600.5)
        assert issued("long") == (start + 3600, start + 3600, start + 4200)


@pytest.mark.parametrize("room", ["r", "ro", "roo", "room", "salle-été"])
@pytest.mark.parametrize("limit", [7, 600, 86400])
def test_both_tokens_decode_whole_whatever_the_room_and_limit(room: str, limit: int) -> None:
    """Every length of room and time gives one JSON object per token, with its own subject
    and grant."""
    from heygen_streaming_mock.sessions import KeyProfile, SessionFactory

    own = {"livekit_settings": {"url": "wss://lk.example.com", "room": room}}
    for request, now in ((own, 1_735_689_601.0), ({}, 1_800_000_000.7)):
        data = SessionFactory(5).session(request, KeyProfile(limit), now)
        _check_tokens(data, room if request else data["session_id"], limit)
        assert claims(data["access_token"])["iat"] == int(now)


def _check_tokens(data: dict[str, Any], room: str, limit: int) -> None:
    user, agent = claims(data["access_token"]), claims(data["livekit_agent_token"])
    prefix = data["session_id"][:8]
    assert user == {
        "iss": "heygen-mock",
        "sub": f"user-{prefix}",
        "video": {"room": room, "roomJoin": True, "canPublish": True},
        "iat": user["iat"],
        "nbf": user["iat"],
        "exp": user["iat"] + limit,
    }
    assert agent == {
        **user,
        "sub": f"agent-{prefix}",
        "video": {"room": room, "roomJoin": True, "agent": True},
    }
