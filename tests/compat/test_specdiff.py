"""The structural diff and the findings: every operation, and each grading rule of issue 11."""

from __future__ import annotations

from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel
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
    findings,
    next_version,
    verdict,
)

from tests.compat.support.mutations import MUTATIONS, mutated

Spec = dict[str, Any]


def _mutation(name: str) -> Any:
    return next(m for m in MUTATIONS if m.name == name)


def test_a_breaking_change_to_a_second_operations_request_is_breaking_not_a_patch(
    base_spec: Spec,
) -> None:
    # Before: only the first operation was compared, and this was "compatible, patch".
    old, new, _ = mutated(base_spec, _mutation("second operation's request narrowed"))
    changes = diff_specs(old, new)
    assert [(c.where, c.impact, c.what) for c in changes] == [
        ("probe request level", BREAKS_CALLERS, "maximum 5 -> 4")
    ]
    assert verdict(changes, []).bump == "major"


def test_a_copy_without_streaming_new_breaks_callers(base_spec: Spec) -> None:
    model = SpecModel(base_spec)
    op = model.route("POST", "/v1/streaming.new")
    assert op is not None
    new = SpecModel(base_spec).document
    del new["paths"]["/v1/streaming.new"]
    changes = diff_specs(base_spec, new)
    assert [(c.where, c.impact) for c in changes] == [
        (f"{op.operation_id} operation", BREAKS_CALLERS)
    ]
    assert changes[0].what == "operation removed (POST /v1/streaming.new)"
    assert verdict(changes, []).breaking


def test_an_unchanged_spec_has_no_change_and_no_bump(base_spec: Spec) -> None:
    changes = diff_specs(base_spec, base_spec)
    assert changes == []
    assert verdict(changes, []).bump == "none"
    assert not verdict(changes, []).breaking


def test_operations_are_matched_by_method_and_path_not_by_order(base_spec: Spec) -> None:
    new = SpecModel(base_spec).document
    new["paths"] = dict(reversed(list(new["paths"].items())))
    assert diff_specs(base_spec, new) == []


def _direction(title: str, operation: str, *answers: tuple[int, int | None, str]) -> Direction:
    requests = [
        {"operation": operation, "body": {}, "wire": {}, "status": s, "code": c, "message": m}
        for s, c, m in answers
    ]
    state = frozenset({(404, 10002)})
    return Direction(
        title, "StreamingClient", "mock", {"requests": requests, "responses": []}, state
    )


def test_an_old_server_refusing_a_new_opt_in_field_is_expected_anything_else_breaks(
    base_spec: Spec,
) -> None:
    old, new, where = mutated(base_spec, _mutation("new optional request field"))
    operation, _, path = where.split(" ", 2)[0], None, where.rsplit(" ", 1)[-1]
    changes = diff_specs(old, new)
    found = findings(
        _direction(OLD_TO_NEW, operation),
        _direction(
            NEW_TO_OLD,
            operation,
            (400, 400, f"{path}: is not a field of this object"),
            (400, 400, "quality: 'ultra' is not one of 'high', 'medium', 'low'"),
        ),
        changes,
    )
    assert [(f.message.split(":")[0], f.impact) for f in found] == [
        (f"400 {path}", EXPECTED),
        ("400 quality", BREAKS_SERVERS),
    ]
    assert verdict(changes, found).breaks == [BREAKS_SERVERS]


def test_a_value_only_a_widened_type_allows_refused_by_an_old_server_is_expected(
    base_spec: Spec,
) -> None:
    old, new, where = mutated(base_spec, _mutation("request type widened (integer -> number)"))
    operation, path = where.split(" ")[0], where.rsplit(" ", 1)[-1]
    changes = diff_specs(old, new)
    assert {c.impact for c in changes} == {COMPATIBLE}
    refused = (400, 400, f"{path}: 30.000000000000004 is not of type 'integer'")
    found = findings(
        _direction(OLD_TO_NEW, operation), _direction(NEW_TO_OLD, operation, refused), changes
    )
    assert [f.impact for f in found] == [EXPECTED]
    assert verdict(changes, found).label == COMPATIBLE
    assert verdict(changes, found).bump == "minor"


def test_an_operation_old_servers_lack_is_expected_to_be_refused_by_them(base_spec: Spec) -> None:
    old, new, _ = mutated(base_spec, _mutation("operation added"))
    changes = diff_specs(old, new)
    found = findings(
        _direction(OLD_TO_NEW, "probe"),
        _direction(NEW_TO_OLD, "probe", (404, None, "no such endpoint")),
        changes,
    )
    assert [f.impact for f in found] == [EXPECTED]
    assert not verdict(changes, found).breaking


def test_answers_for_the_sessions_state_are_not_findings() -> None:
    unknown_session = (404, 10002, "invalid session")
    found = findings(
        _direction(OLD_TO_NEW, "task", unknown_session),
        _direction(NEW_TO_OLD, "task", unknown_session),
        [],
    )
    assert found == []


def test_a_new_client_that_cannot_parse_old_answers_needs_new_servers_without_failing() -> None:
    unparsed = {"operation": "task", "status": 200, "body": {}, "error": "data.region: required"}
    old_to_new = _direction(OLD_TO_NEW, "task")
    new_to_old = _direction(NEW_TO_OLD, "task")
    new_to_old.result["responses"] = [unparsed]
    found = findings(old_to_new, new_to_old, [])
    assert [f.impact for f in found] == [NEEDS_SERVERS]
    relaxed = verdict([], found)
    assert (relaxed.breaking, relaxed.bump, relaxed.needs_servers) == (False, "minor", True)
    assert relaxed.label == f"{COMPATIBLE}; {NEEDS_SERVERS}"
    strict = verdict([], found, strict_servers=True)
    assert (strict.breaking, strict.bump) == (True, "major")


def test_an_old_client_that_cannot_parse_new_answers_breaks_callers() -> None:
    unparsed = {"operation": "task", "status": 200, "body": {}, "error": "not one of"}
    old_to_new = _direction(OLD_TO_NEW, "task")
    old_to_new.result["responses"] = [unparsed]
    found = findings(old_to_new, _direction(NEW_TO_OLD, "task"), [])
    assert [f.impact for f in found] == [BREAKS_CALLERS]


@pytest.mark.parametrize(
    ("bump", "expected"),
    [("major", "1.0.0"), ("minor", "0.2.0"), ("patch", "0.1.1"), ("none", "0.1.0")],
)
def test_next_version_follows_the_bump(bump: str, expected: str) -> None:
    assert next_version("0.1.0", bump) == expected
