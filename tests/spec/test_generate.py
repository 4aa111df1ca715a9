"""Generation is deterministic, fenced off, and its drift check names the fix."""

from __future__ import annotations

import hashlib
import importlib
import shutil
from pathlib import Path

import pytest
import yaml
from heygen_streaming_tools import generation as tool

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = pytest.mark.parametrize(("package", "spec"), list(tool.SPECS.items()))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@PACKAGES
def test_generating_twice_gives_byte_identical_trees_with_no_caches(
    tmp_path: Path, package: str, spec: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _tree(tool.generate_package(spec, tmp_path / "a", package))
    second = _tree(tool.generate_package(spec, tmp_path / "b", package))
    assert first == second
    assert not [name for name in first if "cache" in name or name.endswith(".pyc")]
    assert str(tmp_path).encode() not in b"".join(first.values())


@PACKAGES
def test_committed_generated_tree_matches_a_fresh_generation(
    tmp_path: Path, package: str, spec: Path
) -> None:
    fresh = _tree(tool.generate_package(spec, tmp_path, package))
    committed = _tree(ROOT / "generated" / package)
    committed = {k: v for k, v in committed.items() if "__pycache__" not in k}
    assert fresh == committed, "generated/ is stale: run `nox -s generate`"


def test_marker_records_generator_version_spec_hash_and_fix_command() -> None:
    marker = tool.render_marker(tool.SPECS)
    for package, spec in tool.SPECS.items():
        assert f"`{package}`: `openapi/{spec.name}`, SHA-256 `{_sha(spec)}`" in marker
    assert "openapi-python-client 0.29.1" in marker
    assert "nox -s generate" in marker
    assert "do not edit" in marker
    assert (ROOT / "generated" / "GENERATED.md").read_text("utf-8") == marker


@PACKAGES
def test_drift_check_fails_on_a_hand_edit_and_names_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], package: str, spec: Path
) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert tool.main(["--check"], generated=copy) == 0
    client = copy / package / "client.py"
    client.write_text(client.read_text() + "# hand edit\n")
    assert tool.main(["--check"], generated=copy) == 1
    out = capsys.readouterr().out
    assert f"differs {package}/client.py" in out
    assert "Run `nox -s generate`" in out


def test_a_spec_that_does_not_parse_is_named_with_its_line_and_generated_is_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "streaming.yaml"
    broken.write_text("openapi: 3.1.0\ninfo:\n  title: [Hello! How are you?]\n", "utf-8")
    generated = tmp_path / "generated"
    generated.mkdir()
    (generated / "keep.txt").write_text("as it was")
    assert tool.main([], spec=broken, generated=generated) == 2
    err = capsys.readouterr().err
    assert f"error: {broken}, line 3, column 29: expected ',' or ']'" in err
    assert "Traceback" not in err
    assert [p.name for p in generated.iterdir()] == ["keep.txt"]


def test_no_enum_of_the_spec_holds_two_values_that_differ_only_in_case() -> None:
    # The generator orders literal values case-insensitively: `Excited` and `excited` in one
    # enum would come out in a different order from one run to the next (hash seed).
    stack = [yaml.safe_load(spec.read_text("utf-8")) for spec in tool.SPECS.values()]
    enums = []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list):
                enums.append(node["enum"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    assert enums
    for values in enums:
        folded = [str(v).lower() for v in values]
        assert len(set(folded)) == len(folded), values


def test_any_spec_generates_into_any_package_name_and_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tool.SPECS["liveavatar_api"].resolve()
    monkeypatch.chdir(tmp_path)  # a folder relative to the working directory works too
    out = tool.generate_package(spec, Path("."), "renamed_api")
    assert out == tmp_path / "renamed_api"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renamed_api"]  # nothing left beside it
    monkeypatch.syspath_prepend(str(tmp_path))
    api = importlib.import_module("renamed_api.api")
    assert api.ENDPOINTS[0].operation_id == "create_token"
    assert (out / "openapi.json").read_text("utf-8") == (
        ROOT / "generated" / "liveavatar_api" / "openapi.json"
    ).read_text("utf-8")


def test_a_spec_named_after_no_api_needs_its_package_named(tmp_path: Path) -> None:
    spec = tmp_path / "third.yaml"
    shutil.copy(tool.SPECS["liveavatar_api"], spec)
    with pytest.raises(tool.GenerationError, match="name the package"):
        tool.generate_package(spec, tmp_path)
