"""The journal: what the mock received and answered, secrets masked, memory bounded."""

from __future__ import annotations

import httpx
from heygen_streaming_mock import MockServer

from .conftest import KEY, PATH, post


def test_each_request_is_recorded_with_its_answer(client: httpx.Client, mock: MockServer) -> None:
    post(client, {"quality": "low", "mood": 1})
    entry = mock.journal.last()
    assert (entry.method, entry.path, entry.status) == ("POST", PATH, 200)
    assert entry.body == {"quality": "low", "mood": 1}
    assert entry.warnings == ("mood: unknown field ignored",)
    assert entry.fault is None


def test_the_api_key_is_masked(client: httpx.Client, mock: MockServer) -> None:
    post(client, {"quality": "low"})
    assert mock.journal.last().headers["x-api-key"] == "***"
    assert KEY not in str(mock.journal.to_json())


def test_secret_body_fields_are_masked(client: httpx.Client, mock: MockServer) -> None:
    settings = {"room": "r", "url": "wss://lk.example.com", "token": "lk-secret-token"}
    post(client, {"quality": "low", "livekit_settings": settings})
    assert mock.journal.last().body["livekit_settings"] == {**settings, "token": "***"}
    assert "lk-secret-token" not in str(mock.journal.to_json())


def test_secrets_are_masked_even_in_bodies_that_are_not_json(
    client: httpx.Client, mock: MockServer
) -> None:
    post(client, content=b'{"livekit_settings": {"token": "lk-secret-token", ')
    entry = mock.journal.last()
    assert entry.status == 400
    assert "lk-secret-token" not in entry.body
    assert '"token": "***"' in entry.body


def test_the_journal_keeps_only_the_last_entries() -> None:
    mock = MockServer(journal_size=5)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        for i in range(12):
            post(client, {"quality": "low", "avatar_id": f"a{i}"})
    assert len(mock.journal) == 5
    assert [e.body["avatar_id"] for e in mock.journal.entries()] == [f"a{i}" for i in range(7, 12)]
    assert mock.journal.total == 12


def test_large_bodies_are_kept_truncated() -> None:
    mock = MockServer(journal_body=100)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        post(client, {"quality": "low", "knowledge_base": "x" * 10_000})
    entry = mock.journal.last()
    assert entry.body_truncated
    assert entry.body_size > 10_000
    assert isinstance(entry.body, str)
    assert len(entry.body) == 100


def test_rejected_requests_are_recorded_too(client: httpx.Client, mock: MockServer) -> None:
    post(client, {}, key=None)
    client.get("/elsewhere")
    assert [e.status for e in mock.journal.entries()] == [401, 404]


def test_the_journal_is_served_and_cleared_over_http(
    client: httpx.Client, mock: MockServer
) -> None:
    post(client, {"quality": "low"})
    listed = client.get("/__mock__/requests").json()
    assert (listed["total"], listed["kept"]) == (1, 1)
    assert listed["requests"][0]["headers"]["x-api-key"] == "***"
    assert client.delete("/__mock__/requests").json() == {"cleared": 1}
    assert client.get("/__mock__/requests").json()["requests"] == []
    assert len(mock.journal) == 0


def test_admin_requests_are_not_journaled(client: httpx.Client, mock: MockServer) -> None:
    client.get("/__mock__/requests")
    client.get("/__mock__/health")
    assert len(mock.journal) == 0


def test_the_admin_endpoints_refuse_other_methods(client: httpx.Client) -> None:
    response = client.post("/__mock__/requests")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, DELETE"
    assert client.get("/__mock__/nothing").status_code == 404


def test_the_journal_shows_the_body_as_sent_not_as_the_mock_read_it(
    client: httpx.Client, mock: MockServer
) -> None:
    # Lenient mode reads a null optional field as absent; the journal keeps what came in.
    post(client, {"quality": "low", "avatar_id": None})
    entry = mock.journal.last()
    assert entry.body == {"quality": "low", "avatar_id": None}
    assert entry.warnings != ()
