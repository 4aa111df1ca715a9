"""The capped, positive-only run for a live server: no request here can open a session.

Each accepted session-opening request may be billed, so this sends only the spec's documented
request examples of operations that open nothing (`x-lifecycle` without `creates`): the token
and list operations, and session operations naming the example's session id, which is not one
of this account's. Sessions are opened only by the lifecycle checks, within
`--live-max-sessions`, and every one is stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import schemathesis
from heygen_streaming.spec_model import Operation, SpecModel
from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.config import SchemathesisConfig

from .masking import mask_text
from .profiles import LIVE_CHECKS
from .runner import CheckCount, FailureReport, RunResult

__all__ = ["request_examples", "run_live"]


def request_examples(model: SpecModel) -> list[tuple[Operation, str, Any]]:
    """(operation, example name, body) of every operation that opens nothing, in spec order."""
    found: list[tuple[Operation, str, Any]] = []
    for op in model.operations:
        if op.lifecycle.get("creates"):
            continue
        examples = op.request_examples or ({"no body": None} if op.request_schema is None else {})
        if not examples and not op.request_required:
            examples = {"no body": None}
        found += [(op, name, body) for name, body in examples.items()]
    return found


def run_live(
    spec: Mapping[str, Any] | SpecModel,
    base_url: str,
    *,
    api_key: str,
    max_cases: int,
    progress: Callable[[str], None] | None = None,
) -> RunResult:
    """Send at most `max_cases` documented examples to `base_url` and run the positive checks.

    No generated data, no negative cases, no probes, no checks that send requests of their own:
    the request count is exactly the number of examples sent, never more than `max_cases`.
    """
    model = spec if isinstance(spec, SpecModel) else SpecModel(spec)
    config = SchemathesisConfig.from_dict({"base-url": base_url, "request-timeout": 30})
    schema = schemathesis.openapi.from_dict(model.document, config=config)
    checks = [(name, REGISTRY.get_one(name)) for name in LIVE_CHECKS]
    scheme = next((s for s in model.security_schemes.values() if s.type == "apiKey"), None)
    headers = {scheme.header if scheme else "X-Api-Key": api_key}
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
        if progress is not None:
            progress(f"live: {op.operation_id} example {name!r} -> {response.status_code}")
    result.elapsed = time.perf_counter() - started
    return result
