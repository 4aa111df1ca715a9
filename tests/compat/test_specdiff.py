"""The structural pre-check classifies every kind of change for callers and servers."""

from __future__ import annotations

from typing import Any

import pytest
from cases import CASES, Case, base_spec
from compat_report import EXPECTED, findings, next_version, verdict
from compat_run import Direction
from specdiff import BREAKS_CALLERS, BREAKS_SERVERS, COMPATIBLE, diff_specs


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_each_fixture_case_is_named_and_classified(case: Case) -> None:
    old, new = case.specs()
    changes = diff_specs(old, new)
    assert [c.where for c in changes] == [case.where]
    assert any(c.impact != COMPATIBLE for c in changes) == case.breaking
    assert verdict(changes, []).bump == ("major" if case.breaking else "minor")


def test_an_unchanged_spec_has_no_change_and_no_bump() -> None:
    changes = diff_specs(base_spec(), base_spec())
    assert changes == []
    assert verdict(changes, []).bump == "none"
    assert not verdict(changes, []).breaking


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def test_a_description_only_change_is_a_patch() -> None:
    new = base_spec()
    _schemas(new)["NewSessionRequest"]["properties"]["avatar_id"]["description"] = "Reworded."
    (change,) = diff_specs(base_spec(), new)
    assert (change.impact, change.bump) == (COMPATIBLE, "patch")


def test_an_added_request_enum_value_is_an_opt_in_addition() -> None:
    new = base_spec()
    _schemas(new)["VoiceSetting"]["properties"]["emotion"]["enum"].append("Calm")
    (change,) = diff_specs(base_spec(), new)
    assert change.where == "request voice.emotion"
    assert (change.impact, change.bump, change.opt_in) == (COMPATIBLE, "minor", True)


def test_what_the_new_client_sends_unasked_breaks_old_servers() -> None:
    new = base_spec()
    props = _schemas(new)["NewSessionRequest"]["properties"]
    props["activity_idle_timeout"]["default"] = 7200  # outside the old maximum
    props["greeting"] = {"type": "string", "default": "hi"}  # a default is always sent
    impacts = {c.where: c.impact for c in diff_specs(base_spec(), new)}
    assert impacts == {
        "request activity_idle_timeout": BREAKS_SERVERS,
        "request greeting": BREAKS_SERVERS,
    }


def test_a_response_field_made_required_breaks_old_servers_and_removed_breaks_callers() -> None:
    new = base_spec()
    data = _schemas(new)["SessionData"]
    data["required"].append("livekit_agent_token")
    del data["properties"]["is_paid"]
    data["required"].remove("is_paid")
    impacts = {c.where: c.impact for c in diff_specs(base_spec(), new)}
    assert impacts == {
        "response 200 data.is_paid": BREAKS_CALLERS,
        "response 200 data.livekit_agent_token": BREAKS_SERVERS,
    }


def _direction(title: str, *refused: str) -> Direction:
    requests = [{"body": {}, "wire": {}, "status": 400, "message": m} for m in refused]
    return Direction(title, "StreamingClient", "mock", {"requests": requests, "responses": []})


def test_an_old_server_refusing_a_new_opt_in_field_is_expected_anything_else_breaks() -> None:
    old, new = CASES[0].specs()  # a new optional request field: greeting
    changes = diff_specs(old, new)
    found = findings(
        _direction("old client -> new mock"),
        _direction(
            "new client -> old mock",
            "greeting: is not a field of this object",
            "quality: 'ultra' is not one of 'high', 'medium', 'low'",
        ),
        changes,
    )
    assert [(f.message.split(":")[0], f.impact) for f in found] == [
        ("400 greeting", EXPECTED),
        ("400 quality", BREAKS_SERVERS),
    ]
    assert verdict(changes, found).breaks == [BREAKS_SERVERS]


@pytest.mark.parametrize(
    ("bump", "expected"),
    [("major", "1.0.0"), ("minor", "0.2.0"), ("patch", "0.1.1"), ("none", "0.1.0")],
)
def test_next_version_follows_the_bump(bump: str, expected: str) -> None:
    assert next_version("0.1.0", bump) == expected
