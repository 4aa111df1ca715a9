"""The capped, positive-only run for a live server: each accepted request may be billed."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import schemathesis
from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.config import SchemathesisConfig

from .masking import mask_text
from .profiles import LIVE_CHECKS
from .runner import CheckCount, FailureReport, RunResult

__all__ = ["request_examples", "run_live"]

PATH, METHOD = "/v1/streaming.new", "POST"


def request_examples(spec: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The spec's named request-body examples, in the spec's order: the only bodies sent live."""
    content = spec["paths"][PATH][METHOD.lower()]["requestBody"]["content"]["application/json"]
    return [(name, ex["value"]) for name, ex in (content.get("examples") or {}).items()]


def run_live(
    spec: Mapping[str, Any],
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
    config = SchemathesisConfig.from_dict({"base-url": base_url, "request-timeout": 30})
    schema = schemathesis.openapi.from_dict(dict(spec), config=config)
    operation = schema[PATH][METHOD]
    checks = [(name, REGISTRY.get_one(name)) for name in LIVE_CHECKS]
    secrets = (api_key,)
    result = RunResult(label="live-examples")
    started = time.perf_counter()
    for name, body in request_examples(spec)[: max(0, max_cases)]:
        case = operation.Case(body=body, media_type="application/json")
        response = case.call(headers={"X-Api-Key": api_key})
        result.cases += 1
        curl = mask_text(case.as_curl_command(headers={"X-Api-Key": api_key}), secrets)
        for check_name, check in checks:
            count = result.checks.setdefault(check_name, CheckCount())
            count.ran += 1
            try:
                case.validate_response(response, checks=[check])  # type: ignore[list-item]
            except AssertionError as exc:  # schemathesis' Failure and FailureGroup
                count.failed += 1
                text = mask_text(str(exc), secrets)
                result.failures.append(FailureReport(check_name, f"example {name!r}", text, curl))
        if progress is not None:
            progress(f"live: example {name!r} -> {response.status_code}")
    result.elapsed = time.perf_counter() - started
    return result
