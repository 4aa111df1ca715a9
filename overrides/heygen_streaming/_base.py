"""What the sync and async clients share: settings, credentials per operation, one call's plan.

The clients differ only in their I/O. Each operation's security alternatives come from the spec;
the client sends the first its credentials satisfy (`apiKey`: the key; `bearer`: the token).
"""

from __future__ import annotations

import contextlib
import time
from contextlib import AbstractContextManager
from http.cookiejar import CookieJar
from typing import Any, ClassVar

import httpx

from ._config import MAX_RETRIES, TimeoutTypes, check_timeout, resolve_settings
from ._deadline import DeadlineTransport
from ._endpoint import Endpoint, Route
from ._limits import MAX_RESPONSE_BYTES, ResponseReader
from ._loop import Failed
from ._plan import Call, Plan, Received, plan_of
from ._retry import RetryPolicy, request_not_sent
from ._suggest import CALL_DEADLINE
from .errors import (
    FOREIGN_ERRORS,
    APIConnectionError,
    APITimeoutError,
    HeyGenError,
    foreign_error,
)
from .logfilter import install_log_filter, register_secret
from .redact import MASK, safe_text
from .spec_model import SecurityScheme, packaged_model

__all__ = ["FAILURES", "BaseClient", "TimeoutTypes"]

# What one attempt may raise that becomes a typed error (`Failed`), never an untyped escape.
FAILURES: tuple[type[BaseException], ...] = (httpx.HTTPError, HeyGenError, *FOREIGN_ERRORS)


