"""compat on LiveAvatar's spec (openapi/liveavatar.yaml): its changes graded like any spec's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec import load_spec
from heygen_streaming.spec_model import SpecModel
from heygen_streaming_tools.compat import compare
from heygen_streaming_tools.roundtrip import Contract
from heygen_streaming_tools.specdiff import diff_specs
from heygen_streaming_tools.verdict import BREAKS_CALLERS, COMPATIBLE, Change, verdict

BASE = load_spec(Path(__file__).resolve().parents[2] / "openapi" / "liveavatar.yaml")


def _graded(new: SpecModel) -> tuple[list[Change], str, str]:
    changes = diff_specs(SpecModel(BASE), SpecModel(new.document))  # read after the mutation
    found = verdict(changes, [])
    return changes, found.label, found.bump


def _holder(model: SpecModel, node: Any, field: str) -> dict[str, Any]:
    """The object schema, reached from `node` through refs, unions and properties, that has
    `field` among its properties."""
    node = model.resolve(node)
    if field in (node.get("properties") or {}):
        return node  # type: ignore[no-any-return]  # the document's own node, to mutate
    props = node.get("properties") or {}
    inner = [*props.values(), *node.get("oneOf", []), *node.get("anyOf", [])]
    return next(h for h in (_try(model, n, field) for n in inner) if h is not None)


def _try(model: SpecModel, node: Any, field: str) -> dict[str, Any] | None:
    try:
        return _holder(model, node, field)
    except StopIteration:
        return None


def test_removing_a_required_field_of_the_token_answer_breaks_callers() -> None:
    new = SpecModel(BASE)
    create = next(op for op in new.operations if op.lifecycle.creates)
    token = new.lifecycle.token_field
    assert token is not None
    answer = _holder(new, create.responses[create.success_status].schema, token)
    assert token in answer["required"]
    del answer["properties"][token]
    answer["required"].remove(token)
    changes, label, bump = _graded(new)
    gone = [c for c in changes if c.operation == create.operation_id and c.path.endswith(token)]
    assert [(c.impact, c.what) for c in gone] == [(BREAKS_CALLERS, "field removed")]
    assert (label, bump) == ("BREAKING (breaks callers)", "major")


def test_narrowing_the_states_an_operation_requires_breaks_callers() -> None:
    new = SpecModel(BASE)
    op = next(o for o in new.operations if len(o.lifecycle.requires or ()) >= 2)
    rule = new.document["paths"][op.path][op.method.lower()]["x-lifecycle"]
    dropped = rule["requires"].pop()
    changes, label, bump = _graded(new)
    assert [(c.where, c.impact) for c in changes] == [
        (f"{op.operation_id} x-lifecycle requires", BREAKS_CALLERS)
    ]
    assert repr(dropped) in changes[0].what
    assert (label, bump) == ("BREAKING (breaks callers)", "major")


def test_an_optional_field_added_to_one_shape_of_the_token_request_is_compatible() -> None:
    new = SpecModel(BASE)
    create = next(op for op in new.operations if op.lifecycle.creates)
    union = new.resolve(create.request_schema)
    shape = new.resolve(next(iter(union.get("oneOf") or union["anyOf"])))
    shape["properties"]["probe_note"] = {"type": "string"}
    changes, label, bump = _graded(new)
    assert [(c.where, c.impact, c.opt_in) for c in changes] == [
        (f"{create.operation_id} request probe_note", COMPATIBLE, True)
    ]
    assert (label, bump) == (COMPATIBLE, "minor")


LIVEAVATAR_CLIENT = Path(__file__).resolve().parents[2] / "generated" / "liveavatar_api"


@pytest.mark.skipif(not LIVEAVATAR_CLIENT.is_dir(), reason="no generated/liveavatar_api yet")
def test_the_working_tree_against_itself_on_liveavatar_is_clean_both_ways() -> None:
    root = LIVEAVATAR_CLIENT.parents[1]
    report = compare(root, root, contract=Contract("liveavatar"), examples=3)
    operations = {op.operation_id for op in SpecModel(BASE).operations}
    for direction in report.directions:
        assert {r["operation"] for r in direction.result["requests"]} == operations
        assert direction.server == "mock --strict"
        # Sessions were opened: named by the token, a body field or a path parameter.
        assert direction.state_answers() < len(direction.result["requests"]) // 2
    assert report.findings == []
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "none")
