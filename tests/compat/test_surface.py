"""The client surface is read statically and its changes are listed the way callers see them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from heygen_streaming.spec_model import SpecModel
from heygen_streaming_tools import generation
from heygen_streaming_tools.surface import Surface, diff_surfaces, extract_surface, render_diff

from tests.compat.support.mutations import MUTATIONS, mutated

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generated" / "heygen_streaming_api"


def test_the_surface_lists_every_operation_of_the_spec_with_its_method_and_path() -> None:
    model = SpecModel(json.loads((PACKAGE / "openapi.json").read_text("utf-8")))
    surface = extract_surface(PACKAGE)
    assert surface.operations == {
        op.operation_id: f"{op.method} {op.path}" for op in model.operations
    }
    for op in model.operations:
        assert any(name.endswith(f"{op.operation_id}.sync") for name in surface.functions)


def _copy_with_probe(tmp_path: Path) -> Path:
    """The generated package plus an api module `probe` (a copy of the first operation's)."""
    new = tmp_path / "heygen_streaming_api"
    shutil.copytree(PACKAGE, new, ignore=shutil.ignore_patterns("__pycache__"))
    document = json.loads((new / "openapi.json").read_text("utf-8"))
    first = SpecModel(document).operations[0]
    module = next((new / "api").rglob(f"{first.operation_id}.py"))
    shutil.copy2(module, module.with_name("probe.py"))
    node = json.loads(json.dumps(first.node))
    node["operationId"] = "probe"
    document["paths"]["/v1/streaming.probe"] = {"post": node}
    (new / "openapi.json").write_text(json.dumps(document), "utf-8")
    return new


def test_an_added_operation_is_listed_once_not_as_four_functions(tmp_path: Path) -> None:
    new = _copy_with_probe(tmp_path)
    lines = diff_surfaces(extract_surface(PACKAGE), extract_surface(new))
    assert lines == ["+ operation probe (POST /v1/streaming.probe): client.probe(...)"]
    back = diff_surfaces(extract_surface(new), extract_surface(PACKAGE))
    assert back == ["- operation probe (POST /v1/streaming.probe)"]


def test_field_enum_default_and_signature_changes_are_listed() -> None:
    old = Surface(
        operations={"open": "POST /open"},
        models={"Request": {"timeout": ("int | Unset", "120"), "mode": ("str", None)}},
        enums={"Emotion": ("'Calm'", "'Happy'")},
        functions={"api.open.sync": "(*, body: Request) -> Answer"},
    )
    new = Surface(
        operations={"open": "POST /open"},
        models={
            "Request": {
                "timeout": ("int | Unset", "300"),
                "mode": ("int", None),
                "greeting": ("str | Unset", "UNSET"),
            }
        },
        enums={"Emotion": ("'Happy'",)},
        functions={"api.open.sync": "(*, body: Request, retries: int=0) -> Answer"},
    )
    assert diff_surfaces(old, new) == [
        "+ Request.greeting: str | Unset = UNSET",
        "~ Request.timeout default 120 -> 300",
        "~ Request.mode type str -> int",
        "- Emotion member 'Calm'",
        "~ function api.open.sync(*, body: Request) -> Answer"
        "  ->  (*, body: Request, retries: int=0) -> Answer",
    ]


def test_an_unchanged_surface_says_so() -> None:
    same = diff_surfaces(extract_surface(PACKAGE), extract_surface(PACKAGE))
    assert render_diff(same) == "Client surface: unchanged"


def test_generate_prints_the_operations_a_regeneration_adds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base_spec: dict[str, Any]
) -> None:
    target = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", target, ignore=shutil.ignore_patterns("__pycache__"))
    _, new_spec, _ = mutated(base_spec, next(m for m in MUTATIONS if m.name == "operation added"))
    spec = tmp_path / "streaming.yaml"
    spec.write_text(yaml.safe_dump(new_spec, sort_keys=False), "utf-8")
    assert generation.main([], spec=spec, generated=target) == 0
    out = capsys.readouterr().out
    assert "Client surface changes:\n  + operation probe (POST /v1/streaming.probe)" in out
    assert "+ function" not in out  # the operation is said once
    packaged = json.loads((target / "heygen_streaming_api" / "openapi.json").read_text("utf-8"))
    assert SpecModel(packaged).operation("probe").path == "/v1/streaming.probe"


def test_generate_refuses_a_spec_that_does_not_parse_and_leaves_generated_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "streaming.yaml"
    spec.write_text("openapi: 3.1.0\noops: [a?b\n", "utf-8")
    target = tmp_path / "generated"
    assert generation.main([], spec=spec, generated=target) == 2
    err = capsys.readouterr().err
    assert f"error: {spec}, line 2, column 9: expected ',' or ']'" in err
    assert not target.exists()
