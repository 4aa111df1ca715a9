"""Strings no encoder can write (lone surrogates): a 400 naming the field, a journal that reads."""

from __future__ import annotations

import json

import httpx
import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.journal import Journal
from heygen_streaming_mock.server import RunningMock

from .conftest import KEY, PATH

HEADERS = {"x-api-key": KEY, "content-type": "application/json"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            rb'{"quality":"low","\ud800":1}',
            "\\ud800: field name is not valid Unicode (lone surrogate U+D800)",
        ),
        (rb'{"quality":"\ud800"}', "quality: not valid Unicode (lone surrogate U+D800)"),
        (
            rb'{"quality":"low","avatar_id":"\udfff"}',
            "avatar_id: not valid Unicode (lone surrogate U+DFFF)",
        ),
        (
            rb'{"voice":{"emotion":["ok","x\udbff"]}}',
            "voice.emotion[1]: not valid Unicode (lone surrogate U+DBFF)",
        ),
    ],
)
def test_a_lone_surrogate_is_a_400_naming_the_field(
    served: RunningMock, body: bytes, message: str
) -> None:
    response = httpx.post(served.url + PATH, content=body, headers=HEADERS)
    assert response.status_code == 400
    assert response.json() == {"code": 400, "message": message}


def test_a_surrogate_pair_is_one_character_and_is_not_refused(served: RunningMock) -> None:
    response = httpx.post(
        served.url + PATH, content=rb'{"quality":"low","avatar_id":"\ud83d\ude00"}', headers=HEADERS
    )
    assert response.status_code != 400 or "Unicode" not in response.text


def test_the_journal_reads_after_lone_surrogates(served: RunningMock) -> None:
    for body in (rb'{"quality":"low","\ud800":1}', rb'{"quality":"low","avatar_id":"\udfff"}'):
        httpx.post(served.url + PATH, content=body, headers=HEADERS)
    listed = httpx.get(served.url + "/__mock__/requests")
    assert listed.status_code == 200
    bodies = [entry["body"] for entry in listed.json()["requests"]]
    assert bodies == ['{"quality":"low","\\ud800":1}', '{"quality":"low","avatar_id":"\\udfff"}']


def test_an_entry_holding_a_lone_surrogate_is_shown_escaped_and_never_poisons_the_page() -> None:
    # Recorded as parsed JSON, as an answer that accepted it would be: the old way to poison it.
    journal = Journal(10)
    body = rb'{"quality":"low","avatar_id":"\udfff","\ud800":1}'
    journal.record("POST", PATH, [], body, json.loads(body), 200, ("\ud800: unknown field",))
    entry = json.loads(journal.render_page(""))["requests"][0]
    assert entry["body"] == {"quality": "low", "avatar_id": "\\udfff", "\\ud800": 1}
    assert entry["warnings"] == ["\\ud800: unknown field"]
    assert journal.last().body["avatar_id"].encode("utf-8") == b"\\udfff"


def test_the_in_process_transport_refuses_them_too() -> None:
    mock = MockServer(seed=1)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        response = client.post(PATH, content=rb'{"quality":"\ud800"}', headers=HEADERS)
    assert response.status_code == 400
    assert response.json()["message"] == "quality: not valid Unicode (lone surrogate U+D800)"
