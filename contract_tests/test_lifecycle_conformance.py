"""Lifecycle conformance: the registered lifecycle checks against the mock or --base-url.

Each check judges a sequence of calls (wrong-state calls, a stopped session, the idle timer,
other accounts, the concurrency limit, session tokens), reading the rules from the spec's
`x-lifecycle` / `x-session-lifecycle`. Every session a check opens is stopped before it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel

from contract_tests.harness.coverage import OperationCoverage
from contract_tests.harness.lifecycle_suite import CHECKS, LifecycleTarget
from contract_tests.harness.options import Options
from contract_tests.harness.rules import Rules
from contract_tests.harness.runner import CheckCount, RunResult


def test_lifecycle_check_holds(
    lifecycle_check: str,
    lifecycle_targets: Callable[[], LifecycleTarget],
    record_run: Callable[[RunResult, str], None],
) -> None:
    lifecycle_target = lifecycle_targets()
    before = len(lifecycle_target.context.caller.exchanges)
    outcome = lifecycle_target.run(lifecycle_check)
    exchanges = lifecycle_target.context.caller.exchanges[before:]
    result = RunResult(label=f"lifecycle-{lifecycle_check}", cases=len(exchanges))
    result.checks[lifecycle_check] = CheckCount(ran=1, failed=int(bool(outcome.findings)))
    result.failures = list(outcome.findings)
    result.mock_warnings = {e.warnings for e in exchanges if e.warnings}
    result.notes = [f"{lifecycle_check}: {note}" for note in outcome.notes]
    for exchange in exchanges:  # the statuses the checks met count as coverage too
        cov = result.coverage.setdefault(exchange.operation, OperationCoverage())
        cov.cases += 1
        cov.statuses[exchange.status] += 1
    record_run(result, "lifecycle")
    if outcome.error:
        pytest.fail(f"{lifecycle_check}: the target failed mid-check: {outcome.error}", False)
    if outcome.findings:
        pytest.fail(result.brief(), pytrace=False)
    if outcome.skipped:
        pytest.skip(f"{lifecycle_check}: {outcome.skipped}")


def test_every_lifecycle_check_says_what_it_proves() -> None:
    assert set(LifecycleTarget.names()) == set(CHECKS)
    for check in CHECKS.values():
        assert check.proves, check.name
        assert not check.proves.startswith(check.name), check.name


@pytest.mark.mock_only
def test_idle_checks_are_skipped_saying_why_on_a_server_without_a_clock_or_real_wait(
    spec_model: SpecModel, contract_options: Options
) -> None:
    from heygen_streaming_mock import create_app

    mock = create_app(api_keys=[contract_options.api_key], seed=1)

    async def no_test_controls(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/__mock__/"):
            head = {"type": "http.response.start", "status": 404, "headers": []}
            await send(head)
            await send({"type": "http.response.body", "body": b""})
            return
        await mock(scope, receive, send)

    target = LifecycleTarget.build(
        spec_model, api_key=contract_options.api_key, app=no_test_controls, real_wait=0.0
    )
    try:
        for name in ("idle_session_expires", "activity_keeps_session_alive"):
            outcome = target.run(name)
            assert outcome.skipped is not None
            assert "--lifecycle-real-wait" in outcome.skipped
            assert outcome.sessions == []  # skipped before opening anything
    finally:
        target.close()


LIVEAVATAR = Path(__file__).resolve().parent.parent / "openapi" / "liveavatar.yaml"


@pytest.mark.mock_only
def test_a_check_sends_the_session_token_where_the_operation_takes_it_and_the_key_elsewhere(
    contract_options: Options,
) -> None:
    """LiveAvatar's start takes only the session's own token (minted with the session): the
    checks send it there, name the session in the path where `session-from` says path, and send
    the key everywhere else."""
    from heygen_streaming_mock import create_app

    model = SpecModel.load(LIVEAVATAR)
    key, rules = contract_options.api_key, Rules.of(model)
    app = create_app(api_keys=[key], seed=1, spec=model)
    target = LifecycleTarget.build(model, api_key=key, app=app)
    try:
        outcomes = [
            target.run(name)
            for name in ("wrong_state_refused", "closed_session_refuses_everything")
        ]
    finally:
        target.close()
    assert [(o.findings, o.skipped, o.error) for o in outcomes] == [([], None, None)] * 2
    sent = {(e.operation, "Authorization: " in e.curl) for e in target.context.caller.exchanges}
    by_token = {op.operation_id for op in model.operations if rules.token_scheme(op)}
    session_ops = {op.operation_id for op in rules.session_operations}
    assert {op for op, bearer in sent if op in session_ops} >= by_token | {"get_session"}
    assert all(bearer == (op in by_token) for op, bearer in sent)
    paths = [e.curl for e in target.context.caller.exchanges if e.operation == "get_session"]
    assert paths
    assert all("{" not in curl for curl in paths)  # the path names the session
