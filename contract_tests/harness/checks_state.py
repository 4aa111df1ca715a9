"""Lifecycle checks of the session state machine: wrong-state calls, a stopped session, lists.

The states, each operation's `x-lifecycle` roles and the documented errors come from the spec.
"""

from __future__ import annotations

import math
from typing import Any

from heygen_streaming.spec_model import Operation

from .ledger import Session
from .lifecycle import LifecycleContext, Skip, lifecycle_check
from .rules import LISTED

__all__ = [
    "active_list_shows_each_state",
    "closed_session_refuses_everything",
    "history_holds_closed_sessions",
    "wrong_state_refused",
]

WRONG_STATE = ("wrong-state",)


def _probe_state(ctx: LifecycleContext, session: Session, state: str) -> None:
    """Every operation the spec forbids in `state` must be refused with the wrong-state error."""
    for op in filter(ctx.judges, ctx.rules.session_operations):
        if ctx.rules.allowed_in(op, state) or op.lifecycle.closes:
            continue
        why = f"called in state {state!r}, which its requires {op.lifecycle.requires} excludes"
        ctx.refuses(op, ctx.call(op, session), WRONG_STATE, why)


def _probe_talking(ctx: LifecycleContext, session: Session, state: str) -> None:
    """While the avatar talks, the operations that need silence must be refused."""
    rules = ctx.rules
    speaker = next((op for op in rules.with_rule("speaks") if rules.allowed_in(op, state)), None)
    silent = filter(ctx.judges, rules.with_rule("requires-silent"))
    quiet = [op for op in silent if rules.allowed_in(op, state)]
    text = rules.text_field(speaker) if speaker is not None else None
    per_second = rules.lc.talk_words_per_second
    if speaker is None or not quiet or text is None or per_second is None:
        return
    # Without a clock that stands still, the talk must outlast the calls racing it: 20 round
    # trips, at least 5 s, at the spec's talk-words-per-second.
    talk = max(5.0, 20 * max((e.elapsed for e in ctx.caller.exchanges[-5:]), default=0.0))
    fields: dict[str, Any] = {text: " ".join(["word"] * math.ceil(talk * per_second))}
    spoke = ctx.call(speaker, session, None, **fields)
    if not spoke.ok:
        ctx.fail(speaker, f"refused in state {state!r} ({spoke.status})", spoke)
        return
    for op in quiet:
        exchange = ctx.call(op, session)
        answered = exchange.sent_at + exchange.elapsed - spoke.sent_at
        if not ctx.refused_with(exchange, WRONG_STATE) and answered >= talk:
            ctx.notes.append(
                f"{op.operation_id} while talking not judged: answered {answered:.1f} s after "
                f"{speaker.operation_id}, whose talk lasts {talk:.1f} s (margin too small)"
            )
        else:
            why = f"called while the avatar talks (after {speaker.operation_id}): requires-silent"
            ctx.refuses(op, exchange, WRONG_STATE, why)
    silencer = next(rules.with_rule("silences"), None)
    if silencer is not None:
        ctx.call(silencer, session)


@lifecycle_check("wrong_state_refused", sessions=1, about=("requires", "requires-silent"))
def wrong_state_refused(ctx: LifecycleContext) -> None:
    """A call in a state its x-lifecycle `requires` excludes is refused with the documented error.

    One session walks the reachable states in order (a refused call changes no state); a state
    off that walk gets a session of its own, within the budget.
    """
    session: Session | None = None
    walked: list[str] = []
    for state in ctx.rules.reachable():
        steps = ctx.rules.path_to(state) or []
        names = [op.operation_id for op in steps]
        if session is None or names[: len(walked)] != walked:
            if session is not None:
                ctx.ledger.stop(session)
            session, walked = ctx.open(), []
        for op in steps[len(walked) :]:
            exchange = ctx.call(op, session)
            if not exchange.ok:
                ctx.fail(op.operation_id, f"refused on the way to {state!r}", exchange)
                return
        walked = names
        _probe_state(ctx, session, state)
        _probe_talking(ctx, session, state)


