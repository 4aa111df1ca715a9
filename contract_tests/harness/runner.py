"""Run one conformance unit and collect a masked, countable result: a unit of the schemathesis
engine, or live mode's capped run of the spec's documented request examples of the operations
that open nothing (`x-lifecycle` without `creates`), since each accepted session-opening request
may be billed. Live sessions are opened only by the lifecycle checks, within
`--live-max-sessions`, and every one is stopped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import schemathesis
from heygen_streaming.spec_model import Operation, SpecModel
from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from .caller import Caller
from .coverage import OperationCoverage, Shape
from .ledger import stop_sessions, unwrap
from .profiles import LIVE_CHECKS, Profile, api_key_header, build_config, narrowed
from .results import CheckCount, FailureReport, RunResult, mask_text
from .rules import Rules

# The result types live in results.py; re-exported here, where callers have always found them.
__all__ = [
    "CheckCount",
    "FailureReport",
    "RunResult",
    "Target",
    "request_examples",
    "run_live",
    "run_unit",
]


@dataclass(frozen=True, slots=True)
class Target:
    """Where the requests go: an in-process ASGI app, or a base URL over real HTTP."""

    app: Any = None
    base_url: str | None = None

    def __post_init__(self) -> None:
        if (self.app is None) == (self.base_url is None):
            raise ValueError("a Target is either an ASGI app or a base URL")


class _Operations:
    """Each operation's request shape, and the operations that open a session."""

    def __init__(self, model: SpecModel) -> None:
        self.model, self.rules = model, Rules.of(model)
        self.shapes = {op.operation_id: Shape.of(model, op) for op in model.operations}
        self.creating = {op.operation_id for op in self.rules.with_rule("creates")}

    def identify(self, case: Any) -> str:
        op = self.model.route(str(case.operation.method), str(case.operation.path))
        # None: an undeclared method (unsupported_method's probe) or path
        return op.operation_id if op else f"{case.operation.method} {case.operation.path}"

    def opened(self, op_id: str, response: Any) -> str | None:
        """The id of the session a successful answer of a creating operation opened."""
        if op_id not in self.creating or not 200 <= response.status_code < 300:
            return None
        try:
            data = unwrap(self.rules, op_id, json.loads(response.content))
        except (ValueError, TypeError):
            return None
        found = data.get(self.rules.session_field) if isinstance(data, dict) else None
        return found if isinstance(found, str) else None


def _record(result: RunResult, recorder: Any, secrets: tuple[str, ...], ops: _Operations) -> None:
    result.cases += len(recorder.cases)
    case_ops: dict[str, str] = {}
    for case_id, node in recorder.cases.items():
        op_id = case_ops[case_id] = ops.identify(node.value)
        cov = result.coverage.setdefault(op_id, OperationCoverage())
        cov.add_request(ops.shapes.get(op_id, Shape()), node.value.body)
        if node.transition is not None and node.is_transition_applied:
            cov.links[str(node.transition.id)] += 1
        interaction = recorder.interactions.get(case_id)
        response = getattr(interaction, "response", None)
        if response is not None:
            cov.statuses[int(response.status_code)] += 1
            found = ops.opened(op_id, response)
            if found:
                result.opened.append(found)
            warned = (response.headers or {}).get("x-mock-warnings")
            if warned:
                result.mock_warnings.add(str(warned[0] if isinstance(warned, list) else warned))
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            count = result.checks.setdefault(node.name, CheckCount())
            count.ran += 1
            if node.status.name == "SUCCESS":
                continue
            count.failed += 1
            info = node.failure_info
            failure = getattr(info, "failure", None)
            result.failures.append(
                FailureReport(
                    check=node.name,
                    title=mask_text(str(getattr(failure, "title", node.status.name)), secrets),
                    message=mask_text(str(getattr(failure, "message", "")), secrets),
                    curl=mask_text(str(getattr(info, "code_sample", "")), secrets),
                    operation=case_ops.get(case_id, ""),
                )
            )


