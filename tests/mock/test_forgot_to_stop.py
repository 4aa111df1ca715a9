"""The README's worked example: the mock catches an app's "forgot to stop the session" bug."""

from __future__ import annotations

import httpx
import pytest
from heygen_streaming import RateLimitError, StreamingClient
from heygen_streaming_mock import MockServer


class Greeter:
    """An app greeting each visitor with the avatar; `stops` is whether it has the bug fixed."""

    def __init__(self, client: StreamingClient, *, stops: bool) -> None:
        self.client = client
        self.stops = stops

    def greet(self, text: str) -> None:
        session = self.client.new_session(quality="low")
        self.client.start(session_id=session.session_id)
        self.client.task(session_id=session.session_id, text=text)
        if self.stops:
            self.client.stop(session_id=session.session_id)


def client_of(mock: MockServer, key: str) -> StreamingClient:
    return StreamingClient(api_key=key, base_url="http://mock", transport=mock.transport())


@pytest.mark.parametrize("stops", [True, False])
def test_the_open_sessions_list_shows_a_session_left_open(stops: bool) -> None:
    mock = MockServer(api_keys=["trial-key:600:free"])
    with client_of(mock, "trial-key") as client:
        Greeter(client, stops=stops).greet("Welcome!")
        assert (client.list_sessions().sessions == []) is stops


def test_with_the_bug_a_trial_key_refuses_the_fourth_visitor() -> None:
    mock = MockServer(api_keys=["trial-key:600:free"])
    with client_of(mock, "trial-key") as client:
        greeter = Greeter(client, stops=False)
        for _ in range(3):
            greeter.greet("Welcome!")
        with pytest.raises(RateLimitError, match="code 400429"):
            greeter.greet("Welcome!")


@pytest.mark.parametrize(("stops", "reason"), [(True, "stopped"), (False, "idle-timeout")])
def test_the_clock_shows_the_session_timed_out_instead_of_being_stopped(
    stops: bool, reason: str
) -> None:
    mock = MockServer()
    with client_of(mock, "mock-key") as client:
        Greeter(client, stops=stops).greet("Welcome!")
    mock.clock.advance(3600)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as admin:
        sessions = admin.get("/__mock__/sessions").json()["sessions"]
    assert [s["close_reason"] for s in sessions] == [reason]
