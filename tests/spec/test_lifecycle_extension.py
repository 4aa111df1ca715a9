"""The session rules the spec states for the mock, the contract suite and compat to read.

`x-session-lifecycle` (root) and `x-lifecycle` (per operation) use the keys fixed in the team's
conventions; every state, field and error they name exists in the spec, and every error status is a
documented answer of the operations that can give it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel

ROOT = Path(__file__).resolve().parents[2]
MODEL = SpecModel.load(ROOT / "openapi" / "streaming.yaml")
RULES: dict[str, Any] = MODEL.extension("x-session-lifecycle")
FIXED_KEYS = {
    "session-id",
    "token-field",
    "states",
    "initial",
    "closed",
    "errors",
    "idle-timeout",
    "duration-limit",
    "concurrent-sessions",
    "talk-words-per-second",
}
# Keys this spec adds, announced to the lead in /work/team/requests/SPEC-ready.md.
ADDED_KEYS = {"token-scope", "list-items", "x-not-in-doc"}
OPERATION_KEYS = {
    "session-from",
    "limited",
    "creates",
    "issues-token",
    "requires",
    "moves-to",
    "closes",
    "activity",
    "speaks",
    "silences",
    "requires-silent",
    "lists",
}


def _unwrapped_success_schema(operation_id: str) -> dict[str, Any]:
    op = MODEL.operation(operation_id)
    schema = MODEL.resolve(op.responses[op.success_status].schema)
    unwrap = op.extensions.get("x-unwrap")
    return dict(MODEL.resolve(schema["properties"][unwrap]) if unwrap else schema)


def test_the_root_extension_has_the_fixed_keys_and_only_announced_additions() -> None:
    assert set(RULES) >= FIXED_KEYS
    assert set(RULES) - FIXED_KEYS == ADDED_KEYS
    assert set(RULES["errors"]) == {
        *("wrong-state", "unknown-session", "concurrency", "unauthenticated", "validation"),
        *("missing-field", "invalid-query", "no-session"),
    }


def test_the_states_are_the_documented_ones_plus_closed() -> None:
    assert RULES["states"] == ["new", "connecting", "connected", "closed"]
    assert RULES["initial"] == "new"
    assert RULES["closed"] == "closed"


def test_the_decided_answers_are_heygen_style_and_schemathesis_friendly() -> None:
    errors = RULES["errors"]
    assert errors["wrong-state"] == {"status": 400, "code": 400006}
    assert errors["unknown-session"] == {"status": 404, "code": 10002}
    assert errors["concurrency"] == {"status": 429, "code": 400429}
    assert RULES["token-scope"] == "session"
    # schemathesis's positive_data_acceptance check expects these for valid data: a random
    # session id (unknown) and a full account must not be reported as a refusal of valid data.
    config = pytest.importorskip("schemathesis.config")
    accepted = set(config.PositiveDataAcceptanceConfig().expected_statuses)
    assert str(errors["unknown-session"]["status"]) in accepted
    assert str(errors["concurrency"]["status"]) in accepted
    for decision in ("400006", "10002", "400429", "404", "429", "token"):
        assert decision in RULES["x-not-in-doc"], decision


def test_the_limits_are_the_documented_ones() -> None:
    assert RULES["concurrent-sessions"] == {"trial": 3, "paid": 100}
    assert RULES["talk-words-per-second"] > 0
    idle = RULES["idle-timeout"]
    request = MODEL.resolve(MODEL.operation("new_session").request_schema)["properties"]
    assert idle["default"] == request[idle["field"]]["default"] == 120
    assert idle["disable-field"] in request
    assert RULES["duration-limit"]["field"] in _unwrapped_success_schema("new_session")["required"]


def test_the_named_fields_exist_where_the_rules_say() -> None:
    assert RULES["session-id"] in _unwrapped_success_schema("new_session")["required"]
    assert RULES["token-field"] in _unwrapped_success_schema("create_token")["required"]


@pytest.mark.parametrize("op", MODEL.operations, ids=lambda op: op.operation_id)
def test_each_operation_states_its_rule_with_the_fixed_keys_and_known_states(op: Any) -> None:
    rule = op.lifecycle.roles()
    assert rule, op.operation_id
    assert set(rule) <= OPERATION_KEYS
    for state in [*rule.get("requires", []), *[rule[k] for k in ("moves-to",) if k in rule]]:
        assert state in RULES["states"], (op.operation_id, state)
    if "requires" in rule:
        session_id = RULES["session-id"]
        assert session_id in MODEL.resolve(op.request_schema)["required"]


def test_one_operation_each_creates_issues_a_token_and_closes_and_two_list() -> None:
    def having(key: str) -> list[str]:
        return [op.operation_id for op in MODEL.operations if op.lifecycle.get(key)]

    assert having("creates") == ["new_session"]
    assert having("issues-token") == ["create_token"]
    assert having("closes") == ["stop"]
    lists = {op.operation_id: op.lifecycle.lists for op in MODEL.operations if op.lifecycle.lists}
    assert lists == {"list_sessions": "active", "list_sessions_v2": "history"}
    assert having("speaks") == ["task"]
    assert having("silences") == ["interrupt"]
    assert having("requires-silent") == ["start_listening"]
    assert set(having("activity")) == {"task", "keep_alive"}


def test_start_moves_a_new_session_to_connected_and_stop_closes_any_state_again() -> None:
    start = MODEL.operation("start").lifecycle
    assert (start.requires, start.moves_to) == (("new",), "connected")
    stop = MODEL.operation("stop").lifecycle
    assert stop.requires == tuple(RULES["states"])
    for operation_id in ("task", "interrupt", "keep_alive", "start_listening", "stop_listening"):
        assert MODEL.operation(operation_id).lifecycle.requires == ("connected",)


def _example_codes(op: Any, status: int) -> set[int]:
    return {example["code"] for example in op.responses[status].examples.values()}


@pytest.mark.parametrize("op", MODEL.operations, ids=lambda op: op.operation_id)
def test_every_rule_answer_is_a_documented_response_of_the_operations_concerned(op: Any) -> None:
    rule = op.lifecycle.roles()
    errors = RULES["errors"]
    if "requires" in rule:
        unknown = errors["unknown-session"]
        assert errors["unknown-session"]["code"] in _example_codes(op, unknown["status"])
    if set(rule.get("requires", RULES["states"])) != set(RULES["states"]):
        wrong = errors["wrong-state"]
        assert wrong["code"] in _example_codes(op, wrong["status"])
    if rule.get("creates"):
        limit = errors["concurrency"]
        assert limit["code"] in _example_codes(op, limit["status"])
        assert "retry-after" in op.responses[limit["status"]].headers


def test_an_operation_that_cannot_be_in_the_wrong_state_does_not_claim_400006() -> None:
    wrong = RULES["errors"]["wrong-state"]["code"]
    for op in MODEL.operations:
        rule = op.lifecycle.roles()
        if set(rule.get("requires", RULES["states"])) == set(RULES["states"]):
            assert wrong not in _example_codes(op, 400), op.operation_id