class _NoCookies(CookieJar):
    """A cookie jar that takes none from any answer (not even parsing them)."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


def _kind(scheme: SecurityScheme) -> str:
    if scheme.type == "apiKey":
        return "api_key"
    if scheme.type == "http" and scheme.scheme == "bearer":
        return "session_token"
    return scheme.type


class BaseClient:
    """Configuration and the I/O-free halves of every operation (arguments: see `Client`);
    `_package` is the generated package of the client's API, `_http_class` the httpx client."""

    _package: ClassVar[str]
    _http_class: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]
    _http: httpx.Client | httpx.AsyncClient

    def __init__(
        self,
        *,
        api_key: str | None = None,
        session_token: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes | None = None,
        max_retries: int = MAX_RETRIES,
        retry_on_server_errors: bool = False,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        deadline: float | None = None,
        strict_responses: bool = False,
        transport: Any = None,
        sleep: Any = None,
    ) -> None:
        self._model = packaged_model(self._package)
        self._settings = settings = resolve_settings(
            type(self).__name__,
            self._model.api,
            api_key=api_key,
            session_token=session_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
            deadline=deadline,
        )
        self.base_url = settings.base_url
        self.timeout = settings.timeout
        self.max_retries = settings.max_retries
        self._credentials = {
            "api_key": settings.api_key,
            "session_token": settings.session_token,
        }
        self._secrets = tuple(c for c in self._credentials.values() if c)
        # httpx's and httpcore's own log lines print what a server echoes back: mask our
        # credentials there too, by default (cheap and idempotent).
        install_log_filter()
        for credential in self._secrets:
            # Pinned: never evicted by the tokens of later sessions.
            register_secret(credential, pinned=True)
        self._strict = strict_responses
        self._policy = RetryPolicy(
            max_retries=settings.max_retries, retry_on_server_errors=retry_on_server_errors
        )
        self._routes: dict[Plan, Route] = {}
        self._sleep = sleep
        asynchronous = self._http_class is httpx.AsyncClient
        transport = transport or DeadlineTransport(asynchronous=asynchronous)
        # The per-attempt deadline reaches the sockets only through the client's own transport
        # (`DeadlineTransport`). Another (httpx.MockTransport, the in-process mock, ASGI/WSGI)
        # skips arming it and cutting each phase's timeout; the reader still checks the body.
        self._arm = isinstance(transport, DeadlineTransport)
        # No cookie is kept: this API sets none, and a hostile server's thousands would grow the
        # jar and every later request's Cookie header.
        self._http = self._http_class(
            base_url=self.base_url, timeout=self.timeout, transport=transport, cookies=_NoCookies()
        )

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={MASK!r}" for k, v in self._credentials.items() if v)
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, {shown}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries!r})"
        )

    def _auth_for(self, plan: Plan, token: str | None = None) -> dict[str, str]:
        """The headers that authenticate `plan`'s operation with this client's credentials, or
        with an open session's own `token` alone (Bearer)."""
        credentials = self._credentials if token is None else {"session_token": token}
        for alternative in plan.operation.security:
            headers = {}
            for scheme in alternative:
                credential = credentials.get(_kind(scheme))
                if not credential:
                    break
                headers[scheme.header] = scheme.value(credential)
            else:
                return headers
        if not plan.operation.security:
            return {}
        needs = " or ".join(
            " and ".join(f"{s.name} ({_kind(s)}=)" for s in alternative)
            for alternative in plan.operation.security
        )
        has = " and ".join(k for k, v in self._credentials.items() if v)
        raise HeyGenError(
            f"{plan.name} accepts only {needs}; this client has only a {has}: "
            f"pass the missing credential to {type(self).__name__}() (nothing was sent)"
        )

    def _absolute(self, path: str) -> httpx.URL:
        """`path` joined to the base URL exactly as httpx joins it (done once per path)."""
        return self._http.build_request("GET", path).url

    def _prepare(
        self,
        endpoint: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: Any,
        token: str | None = None,
    ) -> Call:
        plan = plan_of(endpoint)
        route = self._routes.get(plan)
        if token is not None:  # a session's own token: one route per call, none kept
            route = Route(self._auth_for(plan, token), self._absolute)
        elif route is None:
            route = self._routes[plan] = Route(self._auth_for(plan), self._absolute)
        deadline = CALL_DEADLINE.get() or self._settings.deadline
        return Call(
            plan,
            request,
            fields,
            base_url=self.base_url,
            route=route,
            credentials=self._secrets if token is None else (*self._secrets, token),
            timeout=self.timeout if timeout is None else check_timeout(timeout) or self.timeout,
            strict=self._strict,
            deadline=deadline,
        )

    def _reader(self, call: Call) -> ResponseReader:
        return ResponseReader(
            self._settings.max_response_bytes, call.timeout, left=call.left(), of=call.deadline
        )

    def _request(
        self, call: Call, reader: ResponseReader
    ) -> tuple[httpx.Request, AbstractContextManager[None]]:
        """The attempt's request, and the scope to send it in: through the client's own
        transport, the deadline armed on the sockets and every phase's timeout cut to it."""
        if not self._arm:
            request = self._http.build_request(**call.kwargs, timeout=call.timeout)
            return request, contextlib.nullcontext()
        return self._http.build_request(**call.kwargs, timeout=reader.timeout), reader.armed()

    @staticmethod
    def _begin(response: httpx.Response, reader: ResponseReader) -> bool:
        """Start reading `response`; True when its raw body is still to be streamed (an
        in-memory one arrives read and decoded: its bytes are checked as they are)."""
        if response.is_stream_consumed:
            reader.start(response.status_code, {})
            reader.feed(response.content)
            return False
        reader.start(response.status_code, response.headers)
        return True

    @staticmethod
    def _received(response: httpx.Response, reader: ResponseReader, started: float) -> Received:
        body = reader.finish()
        return Received(
            response.status_code,
            response.reason_phrase,
            response.headers,
            body,
            time.perf_counter() - started,
        )

    def _failed(self, exc: BaseException, reader: ResponseReader, call: Call) -> Failed:
        """An attempt's exception as plain data (called in `except`; the error is raised later)."""
        if isinstance(exc, HeyGenError):  # the reader's limits
            return Failed(exc, sent=True, transient=getattr(exc, "limit", None) == "deadline")
        if isinstance(exc, httpx.TransportError):
            sent = not request_not_sent(exc)
            if isinstance(exc, httpx.TimeoutException) and reader.expired:
                return Failed(reader.deadline_error(request_sent=sent), sent=sent)
            detail = safe_text(str(exc) or type(exc).__name__, call.secrets)
            message = f"{type(exc).__name__}: {detail} ({call.kwargs['method'].upper()} {call.url})"
            if sent:
                message += (
                    " (the request was sent: what it asked for may have been created or done)"
                )
            cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
            return Failed(cls(message, request_sent=sent), sent=sent)
        if isinstance(exc, FOREIGN_ERRORS):
            return Failed(foreign_error(exc, reader.status_code), sent=True, transient=False)
        text = safe_text(f"{type(exc).__name__}: {exc}", call.secrets)
        return Failed(APIConnectionError(f"{text} ({call.url})", request_sent=True), sent=True)
