"""An ASGI wrapper that lets an edit see, change or answer each request to one of a spec's
operations, and change the app's JSON answer: how the wire bugs (`broken_wire`) are made."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

__all__ = ["ASGIApp", "Json", "Request", "Wrap", "wire"]

Json = Any
Scope = MutableMapping[str, Any]
AsgiMessage = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[AsgiMessage]]
Send = Callable[[AsgiMessage], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Wrap = Callable[[ASGIApp, str], ASGIApp]  # (a conformant app, its API key) -> the broken one


async def _read_body(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body"))
    return b"".join(chunks)


def _replay(raw: bytes) -> Receive:
    messages: Iterator[AsgiMessage] = iter([{"type": "http.request", "body": raw}])

    async def receive() -> AsgiMessage:
        return next(messages, {"type": "http.disconnect"})

    return receive


async def _send_json(send: Send, status: int, body: Json, headers: list[Any] | None = None) -> None:
    raw = json.dumps(body).encode()
    dropped = {b"content-length", b"content-type"}
    kept = [(k, v) for k, v in headers or [] if k.lower() not in dropped]
    kept += [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": kept})
    await send({"type": "http.response.body", "body": raw})


def _json(raw: bytes) -> Json:
    try:
        return json.loads(raw)
    except ValueError:
        return None


@dataclass
class Request:
    """A request to one of the spec's operations, as an edit sees (and may change) it."""

    op: Operation
    path: dict[str, str]  # the path's parameters
    query: str
    headers: list[tuple[bytes, bytes]]
    body: Json  # None: no JSON body
    key: str  # the conformant app's API key

    def session(self, field: str) -> Any:
        """The session the request names, by the path or the body."""
        return self.path.get(field, self.body.get(field) if isinstance(self.body, dict) else None)


def wire(
    model: SpecModel,
    before: Callable[[Request], tuple[int, Json] | None] | None = None,
    after: Callable[[Request, int, Json], tuple[int, Json]] | None = None,
) -> Wrap:
    """A wrapper whose `before` edit may change a request (or answer in the app's place) and
    whose `after` edit may change the app's JSON answer (status and body)."""

    def wrap(app: ASGIApp, key: str) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            op, path = _route(model, scope) if scope["type"] == "http" else (None, {})
            if op is None:
                return await app(scope, receive, send)
            raw = await _read_body(receive)
            query = scope.get("query_string", b"").decode()
            seen = Request(op, path, query, list(scope["headers"]), _json(raw), key)
            answer = before(seen) if before is not None else None
            if answer is not None:
                return await _send_json(send, *answer)
            raw = raw if seen.body is None else json.dumps(seen.body).encode()
            headers = [(k, v) for k, v in seen.headers if k.lower() != b"content-length"]
            scope = {**scope, "headers": [*headers, (b"content-length", b"%d" % len(raw))]}
            if after is None:
                return await app(scope, _replay(raw), send)
            start: AsgiMessage = {}
            chunks: list[bytes] = []

            async def capture(message: AsgiMessage) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                else:
                    chunks.append(message.get("body", b""))

            await app(scope, _replay(raw), capture)
            body = _json(b"".join(chunks))
            if body is None:
                await send(start)
                return await send({"type": "http.response.body", "body": b"".join(chunks)})
            status, body = after(seen, int(start["status"]), body)
            await _send_json(send, status, body, list(start.get("headers", [])))

        return wrapped

    return wrap


def _route(model: SpecModel, scope: Scope) -> tuple[Operation | None, dict[str, str]]:
    """The operation serving the request, and its path parameters (templated paths match)."""
    for op in model.operations:
        pattern = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(op.path))
        found = re.fullmatch(pattern, scope["path"])
        if found and op.method == scope["method"]:
            return op, found.groupdict()
    return None, {}
