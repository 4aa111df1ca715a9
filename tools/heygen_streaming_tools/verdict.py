"""What compat finds: each classified change of the contract, each incompatibility a round trip
showed (with its example), the verdict and the semver bump.

Who a change breaks depends on who produces the data. In a request the caller produces and the
server validates; in a response the server produces and the shipped client validates (the client
layer checks every 2xx body against the spec, so every facet of a response schema is checked).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["BREAKING", "BREAKS_CALLERS", "BREAKS_SERVERS", "COMPATIBLE", "EXPECTED"]
__all__ += ["NEEDS_SERVERS", "NEW_TO_OLD", "OLD_TO_NEW", "Change", "Direction", "Finding"]
__all__ += ["Verdict", "findings", "next_version", "verdict"]

# Existing callers (released clients, code written against them) fail against new servers.
BREAKS_CALLERS = "breaks callers"
# The new client fails against old servers with something the caller did not ask for.
BREAKS_SERVERS = "breaks servers"
# The new client requires more of an answer than old servers promise (a response that now
# promises more): reported, minor, and a failure only under `--strict-servers`.
NEEDS_SERVERS = "needs servers >= this version"
COMPATIBLE = "compatible"
BREAKING = (BREAKS_CALLERS, BREAKS_SERVERS)


@dataclass(frozen=True)
class Change:
    """One difference: in which operation, where (`side`, dotted `path`), what, whom it breaks.

    `side` is "request", "response 200" (or "response 400,401" when statuses share a schema),
    "operation", "security", "parameter <in> <name>" or "request body"; `operation` is the
    operationId ("" for the document as a whole).
    """

    operation: str
    side: str
    path: str
    what: str
    impact: str
    bump: str  # "major", "minor" or "patch"
    # An addition the new client uses only when the caller asks for it (an optional field without
    # a default, an extra enum value, a wider range or type, a new operation): an old server
    # refusing it is expected.
    opt_in: bool = False

    @property
    def where(self) -> str:
        body = self.side.startswith(("request", "response")) and self.side != "request body"
        location = self.path or ("body" if body else "")
        return " ".join(p for p in (self.operation, self.side, location) if p)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "where": self.where}


OLD_TO_NEW = "old client -> new mock"
NEW_TO_OLD = "new client -> old mock"
# A new client refused by an old server only because the caller used something new.
EXPECTED = "expected (a new feature old servers lack)"
_MESSAGE_PATH = re.compile(r"^\s*([^:;]*?):\s")


@dataclass
class Direction:
    """One way of the round trip: which client talked to which server, and what came back.

    A lifecycle answer the server's spec documents (`state_errors`: status, code) refuses the
    session's state, not the request: never a finding, except for an operation the server does
    not route (`missing`), whose answer means "no such path" whatever it looks like."""

    title: str
    client: str
    server: str
    result: dict[str, Any]
    state_errors: frozenset[tuple[int, int | None]] = frozenset()
    missing: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, title: str, result: dict[str, Any], server: str, client_spec: Any, server_spec: Any
    ) -> Direction:
        # A request's kinds (`validation`, `unauthenticated`, ...) are findings; a state's are not.
        kinds = ("wrong-state", "unknown-session", "concurrency")
        errors = [e for k, e in server_spec.lifecycle.errors.items() if k in kinds]
        unrouted = (
            o for o in client_spec.operations if server_spec.route(o.method, o.path) is None
        )
        missing = frozenset(op.operation_id for op in unrouted)
        state = frozenset((e.status, e.code) for e in errors)
        return cls(title, result["client"], server, result, state, missing)

    @property
    def old_client(self) -> bool:
        return self.title == OLD_TO_NEW

    def state_answers(self) -> int:
        return sum(1 for r in self.result.get("requests", []) if self.is_state_answer(r))

    def is_state_answer(self, r: dict[str, Any]) -> bool:
        state = (r.get("status"), r.get("code")) in self.state_errors
        return state and r["operation"] not in self.missing


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


def _opt_in(operation: str, message: str, changes: Iterable[Change]) -> bool:
    """Whether every field a server's 400 message names (`path: rule; path: rule`; `body` names
    none) is covered by an addition the caller opted into."""
    matches = [_MESSAGE_PATH.match(part) for part in message.split("; ")]
    paths = ["" if m is None or m.group(1) == "body" else m.group(1) for m in matches]
    additions = [
        c.path for c in changes if c.operation == operation and c.side == "request" and c.opt_in
    ]
    covered = all(any(p == a or p.startswith(f"{a}.") for a in additions) for p in paths)
    return bool(paths) and all(paths) and covered


def _key(message: str) -> str:
    """Messages that differ only in the values they quote are one finding."""
    return re.sub(r"-?\d[\d.e+-]*|'[^']*'|\"[^\"]*\"", "#", message)


def _refusal_impact(direction: Direction, r: dict[str, Any], changes: list[Change]) -> str:
    if direction.old_client:
        return BREAKS_CALLERS
    op = r["operation"]
    if any(c.operation == op and c.side == "operation" and c.opt_in for c in changes):
        return EXPECTED  # an operation old servers do not have
    if r["status"] == 400 and _opt_in(op, r["message"], changes):
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
            op = r["operation"]
            if r.get("unparsed"):
                what = f"{status} answer not parsed"
                keep(Finding(direction.title, op, what, r["wire"], r["message"], broken))
                continue
            if (status is not None and 200 <= status < 300) or direction.is_state_answer(r):
                continue
            impact = _refusal_impact(direction, r, changes)
            text = f"{status} {r['message']}" if status else r["message"]
            example = r.get("wire", r["body"])
            keep(Finding(direction.title, op, "request refused", example, text, impact))
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
        extra = {"label": self.label, "breaking": self.breaking, "unconfirmed": unconfirmed}
        return asdict(self) | extra


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
    bumped = {"major": (major + 1, 0, 0), "minor": (major, minor + 1, 0)}
    bumped["patch"] = (major, minor, patch + 1)
    return ".".join(map(str, bumped[bump])) if bump in bumped else current
