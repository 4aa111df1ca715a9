"""The synchronous clients: one driver of the one request loop, a class per generated package."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, ClassVar, Self

import heygen_streaming_api.api as streaming
import httpx
import liveavatar_api.api as liveavatar

from ._base import FAILURES, BaseClient, TimeoutTypes
from ._endpoint import Endpoint
from ._loop import Reply, Send, request_loop
from ._plan import Call
from ._session import Handle, handle_class, made_class
from ._suggest import check_methods
from .errors import HeyGenError

__all__ = ["Client", "LiveAvatarClient", "SessionHandle", "StreamingClient", "client_class"]


class Client(BaseClient):
    """A synchronous client of an API: one method per operation of its spec.

    Credentials: `api_key=` (sent as the spec's apiKey header) and/or `session_token=` (sent as
    `Authorization: Bearer`). When neither argument is given, both come from the environment
    (`<env-prefix>_API_KEY`, `<env-prefix>_SESSION_TOKEN`; the prefix is the spec's `x-api`).
    Other settings: the argument, then the environment (`<env-prefix>_BASE_URL`), then the
    spec's server (`servers[0].url`).

    Args:
        api_key: the API key.
        session_token: a session token from `create_token()` (Bearer scheme).
        base_url: the server, e.g. a local mock; an http:// or https:// URL.
        timeout: seconds (> 0, every phase) or an `httpx.Timeout`; default 5 s connect, 30 s else.
        max_retries: retries of a failed request (>= 0); which failures depend on the operation.
        retry_on_server_errors: also retry read timeouts, dropped connections and 5xx for the
            operations that are not `x-idempotent` (may duplicate a billed session).
        max_response_bytes: the largest response body read, decoded (default 1 MiB).
        deadline: seconds a whole call may take, retries and waits included (default: none;
            each attempt is still bounded by the read timeout). Every method also takes
            `deadline=` for that one call.
        strict_responses: refuse any answer that differs from the spec (the contract suite's
            check); by default only the fields the client acts on must match.
        transport: an `httpx.BaseTransport` to send through (tests, the in-process mock).
        sleep: how to wait between retries (injectable so tests never sleep).
    """

    _handle: ClassVar[type[Handle]]
    _http_class = httpx.Client
    _http: httpx.Client

    def _call(
        self,
        endpoint: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: Any,
        *,
        token: str | None = None,
    ) -> Any:
        call = self._prepare(endpoint, request, fields, timeout, token)
        steps = request_loop(call, self._policy)
        reply: Reply = None
        while True:
            try:
                command = steps.send(reply)
            except StopIteration as done:
                return done.value
            if isinstance(command, Send):
                reply = self._send(call)
            else:
                reply = (time.sleep if self._sleep is None else self._sleep)(command.seconds)

    def _send(self, call: Call) -> Reply:
        reader = self._reader(call)
        started = time.perf_counter()
        try:
            request, scope = self._request(call, reader)
            with scope:
                response = self._http.send(request, stream=True)
                try:
                    if self._begin(response, reader):
                        for chunk in response.iter_raw():
                            reader.feed(chunk)
                finally:
                    response.close()
        except FAILURES as exc:
            return self._failed(exc, reader, call)
        return self._received(response, reader, started)

    @contextmanager
    def _session(
        self,
        creates: Endpoint,
        start: Endpoint | None,
        closes: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: TimeoutTypes | None,
    ) -> Iterator[Any]:  # a `Handle` with the generated `SessionMethods` of the class's API
        try:
            created = self._call(creates, request, fields, timeout)
        except HeyGenError as exc:  # a session the answer names but the client cannot use
            if exc.session_id is not None:
                self._handle(self, creates, None, closes, exc.session_id)._close(exc)
            raise
        handle = self._handle(self, creates, created, closes)
        try:
            if start is not None:
                handle._bound(start, {}, timeout)
            yield handle
        except BaseException as exc:  # KeyboardInterrupt too: the session is billed until stopped
            handle._close(exc)
            raise
        handle._close(None)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        self._http.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class SessionHandle(Handle, streaming.SessionMethods):
    """An open session of a `StreamingClient`; its methods send this session's id."""


class StreamingClient(Client, streaming.Operations):
    """A synchronous client of HeyGen's Streaming API (`HEYGEN_API_KEY`); see `Client`."""

    _package = "heygen_streaming_api"
    _handle = SessionHandle


check_methods(SessionHandle, streaming.SessionMethods)
check_methods(StreamingClient, streaming.Operations)


class LiveAvatarClient(Client, liveavatar.Operations):
    """A synchronous client of LiveAvatar (`LIVEAVATAR_API_KEY`); see `Client`."""

    _package = "liveavatar_api"
    _handle = handle_class(Handle, liveavatar.SessionMethods)


check_methods(LiveAvatarClient, liveavatar.Operations)


@cache
def client_class(package: str) -> type[Client]:
    """The synchronous client class of a generated package (`client_class("third_api")`): the
    hand-written one of a packaged API, else one made from the package."""
    known = {c._package: c for c in (StreamingClient, LiveAvatarClient)}
    return known.get(package) or made_class(package, Client, Handle)
