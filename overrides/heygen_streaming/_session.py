"""The handle of an open session, and the rule that a session the client opened is stopped.

`client.session(**fields)` calls the `x-lifecycle.creates` operation, then start, and yields a
handle whose methods send the session's id. Leaving the block always calls the `closes` operation:
after an exception or a KeyboardInterrupt too, and when the create answer named a session it
could not use (`error.session_id`): a session is billed until stopped. A failed stop is logged
and attached to the exception in flight as a note, never hiding it. When the creating operation
`issues-token`, the handle sends that token as the Bearer credential of the session's operations
whose `session-from` has `token` and whose security accepts a bearer token alone.
`made_class` makes a client class, and its handle class, from a generated package alone.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any, TypeVar

from ._endpoint import Endpoint
from ._plan import plan_of
from ._suggest import check_methods
from .errors import HeyGenError
from .lifecycle import need
from .logfilter import forget_secret
from .redact import secret_values

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._base import BaseClient
    from ._client import Client

__all__ = ["AsyncHandle", "Handle", "handle_class", "made_class"]

C = TypeVar("C", bound="BaseClient")

logger = logging.getLogger("heygen_streaming")


def _bearer_alone(endpoint: Endpoint) -> bool:
    """Whether the operation names its session by the token and accepts a bearer token alone."""
    op = plan_of(endpoint).operation
    bearer = any(all(s.scheme == "bearer" for s in alt) for alt in op.security if alt)
    return bearer and "token" in (op.lifecycle.session_from or ())


class _Handle:
    """State shared by both handles; `orphan`: the id of a session whose create answer could
    not be used (only stopped)."""

    def __init__(
        self, client: Any, creates: Endpoint, created: Any, closes: Endpoint, orphan: Any = None
    ):
        self._client = client
        rules = client._model.lifecycle
        self._field = need(rules.session_id, "session-id")
        data = created.to_dict() if hasattr(created, "to_dict") else created or {}
        self._id = str(data[self._field] if orphan is None else orphan)
        issues = plan_of(creates).operation.lifecycle.issues_token
        token = data.get(rules.token_field) if issues else None
        self._token = token if isinstance(token, str) and token else None
        self._closes = closes
        self._tokens = secret_values(data)  # forgotten by the log filter once stopped
        self.stopped = False
        self.session = created
        setattr(self, self._field, self._id)

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

    def _closing(self, primary: BaseException | None) -> bool:
        """Whether a stop is still due; the error ending the block names this session."""
        if isinstance(primary, HeyGenError) and primary.session_id is None:
            primary.session_id = self._id
        return not self.stopped

    def _stop_failed(self, error: Exception, primary: BaseException | None) -> None:
        """Log a failed stop; attach it to the exception in flight, or raise it if none is."""
        if primary is None:
            raise error
        text = f"stopping session {self._id} failed: {type(error).__name__}: {error}"
        logger.warning("%s; the session may still be open (billed until it idles out)", text)
        primary.add_note(text)


class Handle(_Handle):
    """An open session of a synchronous client; its methods send this session's id."""

    _client: Client

    def _bound(self, endpoint: Endpoint, fields: dict[str, Any], timeout: Any) -> Any:
        token = self._token_for(endpoint)
        result = self._client._call(endpoint, None, self._fields(fields), timeout, token=token)
        if endpoint is self._closes:
            self._stopped()
        return result

    def _close(self, primary: BaseException | None) -> None:
        """Stop the session unless it already is; raise a failed stop only if nothing else is."""
        if self._closing(primary):
            try:
                self._bound(self._closes, {}, None)
            except Exception as exc:
                self._stop_failed(exc, primary)


class AsyncHandle(_Handle):
    """An open session of an asyncio client; its methods send this session's id."""

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
        if self._closing(primary):
            try:
                await self._bound(self._closes, {}, None)
            except Exception as exc:
                self._stop_failed(exc, primary)


def handle_class(handle: type, methods: type) -> Any:
    """The session handle class of an API: `handle` with its generated session methods."""
    name = handle.__name__.replace("Handle", "SessionHandle")
    made = type(name, (handle, methods), {"__doc__": handle.__doc__})
    check_methods(made, methods)
    return made


def made_class(package: str, client: type[C], handle: type, prefix: str = "") -> type[C]:
    """A client class made from a generated package's code alone: `client` with the package's
    `<prefix>Operations`, and `handle` with its `<prefix>SessionMethods` (prefix `Async`)."""
    api = importlib.import_module(f"{package}.api")
    operations = getattr(api, f"{prefix}Operations")
    namespace = {
        "_package": package,
        "_handle": handle_class(handle, getattr(api, f"{prefix}SessionMethods")),
        "__doc__": f"A client of the API of `{package}`; see `{client.__name__}`.",
    }
    cls: type[C] = type(f"{client.__name__}[{package}]", (client, operations), namespace)
    check_methods(cls, operations)
    return cls
