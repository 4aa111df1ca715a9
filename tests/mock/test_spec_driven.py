"""Everything comes from the spec: a changed copy of it changes the mock with no code change,
and the contract harness builds its broken variants from spec copies and hooks alone."""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from heygen_streaming.spec_model import packaged_model
from heygen_streaming_mock import Account, Checked, KeyProfile, MockServer, Reply

from .conftest import answer_errors, post
from .test_lifecycle import ALICE, BOB, Api, spec_message

MOCK_DIR = Path(__file__).parents[2] / "contract_tests" / "heygen_streaming_mock"
# The core: everything but the adapters and the CLI (which print and parse, not behave).
CORE = sorted(
    p
    for p in MOCK_DIR.glob("*.py")
    if p.name not in {"asgi.py", "server.py", "cli.py", "pytest_plugin.py", "__main__.py"}
)


@pytest.fixture
def spec() -> dict[str, Any]:
    return copy.deepcopy(packaged_model().document)


def client_of(mock: MockServer) -> httpx.Client:
    return httpx.Client(transport=mock.transport(), base_url="http://m")


def api_of(spec: dict[str, Any], **options: Any) -> Api:
    options.setdefault("api_keys", [ALICE, BOB])
    mock = MockServer(spec=spec, **options)
    return Api(mock, client_of(mock))


def op_node(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    for item in spec["paths"].values():
        for node in item.values():
            if isinstance(node, dict) and node.get("operationId") == operation_id:
                return node
    raise KeyError(operation_id)


def request_schema(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    ref = op_node(spec, operation_id)["requestBody"]["content"]["application/json"]["schema"]
    return dict(spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]])


# -- issue 8: an operation added to the spec works in the mock with no code change -------------

PROBE = {
    "post": {
        "operationId": "probe",
        "security": [{"ApiKeyAuth": []}],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["name", "level"],
                        "additionalProperties": False,
                        "properties": {
                            "name": {"type": "string"},
                            "level": {"type": "integer", "minimum": 1, "maximum": 5},
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "probed",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["echo", "ok"],
                            "properties": {"echo": {"type": "string"}, "ok": {"type": "boolean"}},
                        },
                        "examples": {"fine": {"value": {"echo": "hello", "ok": True}}},
                    }
                },
            },
            "400": {"$ref": "#/components/responses/BadRequest"},
        },
    }
}


def test_a_probe_operation_added_to_a_copy_of_the_spec_is_served(spec: dict[str, Any]) -> None:
    spec["paths"]["/v1/streaming.probe"] = copy.deepcopy(PROBE)
    mock = MockServer(spec=spec)
    with client_of(mock) as client:
        bad = client.post(
            "/v1/streaming.probe", json={"name": "x", "level": 9}, headers={"x-api-key": "mock-key"}
        )
        assert bad.status_code == 400
        assert spec_message(bad) == "level: 9 is greater than the maximum of 5"
        good = client.post(
            "/v1/streaming.probe", json={"name": "x", "level": 3}, headers={"x-api-key": "mock-key"}
        )
        assert (good.status_code, good.json()) == (200, {"echo": "hello", "ok": True})
        assert answer_errors(mock, "POST", "/v1/streaming.probe", 200, good.json()) == []
        assert client.post("/v1/streaming.probe", json={}).status_code == 401
        assert client.get("/v1/streaming.probe").headers["allow"] == "POST"


def test_without_examples_the_2xx_is_generated_from_the_schema(spec: dict[str, Any]) -> None:
    probe = copy.deepcopy(PROBE)
    del probe["post"]["responses"]["200"]["content"]["application/json"]["examples"]
    spec["paths"]["/v1/streaming.probe"] = probe
    mock = MockServer(spec=spec)
    with client_of(mock) as client:
        good = client.post(
            "/v1/streaming.probe", json={"name": "x", "level": 1}, headers={"x-api-key": "mock-key"}
        )
    assert good.status_code == 200
    assert answer_errors(mock, "POST", "/v1/streaming.probe", 200, good.json()) == []


def test_an_operation_removed_from_the_spec_is_a_404(spec: dict[str, Any]) -> None:
    del spec["paths"]["/v1/streaming.task"]
    with client_of(MockServer(spec=spec)) as client:
        answer = client.post("/v1/streaming.task", json={}, headers={"x-api-key": "mock-key"})
    assert answer.status_code == 404


