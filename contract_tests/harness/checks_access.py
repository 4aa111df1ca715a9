"""Lifecycle checks of who may do what: other accounts, the concurrency limit, session tokens."""

from __future__ import annotations

import json

from heygen_streaming.spec_model import SecurityScheme

from .ledger import Session, unwrap
from .lifecycle import LifecycleContext, Skip, lifecycle_check

__all__ = [
    "concurrency_limit_holds",
    "other_account_isolated",
    "token_drives_only_its_session",
    "token_only_where_documented",
]

UNKNOWN = ("unknown-session",)
LIMIT = ("concurrency",)


@lifecycle_check("other_account_isolated", sessions=1, about=("session", "lists"))
def other_account_isolated(ctx: LifecycleContext) -> None:
    """A second account can neither see nor touch the first's sessions (unknown-session error)."""
    other = ctx.other
    if other is None:
        raise Skip("no second API key (--api-key-2 or HEYGEN_API_KEY_2): cross-account not checked")
    rules = ctx.rules
    session = ctx.open()
    for kind in ("active", "history"):
        lister = rules.lister(kind)
        if lister is not None:
            seen = ctx.call(lister, None, other)
            if session.id in str(seen.body):
                ctx.fail(lister.operation_id, "shows another account's session", seen)
    for op in filter(ctx.judges, rules.session_operations):
        exchange = ctx.call(op, session, other)
        if not ctx.refused_with(exchange, UNKNOWN):
            ctx.fail(
                op.operation_id,
                f"called by another account on this account's session: expected "
                f"{ctx.expected(UNKNOWN)} (as for a session that does not exist), "
                f"got {exchange.status}",
                exchange,
            )
    if not ctx.alive(session):
        ctx.ledger.mark_closed(session, "closed by the other account (a finding)")
        ctx.fail(
            rules.closing.operation_id if rules.closing else "?",
            "another account's calls closed this account's session",
        )


@lifecycle_check("concurrency_limit_holds", sessions=101, about=("creates",), alone=True)
def concurrency_limit_holds(ctx: LifecycleContext) -> None:
    """Opening sessions past the plan's limit is refused; stopping one frees a place."""
    limits = ctx.rules.concurrency
    if not limits:
        raise Skip("x-session-lifecycle declares no concurrent-sessions limit")
    creating = ctx.rules.creating
    assert creating is not None  # run_check only runs declared lifecycles
    opened: list[Session] = []
    refusal = None
    for _ in range(max(limits) + 1):
        try:
            opened.append(ctx.open())
        except Skip:
            refusal = ctx.caller.exchanges[-1]
            ctx.findings.pop()  # the refusal is what this check is after, not a finding yet
            break
    if refusal is None:
        ctx.fail(
            creating.operation_id,
            f"opened {len(opened)} concurrent sessions; the spec's limits are {list(limits)}",
            ctx.caller.exchanges[-1],
        )
        return
    # Others may share the account (a served mock under parallel units): count what is open.
    open_now = _open_count(ctx) or len(opened)
    if not ctx.refused_with(refusal, LIMIT) or not any(open_now >= n for n in limits):
        ctx.fail(
            creating.operation_id,
            f"refused a session with {refusal.status} while {open_now} were open: expected "
            f"{ctx.expected(LIMIT)} once one of {list(limits)} sessions are open",
            refusal,
        )
        return
    ctx.ledger.stop(opened[0])
    if ctx.ledger.still_listed([opened[0]]):
        return  # run_check reports the stopped session still listed
    try:
        ctx.open()
    except Skip:
        ctx.findings[-1:] = []
        ctx.fail(
            creating.operation_id,
            f"still refused after one of the {len(opened)} sessions was stopped: a stopped "
            "session keeps counting against the limit",
            ctx.caller.exchanges[-1],
        )


def _open_count(ctx: LifecycleContext) -> int | None:
    """How many sessions the active list shows for the account (None: no usable list)."""
    lister = ctx.rules.lister("active")
    if lister is None:
        return None
    listed = ctx.call(lister, None)
    return json.dumps(listed.body).count(f'"{ctx.rules.session_field}"') if listed.ok else None


def _token_schemes(ctx: LifecycleContext) -> list[SecurityScheme]:
    """The schemes a session token goes under: every used scheme but the API key's."""
    used = {s for op in ctx.model.operations for alt in op.security for s in alt}
    return [s for s in ctx.model.security_schemes.values() if s.type != "apiKey" and s in used]


def _token(ctx: LifecycleContext) -> str | None:
    """A fresh session token from the issuing operation (a finding if none comes)."""
    issuer = ctx.rules.token_issuer
    if issuer is None:
        raise Skip("no operation is marked x-lifecycle issues-token: true")
    issued = ctx.call(issuer, None)
    data = unwrap(ctx.rules, issuer.operation_id, issued.body) if issued.ok else None
    token = data.get(ctx.rules.token_field) if isinstance(data, dict) else None
    if not isinstance(token, str):
        ctx.fail(
            issuer.operation_id, f"issued no {ctx.rules.token_field!r} ({issued.status})", issued
        )
        return None
    ctx.caller.secrets = (*ctx.caller.secrets, token)
    return token


@lifecycle_check("token_only_where_documented", sessions=0, about=("key-only",))
def token_only_where_documented(ctx: LifecycleContext) -> None:
    """A session token is refused by every operation whose security does not list its scheme."""
    token = _token(ctx)
    if token is None:
        return
    for scheme in _token_schemes(ctx):
        bearer = ctx.caller.account("session token", token, scheme.name)
        for op in filter(ctx.judges, ctx.model.operations):
            if any(scheme in alt for alt in op.security) or not op.security:
                continue
            exchange = ctx.call(op, None, bearer)
            if exchange.ok:
                ctx.fail(
                    op.operation_id,
                    f"accepted a session token ({scheme.name}), which its security does not "
                    f"list (only {', '.join(s.name for alt in op.security for s in alt)})",
                    exchange,
                )


@lifecycle_check("token_drives_only_its_session", sessions=2, about=("session",))
def token_drives_only_its_session(ctx: LifecycleContext) -> None:
    """With token-scope session, a token's session calls on another session of its account get
    the unknown-session answer, and the session stays open."""
    schemes = _token_schemes(ctx)
    if ctx.rules.lc.token_scope != "session" or not schemes:  # noqa: S105 - a rule name
        raise Skip("x-session-lifecycle token-scope is not session, or no token scheme is used")
    token = _token(ctx)
    if token is None:
        return
    bearer = ctx.caller.account("session token", token, schemes[0].name)
    own, other = ctx.open(bearer), ctx.open()
    for op in filter(ctx.judges, ctx.rules.session_operations):
        if not any(schemes[0] in alt for alt in op.security):
            continue
        exchange = ctx.call(op, other, bearer)
        if not ctx.refused_with(exchange, UNKNOWN):
            ctx.fail(
                op.operation_id,
                f"a token of session {own.id} called it on another session of its account: "
                f"expected {ctx.expected(UNKNOWN)}, got {exchange.status}",
                exchange,
            )
    if not ctx.alive(other):
        ctx.ledger.mark_closed(other, "closed by another session's token (a finding)")
        ctx.fail(ctx.check, "another session's token closed this session")
