"""What one unit of the suite found: per-check counts, failures collapsed, coverage per operation.

`RunResult` is what `runner.run_unit` returns and what a test attaches (as JSON, xdist-safe) for
the report writer: `to_properties()` carries it from a worker, `merge()` adds units together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from heygen_streaming import redact
from heygen_streaming.redact import MASK

from .coverage import OperationCoverage

__all__ = ["CheckCount", "FailureReport", "RunResult", "mask_text"]


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every given secret, credential header, bearer token, JWT and `x-secret`
    JSON field masked. The client's masking, but whole values only: its masking of any
    8-character piece of a secret would eat words the suite's local keys share ("contract")."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return redact.mask_text(text)


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
    operation: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two failures the same finding (collapsed, with a count, in reports)."""
        return (self.check, self.operation, self.title)

    def render(self) -> str:
        where = f" {self.operation}:" if self.operation else ""
        text = f"[{self.check}]{where} {self.title}"
        if self.message and self.message != self.title:
            text += f"\n{self.message}"
        return text + (f"\nReproduce with:\n  {self.curl}" if self.curl else "")


@dataclass(slots=True)
class RunResult:
    """The outcome of one unit: cases sent, per-check counts, failures and engine errors."""

    label: str
    cases: int = 0
    elapsed: float = 0.0
    checks: dict[str, CheckCount] = field(default_factory=dict)
    failures: list[FailureReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    coverage: dict[str, OperationCoverage] = field(default_factory=dict)
    mock_warnings: set[str] = field(default_factory=set)
    opened: list[str] = field(default_factory=list)  # session ids the unit's requests opened
    notes: list[str] = field(default_factory=list)  # what a run should state (e.g. real waits)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

    @property
    def failed_checks(self) -> set[str]:
        return {f.check for f in self.failures}

    def distinct(self) -> list[tuple[FailureReport, int]]:
        """Each distinct finding once (the first seen), with how many times it occurred."""
        counts = Counter(f.key for f in self.failures)
        first: dict[tuple[str, str, str], FailureReport] = {}
        for failure in self.failures:
            first.setdefault(failure.key, failure)
        return [(f, counts[k]) for k, f in first.items()]

    def brief(self) -> str:
        """One line for pytest's failure section; the findings are printed once, collapsed, in
        the "contract findings" section of the terminal summary (and in the summary file)."""
        checks = ", ".join(sorted(self.failed_checks))
        text = (
            f"{self.label}: {self.cases} cases, {len(self.failures)} failures in "
            f"{len(self.distinct())} distinct findings ({checks}): see 'contract findings' below"
        )
        return text + "".join(f"\nengine error: {e}" for e in self.errors[:5])

    def explain(self) -> str:
        """Every distinct finding (identical ones collapsed, with a count), then engine errors."""
        from .report import console_findings

        head = f"{self.label}: {self.cases} cases, {len(self.failures)} failures"
        found = console_findings([self.to_properties("")])
        return "\n".join([head, *found, *(f"engine error: {e}" for e in self.errors)])

    def merge(self, other: RunResult) -> None:
        """Add another unit's counts into this one (a run of several units)."""
        self.cases += other.cases
        self.elapsed += other.elapsed
        self.failures += other.failures
        self.errors += other.errors
        self.mock_warnings |= other.mock_warnings
        for name, count in other.checks.items():
            into = self.checks.setdefault(name, CheckCount())
            into.ran += count.ran
            into.failed += count.failed
        for op_id, cov in other.coverage.items():
            self.coverage.setdefault(op_id, OperationCoverage()).merge(cov)

    def to_properties(self, group: str) -> dict[str, Any]:
        """A JSON-able summary, carried from xdist workers to the report writer."""
        return {
            "label": self.label,
            "group": group,
            "findings": [
                {**asdict(f), "message": f.message[:2000], "count": n} for f, n in self.distinct()
            ],
            "cases": self.cases,
            "elapsed": round(self.elapsed, 3),
            "checks": {k: [v.ran, v.failed] for k, v in sorted(self.checks.items())},
            "failures": len(self.failures),
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
            "coverage": {k: v.to_json() for k, v in sorted(self.coverage.items())},
            "mock_warnings": sorted(self.mock_warnings)[:10],
            "notes": self.notes,
        }
