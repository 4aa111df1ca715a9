"""The mock's behaviour, free of any server or transport: route, authenticate, validate, answer.

Adapters (asgi.py, transport.py) drive it: `before_body(head)`, `body_limit(head, early)`,
then `after_body(head, early, who, body, whole)`; they import this module, never the reverse
(`MockServer` in mock.py joins the two).
"""

from __future__ import annotations

import dataclasses
import functools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from heygen_streaming.spec import FieldError
from heygen_streaming.spec_model import SpecModel

from .admin import ADMIN_PREFIX, admin_reply
from .auth import Account, authenticate
from .canned import documented_reply, preferred_status
from .checks import Checks, warned
from .clock import Clock
from .decode import BodyError, check_content_type, parse_body
from .journal import Journal
from .lifecycle import rules_of
from .prefer import NO_PREFERENCES, Preferences, PreferError, parse_prefer
from .roles import Call, compile_behaviour
from .router import Route, Router
from .sessions import DEFAULT_KEY, SEEDED_EPOCH, KeyProfile, SessionFactory, parse_key
from .sqlstore import SQLiteStore
from .stateful import SessionWork
from .store import MemoryStore, Session
from .wire import Checked, Head, Reply

__all__ = ["ADMIN_PREFIX", "Account", "Checked", "Head", "MockCore", "SpecSource"]

SpecSource = Mapping[str, Any] | str | Path | SpecModel | None
# The "who" of an admin request (its body is read like any other).
ADMIN = Account("", KeyProfile())
_CLOSE = ((b"connection", b"close"),)
# Early answers whose body the journal keeps (413 must not read it; 415 may be anything).
_KEEP_BODY = frozenset({401, 404, 405})


def _keys(api_keys: Mapping[str, KeyProfile] | Iterable[str] | None) -> dict[str, KeyProfile]:
    if api_keys is None:
        return {DEFAULT_KEY: KeyProfile()}
    if isinstance(api_keys, Mapping):
        return dict(api_keys)
    return dict(parse_key(k) for k in api_keys)


