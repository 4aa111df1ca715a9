"""The handle of an open session, and the rule that a session the client opened is stopped.

`client.session(**fields)` calls the operation the spec marks `x-lifecycle.creates`, then the one
that moves a session out of its initial state (start), and yields a handle whose methods are the
operations taking the session-id field (`x-session-lifecycle.session-id`), with it bound. Leaving
the block always calls the `x-lifecycle.closes` operation (stop): after the body, after an
exception or a KeyboardInterrupt, when start failed after the session was created, and when
the create call's answer named a session but could not be used (`error.session_id`). A failed
stop is logged and attached to the exception in flight as a note; it never hides that exception.

When the creating operation also `issues-token` (a session token minted with its session), the
handle keeps that token and sends it as the Bearer credential of the session's operations whose
`session-from` has `token` and whose security accepts a bearer token alone (start, stop...).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ._endpoint import Endpoint
from ._plan import plan_of
from .errors import HeyGenError
from .lifecycle import need
from .logfilter import forget_secret
from .redact import secret_values

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._client import Client

__all__ = ["AsyncHandle", "Handle", "stop_failed"]

logger = logging.getLogger("heygen_streaming")


def _bearer_alone(endpoint: Endpoint) -> bool:
    """Whether the operation names its session by the token and accepts a bearer token alone."""
    op = plan_of(endpoint).operation
    bearer = any(all(s.scheme == "bearer" for s in alt) for alt in op.security if alt)
    return bearer and "token" in (op.lifecycle.session_from or ())


class _Handle:
    """State shared by both handles: the created session, its id and token, whether stopped.

    `orphan`: the id of a session whose create answer could not be used (only stopped).
    """

    def __init__(
        self, client: Any, creates: Endpoint, created: Any, closes: Endpoint, orphan: Any = None
    ):
        self._client = client
        rules = client._model.lifecycle
        field = need(rules.session_id, "session-id")
        data = created.to_dict() if hasattr(created, "to_dict") else created or {}
        self._field = field
        self._id = str(data[field] if orphan is None else orphan)
        token = (
            data.get(rules.token_field)
            if plan_of(creates).operation.lifecycle.issues_token
            else None
        )
        self._token = token if isinstance(token, str) and token else None
        self._closes = closes
        self._tokens = secret_values(data)  # forgotten by the log filter once stopped
        self.stopped = False
        self.session = created
        setattr(self, field, self._id)

    def _token_for(self, endpoint: Endpoint) -> str | None:
        """The session's own token when `endpoint` takes it, else None (the client's)."""
        return self._token if self._token and _bearer_alone(endpoint) else None

    def _stopped(self) -> None:
        self.stopped = True
        for token in self._tokens:
            forget_secret(token)

    def _fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        return {self._field: self._id, **fields}

    def __repr__(self) -> str:
        state = "stopped" if self.stopped else "open"
        return f"{type(self).__name__}({self._field}={self._id!r}, {state})"


def _names(handle: _Handle, primary: BaseException | None) -> None:
    """The error that ends a block names the session stopped because of it (a failed start)."""
    if isinstance(primary, HeyGenError) and primary.session_id is None:
        primary.session_id = handle._id


def stop_failed(handle: _Handle, error: BaseException, primary: BaseException | None) -> None:
    """Log a failed stop, and attach it to the exception in flight (its text is already masked)."""
    text = f"stopping session {handle._id} failed: {type(error).__name__}: {error}"
    logger.warning("%s; the session may still be open (billed until it idles out)", text)
    if primary is not None:
        primary.add_note(text)


class Handle(_Handle):
    """An open session of a synchronous client; its methods send this session's id.

    Each client class has its own subclass, with the generated `SessionMethods` of its API."""

    _client: Client

    def _bound(self, endpoint: Endpoint, fields: dict[str, Any], timeout: Any) -> Any:
        token = self._token_for(endpoint)
        result = self._client._call(endpoint, None, self._fields(fields), timeout, token=token)
        if endpoint is self._closes:
            self._stopped()
        return result

    def _close(self, primary: BaseException | None) -> None:
        """Stop the session unless it already is; raise a failed stop only if nothing else is."""
        _names(self, primary)
        if self.stopped:
            return
        try:
            self._bound(self._closes, {}, None)
        except Exception as exc:
            if primary is None:
                raise
            stop_failed(self, exc, primary)


class AsyncHandle(_Handle):
    """An open session of an asyncio client; its methods send this session's id.

    Each client class has its own subclass, with the generated `AsyncSessionMethods` of its API."""

    _client: AsyncClient

    async def _bound(self, endpoint: Endpoint, fields: dict[str, Any], timeout: Any) -> Any:
        token = self._token_for(endpoint)
        result = await self._client._call(
            endpoint, None, self._fields(fields), timeout, token=token
        )
        if endpoint is self._closes:
            self._stopped()
        return result

    async def _close(self, primary: BaseException | None) -> None:
        """Stop the session unless it already is; raise a failed stop only if nothing else is."""
        _names(self, primary)
        if self.stopped:
            return
        try:
            await self._bound(self._closes, {}, None)
        except Exception as exc:
            if primary is None:
                raise
            stop_failed(self, exc, primary)
