"""What a run tells people: findings collapsed on the console, and reports/contract-summary.*.

The console shows one masked block per distinct finding (check, operation, what was wrong, a
curl reproduction), identical ones collapsed with a count. The markdown summary adds the cases
per check and per unit, the spec coverage per operation and every session the suite opened.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pytest
from heygen_streaming.spec_model import SpecModel

from .coverage import OperationCoverage, Shape, merge_coverage
from .results import mask_text

if TYPE_CHECKING:
    from .options import Options

__all__ = ["MOCK_NOTE", "PROPERTY", "Reporter", "console_findings", "session_lines"]

# The user-property name a conformance test attaches its run summary under (xdist-safe).
PROPERTY = "contract_run"
MOCK_NOTE = (
    "The target answered with X-Mock-Warnings: it is this project's mock running with a "
    "non-default profile (lenient), which accepts and repairs what the spec forbids. Run it as "
    "the contract says, with `heygen-streaming mock` (default flags: the exact profile), or "
    "`heygen-streaming mock --profile strict`, and point the suite at that."
)


def distinct_findings(runs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Findings of every unit, identical ones (check, operation, title) collapsed with a count."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for run in runs:
        for f in run.get("findings", []):
            into = merged.setdefault((f["check"], f["operation"], f["title"]), {**f, "count": 0})
            into["count"] += int(f["count"])
            into.setdefault("units", []).append(run["label"])
    return list(merged.values())


def console_findings(runs: Sequence[Mapping[str, Any]], limit: int = 30) -> list[str]:
    """The lines the terminal summary prints: one block per distinct finding."""
    found = distinct_findings(runs)
    lines: list[str] = []
    for f in found[:limit]:
        count = f" (x{f['count']})" if f["count"] > 1 else ""
        lines.append(f"[{f['check']}] {f['operation'] or '-'}: {f['title']}{count}")
        message = str(f.get("message") or "").strip()
        if message and message != f["title"]:
            lines += [f"    {m}" for m in message.splitlines()[:6]]
        if f.get("curl"):
            lines.append(f"    reproduce: {f['curl']}")
        lines.append("")
    if len(found) > limit:
        lines.append(f"... {len(found) - limit} more distinct findings: see the summary file")
    if any(r.get("mock_warnings") for r in runs):
        lines.append(MOCK_NOTE)
    return lines


def session_lines(sessions: Sequence[Mapping[str, str]], limit: int = 12) -> list[str]:
    """Each session opened and how it ended (a long run: the first ones, then counts by ending)."""
    lines = [
        f"{s['session_id']}  {s['account']}  {s['check']}: {s['closed']}" for s in sessions[:limit]
    ]
    if len(sessions) > limit:
        endings = Counter(s["closed"] for s in sessions[limit:])
        lines.append(
            f"... and {len(sessions) - limit} more: "
            + ", ".join(f"{n} {how}" for how, n in sorted(endings.items()))
            + " (all listed in the summary file)"
        )
    still = sum(1 for s in sessions if s["closed"].startswith("STILL OPEN"))
    lines.append(
        f"{len(sessions)} session(s) opened, {still} left open"
        + ("  <-- STOP THEM BY HAND" if still else "")
    )
    return lines


def _listed(statuses: set[int]) -> str:
    return ", ".join(str(s) for s in sorted(statuses)) or "-"


def _table(head: Sequence[str], align: str, rows: Iterable[Sequence[Any]]) -> list[str]:
    """A markdown table; `align` has an `l` or `r` a column."""
    rule = "|".join("---:" if a == "r" else "---" for a in align)
    return [
        f"| {' | '.join(head)} |",
        f"|{rule}|",
        *(f"| {' | '.join(map(str, r))} |" for r in rows),
    ]


def _coverage_rows(
    merged: Mapping[str, OperationCoverage], model: SpecModel
) -> Iterator[list[Any]]:
    """Per operation: cases, documented statuses seen (and not), enum values, optional fields."""
    ops = {op.operation_id: op for op in model.operations}
    for op_id in [*ops, *sorted(set(merged) - set(ops))]:
        cov = merged.get(op_id, OperationCoverage())
        seen = set(cov.statuses)
        documented = set(ops[op_id].statuses) if op_id in ops else set()
        shape = Shape.of(model, ops[op_id]) if op_id in ops else Shape()
        enum_total = sum(len(v) for v in shape.enums.values())
        enum_sent = sum(len(v) for v in cov.enum_sent.values())
        yield [
            op_id,
            cov.cases,
            _listed(seen & documented),
            _listed(documented - seen),
            _listed(seen - documented),
            f"{enum_sent}/{enum_total}",
            f"{len(cov.optional_sent)}/{len(shape.optional)}",
            f"{sum(cov.links.values())} via {len(cov.links)} link(s)",
        ]


class Reporter:
    """The controller's plugin: gathers each run's summary (from xdist workers too, as user
    properties) and the sessions' ledgers, fails a full run below --min-cases, then tells."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.runs: list[dict[str, Any]] = []
        self.outcomes: Counter[str] = Counter()
        self.sessions: list[dict[str, str]] = []

    @property
    def notes(self) -> list[str]:
        """What the run states about itself (how time passed for the idle-timeout checks, ...)."""
        return list(dict.fromkeys(n for r in self.runs for n in r.get("notes", [])))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.outcomes[report.outcome] += 1
        if report.when == "call":
            self.runs += [json.loads(str(v)) for k, v in report.user_properties if k == PROPERTY]

    @pytest.hookimpl(trylast=True)  # after pytest's own, which tears the session fixtures down
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        o = self.options
        for ledger in sorted(o.reports.glob(".sessions-*.json")):
            self.sessions.extend(json.loads(ledger.read_text("utf-8")))
            ledger.unlink()
        runs = [r for r in self.runs if r.get("group") == "server"]
        full = not o.live and {u.label for u in o.units} <= {r["label"] for r in runs}
        if full and sum(int(r["cases"]) for r in runs) < o.min_cases:
            self.outcomes["below --min-cases"] += 1
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if self.runs or self.sessions:
            self.write_summary()

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not (self.runs or self.sessions):
            return
        o, write = self.options, terminalreporter.write_line
        found = console_findings(self.runs)
        if found:
            terminalreporter.write_sep("=", "contract findings (identical ones collapsed)")
            for line in found:
                write(line)
        if self.sessions:
            terminalreporter.write_sep("-", "sessions the lifecycle checks opened")
            for line in session_lines(self.sessions):
                write(line)
        terminalreporter.write_sep("-", "contract suite")
        for note in self.notes:
            write(f"note: {note}")
        by_group = Counter[str]()
        for run in self.runs:
            by_group[str(run.get("group"))] += int(run["cases"])
        totals = ", ".join(f"{g}: {n}" for g, n in sorted(by_group.items()))
        write(f"generated cases by group: {totals} (seed {o.seed})")
        if self.outcomes.get("below --min-cases"):
            said = f"FAILED: the server-conformance suite ran fewer than --min-cases={o.min_cases}"
            write(said + (" (scaled to the operations --operation keeps)" if o.operations else ""))
        if o.hint:
            write(o.hint)
        write(f"summary: {o.reports / 'contract-summary.md'}")

    def write_summary(self) -> None:
        """Write reports/contract-summary.md (settings, checks, units, coverage, findings
        collapsed, sessions opened; masked) and the same as JSON beside it."""
        o, runs, sessions = self.options, self.runs, self.sessions
        checks: dict[str, Counter[str]] = {}
        for run in runs:
            for name, (ran, failed) in run["checks"].items():
                checks.setdefault(name, Counter()).update(ran=ran, failed=failed)
        coverage = merge_coverage([r.get("coverage") or {} for r in runs])
        check_rows = [(name, c["ran"], c["failed"]) for name, c in sorted(checks.items())]
        keys = ("label", "group", "cases", "elapsed", "failures", "errors")
        units = ["unit", "group", "cases", "seconds", "failures", "engine errors"]
        columns = ["operation", "cases", "documented statuses seen", "never seen"]
        columns += [
            "undocumented seen",
            "enum values sent",
            "optional fields sent",
            "links followed",
        ]
        lines = [
            "# Contract suite summary",
            "",
            f"- target: {o.target_label}",
            f"- seed: {o.seed}",
            f"- generated cases: {sum(int(r['cases']) for r in runs)} in {len(runs)} units",
            "- tests: " + ", ".join(f"{v} {k}" for k, v in sorted(self.outcomes.items())),
            "",
            *_table(["check", "cases judged", "failures"], "lrr", check_rows),
            "",
            *_table(units, "llrrrr", [[r[k] for k in keys] for r in runs]),
            "",
            "## Spec coverage per operation",
            "",
            *_table(columns, "lrllllll", _coverage_rows(coverage, o.model)),
        ]
        found = distinct_findings(runs)
        if found:
            lines += ["", "## Findings (identical ones collapsed)", ""]
            lines += [
                f"- **{f['check']}** `{f['operation'] or '-'}`: {f['title']} "
                f"(x{f['count']}, in {', '.join(sorted(set(f['units'])))}) -- `{f['curl']}`"
                for f in found
            ]
        if any(r.get("mock_warnings") for r in runs):
            lines += ["", f"**Note.** {MOCK_NOTE}"]
        if self.notes:
            lines += ["", "## Notes", "", *(f"- {n}" for n in self.notes)]
        if sessions:
            head = ["session_id", "account", "check", "closed"]
            lines += ["", "## Sessions the suite opened", ""]
            lines += _table(head, "llll", [[s[k] for k in head] for s in sessions])
        secrets = [k for k in (o.api_key, o.api_key_2) if k]
        path = o.reports / "contract-summary.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(mask_text("\n".join(lines) + "\n", secrets), encoding="utf-8")
        cover = {op: cov.to_json() for op, cov in coverage.items()}
        payload = {"runs": runs, "coverage": cover, "sessions": sessions}
        text = json.dumps(payload, indent=2) + "\n"
        path.with_suffix(".json").write_text(text, encoding="utf-8")
