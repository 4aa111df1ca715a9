"""The mock's behaviour, free of any server: route, authenticate, validate, answer, journal."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from heygen_streaming.spec import FieldError, format_errors

from .admin import ADMIN_PREFIX, admin_reply
from .canned import documented_reply, preferred_status
from .contract import Contract, SpecSource
from .decode import BodyError, check_content_type, parse_body
from .journal import Journal
from .leniency import compile_shape, normalize
from .prefer import NO_PREFERENCES, Preferences, PreferError, parse_prefer
from .sessions import DEFAULT_KEY, KeyProfile, SessionFactory, parse_key
from .wire import Checked, Head, Reply, ascii_header, encode_json

if TYPE_CHECKING:
    from .asgi import MockApp
    from .transport import AsyncMockTransport, MockTransport

__all__ = ["ADMIN_PREFIX", "Checked", "Head", "MockServer"]

_OK_HEAD = b'{"code":200,"message":"success","data":'


def _warned(reply: Reply, warnings: tuple[str, ...]) -> Reply:
    """`reply` carrying the leniencies applied, in `X-Mock-Warnings` and for the journal."""
    if not warnings:
        return reply
    header = (b"x-mock-warnings", ascii_header("; ".join(warnings)))
    return Reply(
        reply.status, reply.body, (*reply.headers, header), reply.fault, reply.delay, warnings
    )


def _keys(api_keys: Mapping[str, KeyProfile] | Iterable[str] | None) -> dict[str, KeyProfile]:
    if api_keys is None:
        return {DEFAULT_KEY: KeyProfile()}
    if isinstance(api_keys, Mapping):
        return dict(api_keys)
    return dict(parse_key(k) for k in api_keys)


class MockServer:
    """The mock: configuration, journal and the request pipeline (see the package docstring).

    `app` is the ASGI application; `transport()` and `async_transport()` are httpx transports
    that reach the same pipeline with no socket.
    """

    def __init__(
        self,
        *,
        spec: SpecSource = None,
        api_keys: Mapping[str, KeyProfile] | Iterable[str] | None = None,
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
        authenticate: Callable[..., KeyProfile | Reply] | None = None,
        validate_request: Callable[..., Checked | Reply] | None = None,
        session_data: Callable[..., dict[str, Any]] | None = None,
        respond: Callable[..., Reply] | None = None,
    ) -> None:
        self.contract = Contract(spec)
        self.keys = _keys(api_keys)
        self.strict = strict
        self.seed = seed
        # Seconds: one value, or (low, high) drawn uniformly from the seeded generator.
        low, high = (latency, latency) if isinstance(latency, int | float) else tuple(latency)
        self.latency = (float(low), float(high))
        if not 0.0 <= error_rate <= 1.0:
            raise ValueError(f"error_rate must be within 0..1, got {error_rate}")
        undocumented = set(error_statuses) - set(self.contract.statuses)
        if undocumented:
            raise ValueError(f"error_statuses {sorted(undocumented)} are not in the spec")
        self.error_rate = error_rate
        self.error_statuses = error_statuses
        self.max_body = max_body
        self.max_delay = max_delay
        self.max_stall = max_stall
        self.sessions = SessionFactory(seed)
        # A stream apart from the sessions', so latency and errors never shift the session ids.
        self._chaos = random.Random(None if seed is None else seed ^ 0x5EED)  # noqa: S311 - reproducible on purpose
        self.journal = Journal(
            journal_size, max_body=journal_body, secrets=self.contract.secret_fields
        )
        self._shape = compile_shape(self.contract)
        self._key_header = self.contract.api_key_header.lower().encode("latin-1")
        allowed = self.contract.method
        self._allow = ((b"allow", allowed.encode()),)
        self._reply_401 = {
            "missing": Reply.error(401, f"{self.contract.api_key_header}: header is missing"),
            "empty": Reply.error(401, f"{self.contract.api_key_header}: header is empty"),
            "unknown": Reply.error(401, f"{self.contract.api_key_header}: key is not valid"),
        }
        for name, hook in (
            ("authenticate", authenticate),
            ("validate_request", validate_request),
            ("session_data", session_data),
            ("respond", respond),
        ):
            if hook is not None:
                # A hook gets the default behaviour as its first argument, so it can wrap it.
                setattr(self, name, functools.partial(hook, getattr(self, name)))
        self._app: MockApp | None = None
        # Unless `session_data` is replaced, the answer is rendered straight to bytes.
        self._default_data = session_data is None and (
            type(self).session_data is MockServer.session_data
        )

    # -- the hooks: override in a subclass, or pass a function to the constructor -------------

    def authenticate(self, key: str | None) -> KeyProfile | Reply:
        """The caller's plan, or the 401 to answer."""
        if key is None:
            return self._reply_401["missing"]
        if not key.strip():
            return self._reply_401["empty"]
        profile = self.keys.get(key)
        return self._reply_401["unknown"] if profile is None else profile

    def validate_request(self, body: dict[str, Any]) -> Checked | Reply:
        """The body as the operation reads it, or the 400 naming every offending field."""
        validator = self.contract.request_validator
        if validator.is_valid(body):
            return Checked(body)
        if self._shape is None:
            return Reply.error(400, format_errors(validator.errors(body)))
        read, findings = normalize(body, self._shape, fill_defaults=not self.strict)
        errors: list[FieldError] = validator.errors(read)
        if self.strict:
            # A field refused for a leniency is named once, not again as "is required".
            forgiven = [e for f in findings if (e := f.as_error()) is not None]
            paths = {e.path for e in forgiven}
            errors = [e for e in errors if e.path not in paths] + forgiven
        warnings = tuple(f.warning for f in findings)
        if errors:
            errors.sort(key=lambda e: (e.path, e.message))
            return _warned(Reply.error(400, format_errors(errors)), () if self.strict else warnings)
        return Checked(read, () if self.strict else warnings)

    def session_data(self, request: dict[str, Any], profile: KeyProfile) -> dict[str, Any]:
        """The `data` of a created session."""
        return self.sessions.session(request, profile)

    def respond(self, request: dict[str, Any], profile: KeyProfile, prefs: Preferences) -> Reply:
        """The answer to a valid, authenticated request."""
        if prefs.code is not None or prefs.example is not None:
            return self._preferred(request, profile, prefs)
        if self.error_rate and self._chaos.random() < self.error_rate:
            status = self._chaos.choice(self.error_statuses)
            return documented_reply(self.contract, status)
        if self._default_data:
            return Reply(200, _OK_HEAD + self.sessions.session_json(request, profile) + b"}")
        body = {"code": 200, "message": "success", "data": self.session_data(request, profile)}
        return Reply(200, encode_json(body))

    # -- the pipeline ----------------------------------------------------------------------------

    def before_body(self, head: Head) -> tuple[Reply | None, KeyProfile | None]:
        """An early answer (route, auth, media type, declared size), or the caller's plan."""
        if head.path != self.contract.path:
            return Reply.error(404, f"{head.path[:200]}: no such path"), None
        if head.method != self.contract.method:
            allowed = self.contract.method
            return Reply.error(
                405,
                f"method {head.method[:20]}: not allowed on {head.path}, use {allowed}",
                self._allow,
            ), None
        who = self.authenticate(head.get(self._key_header))
        if isinstance(who, Reply):
            return who, None
        problem = check_content_type(head.get(b"content-type"))
        if problem is not None:
            return Reply.error(415, problem), None
        length = head.get(b"content-length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_body:
            return self.too_large(), None
        return None, who

    def too_large(self) -> Reply:
        # `connection: close`, so the server never drains the rest of an oversized upload.
        return Reply.error(
            413,
            f"body: larger than the limit of {self.max_body} bytes",
            ((b"connection", b"close"),),
        )

    def after_body(self, head: Head, profile: KeyProfile, body: bytes) -> Reply:
        """The answer to the operation once its body is read (within the limit); journaled."""
        parsed: dict[str, Any] | None = None
        try:
            parsed = parse_body(body)
        except BodyError as exc:
            reply = Reply.error(400, str(exc))
        else:
            reply = self._answer(head, profile, parsed)
        self.record(head, body, parsed, reply)
        return reply

    def _answer(self, head: Head, profile: KeyProfile, parsed: dict[str, Any]) -> Reply:
        checked = self.validate_request(parsed)
        if isinstance(checked, Reply):
            return checked
        prefer = head.get_all(b"prefer")
        try:
            prefs = parse_prefer(prefer, max_delay=self.max_delay) if prefer else NO_PREFERENCES
        except PreferError as exc:
            return Reply.error(400, str(exc))
        reply = self.respond(checked.body, profile, prefs)
        delay = prefs.delay + self._latency()
        if checked.warnings or delay or prefs.fault:
            reply = _warned(reply, checked.warnings)
            return Reply(
                reply.status, reply.body, reply.headers, prefs.fault, delay, reply.warnings
            )
        return reply

    def _latency(self) -> float:
        low, high = self.latency
        if high <= 0:
            return 0.0
        return low if low == high else self._chaos.uniform(low, high)

    def early(self, head: Head, reply: Reply) -> Reply:
        """Journal an answer given before the body was read, with the latency every answer has."""
        self.record(head, b"", None, reply)
        delay = self._latency()
        return reply if not delay else Reply(reply.status, reply.body, reply.headers, delay=delay)

    def record(self, head: Head, body: bytes, parsed: Any, reply: Reply) -> None:
        status = None if reply.fault in {"reset", "stall"} else reply.status
        self.journal.record(
            head.method, head.path, head.headers, body, parsed, status, reply.warnings, reply.fault
        )

    def _preferred(self, request: dict[str, Any], profile: KeyProfile, prefs: Preferences) -> Reply:
        status = preferred_status(self.contract, prefs)
        if isinstance(status, Reply):
            return status
        if status == 200 and prefs.example is None:
            data = self.session_data(request, profile)
            return Reply(200, encode_json({"code": 200, "message": "success", "data": data}))
        return documented_reply(self.contract, status, prefs.example)

    def admin(self, head: Head) -> Reply | None:
        """The answer to `/__mock__/...` (journal and health), None for any other path."""
        if not head.path.startswith(ADMIN_PREFIX):
            return None
        health = {"status": "ok", "strict": self.strict, "seed": self.seed}
        return admin_reply(head.method, head.path, self.journal, health)

    # -- ways in ---------------------------------------------------------------------------------

    @property
    def app(self) -> MockApp:
        """The ASGI application (built once)."""
        if self._app is None:
            from .asgi import MockApp

            self._app = MockApp(self)
        return self._app

    def transport(self) -> MockTransport:
        """A sync httpx transport into this mock (no socket, no event loop)."""
        from .transport import MockTransport

        return MockTransport(self)

    def async_transport(self) -> AsyncMockTransport:
        """An async httpx transport into this mock (no socket)."""
        from .transport import AsyncMockTransport

        return AsyncMockTransport(self)
