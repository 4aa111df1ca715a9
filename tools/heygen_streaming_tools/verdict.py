"""Findings of a compat run: each incompatibility with its example, the verdict, the semver bump."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .changes import BREAKING, BREAKS_CALLERS, BREAKS_SERVERS, COMPATIBLE, NEEDS_SERVERS, Change

__all__ = [
    "EXPECTED",
    "NEW_TO_OLD",
    "OLD_TO_NEW",
    "Direction",
    "Finding",
    "Verdict",
    "findings",
    "next_version",
    "verdict",
]

OLD_TO_NEW = "old client -> new mock"
NEW_TO_OLD = "new client -> old mock"
# A new client refused by an old server only because the caller used something new.
EXPECTED = "expected (a new feature old servers lack)"
_MESSAGE_PATH = re.compile(r"^\s*([^:;]*?):\s")


@dataclass
class Direction:
    """One way of the round trip: which client talked to which server, and what came back.

    `state_errors`: the (status, code) pairs the server's spec documents as lifecycle answers
    (wrong state, unknown session, concurrency): a refusal for the session's state, not for the
    request's shape, so never a finding.
    """

    title: str
    client: str
    server: str
    result: dict[str, Any]
    state_errors: frozenset[tuple[int, int | None]] = frozenset()

    @property
    def old_client(self) -> bool:
        return self.title == OLD_TO_NEW

    def state_answers(self) -> int:
        return sum(1 for r in self.result.get("requests", []) if self.is_state_answer(r))

    def is_state_answer(self, r: dict[str, Any]) -> bool:
        return (r.get("status"), r.get("code")) in self.state_errors


@dataclass(frozen=True)
class Finding:
    """One example that failed in one direction, and what that failure means."""

    direction: str
    operation: str
    what: str  # "request refused" or "200 response not parsed"
    example: Any
    message: str
    impact: str

    def example_text(self, limit: int = 300) -> str:
        text = json.dumps(self.example, ensure_ascii=False, separators=(",", ":"))
        return text if len(text) <= limit else text[: limit - 3] + "..."

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _paths(message: str) -> list[str]:
    """The fields a server's 400 message names (`path: rule; path: rule`), `body` as ''."""
    found = []
    for part in message.split("; "):
        match = _MESSAGE_PATH.match(part)
        found.append("" if match is None or match.group(1) == "body" else match.group(1))
    return found


def _opt_in(operation: str, paths: list[str], changes: Iterable[Change]) -> bool:
    """Whether every field named is covered by an addition the caller opted into."""
    additions = [
        c.path for c in changes if c.operation == operation and c.side == "request" and c.opt_in
    ]
    return (
        bool(paths)
        and all(paths)
        and all(any(p == a or p.startswith(f"{a}.") for a in additions) for p in paths)
    )


def _key(message: str) -> str:
    """Messages that differ only in the values they quote are one finding."""
    return re.sub(r"-?\d[\d.e+-]*|'[^']*'|\"[^\"]*\"", "#", message)


def _refusal_impact(direction: Direction, r: dict[str, Any], changes: list[Change]) -> str:
    if direction.old_client:
        return BREAKS_CALLERS
    op = r["operation"]
    if any(c.operation == op and c.side == "operation" and c.opt_in for c in changes):
        return EXPECTED  # an operation old servers do not have
    if r["status"] == 400 and _opt_in(op, _paths(r["message"]), changes):
        return EXPECTED
    return BREAKS_SERVERS


def findings(old_to_new: Direction, new_to_old: Direction, changes: list[Change]) -> list[Finding]:
    """One finding per distinct failure, operation and direction, with its shortest example."""
    out: dict[tuple[str, str, str], Finding] = {}

    def keep(finding: Finding) -> None:
        key = (finding.direction, finding.operation, _key(finding.message))
        best = out.get(key)
        if best is None or len(finding.example_text(10**6)) < len(best.example_text(10**6)):
            out[key] = finding

    for direction in (old_to_new, new_to_old):
        # Old client parsing new answers: callers break. New client parsing old answers: it
        # needs servers of this version.
        broken = BREAKS_CALLERS if direction.old_client else NEEDS_SERVERS
        for r in direction.result["requests"]:
            status = r["status"]
            if r.get("unparsed"):
                what = f"{status} answer not parsed"
                keep(
                    Finding(direction.title, r["operation"], what, r["wire"], r["message"], broken)
                )
                continue
            if (status is not None and 200 <= status < 300) or direction.is_state_answer(r):
                continue
            impact = _refusal_impact(direction, r, changes)
            text = f"{status} {r['message']}" if status else r["message"]
            example = r.get("wire", r["body"])
            keep(Finding(direction.title, r["operation"], "request refused", example, text, impact))
        for r in direction.result["responses"]:
            if r["error"]:
                what = f"{r['status']} response not parsed"
                keep(Finding(direction.title, r["operation"], what, r["body"], r["error"], broken))
    return list(out.values())


@dataclass
class Verdict:
    """Whom the change breaks, what it needs of servers, and the semantic-version bump."""

    breaks: list[str] = field(default_factory=list)
    bump: str = "none"
    unconfirmed: list[Change] = field(default_factory=list)
    needs_servers: bool = False

    @property
    def breaking(self) -> bool:
        return bool(self.breaks)

    @property
    def label(self) -> str:
        if self.breaks:
            return f"BREAKING ({', '.join(self.breaks)})"
        return f"{COMPATIBLE}; {NEEDS_SERVERS}" if self.needs_servers else COMPATIBLE

    def as_dict(self) -> dict[str, Any]:
        unconfirmed = [c.as_dict() for c in self.unconfirmed]
        return {
            **asdict(self),
            "label": self.label,
            "breaking": self.breaking,
            "unconfirmed": unconfirmed,
        }


def verdict(
    changes: list[Change], found: list[Finding], *, strict_servers: bool = False
) -> Verdict:
    """Breaking if any change or example breaks callers or servers (or, with `strict_servers`,
    needs servers of this version); the bump is the largest any change calls for."""
    impacts = {c.impact for c in changes} | {f.impact for f in found}
    needs = NEEDS_SERVERS in impacts
    breaking = [*BREAKING, NEEDS_SERVERS] if strict_servers else list(BREAKING)
    breaks = [i for i in breaking if i in impacts]
    bumps = {c.bump for c in changes} | ({"minor"} if needs else set())
    bump = "major" if breaks else next((b for b in ("minor", "patch") if b in bumps), "none")
    # A structural break no example showed: still breaking, but say the round trip missed it.
    shown = {f.impact for f in found}
    unconfirmed = [c for c in changes if c.impact in BREAKING and c.impact not in shown]
    return Verdict(breaks, bump, unconfirmed, needs)


def next_version(current: str, bump: str) -> str:
    """`current` bumped; a version that is not X.Y.Z is returned as it is."""
    try:
        major, minor, patch = (int(p) for p in current.split(".")[:3])
    except ValueError:
        return current
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}" if bump == "patch" else current
