"""Lifecycle checks of time: idle sessions close, activity keeps them open, the duration limit.

They need time to pass: the target's controllable clock when it has one (the mock's
`/__mock__/clock`), else real waits up to `--lifecycle-real-wait` seconds in all (the run
states which). The session asks for the smallest idle timeout the spec allows.
"""

from __future__ import annotations

from typing import Any

from heygen_streaming.spec_model import Operation

from .ledger import Session, unwrap
from .lifecycle import LifecycleContext, Skip, lifecycle_check

__all__ = ["activity_keeps_session_alive", "duration_limit_enforced", "idle_session_expires"]


def _idle_session(ctx: LifecycleContext) -> tuple[int, dict[str, Any]]:
    idle = ctx.rules.lc.idle_timeout
    if idle is None:
        raise Skip("x-session-lifecycle declares no idle-timeout")
    shortest, _ = ctx.rules.idle_bounds()
    if not ctx.clock.can_pass(shortest * 1.5):
        raise Skip(
            f"needs {shortest * 1.5:g} s to pass: the target has no controllable clock and "
            f"--lifecycle-real-wait allows {ctx.clock.real_wait_max:g} s"
        )
    fields: dict[str, Any] = {idle.field: shortest} if idle.field else {}  # none: fixed
    if idle.disable_field:
        fields[idle.disable_field] = False
    ctx.notes.append(f"idle timeout {shortest} s, time from {ctx.clock.label}")
    return shortest, fields


def _first_state_allowing(ctx: LifecycleContext, op: Operation) -> str | None:
    return next((s for s in ctx.rules.reachable() if ctx.rules.allowed_in(op, s)), None)


@lifecycle_check("idle_session_expires", sessions=1, about=("creates",), alone=True)
def idle_session_expires(ctx: LifecycleContext) -> None:
    """A session with no activity for longer than its idle timeout is closed by the server.

    The session is first taken to the state the activity operations need (started): whether
    the timer runs before that, the sources do not say.
    """
    timeout, fields = _idle_session(ctx)
    activity = next(ctx.rules.with_rule("activity"), None)
    state = _first_state_allowing(ctx, activity) if activity is not None else None
    session = ctx.open(**fields)
    if state is not None and not ctx.drive(session, state):
        return
    if not ctx.alive(session):
        ctx.fail(ctx.check, "a session just opened is not open")
        return
    ctx.clock.advance(timeout * 1.5)
    if ctx.alive(session):
        why = f"still open after {timeout * 1.5:g} s idle with an idle timeout of {timeout} s"
        ctx.fail(ctx.rules.creating, why)
    else:
        ctx.ledger.mark_closed(session, "closed by the server (idle timeout)")


def _kept_alive(ctx: LifecycleContext, timeout: int, fields: dict[str, Any], op: Operation) -> None:
    state = _first_state_allowing(ctx, op)
    if state is None:
        raise Skip(f"{op.operation_id} is allowed in no reachable state")
    session: Session = ctx.open(**fields)
    if not ctx.drive(session, state):
        return
    # Two steps of 3/4 of the timeout: idle 1.5 x the timeout in all, never a whole one in a row.
    ctx.clock.advance(timeout * 0.75)
    exchange = ctx.call(op, session)
    if not exchange.ok:
        ctx.fail(op, f"refused on an open session ({exchange.status})", exchange)
        return
    ctx.clock.advance(timeout * 0.75)
    if not ctx.alive(session):
        ctx.ledger.mark_closed(session, "closed by the server (idle timeout)")
        why = f"the session closed {timeout * 0.75:g} s after it, with an idle timeout of"
        ctx.fail(op, f"did not reset the idle timer: {why} {timeout} s (activity: true)", exchange)


@lifecycle_check("activity_keeps_session_alive", sessions=3, about=("activity",), alone=True)
def activity_keeps_session_alive(ctx: LifecycleContext) -> None:
    """Each operation marked x-lifecycle activity (keep_alive, task) resets the idle timer."""
    timeout, fields = _idle_session(ctx)
    ops = list(filter(ctx.judges, ctx.rules.with_rule("activity")))
    if not ops:
        raise Skip("no operation is marked x-lifecycle activity: true")
    for op in ops:
        _kept_alive(ctx, timeout, fields, op)


@lifecycle_check("duration_limit_enforced", sessions=1, about=("creates",), alone=True)
def duration_limit_enforced(ctx: LifecycleContext) -> None:
    """A started session closes once the duration limit its opening answer states has passed.

    The idle timeout is turned off (its disable-field) so that only the limit can close it.
    """
    lc, creating = ctx.rules.lc, ctx.rules.creating
    name = lc.duration_limit.field if lc.duration_limit else None
    disable = lc.idle_timeout.disable_field if lc.idle_timeout else None
    # started: the nearest state a session moves to (the limit counts from it)
    started = next(iter(ctx.rules.reachable()[1:]), None)
    if name is None or creating is None or not disable or started is None:
        raise Skip(
            "x-session-lifecycle declares no duration-limit field, no idle disable-field "
            "or no started state"
        )
    session = ctx.open(None, **{disable: True})
    opened = next(e for e in reversed(ctx.caller.exchanges) if e.operation == creating.operation_id)
    data = unwrap(ctx.rules, creating.operation_id, opened.body)
    limit = data.get(name) if isinstance(data, dict) else None
    if not isinstance(limit, int | float) or isinstance(limit, bool):
        raise Skip(f"{creating.operation_id} states no {name} for the session")
    if not ctx.clock.can_pass(limit + 1):
        raise Skip(f"needs {limit + 1:g} s to pass: no controllable clock, --lifecycle-real-wait")
    if not ctx.drive(session, started):
        return
    ctx.clock.advance(limit + 1)
    if ctx.alive(session):
        ctx.fail(creating, f"still open {limit + 1:g} s after start, past {name}={limit}")
    else:
        ctx.ledger.mark_closed(session, "closed by the server (duration limit)")
