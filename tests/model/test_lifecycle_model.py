"""The typed lifecycle model: the spec's words as they are, nothing filled in, bad ones refused."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from heygen_streaming.lifecycle import (
    ErrorKind,
    LifecycleError,
    OperationLifecycle,
    SessionLifecycle,
    need,
    path_to,
)
from heygen_streaming.spec_model import SpecModel, packaged_model

MODEL = packaged_model()


def test_the_packaged_spec_reads_as_its_x_session_lifecycle_states() -> None:
    rules = MODEL.lifecycle
    raw = MODEL.extension("x-session-lifecycle")
    assert rules.declared
    assert rules.session_id == raw["session-id"]
    assert rules.states == tuple(raw["states"])
    assert rules.error("wrong-state") == ErrorKind(**raw["errors"]["wrong-state"])
    assert rules.idle_timeout is not None
    assert rules.idle_timeout.default == raw["idle-timeout"]["default"]
    assert rules.idle_timeout.disable_field == raw["idle-timeout"]["disable-field"]
    assert dict(rules.concurrent_sessions) == raw["concurrent-sessions"]
    assert rules.talk_words_per_second == raw["talk-words-per-second"]


def test_each_operation_carries_its_x_lifecycle_and_x_idempotent() -> None:
    for op in MODEL.operations:
        raw = op.node.get("x-lifecycle") or {}
        roles = {k: list(v) if isinstance(v, tuple) else v for k, v in op.lifecycle.roles().items()}
        assert roles == raw, op.operation_id
        assert op.lifecycle.idempotent is op.node.get("x-idempotent"), op.operation_id


def test_a_key_the_spec_leaves_out_is_none_and_needing_it_names_it() -> None:
    rules = SessionLifecycle.parse({"session-id": "sid"})
    assert rules.declared
    assert (rules.initial, rules.idle_timeout, rules.talk_words_per_second) == (None, None, None)
    assert dict(rules.errors) == {}
    assert dict(rules.concurrent_sessions) == {}
    with pytest.raises(LifecycleError, match=r"'errors\.wrong-state'"):
        rules.error("wrong-state")
    with pytest.raises(LifecycleError, match="'initial'"):
        need(rules.initial, "initial")
    assert not SessionLifecycle.parse(None).declared
    assert OperationLifecycle.parse(None, None) == OperationLifecycle()


def _spec(lifecycle: Any = None, operation: Any = None) -> dict[str, Any]:
    """A spec with a root `x-session-lifecycle` and one operation (`task`) of its own."""
    task = {"operationId": "task", "responses": {}, **(operation or {})}
    spec = {"openapi": "3.1.0", "paths": {"/task": {"post": task}}}
    return spec if lifecycle is None else {**spec, "x-session-lifecycle": lifecycle}


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"states": "new, closed"}, None),  # a lone state is read as a list of one
        ({"states": [1, 2]}, "x-session-lifecycle.states: must be a state or a list of states"),
        ({"errors": {"wrong-state": {"status": "400"}}}, 'errors.wrong-state.status: "400" is'),
        ({"idle-timeout": {"default": "2m"}}, 'idle-timeout.default: "2m" is not of type'),
        ({"concurrent-sessions": {"trial": 3.5}}, "concurrent-sessions.trial: 3.5 is not of type"),
        ({"errors": []}, 'x-session-lifecycle.errors: [] is not of type "object"'),
    ],
)
def test_a_malformed_rule_is_refused_naming_where(raw: dict[str, Any], where: str | None) -> None:
    if where is None:
        assert SpecModel(_spec(raw)).lifecycle.states == ("new, closed",)
        return
    with pytest.raises(LifecycleError, match=re.escape(where)):
        SpecModel(_spec(raw))


def test_a_malformed_operation_rule_names_the_operation() -> None:
    bad_role = _spec(operation={"x-lifecycle": {"creates": "yes"}})
    with pytest.raises(LifecycleError, match=r'task: x-lifecycle\.creates: "yes" is not of type'):
        SpecModel(bad_role)
    with pytest.raises(LifecycleError, match='task: x-idempotent: "yes" is not of type "boolean"'):
        SpecModel(_spec(operation={"x-idempotent": "yes"}))


def test_roles_are_read_by_their_spec_key() -> None:
    rule = OperationLifecycle.parse({"moves-to": "connected", "requires": ["new"]}, True)
    assert rule.get("moves-to") == "connected"
    assert rule.get("requires") == ("new",)
    assert rule.get("closes") is None
    assert rule.get("closes", False) is False
    assert rule.get("idempotent") is None  # not a role
    assert rule.roles() == {"moves-to": "connected", "requires": ("new",)}


def test_path_to_finds_the_shortest_run_of_moves_from_the_initial_state() -> None:
    rules = MODEL.lifecycle
    closed = need(rules.closed, "closed")
    to_connected = path_to(rules, MODEL.operations, "connected")
    assert [op.lifecycle.moves_to for op in to_connected or []] == ["connected"]
    assert path_to(rules, MODEL.operations, need(rules.initial, "initial")) == []
    to_closed = path_to(rules, MODEL.operations, closed)
    assert to_closed is not None
    assert [op.lifecycle.closes for op in to_closed] == [True]
    document = copy.deepcopy(MODEL.document)
    for item in document["paths"].values():
        for node in item.values():
            if isinstance(node, dict):
                node.get("x-lifecycle", {}).pop("moves-to", None)
    unreachable = SpecModel(document)
    assert path_to(unreachable.lifecycle, unreachable.operations, "connected") is None


def test_session_from_and_limited_are_read_as_the_spec_states_them() -> None:
    rule = OperationLifecycle.parse({"session-from": ["token", "path"], "limited": True}, None)
    assert rule.session_from == ("token", "path")
    assert rule.limited is True
    assert OperationLifecycle.parse({}, None).session_from is None


def test_session_from_naming_an_unknown_place_is_refused() -> None:
    refused = 'task: x-lifecycle.session-from.0: "cookie" is not one of'
    with pytest.raises(LifecycleError, match=re.escape(refused)):
        SpecModel(_spec(operation={"x-lifecycle": {"session-from": ["cookie"]}}))


def test_an_unknown_packaged_api_is_refused_naming_the_known_ones() -> None:
    from heygen_streaming.spec import SpecError, load_spec

    with pytest.raises(SpecError, match="streaming"):
        load_spec(api="nope")
