"""The handle of an open session, and the rule that a session the client opened is stopped.

`client.session(**fields)` calls the operation the spec marks `x-lifecycle.creates`, then the one
that moves a session out of its initial state (start), and yields a handle whose methods are the
operations taking the session-id field (`x-session-lifecycle.session-id`), with it bound. Leaving
the block always calls the `x-lifecycle.closes` operation (stop): after the body, after an
exception or a KeyboardInterrupt, when start failed after the session was created, and when
the create call's answer named a session but could not be used (`error.session_id`). A failed
stop is logged and attached to the exception in flight as a note; it never hides that exception.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from heygen_streaming_api.api import AsyncSessionMethods, Endpoint, SessionMethods

from .lifecycle import need
from .logfilter import forget_secret
from .redact import secret_values
from .spec_model import packaged_model

if TYPE_CHECKING:
    from ._async_client import AsyncStreamingClient
    from ._client import StreamingClient

__all__ = ["AsyncSessionHandle", "SessionHandle", "stop_failed"]

logger = logging.getLogger("heygen_streaming")


def session_id_field() -> str:
    """The request field naming a session (`x-session-lifecycle.session-id`)."""
    return need(packaged_model().lifecycle.session_id, "session-id")


class _Handle:
    """State shared by both handles: the created session, its id, whether it is stopped.

    `orphan`: the id of a session whose create answer could not be used (only stopped).
    """

    def __init__(self, client: Any, created: Any, closes: Endpoint, orphan: str | None = None):
        self._client = client
        field = session_id_field()
        data = created.to_dict() if hasattr(created, "to_dict") else created or {}
        self._field = field
        self._id = str(data[field]) if orphan is None else orphan
        self._closes = closes
        self._tokens = secret_values(data)  # forgotten by the log filter once stopped
        self.stopped = False
        self.session = created
        setattr(self, field, self._id)

    def _stopped(self) -> None:
        self.stopped = True
        for token in self._tokens:
            forget_secret(token)

    def _fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        return {self._field: self._id, **fields}

    def __repr__(self) -> str:
        state = "stopped" if self.stopped else "open"
        return f"{type(self).__name__}({self._field}={self._id!r}, {state})"


def stop_failed(handle: _Handle, error: BaseException, primary: BaseException | None) -> None:
    """Log a failed stop, and attach it to the exception in flight (its text is already masked)."""
    text = f"stopping session {handle._id} failed: {type(error).__name__}: {error}"
    logger.warning("%s; the session may still be open (billed until it idles out)", text)
    if primary is not None:
        primary.add_note(text)


class SessionHandle(_Handle, SessionMethods):
    """An open session of a `StreamingClient`; its methods send this session's id."""

    _client: StreamingClient

    def _bound(self, endpoint: Endpoint, fields: dict[str, Any], timeout: Any) -> Any:
        result = self._client._call(endpoint, None, self._fields(fields), timeout)
        if endpoint is self._closes:
            self._stopped()
        return result

    def _close(self, primary: BaseException | None) -> None:
        """Stop the session unless it already is; raise a failed stop only if nothing else is."""
        if self.stopped:
            return
        try:
            self._bound(self._closes, {}, None)
        except Exception as exc:
            if primary is None:
                raise
            stop_failed(self, exc, primary)


class AsyncSessionHandle(_Handle, AsyncSessionMethods):
    """An open session of an `AsyncStreamingClient`; its methods send this session's id."""

    _client: AsyncStreamingClient

    async def _bound(self, endpoint: Endpoint, fields: dict[str, Any], timeout: Any) -> Any:
        result = await self._client._call(endpoint, None, self._fields(fields), timeout)
        if endpoint is self._closes:
            self._stopped()
        return result

    async def _close(self, primary: BaseException | None) -> None:
        """Stop the session unless it already is; raise a failed stop only if nothing else is."""
        if self.stopped:
            return
        try:
            await self._bound(self._closes, {}, None)
        except Exception as exc:
            if primary is None:
                raise
            stop_failed(self, exc, primary)
