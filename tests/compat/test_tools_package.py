"""The tools are a package: thin scripts, no sys.path tricks, one spec loader and resolver."""

from __future__ import annotations

from pathlib import Path

import heygen_streaming.spec
import heygen_streaming_tools.generation
import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"


@pytest.mark.parametrize("script", ["generate.py", "compat.py", "compat_side.py"])
def test_the_scripts_nox_runs_are_thin_entry_points(script: str) -> None:
    text = (TOOLS / script).read_text("utf-8")
    assert "from heygen_streaming_tools." in text
    assert len(text.splitlines()) <= 8


def test_nothing_in_the_tools_or_their_tests_inserts_into_sys_path() -> None:
    needle = "sys.path" + ".insert"
    files = [*TOOLS.rglob("*.py"), *Path(__file__).parent.rglob("*.py")]
    assert [str(f) for f in files if needle in f.read_text("utf-8")] == []


def test_the_tools_report_the_packages_own_spec_error() -> None:
    assert heygen_streaming_tools.generation.SpecError is heygen_streaming.spec.SpecError


def test_the_tools_resolve_refs_only_through_the_spec_model() -> None:
    package = TOOLS / "heygen_streaming_tools"
    for path in package.rglob("*.py"):
        text = path.read_text("utf-8")
        assert '["$ref"].removeprefix' not in text, path
        assert "def resolve(" not in text, path
