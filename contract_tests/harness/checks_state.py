"""Lifecycle checks of the session state machine: wrong-state calls, and a stopped session.

The states, each operation's `requires`/`moves-to`/`closes`/`speaks`/`requires-silent`, and the
documented errors all come from the spec (`harness.rules`).
"""

from __future__ import annotations

from .ledger import Session
from .lifecycle import LifecycleContext, Skip, lifecycle_check

__all__ = ["closed_session_refuses_everything", "wrong_state_refused"]

WRONG_STATE = ("wrong-state",)
GONE = ("wrong-state", "unknown-session")


def _probe_state(ctx: LifecycleContext, session: Session, state: str) -> None:
    """Every operation the spec forbids in `state` must be refused with the wrong-state error."""
    for op in ctx.rules.session_operations:
        if ctx.rules.allowed_in(op, state) or op.lifecycle.get("closes"):
            continue
        exchange = ctx.call(op, session)
        if not ctx.refused_with(exchange, WRONG_STATE):
            ctx.fail(
                op.operation_id,
                f"called on a session in state {state!r}, which its x-lifecycle requires "
                f"{op.lifecycle.get('requires')} excludes: expected {ctx.expected(WRONG_STATE)}, "
                f"got {exchange.status}",
                exchange,
            )


def _probe_talking(ctx: LifecycleContext, session: Session, state: str) -> None:
    """While the avatar talks, the operations that need silence must be refused."""
    rules = ctx.rules
    speaker = next((op for op in rules.with_rule("speaks") if rules.allowed_in(op, state)), None)
    quiet = [op for op in rules.with_rule("requires-silent") if rules.allowed_in(op, state)]
    if speaker is None or not quiet:
        return
    spoke = ctx.call(speaker, session)
    if not spoke.ok:
        ctx.fail(speaker.operation_id, f"refused in state {state!r} ({spoke.status})", spoke)
        return
    for op in quiet:
        exchange = ctx.call(op, session)
        if not ctx.refused_with(exchange, WRONG_STATE):
            ctx.fail(
                op.operation_id,
                f"called while the avatar talks (after {speaker.operation_id}), which its "
                f"x-lifecycle requires-silent forbids: expected {ctx.expected(WRONG_STATE)}, "
                f"got {exchange.status}",
                exchange,
            )
    silencer = next(rules.with_rule("silences"), None)
    if silencer is not None:
        ctx.call(silencer, session)


@lifecycle_check("wrong_state_refused", sessions=1)
def wrong_state_refused(ctx: LifecycleContext) -> None:
    """A call in a state its x-lifecycle `requires` excludes is refused with the documented error.

    One session walks the reachable states in order (a refused call changes no state); a state
    off that walk gets a session of its own, within the budget.
    """
    rules = ctx.rules
    reachable = [
        (state, steps)
        for state in rules.states
        if state != rules.closed and (steps := rules.path_to(state)) is not None
    ]
    reachable.sort(key=lambda item: len(item[1]))
    session: Session | None = None
    walked: list[str] = []
    for state, steps in reachable:
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


@lifecycle_check("closed_session_refuses_everything", sessions=1)
def closed_session_refuses_everything(ctx: LifecycleContext) -> None:
    """After the closing operation (stop) the session refuses every call and is no longer listed."""
    rules = ctx.rules
    closing = rules.closing
    if closing is None:
        raise Skip("the spec has no operation with x-lifecycle closes: true")
    where = next((s for s in rules.states if rules.allowed_in(closing, s)), None)
    if where is None:
        raise Skip(f"{closing.operation_id} is allowed in no state")
    session = ctx.open()
    if not ctx.drive(session, where):
        return
    stopped = ctx.ledger.stop(session)
    if stopped is None or not stopped.ok:
        ctx.fail(closing.operation_id, "refused to close an open session", stopped)
        return
    for op in rules.session_operations:
        if rules.allowed_in(op, rules.closed):  # e.g. a repeated stop, safe by the spec
            continue
        exchange = ctx.call(op, session)
        if not ctx.refused_with(exchange, GONE):
            ctx.fail(
                op.operation_id,
                f"accepted on a session closed by {closing.operation_id}: expected "
                f"{ctx.expected(GONE)}, got {exchange.status}",
                exchange,
            )
    if ctx.listed(session):
        lister = rules.lister("active")
        name = lister.operation_id if lister else "?"
        ctx.fail(name, f"still lists the session closed by {closing.operation_id}")
