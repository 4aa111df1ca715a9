"""What a run tells people: findings collapsed on the console, and reports/contract-summary.*.

The console shows one block per distinct finding (check, operation, what was wrong, a curl
reproduction, masked), identical findings collapsed with a count. The markdown summary adds the
cases per check and per unit, the spec coverage per operation (documented statuses seen, enum
values and optional fields sent, links followed) and every session the suite opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from heygen_streaming.spec_model import SpecModel

from .coverage import Shape, merge_coverage
from .masking import mask_text

__all__ = [
    "MOCK_NOTE",
    "PROPERTY",
    "console_findings",
    "coverage_table",
    "render_summary",
    "run_notes",
    "session_lines",
    "total_cases",
    "write_summary",
]

# The user-property name a conformance test attaches its run summary under (xdist-safe).
PROPERTY = "contract_run"
MOCK_NOTE = (
    "The target answered with X-Mock-Warnings: it is this project's mock running with a "
    "non-default profile (lenient), which accepts and repairs what the spec forbids. Run it as "
    "the contract says, with `heygen-streaming mock` (default flags: the exact profile), or "
    "`heygen-streaming mock --profile strict`, and point the suite at that."
)


def total_cases(runs: Iterable[Mapping[str, Any]], group: str | None = None) -> int:
    return sum(int(r["cases"]) for r in runs if group is None or r.get("group") == group)


def distinct_findings(runs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Findings of every unit, identical ones (check, operation, title) collapsed with a count."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for run in runs:
        for f in run.get("findings", []):
            key = (f["check"], f["operation"], f["title"])
            if key in merged:
                merged[key]["count"] += int(f["count"])
                merged[key]["units"].append(run["label"])
            else:
                merged[key] = {**f, "units": [run["label"]]}
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


def run_notes(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    """What the run states about itself (how time passed for the idle-timeout checks, ...)."""
    return list(dict.fromkeys(n for r in runs for n in r.get("notes", [])))


def session_lines(sessions: Sequence[Mapping[str, str]], limit: int = 12) -> list[str]:
    """Each session opened and how it ended (a long run: the first ones, then counts by ending)."""
    lines = [
        f"{s['session_id']}  {s['account']}  {s['check']}: {s['closed']}" for s in sessions[:limit]
    ]
    if len(sessions) > limit:
        endings: dict[str, int] = {}
        for s in sessions[limit:]:
            endings[s["closed"]] = endings.get(s["closed"], 0) + 1
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


def coverage_table(runs: Sequence[Mapping[str, Any]], model: SpecModel | None) -> list[str]:
    """Per operation: cases, documented statuses seen (and not), enum values, optional fields."""
    merged = merge_coverage([r.get("coverage") or {} for r in runs])
    lines = [
        "## Spec coverage per operation",
        "",
        "| operation | cases | documented statuses seen | never seen | undocumented seen "
        "| enum values sent | optional fields sent | links followed |",
        "|---|---:|---|---|---|---|---|---|",
    ]
    ops = {op.operation_id: op for op in model.operations} if model is not None else {}
    for op_id in [*ops, *sorted(set(merged) - set(ops))]:
        cov = merged.get(
            op_id, {"cases": 0, "statuses": {}, "enum_sent": {}, "optional_sent": {}, "links": {}}
        )
        seen = {int(s) for s in cov["statuses"]}
        documented = set(ops[op_id].statuses) if op_id in ops else set()
        shape = Shape.of(model, ops[op_id]) if model is not None and op_id in ops else None
        enum_total = sum(len(v) for v in shape.enums.values()) if shape else 0
        enum_sent = sum(len(v) for v in cov["enum_sent"].values())
        opt_total = len(shape.optional) if shape else 0
        links = sum(cov["links"].values())
        lines.append(
            f"| {op_id} | {cov['cases']} "
            f"| {', '.join(str(s) for s in sorted(seen & documented)) or '-'} "
            f"| {', '.join(str(s) for s in sorted(documented - seen)) or '-'} "
            f"| {', '.join(str(s) for s in sorted(seen - documented)) or '-'} "
            f"| {enum_sent}/{enum_total} | {len(cov['optional_sent'])}/{opt_total} "
            f"| {links} via {len(cov['links'])} link(s) |"
        )
    return lines


def render_summary(
    runs: Sequence[Mapping[str, Any]],
    *,
    seed: int,
    target: str,
    outcomes: Mapping[str, int],
    secrets: Iterable[str] = (),
    model: SpecModel | None = None,
    sessions: Sequence[Mapping[str, str]] = (),
) -> str:
    """Markdown: settings, checks, units, coverage, findings collapsed, sessions opened."""
    checks: dict[str, list[int]] = {}
    for run in runs:
        for name, (ran, failed) in run["checks"].items():
            row = checks.setdefault(name, [0, 0])
            row[0] += ran
            row[1] += failed
    lines = [
        "# Contract suite summary",
        "",
        f"- target: {target}",
        f"- seed: {seed}",
        f"- generated cases: {total_cases(runs)} in {len(runs)} units",
        "- tests: " + ", ".join(f"{v} {k}" for k, v in sorted(outcomes.items())),
        "",
        "| check | cases judged | failures |",
        "|---|---:|---:|",
        *(f"| {name} | {ran} | {failed} |" for name, (ran, failed) in sorted(checks.items())),
        "",
        "| unit | group | cases | seconds | failures | engine errors |",
        "|---|---|---:|---:|---:|---:|",
        *(
            f"| {r['label']} | {r.get('group', '')} | {r['cases']} | {r['elapsed']} "
            f"| {r['failures']} | {r['errors']} |"
            for r in runs
        ),
        "",
        *coverage_table(runs, model),
    ]
    found = distinct_findings(runs)
    if found:
        lines += ["", "## Findings (identical ones collapsed)", ""]
        for f in found:
            lines.append(
                f"- **{f['check']}** `{f['operation'] or '-'}`: {f['title']} "
                f"(x{f['count']}, in {', '.join(sorted(set(f['units'])))}) -- `{f['curl']}`"
            )
    if any(r.get("mock_warnings") for r in runs):
        lines += ["", f"**Note.** {MOCK_NOTE}"]
    notes = run_notes(runs)
    if notes:
        lines += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    if sessions:
        lines += [
            "",
            "## Sessions the suite opened",
            "",
            "| session_id | account | check | closed |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {s['session_id']} | {s['account']} | {s['check']} | {s['closed']} |"
            for s in sessions
        ]
    return mask_text("\n".join(lines) + "\n", secrets)


def write_summary(
    path: Path,
    text: str,
    runs: Sequence[Mapping[str, Any]],
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Write the markdown summary and, next to it, the same runs (and coverage) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    payload: Any = list(runs) if extra is None else {"runs": list(runs), **extra}
    path.with_suffix(".json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
