"""The mock's behaviour, free of any server or transport: route, authenticate, validate, answer.

Adapters (asgi.py, transport.py) drive it through pipeline.py; they import this module only
for its type, never the reverse (`MockServer` in mock.py joins the two).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from heygen_streaming.lifecycle import SessionLifecycle, need
from heygen_streaming.spec import APIS, SpecError, load_spec
from heygen_streaming.spec_model import SpecModel

from .admin import ADMIN_PREFIX
from .auth import Account, authenticate
from .checks import Checks
from .clock import Clock
from .journal import Journal
from .prefer import Preferences, documented_reply, preferred_status
from .roles import compile_behaviour
from .router import Route, Router
from .sessions import DEFAULT_KEY, SEEDED_EPOCH, KeyProfile, SessionFactory, parse_key
from .sqlstore import SQLiteStore
from .stateful import SessionWork
from .store import MemoryStore, Session
from .wire import Checked, Head, Reply

__all__ = ["ADMIN_PREFIX", "Account", "Checked", "Head", "MockCore", "Rules", "SpecSource"]

SpecSource = Mapping[str, Any] | str | Path | SpecModel | None
_VALIDATION = frozenset({"missing-field", "invalid-query"})


class Rules:
    """The spec model's typed `x-session-lifecycle` as the mock reads it: `rules.session_id` is
    its `session-id`, a `LifecycleError` naming the key when the spec leaves it out (no defaults
    here); `spec` is the whole extension, `concurrency` its `concurrent-sessions`."""

    def __init__(self, spec: SessionLifecycle) -> None:
        self.spec = spec
        self.concurrency = spec.concurrent_sessions

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle probe for these before `spec` exists
            raise AttributeError(name)
        value = need(getattr(self.spec, name), name.replace("_", "-"))
        setattr(self, name, value)  # read once: later reads find it without this call
        return value


def _keys(api_keys: Mapping[str, KeyProfile] | Iterable[str] | None) -> dict[str, KeyProfile]:
    if api_keys is None:
        return {DEFAULT_KEY: KeyProfile()}
    if isinstance(api_keys, Mapping):
        return dict(api_keys)
    return dict(parse_key(k) for k in api_keys)


def _model(spec: SpecSource, api: str | None) -> SpecModel:
    if api is not None:
        if spec is not None:
            raise ValueError("give the mock a spec or an API name, not both")
        try:
            return SpecModel(load_spec(api=api))
        except ModuleNotFoundError:  # a name of APIS whose generated package is not installed
            raise SpecError(f"the spec of API {api!r} is not installed ({APIS[api]})") from None
    if isinstance(spec, SpecModel):
        return spec
    if spec is None or isinstance(spec, str | Path):
        return SpecModel.load(spec)
    return SpecModel(spec)


class MockCore:
    """The mock: configuration, state, journal and the request pipeline (see the package doc)."""

    def __init__(
        self,
        *,
        spec: SpecSource = None,
        api: str | None = None,
        api_keys: Mapping[str, KeyProfile] | Iterable[str] | None = None,
        profile: str | None = None,
        strict: bool = False,
        seed: int | None = None,
        latency: float | Sequence[float] = 0.0,
        error_rate: float = 0.0,
        error_statuses: tuple[int, ...] = (500, 503),
        journal_size: int = 1000,
        journal_body: int = 4096,
        max_body: int = 1 << 20,
        max_delay: float = 30.0,
        max_stall: float = 30.0,
        clock: str = "manual",
        state_path: str | Path | None = None,
        history_size: int = 1000,
        handlers: Mapping[str, Callable[..., Any]] | None = None,
        authenticate: Callable[..., Account | Reply] | None = None,
        validate_request: Callable[..., Checked | Reply] | None = None,
        session_data: Callable[..., dict[str, Any]] | None = None,
        respond: Callable[..., Reply] | None = None,
        owner_check: Callable[..., bool] | None = None,
    ) -> None:
        self.model = _model(spec, api)
        self.rules = Rules(self.model.lifecycle)
        self.envelope = self.model.envelope
        need(self.envelope.message, "x-envelope.message")  # every error body needs it
        self.profile = profile or ("strict" if strict else "exact")
        self.strict = self.profile == "strict"
        self.keys = _keys(api_keys)
        self.seed = seed
        self.router = Router(self.model, self.profile)
        for route in self.router.routes.values():
            route.behaviour = compile_behaviour(route.lifecycle, handlers)
        # Seconds: one value, or (low, high) drawn uniformly from the seeded generator.
        low, high = (latency, latency) if isinstance(latency, int | float) else tuple(latency)
        self.latency = (float(low), float(high))
        if not 0.0 <= error_rate <= 1.0:
            raise ValueError(f"error_rate must be within 0..1, got {error_rate}")
        documented = {s for op in self.model.operations for s in op.statuses}
        undocumented = set(error_statuses) - documented
        if undocumented:
            raise ValueError(f"error_statuses {sorted(undocumented)} are not in the spec")
        self.error_rate = error_rate
        self.error_statuses = error_statuses
        self.max_body = max_body
        self.max_delay = max_delay
        self.max_stall = max_stall
        # With a state file, a restarted mock must not draw the ids of the sessions it holds
        # again: ids and tokens then come from the OS's randomness (the clock uses the seed).
        self.factory = SessionFactory(seed if state_path is None else None)
        # A stream apart from the sessions', so latency and errors never shift the session ids.
        self.chaos = random.Random(None if seed is None else seed ^ 0x5EED)  # noqa: S311 - reproducible on purpose
        self.state_path = None if state_path is None else str(state_path)
        self.store = MemoryStore(self.rules.closed, history_size)
        if self.state_path is not None:
            self.store = SQLiteStore(self.state_path, self.rules.closed, history_size, self.keys)
        self.clock = Clock(clock, start=SEEDED_EPOCH if seed is not None else None)
        self.journal = Journal(
            journal_size, max_body=journal_body, secrets=self.model.secret_fields
        )
        self.checks = Checks(self.model, self.profile, self.refuse)
        for name, hook in (
            ("authenticate", authenticate),
            ("validate_request", validate_request),
            ("session_data", session_data),
            ("respond", respond),
            ("owner_check", owner_check),
        ):
            if hook is not None:
                # A hook gets the default behaviour as its first argument, so it can wrap it.
                setattr(self, name, functools.partial(hook, getattr(self, name)))
        custom_data = session_data is not None or (
            type(self).session_data is not MockCore.session_data
        )
        self.work = SessionWork(self, custom_data)

    # -- the hooks: override in a subclass, or pass a function to the constructor -------------

    def authenticate(self, route: Route, head: Head) -> Account | Reply:
        """The account the request's credentials name (any of the operation's alternatives)."""
        who = authenticate(route, head, self.keys, self.store.token_owner, self.rules.token_scope)
        return self.refuse("unauthenticated", who) if isinstance(who, str) else who

    def validate_request(self, route: Route, body: dict[str, Any] | None) -> Checked | Reply:
        """The body as the operation reads it, or the 400 naming every offending field."""
        return self.checks.body(route, body)

    def session_data(self, request: dict[str, Any], profile: KeyProfile) -> dict[str, Any]:
        """The realistic data of a created session (used where it fits the spec's schema)."""
        return self.factory.session(request, profile, self.clock.now())

    def owner_check(self, session: Session, account: Account) -> bool:
        """Whether `account` may see and drive `session` (its owner only)."""
        return session.owner == account.owner

    def respond(
        self, route: Route, checked: Checked, account: Account, prefs: Preferences
    ) -> Reply:
        """The answer to a valid, authenticated request."""
        if prefs.code is not None or prefs.example is not None:
            status = preferred_status(route.op, prefs)
            if status != route.success or prefs.example is not None:
                return documented_reply(route.op, self.envelope, status, prefs.example)
        elif self.error_rate and self.chaos.random() < self.error_rate:
            statuses = [s for s in self.error_statuses if s in route.op.responses]
            if statuses:
                return documented_reply(route.op, self.envelope, self.chaos.choice(statuses))
        return self.work.behave(route, checked, account)

    # -- answers in the spec's envelope ---------------------------------------------------------

    def error(
        self,
        status: int,
        message: str,
        headers: tuple[tuple[bytes, bytes], ...] = (),
        code: int | None = None,
    ) -> Reply:
        """An error answer in the spec's envelope, its code the status's own unless given."""
        return Reply.error(self.envelope, status, message, headers, code)

    def refuse(self, kind: str, message: str, route: Route | None = None) -> Reply:
        """The spec's error `kind` (`x-session-lifecycle.errors`); `missing-field` and
        `invalid-query` are `validation` where the spec does not tell them apart. A
        `Retry-After` that `route` documents for the status is sent (retry at once)."""
        errors = self.rules.spec.errors
        rule = errors.get(kind) or (errors.get("validation") if kind in _VALIDATION else None)
        rule = need(rule, f"errors.{kind}")
        documented = None if route is None else route.op.responses.get(rule.status)
        retry = documented is not None and "retry-after" in documented.headers
        headers = ((b"retry-after", b"1"),) if retry else ()
        return self.error(rule.status, message, headers, rule.code)

    def bad_request(self, route: Route, message: str) -> Reply:
        """A request the mock cannot read (not JSON, a bad `Prefer`): the operation's 400,
        else its `validation` answer."""
        if 400 in route.op.responses:
            return self.error(400, message)
        return self.refuse("validation", message, route)

    def plan(self, account: Account) -> str:
        """`account`'s plan, named as the spec's `concurrent-sessions` lists them: the first
        for a key that is not paid, the last for a paid one."""
        plans = list(self.rules.concurrency) or ["paid" if account.profile.is_paid else "free"]
        return plans[-1] if account.profile.is_paid else plans[0]

    def limit(self, account: Account) -> int:
        """The most sessions `account` may hold through the `limited` operation: its key's own
        limit, else the spec's number for its plan, else 1."""
        own = account.profile.concurrency
        return own or self.rules.concurrency.get(self.plan(account)) or 1
