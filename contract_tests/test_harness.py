"""The harness itself: options, the loopback guard, live mode's cap, reports and key masking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.harness.masking import mask_text
from contract_tests.harness.serve import served

pytestmark = pytest.mark.mock_only

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-contract-DO-NOT-LEAK-5f3a9c"


def run_suite(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "contract_tests", "-p", "no:xdist", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


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


def test_base_url_runs_the_server_suite_against_a_running_server_and_enforces_min_cases(
    tmp_path: Path,
) -> None:
    from heygen_streaming_mock import create_app

    app = create_app(strict=True, api_keys=[SECRET], seed=3)
    with served(app) as url:
        done = run_suite(
            *("--base-url", url, "--api-key", SECRET, "--fuzz-cases", "40", "--fuzz-chunks", "2"),
            *("--min-cases", "100000", "--reports-dir", str(tmp_path)),
        )
    # Every unit passes; the run still fails, because it generated fewer than --min-cases.
    assert "4 passed" in done.stdout, done.stdout[-3000:]  # the mock-only tests are deselected
    assert done.returncode == pytest.ExitCode.TESTS_FAILED
    assert "fewer than --min-cases=100000" in done.stdout
    assert len(app.journal.entries()) > 100
    assert SECRET not in done.stdout + done.stderr


def test_live_mode_sends_only_the_capped_documented_examples(tmp_path: Path) -> None:
    from heygen_streaming_mock import create_app

    app = create_app(strict=True, api_keys=[SECRET], seed=3)
    with served(app) as url:
        done = run_suite(
            *("--base-url", url, "--api-key", SECRET, "--live", "--live-max-cases", "2"),
            *("--reports-dir", str(tmp_path)),
        )
    assert done.returncode == 0, done.stdout[-3000:]
    entries = app.journal.entries()
    assert [e.status for e in entries] == [200, 200]
    assert SECRET not in done.stdout + done.stderr


def test_a_failing_run_prints_masked_curl_and_writes_reports_without_the_key(
    tmp_path: Path,
) -> None:
    done = run_suite(
        *("-k", "server_conforms and (examples or coverage)"),
        *("--mock-factory", "contract_tests.harness.targets:broken_is_paid_mock"),
        *("--api-key", SECRET, "--reports-dir", str(tmp_path)),
    )
    assert done.returncode == pytest.ExitCode.TESTS_FAILED
    assert "curl -X POST" in done.stdout
    assert "X-Api-Key: ***" in done.stdout or "X-Api-Key: [Filtered]" in done.stdout
    junit = (tmp_path / "contract-junit.xml").read_text()
    summary = (tmp_path / "contract-summary.md").read_text()
    assert "response_schema_conformance" in summary
    assert "| response_schema_conformance |" in summary
    for text in (done.stdout, done.stderr, junit, summary):
        assert SECRET not in text
