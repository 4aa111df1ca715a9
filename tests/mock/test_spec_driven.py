"""Everything comes from the spec: a changed copy of it changes the mock with no code change."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
import yaml
from heygen_streaming.spec import load_spec
from heygen_streaming_mock import Checked, KeyProfile, MockServer, Reply

from .conftest import message, post


@pytest.fixture
def spec() -> dict[str, Any]:
    return copy.deepcopy(load_spec())


def client_of(mock: MockServer) -> httpx.Client:
    return httpx.Client(transport=mock.transport(), base_url="http://m")


def test_a_field_added_to_a_copy_of_the_spec_is_accepted_with_no_code_change(
    spec: dict[str, Any],
) -> None:
    spec["components"]["schemas"]["NewSessionRequest"]["properties"]["background"] = {
        "type": "string",
        "enum": ["office", "beach"],
    }
    body = {"quality": "low", "background": "beach"}
    with client_of(MockServer(spec=spec, strict=True)) as client:
        assert post(client, body).status_code == 200
        response = post(client, {"quality": "low", "background": "moon"})
        assert message(response) == "background: 'moon' is not one of 'office', 'beach'"
    with client_of(MockServer(strict=True)) as client:  # the packaged spec does not know it
        assert message(post(client, body)) == "background: is not a field of this object"


def test_a_default_added_to_the_spec_is_what_leniency_applies(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["NewSessionRequest"]["properties"]["quality"]["default"] = "high"
    with client_of(MockServer(spec=spec)) as client:
        response = post(client, {})
    assert response.headers["x-mock-warnings"] == 'quality: missing, took the default "high"'


def test_the_spec_can_be_a_yaml_file(spec: dict[str, Any], tmp_path: Any) -> None:
    spec["components"]["schemas"]["ActivityIdle"] = {"type": "integer", "minimum": 60}
    props = spec["components"]["schemas"]["NewSessionRequest"]["properties"]
    props["activity_idle_timeout"] = {"$ref": "#/components/schemas/ActivityIdle"}
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(spec))
    with client_of(MockServer(spec=path)) as client:
        response = post(client, {"quality": "low", "activity_idle_timeout": 45})
    assert message(response) == "activity_idle_timeout: 45 is less than the minimum of 60"


def test_the_mock_copies_the_spec_it_is_given(spec: dict[str, Any]) -> None:
    mock = MockServer(spec=spec)
    spec["paths"].clear()
    assert mock.contract.path == "/v1/streaming.new"


def test_the_api_key_header_comes_from_the_security_scheme(spec: dict[str, Any]) -> None:
    spec["components"]["securitySchemes"]["ApiKeyAuth"]["name"] = "X-Other-Key"
    with client_of(MockServer(spec=spec)) as client:
        assert message(post(client, {"quality": "low"})) == "X-Other-Key: header is missing"
        ok = post(client, {"quality": "low"}, key=None, headers={"x-other-key": "mock-key"})
        assert ok.status_code == 200


# Hooks: deliberately broken variants, as the contract harness builds them.


def test_a_hook_can_accept_what_the_spec_forbids() -> None:
    mock = MockServer(validate_request=lambda default, body: Checked(body))
    with client_of(mock) as client:
        assert post(client, {"quality": "low", "activity_idle_timeout": 5}).status_code == 200


def test_a_hook_can_break_the_response_data() -> None:
    mock = MockServer(
        session_data=lambda default, req, prof: {**default(req, prof), "is_paid": "yes"}
    )
    with client_of(mock) as client:
        assert post(client, {"quality": "low"}).json()["data"]["is_paid"] == "yes"


def test_a_hook_can_drop_a_required_field() -> None:
    def drop(default: Any, request: dict[str, Any], profile: KeyProfile) -> dict[str, Any]:
        data = dict(default(request, profile))
        del data["session_id"]
        return data

    with client_of(MockServer(session_data=drop)) as client:
        assert "session_id" not in post(client, {"quality": "low"}).json()["data"]


def test_a_hook_can_answer_500_to_an_unknown_emotion() -> None:
    def fragile(default: Any, body: dict[str, Any]) -> Checked | Reply:
        if body.get("voice", {}).get("emotion") == "Angry":
            return Reply.error(500, "KeyError: 'Angry'")
        return default(body)  # type: ignore[no-any-return]

    with client_of(MockServer(validate_request=fragile)) as client:
        assert post(client, {"quality": "low", "voice": {"emotion": "Angry"}}).status_code == 500
        assert post(client, {"quality": "low", "voice": {"emotion": "Calm"}}).status_code == 400


def test_a_hook_can_ignore_the_api_key() -> None:
    with client_of(MockServer(authenticate=lambda default, key: KeyProfile())) as client:
        assert post(client, {"quality": "low"}, key=None).status_code == 200


def test_a_hook_can_return_an_undocumented_status() -> None:
    mock = MockServer(respond=lambda default, req, prof, prefs: Reply.error(418, "teapot"))
    with client_of(mock) as client:
        assert post(client, {"quality": "low"}).status_code == 418


def test_a_subclass_can_override_a_step() -> None:
    class Unpaid(MockServer):
        def session_data(self, request: dict[str, Any], profile: KeyProfile) -> dict[str, Any]:
            return {**super().session_data(request, profile), "is_paid": 0}

    with client_of(Unpaid()) as client:
        assert post(client, {"quality": "low"}).json()["data"]["is_paid"] == 0
