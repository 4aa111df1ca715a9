"""One comparison of two trees (structural diff, surface diff, round trips, findings, verdict)
and its console report."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from heygen_streaming.spec_model import SpecModel
from rich.console import Console

from .plan import client_plan, server_plan, state_errors
from .roundtrip import DEFAULT, Contract, Side, exchange
from .rulesdiff import state_rises
from .specdiff import diff_specs
from .surface import diff_surfaces, extract_surface
from .verdict import (
    BREAKING,
    BREAKS_CALLERS,
    BREAKS_SERVERS,
    COMPATIBLE,
    EXPECTED,
    NEEDS_SERVERS,
    NEW_TO_OLD,
    OLD_TO_NEW,
    Change,
    Direction,
    Finding,
    Verdict,
    findings,
    next_version,
    verdict,
)

__all__ = ["Report", "compare", "render", "start_sides"]

_STYLE = {
    BREAKS_CALLERS: "bold red",
    BREAKS_SERVERS: "bold red",
    NEEDS_SERVERS: "yellow",
    COMPATIBLE: "green",
    EXPECTED: "dim",
}


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
        return {
            "verdict": self.verdict.as_dict(),
            "changes": [c.as_dict() for c in self.changes],
            "surface": self.surface,
            "round_trips": [
                {
                    "title": d.title,
                    "client": d.client,
                    "server": d.server,
                    "requests": len(d.result["requests"]),
                    "responses": len(d.result["responses"]),
                    "state_answers": d.state_answers(),
                }
                for d in self.directions
            ],
            "findings": [asdict(f) for f in self.findings],
            "seconds": round(self.seconds, 2),
        }


def start_sides(
    old_root: Path, new_root: Path, contract: Contract = DEFAULT, scratch: Path | None = None
) -> tuple[Side, Side]:
    """One process per tree, started now (they import while compat plans)."""
    packages = [
        contract.package(root, scratch and scratch / s)
        for s, root in (("old", old_root), ("new", new_root))
    ]
    old = Side(old_root, packages[0])
    try:
        return old, Side(new_root, packages[1])
    except BaseException:
        old.close()
        raise


def _missing(client: SpecModel, server: SpecModel) -> frozenset[str]:
    """The client's operations the server does not route."""
    return frozenset(
        op.operation_id for op in client.operations if server.route(op.method, op.path) is None
    )


def compare(
    old_root: Path,
    new_root: Path,
    *,
    contract: Contract = DEFAULT,
    examples: int = 20,
    seed: int = 0,
    strict_servers: bool = False,
    sides: tuple[Side, Side] | None = None,
    started: float | None = None,
) -> Report:
    """Compare the tree at `old_root` (the release) with the one at `new_root` (the change)."""
    started = time.monotonic() if started is None else started
    old_side, new_side = start_sides(old_root, new_root, contract) if sides is None else sides
    try:
        packages = [old_side.package, new_side.package]
        old, new = (
            SpecModel(json.loads((p / "openapi.json").read_text("utf-8"))) for p in packages
        )
        changes = diff_specs(old, new)
        surface = diff_surfaces(*map(extract_surface, packages))
        plans = {
            "old_server": server_plan(old),
            "new_server": server_plan(new),
            "old_client": client_plan(old, new, changes, examples, seed),
            "new_client": client_plan(new, old, changes, examples, seed),
        }
        (forward, new_which), (backward, old_which) = exchange(old_side, new_side, plans)
    finally:
        old_side.close()
        new_side.close()
    old_to_new = Direction(
        OLD_TO_NEW, forward["client"], new_which, forward, state_errors(new), _missing(old, new)
    )
    new_to_old = Direction(
        NEW_TO_OLD, backward["client"], old_which, backward, state_errors(old), _missing(new, old)
    )
    found = findings(old_to_new, new_to_old, changes)
    found += state_rises(old_to_new, old, new, changes) + state_rises(new_to_old, new, old, changes)
    return Report(
        changes,
        surface,
        [old_to_new, new_to_old],
        found,
        verdict(changes, found, strict_servers=strict_servers),
        time.monotonic() - started,
    )


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
        broken = any(f.impact in BREAKING for f in bad)
        status = "[red]incompatible[/]" if broken else "[green]ok[/]"
        operations = len({r["operation"] for r in res["requests"]})
        state = d.state_answers()
        said = f"\n  {state} answered for the session's state (documented lifecycle errors)"
        console.print(
            f"\n[bold]Round trip: {d.title}[/] {status}  ({len(res['requests'])} requests to"
            f" {operations} operations via {d.client}, {len(res['responses'])} responses parsed;"
            f" server: {d.server})" + (said if state else "")
        )
        # One block per finding; expected refusals of one operation collapse into one block.
        groups: dict[tuple[str, str, str], list[Finding]] = {}
        for f in bad:
            key = (f.impact, f.operation, f.what if f.impact == EXPECTED else f.message)
            groups.setdefault(key, []).append(f)
        for (impact, operation, _), alike in groups.items():
            f = alike[0]
            more = f" (and {len(alike) - 1} more alike)" if len(alike) > 1 else ""
            style = _STYLE.get(impact, "bold red")
            console.print(f"  [{style}]{impact}[/]: {operation}: {f.what}{more}")
            console.print(f"    body:   {f.example_text()}", markup=False)
            console.print(f"    answer: {f.message}", markup=False)
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
