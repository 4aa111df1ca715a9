"""Lifecycle checks of who may do what: other accounts, the concurrency limit, session tokens."""

from __future__ import annotations

from heygen_streaming.spec_model import Operation, SecurityScheme

from .caller import Exchange
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
    session = ctx.open()
    for lister in filter(None, map(ctx.rules.lister, ("active", "history"))):
        seen = ctx.call(lister.op, None, other, params=lister.params)
        if lister.shows(seen.body, session.id):
            ctx.fail(lister.op, "shows another account's session", seen)
    for op in filter(ctx.judges, ctx.rules.session_operations):
        if not any(other.scheme in alt for alt in op.security):
            continue  # only a session's own token may call it: another account has none
        why = "called by another account on this account's session (as if it did not exist)"
        ctx.refuses(op, ctx.call(op, session, other), UNKNOWN, why)
    if not ctx.alive(session):
        ctx.ledger.mark_closed(session, "closed by the other account (a finding)")
        ctx.fail(ctx.rules.closing, "another account's calls closed this account's session")


def _through_limited(ctx: LifecycleContext, limited: Operation) -> Session | Exchange:
    """A new session taken through the `limited` operation; its refusal's exchange if refused."""
    if limited.lifecycle.creates:
        try:
            return ctx.open()
        except Skip:
            ctx.findings.pop()  # the refusal is what the check is after, not a finding yet
            return ctx.caller.exchanges[-1]
    session = ctx.open()
    for op in ctx.rules.path_to(str(limited.lifecycle.moves_to)) or ():
        exchange = ctx.call(op, session)
        if not exchange.ok:
            return exchange
    return session


@lifecycle_check("concurrency_limit_holds", sessions=101, about=("limited",), alone=True)
def concurrency_limit_holds(ctx: LifecycleContext) -> None:
    """Taking sessions through the limited operation past the plan's limit is refused; stopping
    one frees a place."""
    limits = sorted(set(ctx.rules.lc.concurrent_sessions.values()))
    limited = next(ctx.rules.with_rule("limited"), None)
    if not limits or limited is None:
        raise Skip("x-session-lifecycle states no concurrent-sessions, or no operation is limited")
    if not limited.lifecycle.creates and ctx.rules.path_to(str(limited.lifecycle.moves_to)) is None:
        raise Skip(f"{limited.operation_id} moves a session to no reachable state")
    opened: list[Session] = []
    for _ in range(max(limits) + 1):
        found = _through_limited(ctx, limited)
        if not isinstance(found, Session):
            break
        opened.append(found)
    else:
        ctx.fail(limited, f"took {len(opened)} sessions through it; the limits are {limits}")
        return
    # Others may share the account (a served mock under parallel units): count what is open.
    open_now = _open_count(ctx) or len(opened)
    if not ctx.refused_with(found, LIMIT) or not any(open_now >= n for n in limits):
        why = f"refused a session with {found.status} while {open_now} were open"
        ctx.fail(limited, f"{why}: expected {ctx.expected(LIMIT)} once {limits} are", found)
        return
    if not opened:
        return  # the account was full already (others' sessions): no place of ours to free
    ctx.ledger.stop(opened[0])
    if ctx.ledger.still_listed([opened[0]]):
        return  # run_check reports the stopped session still listed
    again = _through_limited(ctx, limited)
    if not isinstance(again, Session):
        why = f"still refused after one of the {len(opened)} sessions was stopped"
        ctx.fail(limited, f"{why}: a stopped session keeps counting against the limit", again)


def _open_count(ctx: LifecycleContext) -> int | None:
    """How many sessions the active list shows for the account (None: no usable list)."""
    lister = ctx.rules.lister("active")
    if lister is None:
        return None
    listed = ctx.call(lister.op, None, params=lister.params)
    return len(list(lister.entries(listed.body))) if listed.ok else None


def _token_schemes(ctx: LifecycleContext) -> list[SecurityScheme]:
    """The schemes a session token goes under: every used scheme but the API key's."""
    used = {s for op in ctx.model.operations for alt in op.security for s in alt}
    return [s for s in ctx.model.security_schemes.values() if s.type != "apiKey" and s in used]


def _token(ctx: LifecycleContext) -> tuple[str | None, Session | None]:
    """A fresh session token, and its session when the issuing operation also creates one (the
    token is bound to it): a finding if no token comes."""
    issuer = next(ctx.rules.with_rule("issues-token"), None)
    if issuer is None:
        raise Skip("no operation is marked x-lifecycle issues-token: true")
    if issuer.lifecycle.creates:
        session = ctx.open()
        if session.token is None:
            ctx.fail(issuer, f"issued no {ctx.rules.token_field!r} with the session")
        return session.token, session
    issued = ctx.call(issuer, None)
    data = unwrap(ctx.rules, issuer.operation_id, issued.body) if issued.ok else None
    token = data.get(ctx.rules.token_field) if isinstance(data, dict) else None
    if not isinstance(token, str):
        ctx.fail(issuer, f"issued no {ctx.rules.token_field!r} ({issued.status})", issued)
        return None, None
    ctx.caller.secrets = (*ctx.caller.secrets, token)
    return token, None


@lifecycle_check("token_only_where_documented", sessions=0, about=("key-only",))
def token_only_where_documented(ctx: LifecycleContext) -> None:
    """A session token is refused by every operation whose security does not list its scheme."""
    token, _ = _token(ctx)
    if token is None:
        return
    for scheme in _token_schemes(ctx):
        bearer = ctx.caller.account("session token", token, scheme.name)
        for op in filter(ctx.judges, ctx.model.operations):
            if any(scheme in alt for alt in op.security) or not op.security:
                continue
            exchange = ctx.call(op, None, bearer)
            if exchange.ok:
                listed = ", ".join(s.name for alt in op.security for s in alt)
                why = f"accepted a session token ({scheme.name}), which its security does not list"
                ctx.fail(op, f"{why} (only {listed})", exchange)


@lifecycle_check("token_drives_only_its_session", sessions=2, about=("session",))
def token_drives_only_its_session(ctx: LifecycleContext) -> None:
    """With token-scope session, a token's session calls on another session of its account get
    the unknown-session answer, and the session stays open."""
    schemes = _token_schemes(ctx)
    if ctx.rules.lc.token_scope != "session" or not schemes:  # noqa: S105 - a rule name
        raise Skip("x-session-lifecycle token-scope is not session, or no token scheme is used")
    token, own = _token(ctx)
    if token is None:
        return
    bearer = ctx.caller.account("session token", token, schemes[0].name)
    own, other = own or ctx.open(bearer), ctx.open()
    for op in filter(ctx.judges, ctx.rules.session_operations):
        if not any(schemes[0] in alt for alt in op.security):
            continue
        why = f"a token of session {own.id} called it on another session of its account"
        ctx.refuses(op, ctx.call(op, other, bearer), UNKNOWN, why)
    if not ctx.alive(other):
        ctx.ledger.mark_closed(other, "closed by another session's token (a finding)")
        ctx.fail(ctx.check, "another session's token closed this session")
