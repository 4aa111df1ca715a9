"""The empirical round trip, for real: two trees, each side in its own process, over 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from compat import compare
from compat_report import EXPECTED
from compat_run import examples_for, round_trip, tree_spec
from specdiff import BREAKS_CALLERS, COMPATIBLE


def test_a_narrowed_range_breaks_old_callers_shown_by_a_refused_request(
    trees: dict[str, Path],
) -> None:
    report = compare(trees["base"], trees["narrowed range"], examples=20)
    assert report.verdict.breaks == [BREAKS_CALLERS]
    assert report.verdict.bump == "major"
    assert report.verdict.unconfirmed == []  # the round trip showed it, not only the diff
    (old_to_new, new_to_old) = report.directions
    assert old_to_new.client == "StreamingClient"
    assert old_to_new.server == "mock --strict"
    shown = [f for f in report.findings if f.direction == old_to_new.title]
    assert shown
    for finding in shown:
        assert finding.impact == BREAKS_CALLERS
        assert finding.example["activity_idle_timeout"] > 1800  # sent by the old client...
        assert finding.message.startswith("400 activity_idle_timeout: ")  # ...named by the server
        assert "maximum of 1800" in finding.message
    assert not [f for f in report.findings if f.direction == new_to_old.title]


def test_a_new_optional_request_field_is_compatible_and_bumps_minor(
    trees: dict[str, Path],
) -> None:
    report = compare(trees["base"], trees["new optional request field"], examples=20)
    assert report.verdict.label == COMPATIBLE
    assert report.verdict.bump == "minor"
    assert report.surface == ["+ NewSessionRequest.greeting: str | Unset = UNSET"]
    old_to_new, new_to_old = (d.result for d in report.directions)
    # Every request of the old client was accepted, every response of either server parsed.
    assert {r["status"] for r in old_to_new["requests"]} == {200}
    assert not [r for d in (old_to_new, new_to_old) for r in d["responses"] if r["error"]]
    # The new client was refused by the old server only when it used the new field.
    refused = [r for r in new_to_old["requests"] if r["status"] != 200]
    assert refused
    assert all("greeting" in r["wire"] for r in refused)
    assert {f.impact for f in report.findings} == {EXPECTED}


def test_the_same_seed_draws_the_same_bodies(trees: dict[str, Path]) -> None:
    spec = tree_spec(trees["base"])
    first = examples_for(spec, spec, [], 15, seed=7)
    assert json.dumps(first) == json.dumps(examples_for(spec, spec, [], 15, seed=7))
    assert json.dumps(first) != json.dumps(examples_for(spec, spec, [], 15, seed=8))


def test_a_server_side_that_cannot_start_is_reported_not_waited_for(
    tmp_path: Path, trees: dict[str, Path]
) -> None:
    empty = tmp_path / "no-tree"
    empty.mkdir()
    with pytest.raises(RuntimeError, match="the mock did not start"):
        round_trip(trees["base"], empty, {"requests": [], "responses": []}, "x")
