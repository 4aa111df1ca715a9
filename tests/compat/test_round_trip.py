"""The round trip, for real: two trees, one process each, every operation, over 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel
from heygen_streaming_tools.compat import Report, compare
from heygen_streaming_tools.plan import client_plan, server_plan
from heygen_streaming_tools.roundtrip import materialise, tree_spec
from heygen_streaming_tools.verdict import (
    BREAKS_CALLERS,
    COMPATIBLE,
    EXPECTED,
    NEEDS_SERVERS,
    NEW_TO_OLD,
    OLD_TO_NEW,
)

from tests.compat.support.mutations import MUTATIONS, mutated
from tests.compat.support.trees import round_trip, tree_from_spec

ROOT = Path(__file__).resolve().parents[2]
Tree = Callable[[str], Path]


def _found(report: Report, title: str) -> list[Any]:
    return [f for f in report.findings if f.direction == title]


def _where(name: str, base_spec: dict[str, Any]) -> tuple[str, str]:
    """(operation, field) the mutation changes."""
    _, _, where = mutated(base_spec, next(m for m in MUTATIONS if m.name == name))
    return where.split(" ")[0], where.rsplit(" ", 1)[-1]


def test_the_working_tree_against_itself_calls_every_operation_both_ways_cleanly(
    tree: Tree,
) -> None:
    report = compare(tree("working"), tree("working"), examples=5)
    operations = {op.operation_id for op in SpecModel(tree_spec(ROOT)).operations}
    for direction in report.directions:
        assert {r["operation"] for r in direction.result["requests"]} == operations
        assert {r["operation"] for r in direction.result["responses"]} == operations
    assert report.findings == []
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "none")


def test_a_lowered_maximum_breaks_old_callers_shown_by_a_refused_request(
    tree: Tree, base_spec: dict[str, Any]
) -> None:
    operation, field = _where("request maximum lowered", base_spec)
    report = compare(tree("working"), tree("request maximum lowered"), examples=5)
    assert report.verdict.breaks == [BREAKS_CALLERS]
    assert report.verdict.bump == "major"
    assert report.verdict.unconfirmed == []  # the round trip showed it, not only the diff
    shown = _found(report, OLD_TO_NEW)
    assert shown
    assert {(f.operation, f.impact) for f in shown} == {(operation, BREAKS_CALLERS)}
    assert all(f.message.startswith(f"400 {field}: ") for f in shown)
    assert _found(report, NEW_TO_OLD) == []


def test_a_new_optional_request_field_is_compatible_and_old_servers_refusing_it_is_expected(
    tree: Tree,
) -> None:
    report = compare(tree("working"), tree("new optional request field"), examples=5)
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "minor")
    assert _found(report, OLD_TO_NEW) == []
    refused = _found(report, NEW_TO_OLD)
    assert refused
    assert {f.impact for f in refused} == {EXPECTED}
    assert all("greeting" in f.example_text(10**6) for f in refused)


def test_fractions_an_integer_to_number_widening_allows_are_an_expected_refusal(
    tree: Tree,
) -> None:
    report = compare(tree("working"), tree("request type widened (integer -> number)"), examples=5)
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "minor")
    assert {f.impact for f in report.findings} <= {EXPECTED}


def test_a_documented_status_added_parses_as_the_shipped_client_reports_it(tree: Tree) -> None:
    report = compare(tree("working"), tree("error status added"), examples=5)
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "minor")
    assert report.findings == []
    parsed = [r for d in report.directions for r in d.result["responses"] if r["status"] == 402]
    assert parsed  # the new server's 402 bodies went through the old client: an APIStatusError


def test_a_documented_status_removed_still_parses_as_an_api_status_error(tree: Tree) -> None:
    report = compare(tree("working"), tree("error status removed"), examples=3)
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "patch")
    assert report.findings == []


def test_a_response_that_promises_more_needs_new_servers_and_does_not_fail(tree: Tree) -> None:
    report = compare(tree("working"), tree("response required field added"), examples=5)
    assert not report.verdict.breaking
    assert report.verdict.needs_servers
    assert report.verdict.bump == "minor"
    assert {f.impact for f in report.findings} <= {NEEDS_SERVERS}
    assert NEEDS_SERVERS in report.as_dict()["verdict"]["label"]


def test_an_added_operation_is_called_and_old_servers_lacking_it_is_expected(tree: Tree) -> None:
    report = compare(tree("working"), tree("operation added"), examples=5)
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "minor")
    new_to_old = next(d for d in report.directions if d.title == NEW_TO_OLD)
    assert "probe" in {r["operation"] for r in new_to_old.result["requests"]}
    assert {(f.operation, f.impact) for f in report.findings} == {("probe", EXPECTED)}


def test_a_copy_without_streaming_new_is_breaking_shown_by_the_old_clients_calls(
    tmp_path: Path, base_spec: dict[str, Any]
) -> None:
    without = SpecModel(base_spec).document
    del without["paths"]["/v1/streaming.new"]
    new_root = tree_from_spec(without, tmp_path / "without-new", ROOT)
    report = compare(ROOT, new_root, examples=3)
    operation = SpecModel(base_spec).route("POST", "/v1/streaming.new")
    assert operation is not None
    assert report.verdict.breaks == [BREAKS_CALLERS]
    assert {f.operation for f in _found(report, OLD_TO_NEW)} >= {operation.operation_id}


def test_the_same_seed_draws_the_same_bodies(base_spec: dict[str, Any]) -> None:
    model = SpecModel(base_spec)
    first = client_plan(model, model, [], 5, seed=7)
    assert first == client_plan(model, model, [], 5, seed=7)
    assert first != client_plan(model, model, [], 5, seed=8)


def test_a_server_side_that_cannot_start_is_reported_not_waited_for(tmp_path: Path) -> None:
    empty = tmp_path / "no-tree"
    empty.mkdir()
    with pytest.raises(RuntimeError, match="the mock did not start"):
        round_trip(ROOT, empty, ({"operations": [], "responses": []}, {"routes": []}), "x")


def _before_spec_model(tmp_path: Path) -> Path:
    """The last commit whose tree has no spec_model (one operation, no SpecModel)."""
    added = subprocess.run(
        [
            "git",
            "log",
            "--diff-filter=A",
            "--format=%H",
            "--",
            "overrides/heygen_streaming/spec_model.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    if not added:
        pytest.skip("no commit before spec_model.py in this clone")
    return materialise(ROOT, f"{added[-1]}^", tmp_path / "old")


def test_a_release_from_before_spec_model_with_one_operation_still_compares(
    tmp_path: Path,
) -> None:
    old_root = _before_spec_model(tmp_path)
    assert not (old_root / "overrides" / "heygen_streaming" / "spec_model.py").exists()
    report = compare(old_root, ROOT, examples=3)
    old_to_new, new_to_old = report.directions
    assert {r["operation"] for r in old_to_new.result["requests"]} == {"new_session"}
    assert old_to_new.client == "StreamingClient"
    assert len({r["operation"] for r in new_to_old.result["requests"]}) == len(
        SpecModel(tree_spec(ROOT)).operations
    )
    # Every operation the release lacks is an addition, refused by its server as expected.
    added = {c.operation for c in report.changes if c.what.startswith("operation added")}
    assert added
    assert {f.operation for f in report.findings if f.impact == EXPECTED} <= added | {"new_session"}


def test_trees_without_a_client_layer_or_a_mock_use_the_generated_client_and_a_validator(
    tmp_path: Path,
) -> None:
    bare = tmp_path / "bare"
    materialise(ROOT, "HEAD", bare)  # any tree: only its generated client is kept
    for folder in ("overrides", "contract_tests"):
        shutil.rmtree(bare / folder)
    model = SpecModel(tree_spec(bare))
    direction = round_trip(
        bare, bare, (client_plan(model, model, [], 3, 0), server_plan(model)), "x"
    )
    assert direction.client == "generated client (no client layer for this contract in this tree)"
    assert direction.server == "spec validator (no mock of this contract in this tree)"


def _without_a_route_answered_like_an_unknown_session(spec: dict[str, Any]) -> tuple[Any, Any, str]:
    """(old, new, the operation new lacks): both state unknown-session as 404 with code 404, the
    very answer the mock gives a path it does not route."""
    old = SpecModel(spec)
    old.document["x-session-lifecycle"]["errors"]["unknown-session"] = {"status": 404, "code": 404}
    new = SpecModel(old.document)
    dropped = next(op for op in new.operations if op.lifecycle.requires and not op.lifecycle.closes)
    del new.document["paths"][dropped.path]
    return old.document, new.document, dropped.operation_id


def test_a_dropped_route_is_not_taken_for_a_documented_unknown_session_404(
    tmp_path: Path, base_spec: dict[str, Any]
) -> None:
    old, new, dropped = _without_a_route_answered_like_an_unknown_session(base_spec)
    old_root = tree_from_spec(old, tmp_path / "old", ROOT)
    report = compare(old_root, tree_from_spec(new, tmp_path / "new", ROOT), examples=3)
    refused = [f for f in _found(report, OLD_TO_NEW) if f.operation == dropped]
    assert refused
    assert {f.impact for f in refused} == {BREAKS_CALLERS}
    assert all(f.message.startswith("404 ") for f in refused)
    assert report.verdict.unconfirmed == []  # the round trip showed it, not only the diff


def test_a_request_field_named_type_is_sent_under_the_methods_own_parameter_name(
    tmp_path: Path, base_spec: dict[str, Any]
) -> None:
    new = SpecModel(base_spec)
    op = next(o for o in new.operations if o.request_schema is not None and not o.lifecycle.creates)
    new.resolve(op.request_schema)["properties"]["type"] = {"type": "string", "enum": ["probe"]}
    report = compare(ROOT, tree_from_spec(new.document, tmp_path / "new", ROOT), examples=5)
    sent = [
        r
        for d in report.directions
        if d.title == NEW_TO_OLD
        for r in d.result["requests"]
        if r["operation"] == op.operation_id and "type" in (r["wire"] or {}) and r["status"]
    ]
    assert sent  # the new client took `type` (as `type_`) and put it on the wire
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "minor")
    assert {f.impact for f in report.findings} <= {EXPECTED}
