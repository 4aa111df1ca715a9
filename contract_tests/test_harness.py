"""The harness itself: options, the loopback guard, live mode's caps and clean-up, reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract_tests.harness.results import mask_text
from contract_tests.harness.transports import served

pytestmark = pytest.mark.mock_only

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-contract-DO-NOT-LEAK-5f3a9c"

# A test-only plugin: one more lifecycle check, run second, that opens a session and then
# crashes (or is interrupted, as by Ctrl-C) before it can stop it.
FAULT_PLUGIN = '''
import os
from contract_tests.harness import lifecycle_suite
from contract_tests.harness.lifecycle import lifecycle_check

@lifecycle_check("fault_injected", sessions=1)
def fault_injected(ctx):
    """A deliberate fault mid-run: opens a session, then dies before stopping it."""
    ctx.open()
    if os.environ["CONTRACT_FAULT"] == "interrupt":
        raise KeyboardInterrupt
    raise RuntimeError("injected fault")

first, *rest = lifecycle_suite.PRIORITY
lifecycle_suite.PRIORITY = (first, "fault_injected", *rest)
'''


def run_suite(
    *args: str, env: dict[str, str] | None = None, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "contract_tests", "-p", "no:xdist", *args]
    environ = {**os.environ, **(env or {})}
    if path is not None:
        environ["PYTHONPATH"] = os.pathsep.join([str(path), environ.get("PYTHONPATH", "")])
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, env=environ
    )


def mock_sessions(url: str) -> list[dict[str, object]]:
    return list(httpx.get(f"{url}/__mock__/sessions").json()["sessions"])


@pytest.fixture
def mock_url() -> Iterator[str]:
    """The mock, with the secret as its only key, served on loopback for one test."""
    from heygen_streaming_mock import create_app

    with served(create_app(api_keys=[SECRET], seed=3)) as url:
        yield url


def test_mask_text_hides_key_headers_session_tokens_and_given_secrets() -> None:
    text = (
        f"curl -H 'X-Api-Key: {SECRET}' -d '{{\"quality\": \"low\"}}' "
        f'{{"access_token": "eyJ.abc", "livekit_agent_token":"t2", "url": "wss://x"}} {SECRET}'
    )
    masked = mask_text(text, [SECRET])
    assert SECRET not in masked
    assert "eyJ.abc" not in masked
    assert '"t2"' not in masked
    assert "X-Api-Key: ***" in masked
    assert "wss://x" in masked


def test_non_loopback_base_url_is_refused_without_live() -> None:
    done = run_suite("--base-url", "https://api.heygen.com", "--collect-only", "-q")
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    assert "not a loopback address" in done.stderr
    assert "--live" in done.stderr


def test_an_unknown_operation_is_a_usage_error_naming_the_known_ones() -> None:
    done = run_suite("--operation", "no_such_op", "--collect-only", "-q")
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    assert "no_such_op" in done.stderr
    assert "new_session" in done.stderr


def test_base_url_runs_the_server_suite_against_a_running_server_and_enforces_min_cases(
    tmp_path: Path, mock_url: str
) -> None:
    done = run_suite(
        *("--base-url", mock_url, "--api-key", SECRET, "--fuzz-cases", "4", "--stateful", "4"),
        *("--operation", "new_session", "--operation", "keep_alive"),
        *("--min-cases", "100000", "--reports-dir", str(tmp_path), "-rs"),
    )
    left_open = [s for s in mock_sessions(mock_url) if s["closed_at"] is None]
    # Every unit passes; the run still fails, because it generated fewer than --min-cases.
    assert " failed" not in done.stdout.splitlines()[-1], done.stdout[-3000:]
    assert done.returncode == pytest.ExitCode.TESTS_FAILED
    assert "fewer than --min-cases=18182 (scaled to the operations" in done.stdout  # 2 of 11
    # Without a second key the cross-account check is skipped, and says why.
    assert "no second API key" in done.stdout
    assert left_open == []  # the suite stops the sessions its generated requests opened
    assert SECRET not in done.stdout + done.stderr


def test_live_mode_opens_at_most_the_session_budget_and_stops_each(
    tmp_path: Path, mock_url: str
) -> None:
    done = run_suite(
        *("--base-url", mock_url, "--api-key", SECRET, "--live", "--live-max-cases", "2"),
        *("--reports-dir", str(tmp_path), "-rs"),
    )
    sessions = mock_sessions(mock_url)
    assert done.returncode == 0, done.stdout[-3000:]
    assert len(sessions) == 1  # --live-max-sessions defaults to 1
    assert all(s["closed_at"] is not None for s in sessions)
    assert str(sessions[0]["id"]) in done.stdout  # the report lists it, and how it closed
    assert "1 session(s) opened, 0 left open" in done.stdout
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.parametrize("fault", ["error", "interrupt"])
def test_live_mode_stops_every_session_it_opened_even_after_a_mid_run_fault(
    fault: str, tmp_path: Path, mock_url: str
) -> None:
    (tmp_path / "fault_plugin.py").write_text(FAULT_PLUGIN)
    done = run_suite(
        *("--base-url", mock_url, "--api-key", SECRET, "--live", "--live-max-sessions", "3"),
        *("-p", "fault_plugin", "--reports-dir", str(tmp_path), "-k", "lifecycle"),
        env={"CONTRACT_FAULT": fault},
        path=tmp_path,
    )
    sessions = mock_sessions(mock_url)
    out = done.stdout
    if fault == "interrupt":
        assert done.returncode == pytest.ExitCode.INTERRUPTED, out[-3000:]
        assert len(sessions) == 2  # the run stopped at the fault: one check, then the fault
    else:
        assert done.returncode == pytest.ExitCode.TESTS_FAILED, out[-3000:]
        assert len(sessions) == 3  # the run went on after the fault, up to the budget
        assert "RuntimeError: injected fault" in out
    assert [s for s in sessions if s["closed_at"] is None] == []
    for s in sessions:
        assert str(s["id"]) in out
    assert re.search(r"fault_injected: stopped at clean-up after an error or interrupt", out)
    assert f"{len(sessions)} session(s) opened, 0 left open" in out
    summary = json.loads((tmp_path / "contract-summary.json").read_text())
    assert {s["session_id"] for s in summary["sessions"]} == {str(s["id"]) for s in sessions}


def test_a_failing_run_narrowed_by_operation_prints_one_block_per_finding_masked(
    tmp_path: Path,
) -> None:
    done = run_suite(
        *("-k", "server_conforms and (examples or coverage)", "--operation", "new_session"),
        *("--mock-factory", "variant:field_of_wrong_type"),
        *("--api-key", SECRET, "--reports-dir", str(tmp_path)),
    )
    out = done.stdout
    assert done.returncode == pytest.ExitCode.TESTS_FAILED
    assert "curl -X POST" in out
    assert "X-Api-Key: ***" in out or "X-Api-Key: [Filtered]" in out
    # One collapsed block per distinct finding, with a count; no test source, no reprs.
    assert re.search(r"\[response_schema_conformance\] new_session: .*\(x\d+\)", out)
    assert "def test_server_conforms_to_the_spec" not in out
    assert "Options(" not in out
    assert "Profile(" not in out
    junit = (tmp_path / "contract-junit.xml").read_text()
    summary = (tmp_path / "contract-summary.md").read_text()
    assert "| response_schema_conformance |" in summary
    assert "## Spec coverage per operation" in summary
    # --operation narrowed every unit to that one operation.
    coverage = json.loads((tmp_path / "contract-summary.json").read_text())["coverage"]
    assert set(coverage) == {"new_session"}
    for text in (out, done.stderr, junit, summary):
        assert SECRET not in text


def test_base_url_without_a_key_is_a_one_line_usage_error_naming_the_apis_variable() -> None:
    from heygen_streaming.spec import load_spec

    prefix = (load_spec().get("x-api") or {}).get("env-prefix")  # HEYGEN for the Streaming API
    variable = f"{prefix}_API_KEY"
    done = run_suite("--base-url", "http://127.0.0.1:9", "-q", env={variable: ""})
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    assert done.stderr.strip().splitlines() == [
        "ERROR: --base-url http://127.0.0.1:9 needs the server's API key: give --api-key KEY"
        + (f" (or set {variable})" if prefix else "")
    ]


def test_a_refused_key_is_said_in_one_line_before_anything_runs(mock_url: str) -> None:
    done = run_suite("--base-url", mock_url, "--api-key", "not-the-key", "-q")
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    assert len(done.stderr.strip().splitlines()) == 1
    assert "refused the API key (401" in done.stderr
    assert "passed" not in done.stdout
    assert "failed" not in done.stdout


def test_a_strict_server_gets_a_one_line_hint(tmp_path: Path) -> None:
    from heygen_streaming_mock import create_app

    with served(create_app(api_keys=[SECRET], seed=3, profile="strict")) as url:
        done = run_suite(
            *("--base-url", url, "--api-key", SECRET, "--collect-only"),
            *("--reports-dir", str(tmp_path)),
        )
    assert "hint: the server refuses properties the spec allows" in done.stdout
