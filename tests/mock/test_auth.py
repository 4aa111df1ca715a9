"""The API key: one of the configured keys, or a 401 with the documented error body."""

from __future__ import annotations

import httpx
import pytest
from heygen_streaming_mock import Account, KeyProfile, MockServer, pipeline

from .conftest import post
from .test_lifecycle import spec_message

UNAUTHORIZED = 400112


def message(response: httpx.Response) -> str:
    return spec_message(response, UNAUTHORIZED)


def test_a_missing_key_is_a_401(client: httpx.Client) -> None:
    response = post(client, {"quality": "low"}, key=None)
    assert response.status_code == 401
    # streaming.new takes the account key or a session token: the message names both.
    assert message(response) == "Unauthorized: X-Api-Key header or Bearer token is missing"


def test_an_empty_key_is_a_401(client: httpx.Client) -> None:
    response = post(client, {"quality": "low"}, key=" ")
    assert response.status_code == 401
    assert message(response) == "Unauthorized: the X-Api-Key header is empty"


def test_an_unknown_key_is_a_401_that_does_not_echo_it(client: httpx.Client) -> None:
    response = post(client, {"quality": "low"}, key="sk-live-guess")
    assert response.status_code == 401
    assert message(response) == "Unauthorized: the X-Api-Key header is not a valid key"
    assert "sk-live-guess" not in response.text


def test_auth_is_checked_before_the_body(client: httpx.Client) -> None:
    assert post(client, content=b"not json", key=None).status_code == 401


def test_the_default_key_is_mock_key(client: httpx.Client) -> None:
    assert post(client, {"quality": "low"}, key="mock-key").status_code == 200


def test_configured_keys_replace_the_default() -> None:
    mock = MockServer(api_keys=["alpha", "beta:300:free"])
    assert set(mock.keys) == {"alpha", "beta"}
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        assert post(client, {}, key="mock-key").status_code == 401
        assert post(client, {}, key="alpha").status_code == 200


@pytest.mark.parametrize(
    ("spec", "limit", "paid"),
    [("k", 600, True), ("k:300", 300, True), ("k:45:free", 45, False), ("k:45:free:9", 45, False)],
)
def test_each_key_has_its_own_plan(spec: str, limit: int, paid: bool) -> None:
    mock = MockServer(api_keys=[spec])
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        data = post(client, {"quality": "low"}, key="k").json()["data"]
    assert (data["session_duration_limit"], data["is_paid"]) == (limit, paid)


def test_plans_can_be_given_as_profiles() -> None:
    mock = MockServer(api_keys={"free": KeyProfile(session_duration_limit=60, is_paid=False)})
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        data = post(client, {"quality": "low"}, key="free").json()["data"]
    assert (data["session_duration_limit"], data["is_paid"]) == (60, False)


def test_a_key_can_carry_its_concurrency() -> None:
    from heygen_streaming_mock.sessions import parse_key

    assert parse_key("k:600:paid:7") == ("k", KeyProfile(600, is_paid=True, concurrency=7))
    assert parse_key("k::free") == ("k", KeyProfile(600, is_paid=False))
    # The plan's name is the spec's: its first `concurrent-sessions` plan for an unpaid key.
    assert MockServer().plan(Account("k", KeyProfile(is_paid=False))) == "trial"


@pytest.mark.parametrize(
    "bad", ["", "k:0", "k:x", "k:10:gold", "k:1:paid:extra", "k:1:paid:0", "k:1:paid:2:x"]
)
def test_malformed_key_specs_are_refused_at_start(bad: str) -> None:
    with pytest.raises(ValueError, match=r"KEY|key|limit|plan|concurrency|invalid literal"):
        MockServer(api_keys=[bad])


def test_with_the_key_header_twice_the_first_one_counts() -> None:
    from heygen_streaming_mock.wire import Head

    mock = MockServer(api_keys=["first"])
    headers = [(b"x-api-key", b"first"), (b"content-type", b"application/json")]
    path = mock.model.operation("new_session").path
    twice = Head("POST", path, [*headers, (b"x-api-key", b"second")])
    assert pipeline.before_body(mock, twice)[0] is None
    swapped = Head("POST", path, [(b"x-api-key", b"second"), *headers])
    reply = pipeline.before_body(mock, swapped)[0]
    assert reply is not None
    assert reply.status == 401
    assert twice.get_all(b"x-api-key") == ["first", "second"]


def test_a_request_head_never_shows_its_header_values() -> None:
    from heygen_streaming_mock.wire import Head

    head = Head("POST", "/v1/streaming.new", [(b"x-api-key", b"sk-live-secret-123")])
    assert "sk-live-secret-123" not in repr(head)
    assert "sk-live-secret-123" not in str(head)


def test_the_body_of_a_refused_request_is_journaled(client: httpx.Client, mock: MockServer) -> None:
    """Issue 8: 401, 404 and 405 keep what was sent, to see what a misconfigured client sent."""
    post(client, {"quality": "low"}, key="wrong")
    client.post("/v1/streaming.nowhere", json={"a": 1})
    client.put("/v1/streaming.new", json={"b": 2})
    bodies = [(e.status, e.body) for e in mock.journal.entries()]
    assert bodies == [(401, '{"quality":"low"}'), (404, '{"a":1}'), (405, '{"b":2}')]
