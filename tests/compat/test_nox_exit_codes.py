"""`nox -s compat` and `nox -s contract` end with their command's own exit code, not nox's 1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOX = shutil.which("nox")

# A noxfile beside a copy of pyproject.toml (the project's noxfile reads it at import) whose one
# session runs a command through the project's helper: no venv, no install, about a second.
NOXFILE = f"""
import importlib.util
import nox

spec = importlib.util.spec_from_file_location("project_noxfile", {str(ROOT / "noxfile.py")!r})
project = importlib.util.module_from_spec(spec)
spec.loader.exec_module(project)


@nox.session(python=False)
def exits(session):
    project.run_keeping_exit_code(
        session, {sys.executable!r}, "-c", f"raise SystemExit({{session.posargs[0]}})"
    )
"""


@pytest.mark.skipif(NOX is None, reason="nox is not on PATH")
@pytest.mark.parametrize("code", [0, 1, 2, 4])
def test_a_session_ends_with_its_commands_exit_code(tmp_path: Path, code: int) -> None:
    (tmp_path / "noxfile.py").write_text(NOXFILE, "utf-8")
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert NOX is not None
    done = subprocess.run(
        [NOX, "-f", str(tmp_path / "noxfile.py"), "-s", "exits", "--", str(code)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == code, done.stderr[-2000:]
