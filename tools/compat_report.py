"""Findings of a compat run: each incompatibility with its example, the verdict, the semver bump."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from compat_run import Direction
from specdiff import BREAKS_CALLERS, BREAKS_SERVERS, COMPATIBLE, Change

__all__ = ["EXPECTED", "Finding", "Verdict", "findings", "next_version", "verdict"]

# A new client refused by an old server only because the caller used something new.
EXPECTED = "expected (a new feature old servers lack)"
_MESSAGE_PATH = re.compile(r"^\s*([^:;]*?):\s")


@dataclass(frozen=True)
class Finding:
    """One example that failed in one direction, and what that failure means."""

    direction: str
    what: str  # "request refused" or "response not parsed"
    example: Any
    message: str
    impact: str

    def example_text(self, limit: int = 300) -> str:
        text = json.dumps(self.example, ensure_ascii=False, separators=(",", ":"))
        return text if len(text) <= limit else text[: limit - 3] + "..."


def _paths(message: str) -> list[str]:
    """The fields a server's 400 message names (`path: rule; path: rule`), `body` as ''."""
    found = []
    for part in message.split("; "):
        match = _MESSAGE_PATH.match(part)
        found.append("" if match is None or match.group(1) == "body" else match.group(1))
    return found


def _opt_in(paths: list[str], changes: list[Change]) -> bool:
    """Whether every field named is covered by an addition the caller opted into."""
    additions = [c.path for c in changes if c.side == "request" and c.opt_in]
    return (
        bool(paths)
        and all(any(p == a or p.startswith(f"{a}.") for a in additions) for p in paths if p)
        and all(paths)
    )


def _key(message: str) -> str:
    """Messages that differ only in the values they quote are one finding."""
    return re.sub(r"-?\d[\d.e+-]*|'[^']*'|\"[^\"]*\"", "#", message)


def findings(old_to_new: Direction, new_to_old: Direction, changes: list[Change]) -> list[Finding]:
    """One finding per distinct failure and direction, with its shortest example."""
    out: dict[tuple[str, str], Finding] = {}

    def keep(finding: Finding) -> None:
        key = (finding.direction, _key(finding.message))
        best = out.get(key)
        if best is None or len(finding.example_text(10**6)) < len(best.example_text(10**6)):
            out[key] = finding

    for direction, broken in ((old_to_new, BREAKS_CALLERS), (new_to_old, BREAKS_SERVERS)):
        for r in direction.result["requests"]:
            if r["status"] == 200:
                continue
            impact = broken
            opted = r["status"] == 400 and _opt_in(_paths(r["message"]), changes)
            if direction is new_to_old and opted:
                impact = EXPECTED
            text = f"{r['status']} {r['message']}" if r["status"] else r["message"]
            keep(
                Finding(direction.title, "request refused", r.get("wire", r["body"]), text, impact)
            )
        for r in direction.result["responses"]:
            if r["error"]:
                what = f"{r['status']} response not parsed"
                keep(Finding(direction.title, what, r["body"], r["error"], broken))
    return list(out.values())


@dataclass
class Verdict:
    """Whom the change breaks, and the semantic-version bump it calls for."""

    breaks: list[str] = field(default_factory=list)
    bump: str = "none"
    unconfirmed: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> bool:
        return bool(self.breaks)

    @property
    def label(self) -> str:
        return f"BREAKING ({', '.join(self.breaks)})" if self.breaks else COMPATIBLE


def verdict(changes: list[Change], found: list[Finding]) -> Verdict:
    impacts = {c.impact for c in changes} | {f.impact for f in found}
    breaks = [i for i in (BREAKS_CALLERS, BREAKS_SERVERS) if i in impacts]
    bumps = {c.bump for c in changes}
    bump = "major" if breaks else next((b for b in ("minor", "patch") if b in bumps), "none")
    # A structural break no example showed: still breaking, but say the round trip missed it.
    shown = {f.impact for f in found}
    unconfirmed = [c for c in changes if c.impact != COMPATIBLE and c.impact not in shown]
    return Verdict(breaks, bump, unconfirmed)


def next_version(current: str, bump: str) -> str:
    major, minor, patch = (int(p) for p in current.split(".")[:3])
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}" if bump == "patch" else current
