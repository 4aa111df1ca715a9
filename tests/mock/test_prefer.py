"""`Prefer` controls (Prism's code= and example=, our delay= and fault=) and server-wide chaos."""

from __future__ import annotations

import time

import httpx
import pytest
from heygen_streaming_mock import MockServer, pipeline

from .conftest import post
from .test_lifecycle import spec_message as message

VALID = {"quality": "low"}


def test_code_returns_that_documented_status_with_its_example(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "code=503"})
    assert response.status_code == 503
    assert message(response, 503) == "service unavailable"
    assert response.headers["retry-after"] == "1"


def test_code_answers_the_first_example_of_that_status(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "code=429"})
    assert response.status_code == 429
    assert response.json() == client_example(429, "new_session")


def client_example(status: int, operation_id: str) -> object:
    from heygen_streaming.spec_model import packaged_model

    examples = packaged_model().operation(operation_id).responses[status].examples
    return next(iter(examples.values()))


def test_prefer_works_for_every_operation(client: httpx.Client) -> None:
    from heygen_streaming.spec_model import packaged_model

    for op in packaged_model().operations:
        response = client.request(
            op.method,
            op.path,
            json={"session_id": "x", "text": "Hi"} if op.method == "POST" else None,
            headers={"x-api-key": "mock-key", "prefer": "code=500"},
        )
        assert (op.operation_id, response.status_code) == (op.operation_id, 500)
        assert response.json() == client_example(500, op.operation_id)


def test_code_200_returns_a_generated_session(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "code=200"})
    assert response.status_code == 200
    assert response.json()["data"]["url"].endswith(".livekit.cloud")


def test_example_returns_the_named_example_of_the_spec(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "example=own_livekit"})
    assert response.json()["data"]["session_id"] == "7c9e6679-7425-40de-944b-e07fc1f90ae7"


def test_code_and_example_combine(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": 'code=401, example="missing_key"'})
    assert response.status_code == 401
    assert message(response, 400112) == "Unauthorized: X-Api-Key header or Bearer token is missing"


def test_an_undocumented_code_is_refused(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "code=418"})
    assert response.status_code == 400
    from heygen_streaming.spec_model import packaged_model

    listed = ", ".join(map(str, packaged_model().operation("new_session").statuses))
    assert "200, 400, 401" in listed
    assert message(response) == f"Prefer: code=418 is not documented ({listed})"


def test_an_unknown_example_is_refused_listing_the_known_ones(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "code=200, example=nope"})
    assert response.status_code == 400
    assert (
        message(response) == "Prefer: example=nope is not an example of 200 (success, own_livekit)"
    )


def test_validation_wins_over_prefer(client: httpx.Client) -> None:
    response = post(client, {"quality": "x"}, headers={"prefer": "code=200"})
    assert response.status_code == 400


def test_unknown_preferences_are_ignored(client: httpx.Client) -> None:
    assert post(client, VALID, headers={"prefer": "return=minimal, wait=5"}).status_code == 200


@pytest.mark.parametrize(
    ("prefer", "error"),
    [
        ("fault=explode", "Prefer: fault=explode is not one of empty, malformed, reset, stall"),
        ("delay=soon", "Prefer: delay=soon is not a number of ms"),
        ("delay=99999999", "Prefer: delay=99999999 is outside 0..30000 ms"),
        ("code=abc", "Prefer: code=abc is not an HTTP status"),
    ],
)
def test_bad_preferences_are_a_400(client: httpx.Client, prefer: str, error: str) -> None:
    response = post(client, VALID, headers={"prefer": prefer})
    assert response.status_code == 400
    assert message(response) == error


def test_delay_holds_the_answer(client: httpx.Client) -> None:
    started = time.perf_counter()
    assert post(client, VALID, headers={"prefer": "delay=150"}).status_code == 200
    assert time.perf_counter() - started >= 0.15


def test_a_reset_fault_is_a_dropped_connection_in_process(
    client: httpx.Client, mock: MockServer
) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        post(client, VALID, headers={"prefer": "fault=reset"})
    assert (mock.journal.last().status, mock.journal.last().fault) == (None, "reset")


def test_a_stall_fault_times_out_at_the_clients_read_timeout(mock: MockServer) -> None:
    with (
        httpx.Client(transport=mock.transport(), base_url="http://m", timeout=0.05) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        post(client, VALID, headers={"prefer": "fault=stall"})


def test_a_malformed_fault_is_a_200_with_broken_json(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "fault=malformed"})
    assert response.status_code == 200
    with pytest.raises(ValueError, match=r"Expecting|Unterminated|delimiter"):
        response.json()


def test_an_empty_fault_is_a_200_with_no_body(client: httpx.Client) -> None:
    response = post(client, VALID, headers={"prefer": "fault=empty"})
    assert (response.status_code, response.content) == (200, b"")


def test_the_error_rate_is_reproducible_with_the_seed() -> None:
    def statuses(seed: int) -> list[int]:
        mock = MockServer(seed=seed, error_rate=0.3)
        with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
            return [post(client, VALID).status_code for _ in range(60)]

    first = statuses(5)
    assert first == statuses(5)
    assert set(first) == {200, 500, 503}


def test_errors_from_the_error_rate_are_documented_bodies() -> None:
    mock = MockServer(seed=1, error_rate=1.0)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        response = post(client, VALID)
    assert response.status_code in (500, 503)
    assert message(response) in ("internal server error", "service unavailable")


def test_the_error_rate_must_be_a_probability_and_its_statuses_documented() -> None:
    with pytest.raises(ValueError, match="error_rate"):
        MockServer(error_rate=1.5)
    with pytest.raises(ValueError, match="not in the spec"):
        MockServer(error_statuses=(502,))


def test_latency_applies_to_every_answer() -> None:
    mock = MockServer(latency=0.1)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        started = time.perf_counter()
        post(client, VALID, key=None)
        assert time.perf_counter() - started >= 0.1


def test_a_latency_range_is_drawn_from_the_seed() -> None:
    a = MockServer(seed=3, latency=(0.0, 1.0))
    b = MockServer(seed=3, latency=(0.0, 1.0))
    draws = [pipeline.latency(a) for _ in range(5)]
    assert draws == [pipeline.latency(b) for _ in range(5)]
    assert all(0.0 <= d <= 1.0 for d in draws)
    assert len(set(draws)) == 5
