"""The stateful roles' work: creating a session (`creates`) and listing them (`lists`). What
they need of the spec is read once: the request fields a list shows (the only ones a session
keeps), deprecated fields and their new names, and each operation's generated data.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from heygen_streaming.lifecycle import SessionLifecycle

from .generate import generate
from .profiles import replacement_of
from .roles import Call
from .router import Route
from .store import Session
from .wire import Reply

if TYPE_CHECKING:
    from .core import MockCore

__all__ = ["SessionWork"]


def _token_of(page: int) -> str:
    return base64.b64encode(f"page{page}".encode()).decode()


def _page_of(token: str) -> int:
    try:
        text = base64.b64decode(token, validate=True).decode()
    except ValueError:
        return 1
    return int(text[4:]) if text.startswith("page") and text[4:].isdigit() else 1


def _list_target(route: Route) -> tuple[str | None, Any]:
    """Where a list goes: (property name or None for the unwrapped data itself, item schema)."""
    data = route.data_schema
    if isinstance(data, Mapping) and data.get("type") == "array":
        return None, data.get("items") or {}
    for schema in (data, route.response_schema):
        for name, prop in ((schema or {}).get("properties") or {}).items():
            if isinstance(prop, Mapping) and prop.get("type") == "array":
                return str(name), prop.get("items") or {}
    return None, {}


def _idle(rules: SessionLifecycle, request: Mapping[str, Any]) -> float | None:
    """A new session's idle timeout (s): the request's `idle-timeout.field`, else its default;
    None when the request's `disable-field` is true, or the spec states no idle timeout."""
    rule = rules.idle_timeout
    if rule is None or (rule.disable_field and request.get(rule.disable_field) is True):
        return None
    given = request.get(rule.field) if rule.field else None
    return float(given) if isinstance(given, int | float) else rule.default


class SessionWork:
    """`create(call)` and `list(call)` for one mock."""

    def __init__(self, core: MockCore, custom_data: bool) -> None:
        self.core = core
        self.custom_data = custom_data  # a `session_data` hook: its data goes out as made
        routes = core.router.routes.values()
        listed: set[str] = set()
        for route in routes:
            if route.lifecycle.get("lists"):
                item = _list_target(route)[1]
                listed |= set((item.get("properties") or {}) if isinstance(item, Mapping) else ())
        # Request fields a list shows (`avatar_id`...): the only ones a session keeps; what the
        # session itself knows is not copied from the request.
        self.keep = listed - {core.rules.session_id, "status", "created_at", "duration"}
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
        facts: dict[str, Any] = {"api_key_type": core.plan(account)}
        facts.update(
            (name, value[:200] if isinstance(value, str) else value)
            for name, value in request.items()
            if name in self.keep and isinstance(value, str | int | float | bool)
        )
        limited = bool(route.lifecycle.limited)
        session = Session(
            session_id, account.owner, rules.initial, call.now, _idle(rules.spec, request),
            duration or None, last_activity=call.now, counted=limited, facts=facts,
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
        else the created data's, else the spec's default; 0 for none)."""
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
        found = [request.get(field), data.get(field)] if field else []
        found.append(rule.default if rule is not None else None)
        limit = next((v for v in found if isinstance(v, int | float)), 0.0)
        return session_id, float(limit)

    def list(self, call: Call) -> Reply | None:
        """The `lists` role: `active` = the caller's open sessions; `history` = all, paged."""
        route, now, owner, store = call.route, call.now, call.account.owner, self.core.store
        where, item = _list_target(route)
        if route.lifecycle.get("lists") == "history":
            query = call.query
            size = max(int(query.get("page_size") or 10), 1)
            token = next((v for k, v in query.items() if "token" in k and v), None)
            page = _page_of(token) if isinstance(token, str) else int(query.get("page") or 1)
            page = max(page, 1)
            total, sessions = store.history(owner, now, (page - 1) * size, size)
            more = page * size < total
            call.facts.update(
                total=total,
                page=page,
                page_size=size,
                next_pagination_token=_token_of(page + 1) if more else None,
            )
        else:
            sessions = store.open_sessions(owner, now)
        items = [self._item(s, item, now) for s in sessions]
        if where is None:
            call.data = items
        else:
            call.facts[where] = items
        return None

    def _item(self, session: Session, schema: Any, now: float) -> dict[str, Any]:
        """One list item: what the session knows, where the item's schema declares it."""
        props = (schema.get("properties") or {}) if isinstance(schema, Mapping) else {}
        required = (schema.get("required") or ()) if isinstance(schema, Mapping) else ()
        end = session.closed_at if session.closed_at is not None else now
        known: dict[str, Any] = {
            **session.facts,
            self.core.rules.session_id: session.id,
            "status": session.state,
            "created_at": session.created_at,
            "duration": 0 if session.started_at is None else max(0.0, end - session.started_at),
        }
        out = {name: generate(props[name]) for name in required if name in props}
        for name, value in known.items():
            if name in props:
                integer = isinstance(props[name], Mapping) and props[name].get("type") == "integer"
                out[name] = int(value) if integer and isinstance(value, float) else value
        return out