def test_an_undeclared_method_is_a_405_with_allow(spec: dict[str, Any]) -> None:
    with client_of(MockServer(spec=spec)) as client:
        answer = client.delete("/v1/streaming.list")
    assert (answer.status_code, answer.headers["allow"]) == (405, "GET")


def test_a_field_added_to_a_copy_of_the_spec_is_accepted_with_no_code_change(
    spec: dict[str, Any],
) -> None:
    name = op_node(spec, "new_session")["requestBody"]["content"]["application/json"]["schema"]
    schema = spec["components"]["schemas"][name["$ref"].rsplit("/", 1)[1]]
    schema["properties"]["background"] = {"type": "string", "enum": ["office", "beach"]}
    body = {"quality": "low", "background": "beach"}
    with client_of(MockServer(spec=spec, strict=True)) as client:
        assert post(client, body).status_code == 200
        response = post(client, {"quality": "low", "background": "moon"})
        assert spec_message(response) == "background: 'moon' is not one of 'office', 'beach'"
    with client_of(MockServer(strict=True)) as client:  # the packaged spec does not know it
        assert spec_message(post(client, body)) == (
            "background: is not a documented field (the live API ignores it)"
        )


def test_the_spec_can_be_a_yaml_file(spec: dict[str, Any], tmp_path: Path) -> None:
    ref = op_node(spec, "new_session")["requestBody"]["content"]["application/json"]["schema"]
    schema = spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    spec["components"]["schemas"]["ActivityIdle"] = {"type": "integer", "minimum": 60}
    schema["properties"]["activity_idle_timeout"] = {"$ref": "#/components/schemas/ActivityIdle"}
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(spec))
    with client_of(MockServer(spec=path)) as client:
        response = post(client, {"quality": "low", "activity_idle_timeout": 45})
    assert spec_message(response) == "activity_idle_timeout: 45 is less than the minimum of 60"


def test_the_mock_copies_the_spec_it_is_given(spec: dict[str, Any]) -> None:
    mock = MockServer(spec=spec)
    count = len(mock.model.operations)
    spec["paths"].clear()
    assert len(mock.model.operations) == count == len(mock.router.routes)


def test_the_key_header_comes_from_the_security_scheme(spec: dict[str, Any]) -> None:
    spec["components"]["securitySchemes"]["ApiKeyAuth"]["name"] = "X-Other-Key"
    with client_of(MockServer(spec=spec)) as client:
        assert spec_message(post(client, {})) == (
            "Unauthorized: X-Other-Key header or Bearer token is missing"
        )
        ok = post(client, {"quality": "low"}, key=None, headers={"x-other-key": "mock-key"})
        assert ok.status_code == 200


def test_the_numbers_of_the_rules_come_from_x_session_lifecycle(spec: dict[str, Any]) -> None:
    rules = spec["x-session-lifecycle"]
    rules["errors"]["wrong-state"] = {"status": 400, "code": 777}
    rules["idle-timeout"]["default"] = 45
    rules["talk-words-per-second"] = 1.0
    api = api_of(spec)
    sid = api.session()
    assert api.on("task", sid, text="Hi").json()["code"] == 777
    api.on("start", sid)
    assert api.on("task", sid, text="one two").json()["data"]["duration_ms"] == 2000
    api.mock.clock.advance(2 + 45)
    assert sid not in api.states()


# -- broken variants from spec copies (the contract harness's way, no edit of the mock) --------


def test_a_variant_where_task_requires_new_or_connected_accepts_a_task_before_start(
    spec: dict[str, Any],
) -> None:
    op_node(spec, "task")["x-lifecycle"]["requires"] = ["new", "connected"]
    api = api_of(spec)
    assert api.on("task", api.session(), text="too early").status_code == 200


def test_a_variant_whose_stop_does_not_close_leaves_the_session_open(spec: dict[str, Any]) -> None:
    del op_node(spec, "stop")["x-lifecycle"]["closes"]
    api = api_of(spec)
    sid = api.started()
    assert api.on("stop", sid).status_code == 200
    assert api.states()[sid] == "connected"


