"""The mock serving LiveAvatar's spec: each real client's REST flow, every 2xx valid under the
spec; the session found by token, body or path; tokens bound to their session; LiveAvatar's own
error answers; the concurrency limit on `/start`; the fixed idle timeout; templated routes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from heygen_streaming.spec import SchemaValidator, load_spec
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.cli import build_parser, options_from_args, parse
from heygen_streaming_mock.pytest_plugin import HeygenMock, served_mock

from .conftest import answer_errors

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "liveavatar.yaml"
KEY, OTHER, FREE = "la-key", "other-key", "free-key:600:free"
AVATAR = "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a"
LITE = {"mode": "LITE", "avatar_id": AVATAR, "is_sandbox": False}
ROOM = {
    "livekit_room": "agent-room-7",
    "livekit_url": "wss://my-project.livekit.cloud",
    "livekit_client_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln",
}


class Api:
    """An httpx client on an in-process LiveAvatar mock that checks every answer it gets."""

    def __init__(self, mock: MockServer) -> None:
        self.mock = mock
        self.http = httpx.Client(transport=mock.transport(), base_url="http://la")
        self.error_schema = SchemaValidator(mock.model.document, "ErrorResponse")

    def call(
        self, method: str, path: str, *, key: str | None = None, token: str | None = None,
        **kwargs: Any,
    ) -> httpx.Response:  # fmt: skip
        headers = dict(kwargs.pop("headers", {}))
        if key is not None:
            headers["X-API-KEY"] = key.split(":")[0]
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        answer = self.http.request(method, path, headers=headers, **kwargs)
        if answer.status_code < 300:  # every 2xx is valid under the spec, with code 1000
            assert answer_errors(self.mock, method, path, answer.status_code, answer.json()) == []
            assert (answer.json()["code"], answer.json()["message"]) == (1000, "success")
        else:  # every error is the envelope: {code, data: null, message}
            assert self.error_schema.errors(answer.json()) == [], answer.json()
            assert answer.json()["data"] is None
        return answer

    def token(self, body: dict[str, Any] | None = None, key: str = KEY) -> tuple[str, str]:
        """A new session and its token: (session_id, session_token)."""
        answer = self.call("POST", "/v1/sessions/token", key=key, json=body or LITE)
        assert answer.status_code == 200, answer.json()
        return answer.json()["data"]["session_id"], answer.json()["data"]["session_token"]

    def started(self, key: str = KEY) -> tuple[str, str]:
        sid, token = self.token(key=key)
        assert self.call("POST", "/v1/sessions/start", token=token).status_code == 201
        return sid, token


def refused(answer: httpx.Response) -> tuple[int, int]:
    return answer.status_code, answer.json()["code"]


@pytest.fixture
def api() -> Iterator[Api]:
    api = Api(MockServer(spec=SPEC, seed=1, api_keys=[KEY, OTHER, FREE]))
    yield api
    api.http.close()


# -- each real client's REST flow -----------------------------------------------------------------


def test_livekit_plugins_liveavatar_mints_starts_and_stops_with_its_reason(api: Api) -> None:
    body = {**LITE, "livekit_config": ROOM, "video_quality": "high"}
    sid, token = api.token(body)
    start = api.call("POST", "/v1/sessions/start", token=token, json={"session_id": sid})
    assert start.status_code == 201
    assert start.json()["data"]["ws_url"].startswith("wss://")
    stop = {"session_id": sid, "reason": "USER_DISCONNECTED"}
    assert api.call("POST", "/v1/sessions/stop", token=token, json=stop).json()["code"] <= 1000


def test_livekit_plugins_hgl_starts_a_session_minted_as_custom(api: Api) -> None:
    sid, token = api.token({"mode": "CUSTOM", "avatar_id": AVATAR, "livekit_config": ROOM})
    start = api.call("POST", "/v1/sessions/start", token=token, json={"session_id": sid})
    assert (start.status_code, start.json()["data"]["session_id"]) == (201, sid)


def test_pipecat_starts_with_no_body_and_gets_six_non_null_fields(api: Api) -> None:
    sid, token = api.token({**LITE, "video_settings": {"encoding": "H264", "quality": "high"}})
    start = api.call("POST", "/v1/sessions/start", token=token)  # no body, no content-type
    data = start.json()["data"]
    assert start.status_code == 201
    assert data["session_id"] == sid
    fields = ("livekit_url", "livekit_client_token", "livekit_agent_token", "ws_url")
    assert all(isinstance(data[f], str) and data[f] for f in fields)
    assert data["max_session_duration"] == 1800  # the spec's default, none asked
    assert api.call("POST", "/v1/sessions/stop", token=token, json={"session_id": sid}).is_success


def test_the_web_sdk_sends_a_json_content_type_and_no_body_on_every_call(api: Api) -> None:
    _, token = api.token()
    sdk = {"content-type": "application/json"}
    assert api.call("POST", "/v1/sessions/start", token=token, headers=sdk).status_code == 201
    assert api.call("POST", "/v1/sessions/keep-alive", token=token, headers=sdk).is_success
    assert api.call("POST", "/v1/sessions/stop", token=token, headers=sdk).is_success


def test_the_starter_sends_its_key_on_start_and_stops_with_the_key(api: Api) -> None:
    sid, token = api.token({**LITE, "max_session_duration": 600})
    start = api.call("POST", "/v1/sessions/start", key=KEY, token=token, json={})
    assert (start.status_code, start.json()["data"]["max_session_duration"]) == (201, 600)
    stop = {"session_id": sid, "reason": "USER_CLOSED"}
    assert api.call("POST", "/v1/sessions/stop", key=KEY, json=stop).is_success


def test_the_demo_keeps_alive_and_stops_a_full_session_on_the_legacy_route(api: Api) -> None:
    persona = {"voice_id": "4f3b2a1c-5d6e-4f70-8a9b-0c1d2e3f4a5b", "language": "en"}
    _, token = api.token({"mode": "FULL", "avatar_id": AVATAR, "avatar_persona": persona})
    assert api.call("POST", "/v1/sessions/start", token=token).status_code == 201
    assert api.call("POST", "/v1/sessions/keep-alive", token=token).is_success
    assert api.call("DELETE", "/v1/sessions", token=token).is_success
    assert refused(api.call("POST", "/v1/sessions/keep-alive", token=token)) == (409, 4009)


def test_a_session_and_its_transcript_are_read_by_path_with_the_key_or_its_token(
    api: Api,
) -> None:
    sid, token = api.started()
    for credential in ({"key": KEY}, {"token": token}):
        assert api.call("GET", f"/v1/sessions/{sid}", **credential).is_success
        assert api.call("GET", f"/v1/sessions/{sid}/transcript", **credential).is_success
    api.call("POST", "/v1/sessions/stop", token=token)
    assert api.call("GET", f"/v1/sessions/{sid}", token=token).is_success  # after stop too


# -- where the session is named, and whose it is --------------------------------------------------


def test_a_token_serves_its_own_session_only(api: Api) -> None:
    mine, token = api.token()
    theirs, _ = api.token()
    named = {"session_id": theirs}
    assert refused(api.call("POST", "/v1/sessions/start", token=token, json=named)) == (404, 4004)
    assert refused(api.call("GET", f"/v1/sessions/{theirs}", token=token)) == (404, 4004)
    assert api.call("GET", f"/v1/sessions/{mine}", token=token).is_success


def test_another_accounts_session_is_unknown(api: Api) -> None:
    sid, _ = api.token()
    for answer in (
        api.call("GET", f"/v1/sessions/{sid}", key=OTHER),
        api.call("POST", "/v1/sessions/stop", key=OTHER, json={"session_id": sid}),
    ):
        assert refused(answer) == (404, 4004)
        assert answer.json()["message"] == f"Session not found: {sid}"


def test_the_key_without_a_session_id_names_no_session(api: Api) -> None:
    answer = api.call("POST", "/v1/sessions/stop", key=KEY, json={"reason": "USER_CLOSED"})
    assert refused(answer) == (422, 4000)
    assert "no session is named" in answer.json()["message"]


# -- LiveAvatar's own answers ---------------------------------------------------------------------


def test_starting_twice_is_the_wrong_state_and_stopping_twice_succeeds(api: Api) -> None:
    _, token = api.started()
    again = api.call("POST", "/v1/sessions/start", token=token)
    assert refused(again) == (409, 4009)
    assert "is started, start needs created" in again.json()["message"]
    assert api.call("POST", "/v1/sessions/stop", token=token).is_success
    assert api.call("POST", "/v1/sessions/stop", token=token).is_success


def test_a_bad_body_or_query_is_a_422_with_code_4000(api: Api) -> None:
    no_mode = api.call("POST", "/v1/sessions/token", key=KEY, json={"avatar_id": AVATAR})
    assert refused(no_mode) == (422, 4000)
    bad_type = api.call("GET", "/v1/sessions", key=KEY, params={"type": "all"})
    assert refused(bad_type) == (422, 4000)
    assert bad_type.json()["message"].startswith("type: ")


def test_a_missing_or_wrong_credential_is_a_403_with_code_4003(api: Api) -> None:
    assert refused(api.call("POST", "/v1/sessions/token", json=LITE)) == (403, 4003)
    assert refused(api.call("POST", "/v1/sessions/start", key=KEY)) == (403, 4003)  # Bearer only
    assert refused(api.call("POST", "/v1/sessions/start", token="forged")) == (403, 4003)
    _, token = api.token()
    assert refused(api.call("POST", "/v1/sessions/token", token=token, json=LITE)) == (403, 4003)


def test_the_journal_keeps_the_body_of_a_request_refused_as_unauthenticated(api: Api) -> None:
    assert refused(api.call("POST", "/v1/sessions/token", json=LITE)) == (403, 4003)
    entry = api.mock.journal.last()  # kept as sent: an early answer never parses it
    assert (entry.status, json.loads(entry.body)) == (403, LITE)


def test_transport_answers_take_the_codes_of_the_envelope(api: Api) -> None:
    json, text = {"content-type": "application/json"}, {"content-type": "text/plain"}
    big = b"{" + b" " * (1 << 20) + b"}"
    assert refused(api.call("POST", "/v1/sessions/token", key=KEY, headers=json, content=big)) == (
        413,
        4013,
    )
    assert refused(api.call("POST", "/v1/sessions/token", key=KEY, headers=text)) == (415, 4015)
    prefer = {"prefer": "code=503"}
    assert refused(api.call("POST", "/v1/sessions/token", key=KEY, headers=prefer, json=LITE)) == (
        503,
        5003,
    )


# -- the concurrency limit bites on /start --------------------------------------------------------


def test_start_past_the_plans_limit_is_a_429_with_code_4029(api: Api) -> None:
    _first, first_token = api.token(key=FREE)
    _, second_token = api.token(key=FREE)  # creating is free and unlimited
    assert api.call("POST", "/v1/sessions/start", token=first_token).status_code == 201
    over = api.call("POST", "/v1/sessions/start", token=second_token)
    assert refused(over) == (429, 4029)
    assert "free key already runs 1 session(s)" in over.json()["message"]
    assert over.headers["retry-after"] == "1"
    assert api.started(key=KEY)  # a paid key of another account is not affected
    api.call("POST", "/v1/sessions/stop", token=first_token)
    assert api.call("POST", "/v1/sessions/start", token=second_token).status_code == 201


# -- the idle timeout is a fixed 300 s, reset by start and keep-alive -----------------------------


def test_a_session_left_idle_for_300_s_closes_on_the_mocks_clock(api: Api) -> None:
    idle = api.mock.model.lifecycle.idle_timeout
    assert idle is not None
    assert (idle.field, idle.default) == (None, 300)
    _, token = api.started()
    api.mock.clock.advance(299)
    assert api.call("POST", "/v1/sessions/keep-alive", token=token).is_success  # resets it
    api.mock.clock.advance(299)
    assert api.call("POST", "/v1/sessions/keep-alive", token=token).is_success
    api.mock.clock.advance(300)
    assert refused(api.call("POST", "/v1/sessions/keep-alive", token=token)) == (409, 4009)
    [record] = api.http.get("/__mock__/sessions").json()["sessions"]
    assert record["close_reason"] == "idle-timeout"


# -- templated routes -----------------------------------------------------------------------------


def test_a_templated_path_routes_by_its_segments(api: Api) -> None:
    sid, _ = api.token()
    assert api.call("GET", f"/v1/sessions/{sid}/transcript", key=KEY).is_success
    # The template itself is no route: its braces are an id like any other, and no session's.
    literal = api.call("GET", "/v1/sessions/%7Bsession_id%7D", key=KEY)
    assert refused(literal) == (404, 4004)
    assert literal.json()["message"] == "Session not found: {session_id}"
    nowhere = api.call("GET", f"/v1/sessions/{sid}/transcript/more", key=KEY)
    assert (refused(nowhere), nowhere.json()["message"].endswith("no such path")) == (
        (404, 4004),
        True,
    )


def test_a_literal_path_wins_over_a_template_and_405_names_its_methods(api: Api) -> None:
    token_path = api.call("GET", "/v1/sessions/token", key=KEY)  # not get_session("token")
    assert (refused(token_path), token_path.headers["allow"]) == ((405, 4005), "POST")
    sid, _ = api.token()
    put = api.call("PUT", f"/v1/sessions/{sid}", key=KEY)
    assert (refused(put), put.headers["allow"]) == ((405, 4005), "GET")


# -- the packaged API, by name --------------------------------------------------------------------


def test_the_liveavatar_mock_fixture_serves_the_packaged_spec(liveavatar_mock: HeygenMock) -> None:
    url, key = liveavatar_mock.base_url, liveavatar_mock.api_key
    minted = httpx.post(f"{url}/v1/sessions/token", json=LITE, headers={"X-API-KEY": key})
    assert (minted.status_code, minted.json()["code"]) == (200, 1000)
    token = minted.json()["data"]["session_token"]
    start = httpx.post(f"{url}/v1/sessions/start", headers={"Authorization": f"Bearer {token}"})
    assert start.status_code == 201
    assert liveavatar_mock.journal.last().status == 201


def test_served_mock_serves_any_spec_file() -> None:
    with served_mock(spec=SPEC, api_keys=[KEY]) as mock:
        answer = httpx.post(f"{mock.base_url}/v1/sessions/token", json=LITE)
    assert refused(answer) == (403, 4003)


def test_the_command_line_serves_liveavatar_by_name() -> None:
    mock = MockServer(**options_from_args(parse(build_parser(), ["--api", "liveavatar"])))
    assert mock.model.document == load_spec(api="liveavatar")
    assert mock.model.envelope.success == {"code": 1000, "message": "success"}


def test_lenient_reads_a_union_body_along_the_shape_its_mode_picks() -> None:
    mock = MockServer(spec=SPEC, seed=1, api_keys=[KEY], profile="lenient")
    body = {**LITE, "is_sandbox": None}  # null where the LITE shape wants a boolean
    with httpx.Client(transport=mock.transport(), base_url="http://m") as http:
        answer = http.post("/v1/sessions/token", json=body, headers={"X-API-KEY": KEY})
    assert answer.status_code == 200, answer.json()
    assert "is_sandbox: null treated as absent" in answer.headers["x-mock-warnings"]
