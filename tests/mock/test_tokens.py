"""Session tokens (create_token, Bearer): bound to the account, one session each (token-scope)."""

from __future__ import annotations

import httpx
import pytest
from heygen_streaming_mock import MockServer

from .test_lifecycle import ALICE, BOB, Api
from .test_lifecycle import api as api  # the same fixture: in-process and over HTTP

UNAUTHORIZED = 400112


def token_of(api: Api, key: str = ALICE) -> str:
    answer = api.call("create_token", {}, key=key)
    assert answer.status_code == 200
    assert answer.json()["error"] is None
    return str(answer.json()["data"][api.rules.token_field])


def test_a_token_opens_a_session_and_drives_it_to_the_end(api: Api) -> None:
    token = token_of(api)
    created = api.call("new_session", {"quality": "low"}, token=token)
    assert created.status_code == 200
    sid = created.json()["data"]["session_id"]
    for operation_id in ("start", "task", "keep_alive", "interrupt", "stop"):
        answer = api.call(operation_id, {"session_id": sid, "text": "Hi"}, token=token)
        assert answer.status_code == 200, answer.text


def test_the_session_a_token_opens_belongs_to_the_tokens_account(api: Api) -> None:
    sid = api.call("new_session", {}, token=token_of(api, BOB)).json()["data"]["session_id"]
    assert sid in api.states(key=BOB)
    assert sid not in api.states(key=ALICE)
    assert api.on("start", sid, key=BOB).status_code == 200


def test_a_token_opens_one_session_only(api: Api) -> None:
    token = token_of(api)
    assert api.call("new_session", {}, token=token).status_code == 200
    again = api.call("new_session", {}, token=token)
    assert (again.status_code, again.json()["code"]) == (401, UNAUTHORIZED)
    assert "already opened its session" in again.json()["message"]


def test_a_token_serves_only_its_own_session(api: Api) -> None:
    token = token_of(api)
    api.call("new_session", {}, token=token)
    other = api.session(key=ALICE)  # same account, opened with the key
    answer = api.call("start", {"session_id": other}, token=token)
    api.error(answer, "unknown-session")


def test_a_token_lists_its_accounts_sessions(api: Api) -> None:
    mine = api.session()
    token = token_of(api)
    listed = api.call("list_sessions", token=token).json()["sessions"]
    assert [s["session_id"] for s in listed] == [mine]


def test_a_token_cannot_mint_tokens(api: Api) -> None:
    answer = api.call("create_token", {}, token=token_of(api))
    assert (answer.status_code, answer.json()["code"]) == (401, UNAUTHORIZED)
    assert answer.json()["message"] == "Unauthorized: X-Api-Key header is missing"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer not-a-token", "Unauthorized: the Bearer token is not valid"),
        ("Bearer", "Unauthorized: the Authorization header is not a Bearer token"),
        ("Basic dXNlcjpwYXNz", "Unauthorized: the Authorization header is not a Bearer token"),
    ],
)
def test_a_bad_bearer_header_is_a_401_naming_the_problem(
    api: Api, header: str, message: str
) -> None:
    answer = api.client.post("/v1/streaming.new", json={}, headers={"authorization": header})
    assert (answer.status_code, answer.json()) == (401, {"code": UNAUTHORIZED, "message": message})


def test_an_account_key_is_not_a_bearer_token(api: Api) -> None:
    answer = api.client.post(
        "/v1/streaming.new", json={}, headers={"authorization": f"Bearer {ALICE}"}
    )
    assert answer.json()["message"] == "Unauthorized: the Bearer token is not valid"


def test_a_token_dies_with_its_account_key() -> None:
    mock = MockServer(api_keys=[ALICE])
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        token = token_of(api)
        mock.keys.clear()
        assert api.call("new_session", {}, token=token).status_code == 401


def test_with_both_a_key_and_a_token_the_key_decides(api: Api) -> None:
    token = token_of(api)
    answer = api.client.post(
        "/v1/streaming.new",
        json={},
        headers={"x-api-key": "not-a-key", "authorization": f"Bearer {token}"},
    )
    assert answer.json() == {
        "code": UNAUTHORIZED,
        "message": "Unauthorized: the X-Api-Key header is not a valid key",
    }
    both = {"x-api-key": ALICE, "authorization": f"Bearer {token}"}
    for _ in range(2):  # the key's call: the token's one-session rule does not apply
        assert api.client.post("/v1/streaming.new", json={}, headers=both).status_code == 200


def test_create_token_accepts_no_body_at_all(api: Api) -> None:
    # The generated client sends Content-Type: application/json and no body: the body is optional.
    answer = api.client.post(
        "/v1/streaming.create_token",
        content=b"",
        headers={"x-api-key": ALICE, "content-type": "application/json"},
    )
    assert answer.status_code == 200
    assert answer.json()["data"]["token"]


def test_a_token_scope_of_account_makes_a_token_act_as_its_key() -> None:
    import copy

    from heygen_streaming.spec_model import packaged_model

    spec = copy.deepcopy(packaged_model().document)
    spec["x-session-lifecycle"]["token-scope"] = "account"
    mock = MockServer(spec=spec, api_keys=[ALICE])
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        token = token_of(api)
        first = api.call("new_session", {}, token=token).json()["data"]["session_id"]
        api.call("new_session", {}, token=token)  # a second session: allowed
        other = api.session()
        assert api.call("start", {"session_id": other}, token=token).status_code == 200
        assert api.call("start", {"session_id": first}, token=token).status_code == 200


@pytest.mark.parametrize("in_file", [False, True])
def test_the_tokens_kept_are_bounded(tmp_path: object, in_file: bool) -> None:
    from pathlib import Path

    from heygen_streaming_mock.store import token_limit

    state = Path(str(tmp_path)) / "s.db" if in_file else None
    mock = MockServer(api_keys=[ALICE], history_size=10, state_path=state)
    limit = token_limit(10)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        api = Api(mock, client)
        first = token_of(api)
        for _ in range(limit):
            token_of(api)
        last = token_of(api)
        assert api.call("list_sessions", token=last).status_code == 200
        assert api.call("list_sessions", token=first).status_code == 401  # forgotten
