"""`nox -s compat`: git revisions, what it says, the verdict's exit code, the JSON report."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from heygen_streaming_tools import compat
from heygen_streaming_tools.roundtrip import TREE_PATHS

Tree = Callable[[str], Path]
OVERRIDE = "nox -s compat -- --allow-breaking"


def _git(repo: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
    return subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=True).stdout


def _repo_at(tmp_path: Path, tree: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in TREE_PATHS:
        if (tree / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "reports")
            shutil.copytree(tree / name, repo / name, ignore=ignore)
        elif (tree / name).is_file():
            shutil.copy2(tree / name, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "release")
    return repo


def _replace(repo: Path, tree: Path) -> None:
    """The working tree of `repo` gets `tree`'s spec and generated client (not committed)."""
    for part in ("openapi", "generated"):
        shutil.rmtree(repo / part)
        shutil.copytree(tree / part, repo / part, ignore=shutil.ignore_patterns("__pycache__"))


def test_an_unknown_revision_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert compat.main(["no-such-revision"]) == 2
    assert "cannot read 'no-such-revision'" in capsys.readouterr().out


def test_default_ref_is_the_last_release_tag_else_the_previous_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "release")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "work")
    assert compat.default_ref(repo) == "HEAD~1"
    _git(repo, "tag", "v0.1.0", "HEAD~1")
    _git(repo, "tag", "not-a-release")
    assert compat.default_ref(repo) == "v0.1.0"


def test_an_annotated_tag_is_shown_by_its_commit_not_by_the_tag_object(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "release")
    _git(repo, "tag", "-a", "v0.1.0", "-m", "0.1.0")
    commit = _git(repo, "rev-parse", "--short", "HEAD").strip()
    tag_object = _git(repo, "rev-parse", "--short", "v0.1.0").strip()
    assert commit != tag_object
    assert compat.commit_of(repo, "v0.1.0") == commit


def test_without_a_release_tag_it_says_it_compares_with_the_previous_commit(
    tmp_path: Path, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo_at(tmp_path, tree("working"))
    _git(repo, "commit", "-q", "--allow-empty", "-m", "work")
    assert compat.main(["--examples", "3"], root=repo) == 0
    out = capsys.readouterr().out
    previous = _git(repo, "rev-parse", "--short", "HEAD~1").strip()
    assert out.startswith("no v* tag found, comparing with HEAD~1\n")
    assert f"compat HEAD~1 ({previous}) -> working tree" in out
    assert "Spec changes (structural)\n  none" in out
    assert "Verdict: compatible; suggested bump: none" in out


def test_a_narrowed_second_operation_exits_1_naming_it_and_its_field(
    tmp_path: Path, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo_at(tmp_path, tree("operation added"))  # the release has `probe`, level 1..5
    _git(repo, "tag", "-a", "v0.1.0", "-m", "0.1.0")
    _replace(repo, tree("second operation's request narrowed"))  # level 1..4
    status = _git(repo, "status", "--porcelain")
    report = tmp_path / "compat.json"
    assert compat.main(["--examples", "3", "--json", str(report)], root=repo) == 1
    out = capsys.readouterr().out
    commit = _git(repo, "rev-parse", "--short", "HEAD").strip()
    assert f"compat v0.1.0 ({commit}) -> working tree" in out
    assert "breaks callers  probe request level: maximum 5 -> 4" in out
    assert "breaks callers: probe: request refused" in out
    assert "Verdict: BREAKING (breaks callers); suggested bump: major" in out
    assert f"A breaking change: exit 1 (to accept it and bump major: `{OVERRIDE}`)." in out
    written = json.loads(report.read_text("utf-8"))
    assert written["verdict"]["breaking"] is True
    assert written["changes"][0]["where"] == "probe request level"
    assert compat.main(["--examples", "3", "--allow-breaking"], root=repo) == 0
    assert _git(repo, "status", "--porcelain") == status  # compat wrote nothing there


def test_a_stale_generated_client_is_refused(
    tmp_path: Path, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo_at(tmp_path, tree("working"))
    shutil.copy2(tree("request maximum lowered") / "openapi" / "streaming.yaml", repo / "openapi")
    assert compat.main(["HEAD"], root=repo) == 2
    assert "run `nox -s generate`" in capsys.readouterr().out


def test_a_working_spec_that_does_not_parse_is_named_with_its_line(
    tmp_path: Path, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo_at(tmp_path, tree("working"))
    spec = repo / "openapi" / "streaming.yaml"
    spec.write_text(spec.read_text("utf-8") + "oops: [a?b\n", "utf-8")
    assert compat.main(["HEAD"], root=repo) == 2
    out = capsys.readouterr().out
    assert f"compat cannot read the working tree's spec: {spec}, line " in out
    assert "expected ',' or ']'" in out


def test_spec_picks_the_contract_by_its_file_and_finds_the_client_generated_from_it(
    tmp_path: Path, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo_at(tmp_path, tree("operation added"))
    _git(repo, "tag", "-a", "v0.1.0", "-m", "0.1.0")
    _replace(repo, tree("second operation's request narrowed"))
    spec = str(repo / "openapi" / "streaming.yaml")
    assert compat.main(["--spec", spec, "--examples", "3"], root=repo) == 1
    assert "breaks callers  probe request level: maximum 5 -> 4" in capsys.readouterr().out


def test_a_spec_outside_the_repository_and_an_unknown_api_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("openapi: 3.1.0\n", "utf-8")
    assert compat.main(["HEAD", "--spec", str(outside)]) == 2
    assert f"--spec {outside}: not a file of the repository" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        compat.main(["HEAD", "--api", "no-such-api"])
    assert exited.value.code == 2


def test_a_spec_no_generated_client_carries_is_generated_for_the_run_or_said_why_not(
    tmp_path: Path, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo_at(tmp_path, tree("working"))
    (repo / "openapi" / "other.yaml").write_text("openapi: 3.1.0\n", "utf-8")  # no info, no paths
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "another spec")
    assert compat.main(["HEAD", "--spec", str(repo / "openapi" / "other.yaml")], root=repo) == 2
    out = capsys.readouterr().out
    assert "carries openapi/other.yaml, and generating one failed: " in out
