"""`nox -s compat`: git revisions, the verdict's exit code, and a clean run on an unchanged tree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import compat
import pytest


def _git(repo: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
    return subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=True).stdout


def test_compat_against_head_of_the_unchanged_tree_is_compatible(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert compat.main(["HEAD", "--examples", "10"]) == 0
    out = capsys.readouterr().out
    assert "Spec changes (structural)\n  none" in out
    assert "Verdict: compatible; suggested bump: none" in out


def test_an_unknown_revision_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert compat.main(["no-such-revision"]) == 2
    assert "cannot read 'no-such-revision'" in capsys.readouterr().out


def _repo_at(tmp_path: Path, tree: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(tree, repo)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "release")
    return repo


def test_default_ref_is_the_last_release_tag_else_the_previous_commit(
    tmp_path: Path, trees: dict[str, Path]
) -> None:
    repo = _repo_at(tmp_path, trees["base"])
    _git(repo, "commit", "-q", "--allow-empty", "-m", "work")
    assert compat.default_ref(repo) == "HEAD~1"
    _git(repo, "tag", "v0.1.0", "HEAD~1")
    _git(repo, "tag", "not-a-release")
    assert compat.default_ref(repo) == "v0.1.0"


def test_a_breaking_working_tree_exits_1_unless_allowed(
    tmp_path: Path,
    trees: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = _repo_at(tmp_path, trees["base"])
    _git(repo, "tag", "v0.1.0")
    for part in ("openapi", "generated"):  # the change, not committed: the working tree
        shutil.rmtree(repo / part)
        shutil.copytree(trees["narrowed range"] / part, repo / part)
    monkeypatch.setattr(compat, "ROOT", repo)
    status = _git(repo, "status", "--porcelain")
    assert status
    assert compat.main(["--examples", "10"]) == 1
    out = capsys.readouterr().out
    assert "compat v0.1.0 (" in out
    assert "breaks callers  request activity_idle_timeout: maximum 3600 -> 1800" in out
    assert "Verdict: BREAKING (breaks callers); suggested bump: major (0.1.0 -> 1.0.0)" in out
    assert compat.main(["--examples", "10", "--allow-breaking"]) == 0
    assert _git(repo, "status", "--porcelain") == status  # compat wrote nothing there


def test_a_stale_generated_client_is_refused(
    tmp_path: Path, trees: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo_at(tmp_path, trees["base"])
    shutil.copy2(trees["narrowed range"] / "openapi" / "streaming.yaml", repo / "openapi")
    monkeypatch.setattr(compat, "ROOT", repo)
    assert compat.main(["HEAD"]) == 2


def test_a_working_spec_that_does_not_parse_is_named_with_its_line(
    tmp_path: Path,
    trees: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = _repo_at(tmp_path, trees["base"])
    spec = repo / "openapi" / "streaming.yaml"
    spec.write_text(spec.read_text("utf-8") + "oops: [a?b\n", "utf-8")
    monkeypatch.setattr(compat, "ROOT", repo)
    assert compat.main(["HEAD"]) == 2
    out = capsys.readouterr().out
    assert f"compat cannot read the working tree's spec: {spec}, line " in out
    assert "expected ',' or ']'" in out