@lifecycle_check("closed_session_refuses_everything", sessions=1, about=("session",))
def closed_session_refuses_everything(ctx: LifecycleContext) -> None:
    """A stop on the furthest state closes the session: it leaves the active list, every call is
    refused with the wrong-state error, and a repeatable call (stop) still succeeds."""
    rules, closing = ctx.rules, ctx.rules.closing
    if closing is None:
        raise Skip("the spec has no operation with x-lifecycle closes: true")
    where = next((s for s in reversed(rules.reachable()) if rules.allowed_in(closing, s)), None)
    if where is None:
        raise Skip(f"{closing.operation_id} is allowed in no reachable state")
    session = ctx.open()
    if not ctx.drive(session, where):
        return
    stopped = ctx.ledger.stop(session)
    if stopped is None or not stopped.ok:
        ctx.fail(closing, f"refused to close a session in state {where!r}", stopped)
        return
    if ctx.listed(session):
        lister = rules.lister("active")
        why = f"still lists the {where!r} session {closing.operation_id} closed"
        ctx.fail(lister.op if lister else None, why)
    for op in filter(ctx.judges, rules.session_operations):
        exchange = ctx.call(op, session)
        if rules.allowed_in(op, rules.closed):  # repeatable: a retried stop must not fail
            if not exchange.ok:
                why = "refused on a closed session, which its requires allows (safe to repeat)"
                ctx.fail(op, f"{why}: {exchange.status}", exchange)
        else:
            why = f"called on a session closed by {closing.operation_id}"
            ctx.refuses(op, exchange, WRONG_STATE, why)


def _largest_page(op: Operation) -> dict[str, int]:
    """Each integer query parameter with a maximum, at it: the fewest pages to read."""
    return {
        p.name: int(p.schema["maximum"])
        for p in op.parameters
        if p.location == "query" and isinstance(p.schema.get("maximum"), int)
    }


@lifecycle_check("active_list_shows_each_state", sessions=2, about=("lists",))
def active_list_shows_each_state(ctx: LifecycleContext) -> None:
    """The active list (x-lifecycle lists: active) shows a session in each state it is in."""
    lister = ctx.rules.lister("active")
    if lister is None:
        raise Skip("no operation lists the active sessions (x-lifecycle lists: active, filtered)")
    for state in ctx.rules.reachable():
        session = ctx.open()
        if not ctx.drive(session, state):
            return
        seen = ctx.call(lister.op, None, session.account, params=lister.params)
        shown = lister.state(seen.body, session.id) if seen.ok else None
        if shown not in (state, LISTED):
            ctx.fail(lister.op, f"shows a session in state {state!r} as {shown or 'absent'}", seen)


@lifecycle_check("history_holds_closed_sessions", sessions=1, about=("lists",))
def history_holds_closed_sessions(ctx: LifecycleContext) -> None:
    """The history list (x-lifecycle lists: history) shows a stopped session, as closed."""
    history, closing = ctx.rules.lister("history"), ctx.rules.closing
    if history is None or closing is None:
        raise Skip("no operation lists closed sessions (lists: history, filtered), or none closes")
    session = ctx.open()
    stopped = ctx.ledger.stop(session)
    if stopped is None or not stopped.ok:
        ctx.fail(closing, "refused to close a new session", stopped)
        return
    params = {**_largest_page(history.op), **history.params}
    seen = ctx.call(history.op, None, session.account, params=params)
    shown = history.state(seen.body, session.id) if seen.ok else None
    if shown not in (ctx.rules.closed, LISTED):
        why = f"shows a session {closing.operation_id} closed as {shown or 'absent'}"
        ctx.fail(history.op, f"{why}, expected {ctx.rules.closed!r}", seen)
