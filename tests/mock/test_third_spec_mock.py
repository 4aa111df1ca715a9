"""The mock serving the third spec (tests/spine/third.yaml) with no code of its own: rooms named
by a path parameter, a ticket or a body field, a 201, 422s, its own envelope, states and codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from heygen_streaming_mock import MockServer

from .conftest import answer_errors

SPEC = Path(__file__).resolve().parents[1] / "spine" / "third.yaml"
KEY, FREE = "rooms-key", "free-rooms:600:free"


class Rooms:
    def __init__(self) -> None:
        self.mock = MockServer(spec=SPEC, seed=3, api_keys=[KEY, FREE])
        self.http = httpx.Client(transport=self.mock.transport(), base_url="http://rooms")

    def call(
        self, method: str, path: str, *, key: str | None = KEY, ticket: str | None = None,
        **kwargs: Any,
    ) -> httpx.Response:  # fmt: skip
        headers = {} if key is None else {"X-Rooms-Key": key.split(":")[0]}
        if ticket is not None:
            headers = {"Authorization": f"Bearer {ticket}"}
        answer = self.http.request(method, path, headers=headers, **kwargs)
        body = answer.json()
        if answer.is_success:  # the spec's own envelope and success fields, valid under it
            assert answer_errors(self.mock, method, path, answer.status_code, body) == []
            assert (body["code"], body["detail"]) == (0, "ok")
        else:
            assert body["result"] is None
        return answer

    def room(self, key: str = KEY) -> tuple[str, str]:
        made = self.call("POST", "/v2/rooms", key=key, json={"title": "Standup"})
        assert made.status_code == 201
        return made.json()["result"]["room_id"], made.json()["result"]["ticket"]


def refused(answer: httpx.Response) -> tuple[int, int]:
    return answer.status_code, answer.json()["code"]


@pytest.fixture
def rooms() -> Iterator[Rooms]:
    rooms = Rooms()
    yield rooms
    rooms.http.close()


def test_a_room_goes_live_by_its_path_and_its_ticket_then_is_pinged_and_read(rooms: Rooms) -> None:
    room, ticket = rooms.room()
    assert rooms.call("POST", f"/v2/rooms/{room}/live", ticket=ticket).is_success
    assert rooms.call("POST", "/v2/rooms/ping", ticket=ticket).is_success
    assert rooms.call("POST", "/v2/rooms/ping", json={"room_id": room}).is_success
    assert rooms.call("GET", f"/v2/rooms/{room}").is_success


def test_a_ticket_serves_its_own_room_only(rooms: Rooms) -> None:
    _, ticket = rooms.room()
    other, _ = rooms.room()
    answer = rooms.call("POST", f"/v2/rooms/{other}/live", ticket=ticket)
    assert refused(answer) == (404, 1404)


def test_the_rooms_own_kinds_answer_with_their_codes(rooms: Rooms) -> None:
    room, ticket = rooms.room()
    assert rooms.call("POST", f"/v2/rooms/{room}/live", ticket=ticket).is_success
    assert refused(rooms.call("POST", f"/v2/rooms/{room}/live", ticket=ticket)) == (409, 1409)
    assert refused(rooms.call("POST", "/v2/rooms/ping", json={})) == (422, 1425)  # no-session
    assert refused(rooms.call("POST", "/v2/rooms", json={})) == (422, 1423)  # missing-field
    assert refused(rooms.call("POST", "/v2/rooms", key=None, json={"title": "x"})) == (401, 1401)


def test_the_free_plan_creates_one_room_at_a_time(rooms: Rooms) -> None:
    rooms.room(key=FREE)
    over = rooms.call("POST", "/v2/rooms", key=FREE, json={"title": "again"})
    assert refused(over) == (429, 1430)
