"""compat grades the session rules (x-session-lifecycle, x-lifecycle, x-idempotent), both ways.

Operations are found by their lifecycle role, as the tools find them; each case edits a copy of
the working spec and names where compat must report the change, whom it breaks, and the bump.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel
from heygen_streaming_tools.compat import compare
from heygen_streaming_tools.rulesdiff import state_rises
from heygen_streaming_tools.specdiff import diff_specs
from heygen_streaming_tools.verdict import (
    BREAKS_CALLERS,
    BREAKS_SERVERS,
    COMPATIBLE,
    EXPECTED,
    NEEDS_SERVERS,
    NEW_TO_OLD,
    OLD_TO_NEW,
    Direction,
    verdict,
)

from tests.compat.support.trees import tree_from_spec

ROOT = Path(__file__).resolve().parents[2]
Spec = dict[str, Any]
Edit = Callable[[Spec], str]  # edits a document, returns the operation concerned (or "")


def _node(doc: Spec, role: str) -> tuple[str, dict[str, Any]]:
    """(operationId, raw node) of the first operation whose x-lifecycle states `role`."""
    for item in doc["paths"].values():
        for node in item.values():
            if isinstance(node, dict) and (node.get("x-lifecycle") or {}).get(role):
                return str(node["operationId"]), node
    raise LookupError(role)


def _rules(doc: Spec) -> dict[str, Any]:
    return doc["x-session-lifecycle"]  # type: ignore[no-any-return]


def _requires(role: str, states: Callable[[Spec, list[str]], list[str]]) -> Edit:
    def edit(doc: Spec) -> str:
        name, node = _node(doc, role)
        node["x-lifecycle"]["requires"] = states(doc, node["x-lifecycle"]["requires"])
        return name

    return edit


def _initial_only(doc: Spec, _: list[str]) -> list[str]:
    return [_rules(doc)["initial"]]


def _plus_initial(doc: Spec, states: list[str]) -> list[str]:
    return [_rules(doc)["initial"], *states]


def _but_closed(doc: Spec, states: list[str]) -> list[str]:
    return [s for s in states if s != _rules(doc)["closed"]]


def _idempotent(role: str, value: bool) -> Edit:
    def edit(doc: Spec) -> str:
        name, node = _node(doc, role)
        node.pop("x-idempotent", None)
        if value:
            node["x-idempotent"] = True
        return name

    return edit


def _root(path: str, change: Callable[[Any], Any]) -> Edit:
    def edit(doc: Spec) -> str:
        *parents, key = path.split(".")
        holder = _rules(doc)
        for part in parents:
            holder = holder.setdefault(part, {})
        holder[key] = change(holder.get(key))
        return _node(doc, "creates")[0]

    return edit


def _role(role: str, key: str, value: Any) -> Edit:
    def edit(doc: Spec) -> str:
        name, node = _node(doc, role)
        if value is None:
            node["x-lifecycle"].pop(key)
        else:
            node["x-lifecycle"][key] = value
        return name

    return edit


def _wrong_state_code(doc: Spec) -> str:
    _rules(doc)["errors"]["wrong-state"]["code"] += 1
    return ""


def _duration_600(doc: Spec) -> str:
    return _root("duration-limit.default", lambda _: 600)(doc)


CASES: list[tuple[str, Edit, Edit | None, str, str, str]] = [
    # (name, edit, edit before it (the old side), where after the operation, impact, text)
    ("narrowing the states the speaking call accepts", _requires("speaks", _initial_only), None,
     "x-lifecycle requires", BREAKS_CALLERS, "no longer accepts a session in state 'connected'"),
    ("widening them", _requires("speaks", _plus_initial), None,
     "x-lifecycle requires", COMPATIBLE, "now also accepts a session in state 'new'"),
    ("a repeatable stop fails on a closed session", _requires("closes", _but_closed), None,
     "x-lifecycle requires", BREAKS_CALLERS, "a repeated call fails"),
    ("a stop accepts a closed session again", _requires("closes", lambda d, s: [*s, "closed"]),
     _requires("closes", _but_closed), "x-lifecycle requires", COMPATIBLE, "state 'closed'"),
    ("x-idempotent removed", _idempotent("closes", False), None,
     "x-idempotent", BREAKS_CALLERS, "removed"),
    ("x-idempotent added", _idempotent("speaks", True), None,
     "x-idempotent", NEEDS_SERVERS, "added"),
    ("concurrency lowered", _root("concurrent-sessions.trial", lambda n: n - 1), None,
     "x-session-lifecycle concurrent-sessions.trial", BREAKS_CALLERS, "lowered 3 -> 2"),
    ("concurrency raised", _root("concurrent-sessions.trial", lambda n: n + 1), None,
     "x-session-lifecycle concurrent-sessions.trial", NEEDS_SERVERS, "raised 3 -> 4"),
    ("duration limit lowered", _root("duration-limit.default", lambda n: n // 2), _duration_600,
     "x-session-lifecycle duration-limit.default", BREAKS_CALLERS, "lowered 600 -> 300"),
    ("duration limit raised", _root("duration-limit.default", lambda n: n * 2), _duration_600,
     "x-session-lifecycle duration-limit.default", NEEDS_SERVERS, "raised 600 -> 1200"),
    ("idle timeout shortened", _root("idle-timeout.default", lambda n: n // 2), None,
     "x-session-lifecycle idle-timeout.default", BREAKS_CALLERS, "lowered 120 -> 60"),
    ("idle timeout lengthened", _root("idle-timeout.default", lambda n: n * 2), None,
     "x-session-lifecycle idle-timeout.default", NEEDS_SERVERS, "raised 120 -> 240"),
    ("silence now required", _role("silences", "requires-silent", True), None,
     "x-lifecycle requires-silent", BREAKS_CALLERS, "refused while the avatar talks"),
    ("silence no longer required", _role("requires-silent", "requires-silent", None), None,
     "x-lifecycle requires-silent", COMPATIBLE, "accepted while the avatar talks"),
    ("stop no longer closes", _role("closes", "closes", None), None,
     "x-lifecycle closes", BREAKS_CALLERS, "True -> not stated"),
    ("the wrong-state answer changed", _wrong_state_code, None,
     "x-session-lifecycle errors.wrong-state", BREAKS_CALLERS, "answered 400 with code 400006"),
    ("one more call keeps a session alive", _role("silences", "activity", True), None,
     "x-lifecycle activity", NEEDS_SERVERS, "not stated -> True"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "before", "where", "impact", "text"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_session_rule_change_is_graded_where_it_happened(
    base_spec: Spec, edit: Edit, before: Edit | None, where: str, impact: str, text: str
) -> None:
    old = copy.deepcopy(base_spec)
    if before is not None:
        before(old)
    new = copy.deepcopy(old)
    operation = edit(new)
    changes = diff_specs(old, new)
    shown = [(c.where, c.impact, c.what) for c in changes]
    expected = (f"{operation} {where}".strip(), impact)
    assert [(w, i) for w, i, what in shown if text in what] == [expected]
    graded = verdict(changes, [])
    assert graded.breaking == (impact == BREAKS_CALLERS), shown
    assert graded.bump == ("major" if impact == BREAKS_CALLERS else "minor")
    # A promise old servers do not keep is breaking only when servers must keep up.
    assert verdict(changes, [], strict_servers=True).breaking == (impact != COMPATIBLE)


def _direction(title: str, operation: str, *answers: tuple[int, int | None]) -> Direction:
    requests = [
        {"operation": operation, "body": {"n": i}, "status": s, "code": c, "message": ""}
        for i, (s, c) in enumerate(answers)
    ]
    return Direction(title, "StreamingClient", "mock", {"requests": requests, "responses": []})


def test_wrong_state_answers_where_the_clients_rules_accept_the_state_are_findings(
    base_spec: Spec,
) -> None:
    old, new = copy.deepcopy(base_spec), copy.deepcopy(base_spec)
    operation = _requires("speaks", _initial_only)(new)
    wrong = _rules(base_spec)["errors"]["wrong-state"]
    refused = (wrong["status"], wrong["code"])
    changes = diff_specs(old, new)
    old_model, new_model = SpecModel(old), SpecModel(new)
    callers = state_rises(
        _direction(OLD_TO_NEW, operation, refused, refused), old_model, new_model, changes
    )
    assert [(f.operation, f.impact) for f in callers] == [(operation, BREAKS_CALLERS)]
    assert "2 wrong-state answer(s)" in callers[0].message
    assert "in state 'connected'" in callers[0].message
    servers = state_rises(_direction(NEW_TO_OLD, operation, refused), new_model, old_model, changes)
    assert [(f.operation, f.impact) for f in servers] == [(operation, BREAKS_SERVERS)]
    assert "in state 'new'" in servers[0].message
    # The state the new rules move the call to: new callers must use it, old servers refuse it.
    moved = [(c.where, c.impact) for c in changes if "instead" in c.what]
    assert moved == [(f"{operation} x-lifecycle requires", BREAKS_SERVERS)]


def test_a_state_only_the_new_rules_accept_refused_by_an_old_server_is_expected(
    base_spec: Spec,
) -> None:
    old, new = copy.deepcopy(base_spec), copy.deepcopy(base_spec)
    operation = _requires("speaks", _plus_initial)(new)
    wrong = _rules(base_spec)["errors"]["wrong-state"]
    changes = diff_specs(old, new)
    direction = _direction(NEW_TO_OLD, operation, (wrong["status"], wrong["code"]))
    found = state_rises(direction, SpecModel(new), SpecModel(old), changes)
    assert [f.impact for f in found] == [EXPECTED]
    assert not verdict(changes, found).breaking


def test_a_refusal_in_a_state_the_rules_refuse_too_is_no_finding(base_spec: Spec) -> None:
    # The moving call (start) again on the session it moved: refused by both versions' rules.
    model = SpecModel(base_spec)
    mover = next(op for op in model.operations if op.lifecycle.moves_to)
    wrong = _rules(base_spec)["errors"]["wrong-state"]
    direction = _direction(
        OLD_TO_NEW, mover.operation_id, (200, None), (wrong["status"], wrong["code"])
    )
    assert state_rises(direction, model, model, []) == []


def test_the_round_trip_names_the_operation_and_state_a_narrowed_rule_refuses(
    base_spec: Spec, tmp_path: Path
) -> None:
    new = copy.deepcopy(base_spec)
    operation = _requires("speaks", _initial_only)(new)
    report = compare(ROOT, tree_from_spec(new, tmp_path / "narrowed", ROOT), examples=3)
    rises = {
        (f.direction, f.operation, f.impact) for f in report.findings if f.what == "state refused"
    }
    assert rises == {
        (OLD_TO_NEW, operation, BREAKS_CALLERS),
        (NEW_TO_OLD, operation, BREAKS_SERVERS),
    }
    assert report.verdict.breaking
    assert report.verdict.unconfirmed == []  # the round trip showed it, not only the diff