def run_unit(
    spec: Mapping[str, Any] | SpecModel,
    target: Target,
    profile: Profile,
    *,
    seed: int,
    api_key: str,
) -> RunResult:
    """Run one unit of the suite against `target` and return what every check found."""
    model = spec if isinstance(spec, SpecModel) else SpecModel(spec)
    config = build_config(profile, model, seed=seed, api_key=api_key, base_url=target.base_url)
    document = narrowed(model, profile.operations) if profile.operations else model.document
    schema = schemathesis.openapi.from_dict(document, config=config)
    if target.app is not None:
        schema.app = target.app
    secrets = (api_key,)
    result = RunResult(label=profile.label)
    ops = _Operations(model)
    started = time.perf_counter()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(result, event.recorder, secrets, ops)
        elif isinstance(event, events.NonFatalError):
            result.errors.append(mask_text(f"{event.label}: {event.value!r}", secrets))
        elif isinstance(event, events.FatalError):
            result.errors.append(mask_text(repr(event.exception), secrets))
    result.elapsed = time.perf_counter() - started
    if result.opened:
        _stop_opened(model, target, api_key, result)
    return result


def _stop_opened(model: SpecModel, target: Target, api_key: str, result: RunResult) -> None:
    """Stop every session the unit's generated requests opened: the suite leaves none open.

    Without this a served mock (or a real server) keeps them until its idle timeout, and the
    next unit meets the concurrency limit instead of the behaviour it came to test.
    """
    from .transports import sync_transport_for

    transport = sync_transport_for(target.app) if target.app is not None else None
    caller = Caller(model, base_url=target.base_url, transport=transport, secrets=(api_key,))
    try:
        failed = stop_sessions(
            caller, Rules.of(model), caller.account("suite", api_key), result.opened
        )
    finally:
        caller.close()
    if failed:
        result.errors.append(
            f"{len(failed)} generated session(s) could not be stopped: {failed[:3]}"
        )


def request_examples(model: SpecModel) -> list[tuple[Operation, str, Any]]:
    """(operation, example name, body) of every operation that opens nothing, in spec order."""
    found: list[tuple[Operation, str, Any]] = []
    for op in model.operations:
        if op.lifecycle.get("creates"):
            continue
        examples = op.request_examples
        if not examples and (op.request_schema is None or not op.request_required):
            examples = {"no body": None}
        found += [(op, name, body) for name, body in examples.items()]
    return found


def run_live(
    spec: Mapping[str, Any] | SpecModel,
    base_url: str,
    *,
    api_key: str,
    max_cases: int,
) -> RunResult:
    """Send at most `max_cases` documented examples to `base_url` and run the positive checks.

    No generated data, no negative cases, no probes, no checks that send requests of their own:
    the request count is exactly the number of examples sent, never more than `max_cases`.
    """
    model = spec if isinstance(spec, SpecModel) else SpecModel(spec)
    config = SchemathesisConfig.from_dict({"base-url": base_url, "request-timeout": 30})
    schema = schemathesis.openapi.from_dict(model.document, config=config)
    checks = [(name, REGISTRY.get_one(name)) for name in LIVE_CHECKS]
    headers = {api_key_header(model): api_key}
    secrets = (api_key,)
    result = RunResult(label="live-examples")
    started = time.perf_counter()
    for op, name, body in request_examples(model)[: max(0, max_cases)]:
        operation = schema[op.path][op.method]
        case = (
            operation.Case(body=body, media_type="application/json")
            if body is not None
            else operation.Case()
        )
        response = case.call(headers=headers)
        result.cases += 1
        curl = mask_text(case.as_curl_command(headers=headers), secrets)
        for check_name, check in checks:
            count = result.checks.setdefault(check_name, CheckCount())
            count.ran += 1
            try:
                case.validate_response(response, checks=[check])  # type: ignore[list-item]
            except AssertionError as exc:  # schemathesis' Failure and FailureGroup
                count.failed += 1
                text = mask_text(str(exc), secrets)
                result.failures.append(
                    FailureReport(check_name, f"example {name!r}", text, curl, op.operation_id)
                )
    result.elapsed = time.perf_counter() - started
    return result
