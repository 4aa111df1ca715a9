"""The short markdown summary written to reports/: cases per check, per unit, and failures."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .masking import mask_text

__all__ = ["PROPERTY", "render_summary", "total_cases", "write_summary"]

# The user-property name a conformance test attaches its run summary under (xdist-safe).
PROPERTY = "contract_run"


def total_cases(runs: Iterable[Mapping[str, Any]], group: str | None = None) -> int:
    return sum(int(r["cases"]) for r in runs if group is None or r.get("group") == group)


def render_summary(
    runs: Sequence[Mapping[str, Any]],
    *,
    seed: int,
    target: str,
    outcomes: Mapping[str, int],
    secrets: Iterable[str] = (),
) -> str:
    """Markdown: the run's settings, one row per check, one row per unit, then failing tests."""
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
        f"- generated cases: {total_cases(runs)} in {len(runs)} conformance units",
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
    ]
    samples = [s for r in runs for s in r.get("samples", [])]
    if samples:
        lines += ["", "## Failures (first of each check per unit)", ""]
        lines += [f"- {s}" for s in samples]
    return mask_text("\n".join(lines) + "\n", secrets)


def write_summary(path: Path, text: str, runs: Sequence[Mapping[str, Any]]) -> None:
    """Write the markdown summary and, next to it, the same runs as JSON for tools."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
