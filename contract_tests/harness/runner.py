"""Run one conformance unit with the schemathesis engine and collect a masked, countable result."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.engine import events, from_schema

from .masking import mask_text
from .profiles import Profile, build_config

__all__ = ["CheckCount", "FailureReport", "RunResult", "Target", "run_unit"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where the requests go: an in-process ASGI app, or a base URL over real HTTP."""

    app: Any = None
    base_url: str | None = None

    def __post_init__(self) -> None:
        if (self.app is None) == (self.base_url is None):
            raise ValueError("a Target is either an ASGI app or a base URL")

    @property
    def label(self) -> str:
        return self.base_url or "in-process ASGI app"


@dataclass(slots=True)
class CheckCount:
    """How many cases one check judged, and how many it failed."""

    ran: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class FailureReport:
    """One check failure, secrets masked, with a curl command that reproduces it."""

    check: str
    title: str
    message: str
    curl: str

    def render(self) -> str:
        return f"[{self.check}] {self.title}\n{self.message}\nReproduce with:\n  {self.curl}"


@dataclass(slots=True)
class RunResult:
    """The outcome of one unit: cases sent, per-check counts, failures and engine errors."""

    label: str
    cases: int = 0
    elapsed: float = 0.0
    checks: dict[str, CheckCount] = field(default_factory=dict)
    failures: list[FailureReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

    @property
    def failed_checks(self) -> set[str]:
        return {f.check for f in self.failures}

    def explain(self, limit: int = 5) -> str:
        """A readable account of what went wrong: the first failures of each check, then errors."""
        lines = [f"{self.label}: {self.cases} cases, {len(self.failures)} failures"]
        shown: dict[str, int] = {}
        for failure in self.failures:
            if shown.get(failure.check, 0) < limit:
                shown[failure.check] = shown.get(failure.check, 0) + 1
                lines.append(failure.render())
        lines.extend(f"engine error: {e}" for e in self.errors[:limit])
        return "\n\n".join(lines)

    def to_properties(self, group: str) -> dict[str, Any]:
        """A JSON-able summary, carried from xdist workers to the report writer."""
        first: dict[str, FailureReport] = {}
        for failure in self.failures:
            first.setdefault(failure.check, failure)
        return {
            "label": self.label,
            "group": group,
            "samples": [
                f"{self.label}: [{f.check}] {f.title} -- `{f.curl}`" for f in first.values()
            ],
            "cases": self.cases,
            "elapsed": round(self.elapsed, 3),
            "checks": {k: [v.ran, v.failed] for k, v in sorted(self.checks.items())},
            "failures": len(self.failures),
            "errors": len(self.errors),
        }


def _record(result: RunResult, recorder: Any, secrets: tuple[str, ...]) -> None:
    result.cases += len(recorder.cases)
    for nodes in recorder.checks.values():
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
                )
            )


def run_unit(
    spec: Mapping[str, Any],
    target: Target,
    profile: Profile,
    *,
    seed: int,
    api_key: str,
    progress: Callable[[str], None] | None = None,
) -> RunResult:
    """Run one unit of the suite against `target` and return what every check found."""
    config = build_config(profile, seed=seed, api_key=api_key, base_url=target.base_url)
    schema = schemathesis.openapi.from_dict(dict(spec), config=config)
    if target.app is not None:
        schema.app = target.app
    secrets = (api_key,)
    result = RunResult(label=profile.label)
    started = time.perf_counter()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(result, event.recorder, secrets)
            if progress is not None:
                progress(f"{profile.label}: {result.cases} cases, {len(result.failures)} failures")
        elif isinstance(event, events.NonFatalError):
            result.errors.append(mask_text(f"{event.label}: {event.value!r}", secrets))
        elif isinstance(event, events.FatalError):
            result.errors.append(mask_text(repr(event.exception), secrets))
    result.elapsed = time.perf_counter() - started
    return result
