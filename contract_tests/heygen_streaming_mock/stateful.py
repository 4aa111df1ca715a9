"""The stateful roles' work: creating a session (`creates`) and listing them (`lists`).

What they need of the spec is computed once, at start: which request fields a list shows (the
only ones a session keeps), the deprecated request fields and their new names (`avatar_name`
is kept as `avatar_id`), whether the realistic session data fits the spec's schema (then it is
rendered straight to bytes: the hot path), and the shape of each list's items.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .auth import UNAUTHORIZED
from .generate import generate
from .roles import Call, documented_error
from .router import Route
from .sessions import KeyProfile, SessionFactory
from .store import Session, new_record
from .strictness import replacement_of
from .wire import Reply

if TYPE_CHECKING:
    from .auth import Account
    from .core import MockCore

__all__ = ["Ask", "SessionWork"]

# Tuples, not `int | float`: a union is built anew each time it is evaluated (the hot path).
_NUMBER = (int, float)
_SCALAR = (str, int, float, bool)


def _token_of(page: int) -> str:
    return base64.b64encode(f"page{page}".encode()).decode()


def _page_of(token: str) -> int:
    try:
        text = base64.b64decode(token, validate=True).decode()
    except ValueError:
        return 1
    return int(text[4:]) if text.startswith("page") and text[4:].isdigit() else 1


def _coerce(value: Any, schema: Any) -> Any:
    kind = schema.get("type") if isinstance(schema, Mapping) else None
    if kind == "integer" and isinstance(value, float):
        return int(value)
    return value


def _used_token() -> Reply:
    return Reply.error(
        401, "Unauthorized: this session token has already opened its session", code=UNAUTHORIZED
    )


@dataclass(frozen=True, slots=True)
class Ask:
    """What a valid request to a `creates` operation asks of its session (the same for the same
    body, so the hot path computes it once per remembered body). Read-only."""

    # Out of the repr: the request may hold secrets (x-secret fields, such as a LiveKit token).
    request: dict[str, Any] = field(repr=False)  # deprecated names resolved to their new ones
    idle_timeout: float | None  # None: disabled
    kept: dict[str, Any] = field(repr=False)  # the request fields a list shows (bounded)
    # Per plan, what a session keeps (`kept` and the key's plan): one tuple of pairs shared by
    # every session the body creates, since a session never changes its facts.
    facts: dict[str, tuple[tuple[str, Any], ...]] = field(default_factory=dict, repr=False)

    def facts_for(self, plan: str) -> tuple[tuple[str, Any], ...]:
        found = self.facts.get(plan)
        if found is None:
            found = self.facts[plan] = (("api_key_type", plan), *self.kept.items())
        return found


@dataclass(frozen=True, slots=True)
class _ItemShape:
    names: frozenset[str]  # the item's properties
    integers: frozenset[str]  # those typed integer (a float time is sent as an int)
    filler: dict[str, Any]  # a value for each required property no session fact gives


class SessionWork:
    """`create(call)` and `list(call)` for one mock, with what they need precomputed."""

    def __init__(self, core: MockCore, custom_data: bool) -> None:
        self.core = core
        self.custom_data = custom_data  # a `session_data` hook: its data goes out as made
        self._targets: dict[int, tuple[str | None, Any]] = {}
        self._item_shapes: dict[int, _ItemShape] = {}
        self.keep = self._kept_fields()
        self.renames = self._deprecated_names()
        self.fast = {
            id(route): not custom_data and self._factory_fits(route)
            for route in core.router.routes.values()
        }

    def _factory_fits(self, route: Route) -> bool:
        """Whether the realistic session data validates against this operation's data schema."""
        if route.fast is None or not route.data_props:
            return False
        validator = self.core.model.validator(route.data_schema)
        sample = SessionFactory(0)
        own = {"livekit_settings": {"url": "wss://lk.example.com", "room": "r"}}
        return all(validator.is_valid(sample.session(r, KeyProfile())) for r in ({}, own))

    def _kept_fields(self) -> frozenset[str]:
        """Request fields a list shows (`avatar_id`...): the only ones a session keeps."""
        names: set[str] = set()
        for route in self.core.router.routes.values():
            if route.lifecycle.get("lists"):
                item = self._list_target(route)[1]
                names |= set((item.get("properties") or {}) if isinstance(item, Mapping) else ())
        # What the session itself knows is not copied from the request.
        return frozenset(names - {self.core.rules.session_id, "status", "created_at", "duration"})

    def _deprecated_names(
        self,
    ) -> dict[int, tuple[frozenset[str], tuple[tuple[str, str], ...]]]:
        """Per operation: the deprecated request fields, and (old name, new name) of each."""
        out: dict[int, tuple[frozenset[str], tuple[tuple[str, str], ...]]] = {}
        for route in self.core.router.routes.values():
            props = (route.exact_schema or {}).get("properties") or {}
            pairs = []
            for name, prop in props.items():
                if isinstance(prop, Mapping) and prop.get("deprecated") is True:
                    instead = replacement_of(prop)
                    if instead and instead in props:
                        pairs.append((str(name), instead))
            out[id(route)] = (frozenset(old for old, _ in pairs), tuple(pairs))
        return out

    def ask(self, route: Route, request: dict[str, Any]) -> Ask:
        """What a valid `request` to the `creates` operation `route` asks of its session."""
        rules = self.core.rules
        renames = self.renames.get(id(route))
        if renames and not renames[0].isdisjoint(request):
            for old, new in renames[1]:
                if old in request and request.get(new) is None:
                    request = {**request, new: request[old]}  # the chosen avatar is not lost
        idle = request.get(rules.idle_field)
        if request.get(rules.idle_disable_field) is True:
            idle_timeout = None
        else:
            idle_timeout = float(idle if isinstance(idle, _NUMBER) else rules.idle_default)
        kept: dict[str, Any] = {}
        for name in self.keep.intersection(request):
            value = request[name]
            if isinstance(value, _SCALAR):
                kept[name] = value[:200] if isinstance(value, str) else value
        return Ask(request, idle_timeout, kept)

    def create(self, call: Call, ask: Ask | None = None) -> Reply | None:
        """The `creates` role: a new session of the caller's account, within its concurrency.
        `ask`: `self.ask(call.route, call.body)`, when the caller remembers it for the body."""
        route, account = call.route, call.account
        profile = account.profile
        if ask is None:
            ask = self.ask(route, call.body)
        if account.token is not None and self.core.store.token_session(account.token) is not None:
            return _used_token()
        if self.fast.get(id(route)):
            session_id, call.data_json = self.core.factory.session_json(
                ask.request, profile, call.now
            )
            duration = float(profile.session_duration_limit)
        else:
            session_id, duration = self._data(call, ask.request, profile)
        return self._open(route, account, ask, call.now, session_id, duration)

    def create_direct(self, route: Route, account: Account, ask: Ask) -> Reply:
        """`create` and its answer, for the direct path (`pipeline.direct_routes`: the
        realistic data fits, nothing else acts): no `Call`, the answer's bytes in one join."""
        core = self.core
        if account.token is not None and core.store.token_session(account.token) is not None:
            return _used_token()
        now = core.clock.now()
        profile = account.profile
        assert route.fast is not None  # `fast` holds for the route
        session_id, body = core.factory.session_json(ask.request, profile, now, route.fast)
        duration = float(profile.session_duration_limit)
        failed = self._open(route, account, ask, now, session_id, duration)
        return Reply(route.success, body) if failed is None else failed

    def _open(
        self, route: Route, account: Account, ask: Ask, now: float, session_id: str, duration: float
    ) -> Reply | None:
        """Store the new session, within its owner's concurrency (else the documented error)."""
        profile = account.profile
        plan = profile.plan
        limit = profile.concurrency or self.core.rules.concurrency.get(plan) or 1
        record = new_record(
            session_id, account.owner, self.core.rules.initial, now, ask.idle_timeout,
            duration or None, ask.facts_for(plan),
        )  # fmt: skip
        store = self.core.store
        if not store.create(record, limit, now):
            message = (
                f"Concurrent session limit reached: this {plan} key already has "
                f"{limit} open sessions; stop one first"
            )
            return documented_error(self.core, route, "concurrency", message)
        if account.token is not None:
            store.bind_token(account.token, session_id)
        return None

    def _data(self, call: Call, request: dict[str, Any], profile: KeyProfile) -> tuple[str, float]:
        """The session's data (not the realistic fast path): (its id, its duration limit)."""
        rules, route = self.core.rules, call.route
        made = self.core.session_data(request, profile)
        props = route.data_props
        if self.custom_data:  # a hook's data goes out as it made it (broken variants)
            data = dict(made)
            session_id = str(data.get(rules.session_id) or self.core.factory.ident())
        else:  # the realistic fields the schema declares, on data generated from it
            base = generate(route.data_schema)
            data = dict(base) if isinstance(base, dict) else {}
            data.update({k: v for k, v in made.items() if k in props})
            session_id = str(made.get(rules.session_id) or self.core.factory.ident())
            if rules.session_id in props:
                data[rules.session_id] = session_id
        raw_limit = data.get(rules.duration_field, profile.session_duration_limit)
        call.data = data
        return session_id, float(raw_limit) if isinstance(raw_limit, _NUMBER) else 0.0

    def _list_target(self, route: Route) -> tuple[str | None, Any]:
        """Where a list goes: (property name or None for the unwrapped data itself, item schema)."""
        found = self._targets.get(id(route))
        if found is None:
            found = self._targets[id(route)] = self._find_list_target(route)
        return found

    def _find_list_target(self, route: Route) -> tuple[str | None, Any]:
        data = route.data_schema
        if isinstance(data, Mapping) and data.get("type") == "array":
            return None, data.get("items") or {}
        for schema in (data, route.response_schema):
            for name, prop in ((schema or {}).get("properties") or {}).items():
                if isinstance(prop, Mapping) and prop.get("type") == "array":
                    return str(name), prop.get("items") or {}
        return None, {}

    def list(self, call: Call) -> Reply | None:
        """The `lists` role: `active` = the caller's open sessions; `history` = all, paged."""
        route, now, owner = call.route, call.now, call.account.owner
        where, item = self._list_target(route)
        if call.route.lifecycle.get("lists") == "history":
            query = call.query
            size = max(int(query.get("page_size") or 10), 1)
            token = next((v for k, v in query.items() if "token" in k and v), None)
            page = _page_of(token) if isinstance(token, str) else int(query.get("page") or 1)
            page = max(page, 1)
            total, sessions = self.core.store.history(owner, now, (page - 1) * size, size)
            more = page * size < total
            call.facts.update(
                total=total,
                page=page,
                page_size=size,
                next_pagination_token=_token_of(page + 1) if more else None,
            )
        else:
            sessions = self.core.store.open_sessions(owner, now)
        shape = self._item_shape(item)
        items = [self._item(s, shape, now) for s in sessions]
        if where is None:
            call.data = items
        else:
            call.facts[where] = items
        return None

    def _item(self, session: Session, shape: _ItemShape, now: float) -> dict[str, Any]:
        started = session.started_at
        end = session.closed_at if session.closed_at is not None else now
        known: dict[str, Any] = {
            **dict(session.facts),
            self.core.rules.session_id: session.id,
            "status": session.state,
            "created_at": session.created_at,
            "duration": 0 if started is None else max(0.0, end - started),
        }
        out = dict(shape.filler)
        for name in shape.names.intersection(known):
            value = known[name]
            out[name] = int(value) if name in shape.integers and isinstance(value, float) else value
        return out

    def _item_shape(self, schema: Any) -> _ItemShape:
        """What a list item needs, computed once per item schema."""
        key = id(schema)
        found = self._item_shapes.get(key)
        if found is None:
            props = (schema.get("properties") or {}) if isinstance(schema, Mapping) else {}
            required = (schema.get("required") or ()) if isinstance(schema, Mapping) else ()
            found = self._item_shapes[key] = _ItemShape(
                frozenset(props),
                frozenset(n for n, p in props.items() if _coerce(0.5, p) == 0),
                {name: generate(props[name]) for name in required if name in props},
            )
        return found
