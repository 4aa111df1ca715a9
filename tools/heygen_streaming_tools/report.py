"""What one compat run found, as JSON (`--json`) and as the text `nox -s compat` prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rich.console import Console

from .verdict import (
    BREAKING,
    EXPECTED,
    NEEDS_SERVERS,
    Change,
    Direction,
    Finding,
    Verdict,
    next_version,
)

__all__ = ["Report", "render"]

_STYLE = {BREAKING[0]: "bold red", BREAKING[1]: "bold red", NEEDS_SERVERS: "yellow"}


@dataclass
class Report:
    """Everything one compat run found."""

    changes: list[Change]
    surface: list[str]
    directions: list[Direction]
    findings: list[Finding]
    verdict: Verdict
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        trips = [
            {"title": d.title, "client": d.client, "server": d.server}
            | {k: len(d.result[k]) for k in ("requests", "responses")}
            | {"state_answers": d.state_answers()}
            for d in self.directions
        ]
        return {
            "verdict": self.verdict.as_dict(),
            "changes": [c.as_dict() for c in self.changes],
            "surface": self.surface,
            "round_trips": trips,
            "findings": [asdict(f) for f in self.findings],
            "seconds": round(self.seconds, 2),
        }


def render(report: Report, console: Console, *, current: str, label: str) -> None:
    """Print the report: one line per change, one block per finding, then the verdict."""
    console.print(f"[bold]compat[/] {label}\n\n[bold]Spec changes[/] (structural)")
    for c in report.changes:
        style = _STYLE.get(c.impact, "green")
        console.print(f"  [{style}]{c.impact:<15}[/] {c.where}: {c.what}", markup=True)
    if not report.changes:
        console.print("  none")
    console.print("\n[bold]Client surface[/] (generated package)")
    console.print("\n".join(f"  {line}" for line in report.surface) or "  unchanged", markup=False)
    for d in report.directions:
        res, bad = d.result, [f for f in report.findings if f.direction == d.title]
        broken = any(f.impact in BREAKING for f in bad)
        status = "[red]incompatible[/]" if broken else "[green]ok[/]"
        state = d.state_answers()
        said = f"\n  {state} answered for the session's state (documented lifecycle errors)"
        console.print(
            f"\n[bold]Round trip: {d.title}[/] {status}  ({len(res['requests'])} requests to"
            f" {len({r['operation'] for r in res['requests']})} operations via {d.client},"
            f" {len(res['responses'])} responses parsed; server: {d.server})"
            + (said if state else "")
        )
        # One block per finding; expected refusals of one operation collapse into one block.
        groups: dict[tuple[str, str, str], list[Finding]] = {}
        for f in bad:
            key = (f.impact, f.operation, f.what if f.impact == EXPECTED else f.message)
            groups.setdefault(key, []).append(f)
        for (impact, operation, _), alike in groups.items():
            f, more = alike[0], f" (and {len(alike) - 1} more alike)" if len(alike) > 1 else ""
            style = "dim" if impact == EXPECTED else _STYLE.get(impact, "bold red")
            console.print(f"  [{style}]{impact}[/]: {operation}: {f.what}{more}")
            console.print(f"    body:   {f.example_text()}\n    answer: {f.message}", markup=False)
    v = report.verdict
    for c in v.unconfirmed:
        console.print(
            f"\n[yellow]not shown by an example[/] (structural only): {c.where}: {c.what}"
        )
    if v.needs_servers and NEEDS_SERVERS not in v.breaks:
        console.print(
            f"\n[yellow]{NEEDS_SERVERS}[/]: the new client expects answers old servers may not"
            " give; release it with (or after) servers of this contract"
            " (`--strict-servers` makes this breaking)."
        )
    console.print(
        f"\n[{'bold red' if v.breaking else 'bold green'}]Verdict: {v.label}[/]; suggested bump:"
        f" {v.bump} ({current} -> {next_version(current, v.bump)}); {report.seconds:.1f} s"
    )
