"""One comparison of two trees: structural diff, surface diff, round trips, findings, verdict."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heygen_streaming.spec_model import SpecModel

from .changes import Change
from .plan import client_plan, server_plan, state_errors
from .roundtrip import Side, exchange, tree_spec
from .rulesdiff import state_rises
from .specdiff import diff_specs
from .surface import diff_surfaces, extract_surface
from .verdict import Direction, Finding, Verdict, findings, verdict

__all__ = ["Report", "compare", "start_sides"]


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
            "findings": [f.as_dict() for f in self.findings],
            "seconds": round(self.seconds, 2),
        }


def start_sides(old_root: Path, new_root: Path) -> tuple[Side, Side]:
    """One process per tree, started now (they import while compat plans)."""
    old = Side(old_root)
    try:
        return old, Side(new_root)
    except BaseException:
        old.close()
        raise


def compare(
    old_root: Path,
    new_root: Path,
    *,
    examples: int = 20,
    seed: int = 0,
    strict_servers: bool = False,
    sides: tuple[Side, Side] | None = None,
    started: float | None = None,
) -> Report:
    """Compare the tree at `old_root` (the release) with the one at `new_root` (the change)."""
    started = time.monotonic() if started is None else started
    old_side, new_side = start_sides(old_root, new_root) if sides is None else sides
    try:
        old, new = SpecModel(tree_spec(old_root)), SpecModel(tree_spec(new_root))
        changes = diff_specs(old, new)
        package = Path("generated", "heygen_streaming_api")
        surface = diff_surfaces(
            extract_surface(old_root / package), extract_surface(new_root / package)
        )
        plans = {
            "old_server": server_plan(old),
            "new_server": server_plan(new),
            "old_client": client_plan(old, new, changes, examples, seed),
            "new_client": client_plan(new, old, changes, examples, seed),
        }
        old_to_new, new_to_old = exchange(
            old_side, new_side, plans, (state_errors(old), state_errors(new))
        )
    finally:
        old_side.close()
        new_side.close()
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
