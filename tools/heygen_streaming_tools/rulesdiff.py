"""The session rules (the spec model's typed lifecycle), compared: structurally, and by the
wrong-state answers of the round trip.

Who must do more decides the grade. A rule that lets callers do less (fewer states accepted, no
longer `x-idempotent`, a lower limit, a shorter timeout, another error answer, a changed role)
breaks callers. A state newly accepted is an addition callers opt into; a raised limit, a longer
timeout or a newly `x-idempotent` call are promises old servers do not keep: "needs servers".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from heygen_streaming.lifecycle import OperationLifecycle, SessionLifecycle
from heygen_streaming.spec_model import Operation, SpecModel

from .plan import prepared
from .verdict import (
    BREAKING,
    BREAKS_CALLERS,
    BREAKS_SERVERS,
    COMPATIBLE,
    EXPECTED,
    NEEDS_SERVERS,
    Change,
    Direction,
    Finding,
)

__all__ = ["diff_rules", "state_rises"]

_ROOT = "x-session-lifecycle"
_OP = "x-lifecycle"


def _change(op: str, side: str, path: str, what: str, impact: str, opt_in: bool = False) -> Change:
    return Change(op, side, path, what, impact, "major" if impact in BREAKING else "minor", opt_in)


def _number(op: str, path: str, old: float | None, new: float | None) -> Iterator[Change]:
    """A limit or a timeout: lower breaks callers, higher needs servers that grant it."""
    if old is None or new is None or old == new:
        return
    lower = new < old
    what = f"{'lowered' if lower else 'raised'} {old:g} -> {new:g}"
    yield _change(op, _ROOT, path, what, BREAKS_CALLERS if lower else NEEDS_SERVERS)


def _root(old: SessionLifecycle, new: SessionLifecycle, creating: str) -> Iterator[Change]:
    for plan in old.concurrent_sessions.keys() | new.concurrent_sessions.keys():
        was, now = old.concurrent_sessions.get(plan), new.concurrent_sessions.get(plan)
        path = f"concurrent-sessions.{plan}"
        if was is not None and now is None:
            yield _change(creating, _ROOT, path, "limit no longer stated", BREAKS_CALLERS)
        yield from _number(creating, path, was, now)
    idle = (old.idle_timeout, new.idle_timeout)
    duration = (old.duration_limit, new.duration_limit)
    for path, (before, after) in {"idle-timeout": idle, "duration-limit": duration}.items():
        defaults = (getattr(before, "default", None), getattr(after, "default", None))
        yield from _number(creating, f"{path}.default", *defaults)
    for kind in old.errors.keys() | new.errors.keys():
        was_error, now_error = old.errors.get(kind), new.errors.get(kind)
        if was_error != now_error and was_error is not None:
            # Callers tell a refusal by its status and code: another answer goes unrecognised.
            what = f"answered {was_error} -> {now_error or 'not stated'}"
            yield _change("", _ROOT, f"errors.{kind}", what, BREAKS_CALLERS)
    for key in ("session-id", "token-field", "initial", "closed", "token-scope"):
        before, after = (getattr(rules, key.replace("-", "_")) for rules in (old, new))
        if before != after:
            yield _change("", _ROOT, key, f"{before!r} -> {after!r}", BREAKS_CALLERS)


def _accepted(rule: OperationLifecycle, rules: SessionLifecycle) -> set[str]:
    """The states an operation accepts (`requires`; none stated: every open state)."""
    if rule.requires is not None:
        return set(rule.requires)
    return {s for s in rules.states or () if s != rules.closed}


def _operation(
    old: SpecModel, new: SpecModel, old_op: Operation, new_op: Operation
) -> Iterator[Change]:
    op, was, now = new_op.operation_id, old_op.lifecycle, new_op.lifecycle
    if was.requires is not None or now.requires is not None:
        before, after = _accepted(was, old.lifecycle), _accepted(now, new.lifecycle)
        for state in sorted(before - after):
            what = f"no longer accepts a session in state {state!r}"
            if state == old.lifecycle.closed and was.idempotent:
                what += " (a repeated call fails: it is x-idempotent, released clients repeat it)"
            yield _change(op, _OP, "requires", what, BREAKS_CALLERS)
        for state in sorted(after - before):
            if before <= after:  # a widening: callers use the new state only if they want to
                what = f"now also accepts a session in state {state!r}"
                yield _change(op, _OP, "requires", what, COMPATIBLE, opt_in=True)
            else:  # a move: new callers must use it, and old servers refuse it
                what = f"now accepts a session in state {state!r} instead"
                yield _change(op, _OP, "requires", what, BREAKS_SERVERS)
    if now.requires_silent and not was.requires_silent:
        what = "now refused while the avatar talks"
        yield _change(op, _OP, "requires-silent", what, BREAKS_CALLERS)
    elif was.requires_silent and not now.requires_silent:
        what = "now accepted while the avatar talks"
        yield _change(op, _OP, "requires-silent", what, COMPATIBLE, opt_in=True)
    if bool(was.idempotent) != bool(now.idempotent):
        if was.idempotent:
            what = "removed: released clients retry this call, which is no longer safe to repeat"
            yield _change(op, "x-idempotent", "", what, BREAKS_CALLERS)
        else:
            what = "added: the new client retries this call; old servers may not make it safe"
            yield _change(op, "x-idempotent", "", what, NEEDS_SERVERS)
    old_roles, new_roles = was.roles(), now.roles()
    for role in sorted((old_roles.keys() | new_roles.keys()) - {"requires", "requires-silent"}):
        before_role, after_role = old_roles.get(role), new_roles.get(role)
        if before_role == after_role:
            continue
        what = f"{_text(before_role)} -> {_text(after_role)}"
        # More activity only keeps sessions open longer; any other role changes what a call does.
        more = role == "activity" and after_role
        yield _change(op, _OP, role, what, NEEDS_SERVERS if more else BREAKS_CALLERS)


def _text(value: Any) -> str:
    return "not stated" if value is None else repr(value)


def diff_rules(
    old: SpecModel, new: SpecModel, pairs: list[tuple[Operation, Operation]]
) -> Iterator[Change]:
    """Every change of the session rules, old -> new (operations matched by method and path)."""
    creating = next((op.operation_id for op in new.operations if op.lifecycle.creates), "")
    yield from _root(old.lifecycle, new.lifecycle, creating)
    for old_op, new_op in pairs:
        yield from _operation(old, new, old_op, new_op)


def state_rises(
    direction: Direction, client: SpecModel, server: SpecModel, changes: list[Change]
) -> list[Finding]:
    """Wrong-state answers to calls made in a state the client's own rules accept: one finding
    per operation and state, naming how many came (the client's rules expect none there)."""
    wrong = server.lifecycle.errors.get("wrong-state")
    if wrong is None or wrong.code is None:  # a bare 400 cannot be told from a refused body
        return []
    runs: dict[str, list[dict[str, Any]]] = {}
    for r in direction.result["requests"]:
        runs.setdefault(r["operation"], []).append(r)
    widened = [c for c in changes if c.path == "requires" and c.opt_in]
    out = []
    for operation, requests in runs.items():
        op = client.operation(operation)
        state, _ = prepared(client, op)
        refused: dict[str, list[dict[str, Any]]] = {}
        for r in requests:
            if state is None:
                break
            if (r.get("status"), r.get("code")) == (wrong.status, wrong.code):
                if state in _accepted(op.lifecycle, client.lifecycle):
                    refused.setdefault(state, []).append(r)
            elif isinstance(r.get("status"), int) and 200 <= r["status"] < 300:
                closes = client.lifecycle.closed if op.lifecycle.closes else None
                state = closes or op.lifecycle.moves_to or state
        for at, answers in refused.items():
            opted = any(c.operation == operation and repr(at) in c.what for c in widened)
            impact = EXPECTED if opted else BREAKS_SERVERS
            impact = BREAKS_CALLERS if direction.old_client else impact
            message = (
                f"{len(answers)} wrong-state answer(s) ({wrong}) in state {at!r}, which the"
                f" client's x-lifecycle requires accepts (expected 0)"
            )
            example = answers[0].get("wire", answers[0].get("body"))
            out.append(
                Finding(direction.title, operation, "state refused", example, message, impact)
            )
    return out
