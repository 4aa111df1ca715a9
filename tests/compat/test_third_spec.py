"""compat on the third spec (tests/spine/third.yaml): a spec in the project's conventions that is
neither HeyGen API (a session named by a path parameter, `format: uuid` ids, a 201 answer, a 422
error shape, its own envelope fields) compares with itself cleanly."""

from __future__ import annotations

from pathlib import Path

from heygen_streaming.spec import load_spec
from heygen_streaming.spec_model import SpecModel
from heygen_streaming_tools.compat import compare
from heygen_streaming_tools.roundtrip import Contract
from heygen_streaming_tools.verdict import COMPATIBLE

ROOT = Path(__file__).resolve().parents[2]
THIRD = "tests/spine/third.yaml"


def test_the_third_spec_against_itself_is_clean_both_ways(tmp_path: Path) -> None:
    report = compare(ROOT, ROOT, contract=Contract(spec=THIRD), examples=3, scratch=tmp_path)
    model = SpecModel(load_spec(ROOT / THIRD))
    by_path = {
        op.operation_id for op in model.operations if "path" in (op.lifecycle.session_from or ())
    }
    assert by_path  # the spec names a session by a path parameter
    for direction in report.directions:
        requests = direction.result["requests"]
        assert {r["operation"] for r in requests} == {op.operation_id for op in model.operations}
        assert direction.server == "mock --strict"
        # Real sessions were opened: an operation naming its session by the path got through.
        served = {r["operation"] for r in requests if 200 <= (r.get("status") or 0) < 300}
        assert by_path <= served
    assert report.findings == []
    assert (report.verdict.label, report.verdict.bump) == (COMPATIBLE, "none")
