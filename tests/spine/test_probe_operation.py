"""Issue 8's Done test: an operation added to a copy of the spec works end to end, no code edited.

A copy of the working spec gains `POST /v1/streaming.probe` (operationId `probe`: a required
string `name`, an integer `level` 1..5, a documented 200 and 400; TOOLS' mutation "operation
added", so compat's tests and this one add the very same operation). The copy lives in a
temporary repository and is generated there with the project's generator and templates
(`heygen_streaming_tools.generation`). Nothing outside `openapi/` and `generated/` is edited or
copied for the client: the client layer (overrides/), the mock and the contract harness
(contract_tests/) are the working tree's own. The generated package is imported in a subprocess
whose PYTHONPATH puts the temporary generated/ first: two versions of one package cannot share a
process.

The companion test, "a copy without streaming.new is breaking", is TOOLS' (not duplicated here):
tests/compat/test_specdiff.py::test_a_copy_without_streaming_new_breaks_callers (the structural
diff) and tests/compat/test_round_trip.py::test_a_copy_without_streaming_new_is_breaking_shown_by_
the_old_clients_calls (the round trip); `test_the_companion_removal_tests_exist` pins them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from heygen_streaming.spec_model import SpecModel
from heygen_streaming_tools import generation
from heygen_streaming_tools.roundtrip import tree_spec

from tests.compat.support.mutations import MUTATIONS, mutated

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("probe_driver.py")
BIN = Path(sys.executable).parent
ADDED = next(m for m in MUTATIONS if m.name == "operation added")

Spec = dict[str, Any]


def _git(repo: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
    return subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=True).stdout


def _write_and_generate(repo: Path, spec: Spec) -> None:
    """What a user does: edit openapi/streaming.yaml, then `nox -s generate`."""
    path = repo / "openapi" / "streaming.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), "utf-8")
    assert generation.main([], spec=path, generated=repo / "generated") == 0


@pytest.fixture(scope="module")
def probe_spec() -> Spec:
    _, with_probe, _ = mutated(tree_spec(ROOT), ADDED)
    return with_probe


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, probe_spec: Spec) -> Path:
    """A repository whose release v0.1.0 is the working tree plus `probe` (generated)."""
    repo = tmp_path_factory.mktemp("probe") / "repo"
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("overrides", "contract_tests"):  # for compat's sides; the client uses ROOT's
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", repo)
    (repo / "openapi").mkdir()
    _write_and_generate(repo, probe_spec)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "release with probe")
    _git(repo, "tag", "-a", "v0.1.0", "-m", "0.1.0")
    return repo


def _env(repo: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYGEN_")}
    folders = (repo / "generated", ROOT / "overrides", ROOT / "contract_tests")
    env["PYTHONPATH"] = os.pathsep.join(str(f) for f in folders)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture(scope="module")
def observed(repo: Path) -> dict[str, Any]:
    """What the driver saw: client calls, the mock's answers, the contract suite's run."""
    spec = repo / "openapi" / "streaming.yaml"
    proc = subprocess.run(
        [sys.executable, str(DRIVER), str(spec)],
        env=_env(repo),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def _step(observed: dict[str, Any], name: str) -> dict[str, Any]:
    step: dict[str, Any] = observed[name]
    assert "crashed" not in step, step["crashed"]
    return step


def test_the_generated_package_has_the_new_operation_and_the_working_tree_is_untouched(
    repo: Path,
) -> None:
    generated = SpecModel(tree_spec(repo))
    assert generated.operation("probe").path == "/v1/streaming.probe"
    api = repo / "generated" / "heygen_streaming_api" / "api"
    assert [p.name for p in api.rglob("probe.py")] == ["probe.py"]
    assert "probe" not in {op.operation_id for op in SpecModel(tree_spec(ROOT)).operations}


def test_both_clients_call_probe_through_the_mock_served_from_that_spec(
    observed: dict[str, Any],
) -> None:
    client = _step(observed, "client")
    assert client["sync"] == {"type": "ProbeResponse200", "value": {"ok": True}}
    assert client["async"] == {"type": "ProbeResponse200", "value": {"ok": True}}
    probes = [e for e in client["journal"] if e["path"] == "/v1/streaming.probe"]
    assert [(e["status"], e["body"]) for e in probes] == [
        (200, {"name": "sync", "level": 3}),
        (200, {"name": "async", "level": 5}),
    ]


def test_an_out_of_range_level_is_refused_before_sending_naming_the_field(
    observed: dict[str, Any],
) -> None:
    client = _step(observed, "client")
    assert client["refused"]["type"] == "ValidationError"
    message = "invalid request: level: 6 is greater than the maximum of 5"
    assert client["refused"]["message"] == message
    assert client["sent_after_refusal"] == 0


def test_the_cli_has_a_probe_subcommand_listing_its_fields(repo: Path) -> None:
    proc = subprocess.run(
        [str(BIN / "heygen-streaming"), "probe", "--help"],
        env=_env(repo),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: heygen-streaming probe")
    assert "--name TEXT" in proc.stdout
    assert "--level INT" in proc.stdout
    assert "[range 1..5]" in proc.stdout


def test_the_mock_answers_a_bad_probe_body_with_400_naming_the_field(
    observed: dict[str, Any],
) -> None:
    mock = _step(observed, "mock")
    assert mock["level_too_high"]["status"] == 400
    assert "level" in mock["level_too_high"]["body"]["message"]
    assert mock["no_name"]["status"] == 400
    assert "name" in mock["no_name"]["body"]["message"]


def test_the_contract_suite_runs_the_probe_operation(observed: dict[str, Any]) -> None:
    suite = _step(observed, "suite")
    for phase in ("examples", "coverage"):
        assert suite[phase]["probe_cases"] > 0, phase
        assert 200 in suite[phase]["probe_statuses"], phase
    assert 400 in suite["coverage"]["probe_statuses"]


def test_the_contract_suite_narrowed_to_probe_sends_only_probe_and_its_examples_pass(
    observed: dict[str, Any],
) -> None:
    suite = _step(observed, "suite")
    for phase in ("examples", "coverage"):
        assert set(suite[phase]["paths"]) == {"/v1/streaming.probe"}, phase
        assert suite[phase]["errors"] == [], phase
    assert suite["examples"]["failures"] == []


def test_the_contract_suites_coverage_phase_finds_nothing_wrong_with_probe(
    observed: dict[str, Any],
) -> None:
    assert _step(observed, "suite")["coverage"]["failures"] == []


def test_lowering_probes_maximum_makes_compat_exit_1_naming_the_operation_and_field(
    repo: Path, probe_spec: Spec, tmp_path: Path
) -> None:
    work = tmp_path / "work"  # a clone: the release repository stays as the other tests read it
    _git(tmp_path, "clone", "-q", str(repo), str(work))
    narrowed = SpecModel(probe_spec)  # a copy of the document
    schema = narrowed.resolve(narrowed.operation("probe").request_schema)
    schema["properties"]["level"]["maximum"] = 4
    _write_and_generate(work, narrowed.document)
    # In a subprocess, as `nox -s compat` runs it (and compat's imports stay out of pytest's).
    code = "import sys; from pathlib import Path; from heygen_streaming_tools.compat import main; "
    code += "sys.exit(main(['v0.1.0', '--examples', '3'], root=Path(sys.argv[1])))"
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "tools"), str(ROOT / "overrides")])
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(work)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "probe request level: maximum 5 -> 4" in proc.stdout
    assert "Verdict: BREAKING (breaks callers)" in proc.stdout


def test_the_companion_removal_tests_exist() -> None:
    specdiff = (ROOT / "tests" / "compat" / "test_specdiff.py").read_text("utf-8")
    round_trip = (ROOT / "tests" / "compat" / "test_round_trip.py").read_text("utf-8")
    assert "def test_a_copy_without_streaming_new_breaks_callers(" in specdiff
    assert "def test_a_copy_without_streaming_new_is_breaking_shown_by_the_old_clients_calls(" in (
        round_trip
    )
