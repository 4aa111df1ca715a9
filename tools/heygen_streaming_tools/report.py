"""compat's console report: changes, client surface, each round trip and the verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

from .changes import BREAKS_CALLERS, BREAKS_SERVERS, COMPATIBLE, NEEDS_SERVERS
from .verdict import EXPECTED, Finding, next_version

if TYPE_CHECKING:
    from .comparison import Report

__all__ = ["render"]

_STYLE = {
    BREAKS_CALLERS: "bold red",
    BREAKS_SERVERS: "bold red",
    NEEDS_SERVERS: "yellow",
    COMPATIBLE: "green",
    EXPECTED: "dim",
}


def render(report: Report, console: Console, *, current: str, label: str) -> None:
    """Print the report: one line per change, one block per finding, then the verdict."""
    console.print(f"[bold]compat[/] {label}")
    console.print("\n[bold]Spec changes[/] (structural)")
    for c in report.changes:
        console.print(f"  [{_STYLE[c.impact]}]{c.impact:<15}[/] {c.where}: {c.what}", markup=True)
    if not report.changes:
        console.print("  none")
    console.print("\n[bold]Client surface[/] (generated package)")
    console.print("\n".join(f"  {line}" for line in report.surface) or "  unchanged", markup=False)
    for d in report.directions:
        res = d.result
        bad = [f for f in report.findings if f.direction == d.title]
        breaking = [f for f in bad if f.impact in (BREAKS_CALLERS, BREAKS_SERVERS)]
        status = "[red]incompatible[/]" if breaking else "[green]ok[/]"
        operations = len({r["operation"] for r in res["requests"]})
        state = d.state_answers()
        console.print(
            f"\n[bold]Round trip: {d.title}[/] {status}  ({len(res['requests'])} requests to"
            f" {operations} operations via {d.client}, {len(res['responses'])} responses parsed;"
            f" server: {d.server})"
            + (
                f"\n  {state} answered for the session's state (documented lifecycle errors)"
                if state
                else ""
            )
        )
        # One block per finding; expected refusals of one operation collapse into one block.
        groups: dict[tuple[str, str, str], list[Finding]] = {}
        for f in bad:
            key = (
                (f.impact, f.operation, f.what)
                if f.impact == EXPECTED
                else (f.impact, f.operation, f.message)
            )
            groups.setdefault(key, []).append(f)
        for (impact, operation, _), alike in groups.items():
            f = alike[0]
            more = f" (and {len(alike) - 1} more alike)" if len(alike) > 1 else ""
            console.print(
                f"  [{_STYLE.get(impact, 'bold red')}]{impact}[/]: {operation}: {f.what}{more}",
                highlight=False,
            )
            console.print(f"    body:   {f.example_text()}", markup=False, highlight=False)
            console.print(f"    answer: {f.message}", markup=False, highlight=False)
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
    target = next_version(current, v.bump)
    style = "bold red" if v.breaking else "bold green"
    console.print(
        f"\n[{style}]Verdict: {v.label}[/]; suggested bump: {v.bump}"
        f" ({current} -> {target}); {report.seconds:.1f} s"
    )