def _model(spec: SpecSource) -> SpecModel:
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
        self.model = _model(spec)
        self.rules = rules_of(self.model)
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
        self.checks = Checks(self.model, self.profile)
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
        return authenticate(route, head, self.keys, self.store.token_owner, self.rules.token_scope)

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
            if isinstance(status, Reply):
                return status
            if status != route.success or prefs.example is not None:
                return documented_reply(route.op, status, prefs.example)
        elif self.error_rate and self.chaos.random() < self.error_rate:
            statuses = [s for s in self.error_statuses if s in route.op.responses]
            if statuses:
                return documented_reply(route.op, self.chaos.choice(statuses))
        return self.behave(route, checked, account)

    # -- behaviour ---------------------------------------------------------------------------------

    def behave(self, route: Route, checked: Checked, account: Account) -> Reply:
        """What the operation's `x-lifecycle` handlers make of the request (roles.py)."""
        behaviour = route.behaviour
        call = Call(self, route, account, checked.body, checked.query, self.clock.now())
        if behaviour.targets_session:
            wanted = checked.body.get(self.rules.session_id)
            error = self.store.act(str(wanted), call.now, functools.partial(self._drive, call))
            if error is not None:
                return error
        for action in behaviour.actions:
            failed: Reply | None = action(call)
            if failed is not None:
                return failed
        return route.render(call.facts, call.data)

    def _drive(self, call: Call, session: Session | None) -> Reply | None:
        token = call.account.token
        if (
            session is None
            or not self.owner_check(session, call.account)
            or (token is not None and self.store.token_session(token) != session.id)
        ):
            # The same answer for a session of another account as for none at all.
            wanted = str(call.body.get(self.rules.session_id))[:100]
            return call.error("unknown-session", f"Session not found: {wanted}")
        behaviour = call.route.behaviour
        for guard in behaviour.guards:
            refused: Reply | None = guard(call, session)
            if refused is not None:
                return refused
        for effect in behaviour.effects:
            effect(call, session)
        return None

    def create_session(self, call: Call) -> Reply | None:
        """The `creates` role: a new session of the caller's account, within its concurrency."""
        return self.work.create(call)

    def list_sessions(self, call: Call) -> Reply | None:
        """The `lists` role: `active` = the caller's open sessions; `history` = all, paged."""
        return self.work.list(call)

    def answer_errors(self, method: str, path: str, status: int, body: Any) -> list[FieldError]:
        """Why an answer does not conform to the spec (empty when it does), for tests."""
        route = self.router.routes.get((method.upper(), path))
        if route is None:
            return [FieldError("", f"{method} {path} is not an operation of the spec")]
        if status not in route.op.responses:
            listed = ", ".join(map(str, route.op.statuses))
            return [FieldError("", f"status {status} is not documented ({listed})")]
        validator = route.op.response_validator(status)
        return [] if validator is None else validator.errors(body)

    # -- the pipeline: the steps an adapter (asgi.py, transport.py) drives ----------------------
    # Every status they answer on an operation of the spec is one the spec documents for it.

    def before_body(self, head: Head) -> tuple[Reply | None, Account | None]:
        """An early answer (route, auth, media type, declared size), or who is calling."""
        if head.path.startswith(ADMIN_PREFIX):
            return None, ADMIN
        route = self.router.find(head.method, head.path)
        if isinstance(route, Reply):
            return route, None
        who = self.authenticate(route, head)
        if isinstance(who, Reply):
            return who, None
        content_type = head.get(b"content-type")
        if route.validator is not None and (content_type is not None or route.body_required):
            problem = check_content_type(content_type)
            if problem is not None:
                # 415 where the operation documents it, else its documented 400.
                documented = 415 in route.op.responses or 400 not in route.op.responses
                return Reply.error(415 if documented else 400, problem), None
        length = head.first.get(b"content-length")  # bytes: isdigit() is ASCII digits only
        if length is not None and length.strip().isdigit() and int(length) > self.max_body:
            return self.too_large(head), None
        return None, who

    def body_limit(self, head: Head, early: Reply | None) -> int:
        """Bytes of the body to read: to `max_body` for an answer; for an early 401, 404 or 405
        what the journal keeps (the body is what a user debugs them with); else none."""
        if early is None:
            return self.max_body
        if early.status in _KEEP_BODY and head.get(b"expect") is None:
            return min(self.max_body, self.journal.max_body) + 1  # + 1: the journal sees the cut
        return 0

    def after_body(
        self, head: Head, early: Reply | None, who: Account | None, body: bytes, whole: bool
    ) -> Reply:
        """The answer, once the body is read (`whole`: within the limit); journaled."""
        if early is None and not whole:
            early, body = self.too_large(head), b""
        if early is not None or who is None:
            reply = early or Reply.error(500, "no answer")
            if not head.path.startswith(ADMIN_PREFIX):
                self._record(head, body, None, reply)  # the body as sent: it was never read
            delay = self._latency()
            return reply if not delay else dataclasses.replace(reply, delay=delay)
        if who is ADMIN:
            return admin_reply(self, head, body)
        route = self.router.routes[(head.method, head.path)]
        parsed: dict[str, Any] | None = None
        answer: Reply | None = None
        if route.validator is not None and (route.body_required or body.strip()):
            try:
                parsed = parse_body(body)
            except BodyError as exc:
                answer = Reply.error(400, str(exc))
        if answer is None:
            answer = self._answer(head, route, who, parsed)
        self._record(head, body, parsed, answer)
        return answer

    def too_large(self, head: Head) -> Reply:
        """413 where the operation documents it, else its 400 (an operation that takes no body
        documents no 413); `connection: close`, so the server never drains the rest."""
        route = self.router.routes.get((head.method, head.path))
        if route is None or 413 in route.op.responses or 400 not in route.op.responses:
            return Reply.error(413, f"body: larger than the limit of {self.max_body} bytes", _CLOSE)
        op = route.op
        return Reply.error(400, f"body: {op.method} {op.path} takes no body this large", _CLOSE)

    def _answer(
        self, head: Head, route: Route, who: Account, parsed: dict[str, Any] | None
    ) -> Reply:
        checked = self.validate_request(route, parsed)
        if isinstance(checked, Reply):
            return checked
        if route.query:
            query = self.checks.query(route, head)
            if isinstance(query, Reply):
                return query
            checked.query = query
        prefer = head.get_all(b"prefer")
        try:
            prefs = parse_prefer(prefer, max_delay=self.max_delay) if prefer else NO_PREFERENCES
        except PreferError as exc:
            return Reply.error(400, str(exc))
        reply = self.respond(route, checked, who, prefs)
        delay = prefs.delay + self._latency()
        if checked.warnings or delay or prefs.fault:
            reply = warned(reply, checked.warnings)
            return dataclasses.replace(reply, fault=prefs.fault, delay=delay)
        return reply

    def _latency(self) -> float:
        """Seconds every answer waits (`latency`: one value, or drawn from the seeded range)."""
        low, high = self.latency
        if high <= 0:
            return 0.0
        return low if low == high else self.chaos.uniform(low, high)

    def _record(self, head: Head, body: bytes, parsed: Any, reply: Reply) -> None:
        status = None if reply.fault in {"reset", "stall"} else reply.status
        self.journal.record(
            head.method, head.path, head.headers, body, parsed, status, reply.warnings, reply.fault
        )
