"""The `creates` role's work: a new session. What it needs of the spec is read once: deprecated
fields and their new names, and each operation's generated data; the request fields a list shows
(the only ones a session keeps) come from the lists (listing.py).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from heygen_streaming.lifecycle import SessionLifecycle, need

from .generate import generate
from .listing import Lists, kept
from .profiles import replacement_of
from .roles import Call
from .store import Session
from .wire import Checked, Reply

if TYPE_CHECKING:
    from .auth import Account
    from .core import MockCore
    from .router import Route

__all__ = ["SessionWork"]


def _idle(rules: SessionLifecycle, request: Mapping[str, Any]) -> float | None:
    """A new session's idle timeout (s): the request's `idle-timeout.field`, else its default;
    None when the request's `disable-field` is true, or the spec states no idle timeout."""
    rule = rules.idle_timeout
    if rule is None or (rule.disable_field and request.get(rule.disable_field) is True):
        return None
    given = request.get(rule.field) if rule.field else None
    return float(given) if isinstance(given, int | float) else rule.default


class SessionWork:
    """`behave(...)` for one mock: the `x-lifecycle` handlers, `create` and `lists`."""

    def __init__(self, core: MockCore, custom_data: bool) -> None:
        self.core = core
        self.custom_data = custom_data  # a `session_data` hook: its data goes out as made
        routes = core.router.routes.values()
        self.lists = Lists(core)
        # Per operation: the data generated from its schema (a copy is sent), and each
        # (deprecated request field, the field that replaces it).
        self.base = {id(route): generate(route.data_schema) for route in routes}
        self.renames: dict[int, list[tuple[str, str]]] = {}
        for route in routes:
            props = (route.exact_schema or {}).get("properties") or {}
            self.renames[id(route)] = [
                (str(name), instead)
                for name, prop in props.items()
                if isinstance(prop, Mapping) and prop.get("deprecated") is True
                for instead in [replacement_of(prop)]
                if instead and instead in props
            ]

    def create(self, call: Call) -> Reply | None:
        """The `creates` role: a new session of the caller's account (within its concurrency
        when the operation is `limited`); a session token it was called with is bound to it."""
        core, rules, route, account = self.core, self.core.rules, call.route, call.account
        if account.token is not None and core.store.token_session(account.token) is not None:
            message = "Unauthorized: this session token has already opened its session"
            return call.error("unauthenticated", message)
        request = dict(call.body)
        for old, new in self.renames.get(id(route), ()):
            if old in request and request.get(new) is None:
                request[new] = request[old]  # the chosen avatar is not lost
        session_id, duration = self._data(call, request)
        limited = bool(route.lifecycle.limited)
        session = Session(
            session_id, account.owner, rules.initial, call.now, _idle(rules.spec, request),
            duration or None, last_activity=call.now, counted=limited,
            facts=kept(request, self.lists.creating),
        )  # fmt: skip
        limit = core.limit(account) if limited else None
        if not core.store.create(session, limit, call.now):
            message = (
                f"Concurrent session limit reached: this {core.plan(account)} key already has "
                f"{limit} open sessions; stop one first"
            )
            return call.error("concurrency", message)
        call.created = session_id
        if account.token is not None:
            core.store.bind_token(account.token, session_id)
        return None

    def _data(self, call: Call, request: dict[str, Any]) -> tuple[str, float]:
        """The session's data, in `call.data`: (its id, its duration limit: the request's,
        else the made data's, else the spec's default; 0 for none)."""
        core, rules, route = self.core, self.core.rules, call.route
        made = core.session_data(request, call.account.profile)
        if self.custom_data:  # a hook's data goes out as it made it (broken variants)
            data = dict(made)
        else:  # the realistic fields the schema declares, on data generated from it
            base = self.base[id(route)]
            data = dict(base) if isinstance(base, dict) else {}
            data.update((k, v) for k, v in made.items() if k in route.data_props)
        session_id = str(made.get(rules.session_id) or core.factory.ident())
        if not self.custom_data and rules.session_id in route.data_props:
            data[rules.session_id] = session_id
        call.data = data
        rule = rules.spec.duration_limit
        field = rule.field if rule is not None else None
        found = [request.get(field), made.get(field)] if field else []
        found.append(rule.default if rule is not None else None)
        limit = next((v for v in found if isinstance(v, int | float)), 0)
        if field in route.data_props and not self.custom_data:
            data[field] = limit  # the answer says what the session got
        return session_id, float(limit)

    def behave(self, route: Route, checked: Checked, account: Account) -> Reply:
        """What the operation's `x-lifecycle` handlers make of the request (roles.py)."""
        core, behaviour = self.core, route.behaviour
        call = Call(core, route, account, checked.body, checked.query, core.clock.now())
        call.path = checked.path
        if behaviour.targets_session:
            wanted = self._named(call)
            if isinstance(wanted, Reply):
                return wanted
            act = functools.partial(self._drive, call, wanted)
            error = core.store.act(wanted, call.now, act)
            if error is not None:
                return error
        for action in behaviour.actions:
            failed: Reply | None = action(call)
            if failed is not None:
                return failed
        return route.render(call.facts, call.data)

    def _named(self, call: Call) -> str | Reply:
        """The session the request names, in the places its `session-from` lists (the Bearer
        token's own session, the body's `session-id` field, the path parameter of that name):
        all present must agree, else `unknown-session`; none present is `no-session`."""
        places = need(call.route.lifecycle.session_from, "session-from")
        key, token = self.core.rules.session_id, call.account.token
        named = [
            str(value)[:100]
            for place, value in (
                ("path", call.path.get(key)),
                ("body", call.body.get(key)),
                ("token", None if token is None else self.core.store.token_session(token)),
            )
            if place in places and value is not None
        ]
        if not named:
            where = " or ".join(places)
            return call.error("no-session", f"{key}: no session is named (by the {where})")
        if len(set(named)) > 1:
            return call.error("unknown-session", f"Session not found: {named[0]}")
        return named[0]

    def _drive(self, call: Call, wanted: str, session: Session | None) -> Reply | None:
        core, token = self.core, call.account.token
        if (
            session is None
            or not core.owner_check(session, call.account)
            or (token is not None and core.store.token_session(token) != session.id)
        ):
            # The same answer for a session of another account, or of another token, as for
            # none at all.
            return call.error("unknown-session", f"Session not found: {wanted}")
        call.facts[core.rules.session_id] = session.id  # where the answer declares it
        behaviour = call.route.behaviour
        for guard in behaviour.guards:
            refused: Reply | None = guard(call, session)
            if refused is not None:
                return refused
        for effect in behaviour.effects:
            effect(call, session)
        if call.route.lifecycle.limited:
            session.counted = True  # from now on it counts against the account's limit
        limit = core.rules.spec.duration_limit
        if limit is not None and limit.field and session.duration_limit is not None:
            call.facts[limit.field] = round(session.duration_limit)  # echoed where declared
        return None