def test_a_variant_whose_keep_alive_is_no_activity_lets_the_session_idle_out(
    spec: dict[str, Any],
) -> None:
    del op_node(spec, "keep_alive")["x-lifecycle"]["activity"]
    api = api_of(spec)
    sid = api.started(activity_idle_timeout=30)
    api.mock.clock.advance(20)
    api.on("keep_alive", sid)
    api.mock.clock.advance(10)
    assert sid not in api.states()


def test_a_variant_with_a_huge_concurrency_never_refuses(spec: dict[str, Any]) -> None:
    spec["x-session-lifecycle"]["concurrent-sessions"] = {"trial": 10**6, "paid": 10**6}
    api = api_of(spec, api_keys=["t:600:free"])
    for _ in range(10):
        api.session(key="t")


def test_a_variant_letting_a_token_mint_tokens(spec: dict[str, Any]) -> None:
    op_node(spec, "create_token")["security"] = [{"ApiKeyAuth": []}, {"BearerAuth": []}]
    api = api_of(spec)
    token = api.call("create_token", {}).json()["data"]["token"]
    assert api.call("create_token", {}, token=token).status_code == 200


# -- hooks: handlers and pipeline steps -----------------------------------------------------------


def test_a_handler_override_can_accept_every_call_in_every_state(spec: dict[str, Any]) -> None:
    api = api_of(spec, handlers={"requires": lambda call, session: None})
    sid = api.session()
    assert api.on("task", sid, text="Hi").status_code == 200


def test_an_owner_check_hook_opens_every_session_to_every_account(spec: dict[str, Any]) -> None:
    api = api_of(spec, owner_check=lambda default, session, account: True)
    theirs = api.session(key=BOB)
    assert api.on("start", theirs, key=ALICE).status_code == 200


def test_a_hook_can_accept_what_the_spec_forbids() -> None:
    mock = MockServer(validate_request=lambda default, route, body: Checked(body or {}))
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
    def fragile(default: Any, route: Any, body: dict[str, Any]) -> Checked | Reply:
        if (body.get("voice") or {}).get("emotion") == "Angry":
            return Reply.json(500, {"code": 500, "message": "KeyError: 'Angry'"})
        return default(route, body)  # type: ignore[no-any-return]

    with client_of(MockServer(validate_request=fragile)) as client:
        assert post(client, {"quality": "low", "voice": {"emotion": "Angry"}}).status_code == 500
        assert post(client, {"quality": "low", "voice": {"emotion": "Calm"}}).status_code == 400


def test_a_hook_can_ignore_the_credentials() -> None:
    anyone = Account("mock-key", KeyProfile())
    with client_of(MockServer(authenticate=lambda default, route, head: anyone)) as client:
        assert post(client, {"quality": "low"}, key=None).status_code == 200


def test_a_hook_can_return_an_undocumented_status() -> None:
    mock = MockServer(respond=lambda default, route, checked, who, prefs: Reply.json(418, {}))
    with client_of(mock) as client:
        assert post(client, {"quality": "low"}).status_code == 418


def test_a_subclass_can_override_a_step() -> None:
    class Unpaid(MockServer):
        def session_data(self, request: dict[str, Any], profile: KeyProfile) -> dict[str, Any]:
            return {**super().session_data(request, profile), "is_paid": 0}

    with client_of(Unpaid()) as client:
        assert post(client, {"quality": "low"}).json()["data"]["is_paid"] == 0


# -- the shape of the code ---------------------------------------------------------------------


def _strings(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    }


def test_the_core_names_no_path_operation_or_model_of_the_spec() -> None:
    model = packaged_model()
    names = {op.operation_id for op in model.operations}
    names |= set(model.document["components"]["schemas"])
    paths = {op.path for op in model.operations}
    for path in CORE:
        code = _strings(path)
        assert not any("/v1/" in s or "/v2/" in s or s in paths for s in code), path.name
        assert not code & names, (path.name, code & names)


def test_the_core_never_imports_an_adapter() -> None:
    """asgi.py and transport.py import the core; only mock.py joins the two."""
    adapters = {"asgi", "transport", "mock", "server"}
    for path in CORE:
        if path.name in {"mock.py", "__init__.py"}:  # the two fronts that join them
            continue
        imported = set(re.findall(r"^\s*from \.(\w+) import", path.read_text(), re.M))
        assert not imported & adapters, (path.name, imported & adapters)
