"""A minimal spec-conformant ASGI app: the harness's self-test target and the bench's baseline.

It validates the body against the spec's request schema and answers fixed JSON, nothing else:
no journal, no leniency, no realistic tokens. What the mock costs on top of this is what the
benchmark measures.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from heygen_streaming.spec import SchemaValidator

__all__ = ["OK_BODY", "ASGIApp", "make_reference_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OK_BODY: dict[str, Any] = {
    "code": 200,
    "message": "success",
    "data": {
        "session_id": "3b1f2a9c-8d4e-4f6a-9b2c-1d3e5f7a9b0c",
        "url": "wss://heygen-reference.livekit.cloud",
        "access_token": "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl",
        "session_duration_limit": 600,
        "is_paid": True,
    },
}
_MAX_BODY = 1 << 20


async def _send_json(
    send: Send, status: int, body: Any, headers: list[tuple[bytes, bytes]]
) -> None:
    raw = json.dumps(body).encode()
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": head + headers})
    await send({"type": "http.response.body", "body": raw})


def _error(status: int, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"code": status, "message": message}


def make_reference_app(spec: Mapping[str, Any], api_key: str) -> ASGIApp:
    """The reference app for `spec`'s `POST /v1/streaming.new`, accepting exactly `api_key`."""
    validator = SchemaValidator(spec, "NewSessionRequest")
    ok = json.dumps(OK_BODY)
    path = "/v1/streaming.new"

    def decide(scope: Scope, raw: bytes) -> tuple[int, Any]:
        if scope["path"] != path:
            return _error(404, f"{scope['path']}: no such path")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("x-api-key", "") != api_key:
            return _error(401, "X-Api-Key: missing or invalid")
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return _error(415, f"Content-Type: expected application/json, got {ctype or 'none'}")
        try:
            body = json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            return _error(400, f"body: not valid JSON ({exc})")
        errors = validator.errors(body)
        if errors:
            return _error(400, "; ".join(str(e) for e in errors))
        return 200, None

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= _MAX_BODY:
                chunks.append(chunk)
            more = bool(message.get("more_body"))
        if scope["path"] == path and scope["method"] != "POST":
            allow = [(b"allow", b"POST")]
            await _send_json(send, 405, _error(405, "method not allowed")[1], allow)
            return
        if size > _MAX_BODY:
            await _send_json(send, 413, _error(413, "body: too large")[1], [])
            return
        status, body = decide(scope, b"".join(chunks))
        await _send_json(send, status, json.loads(ok) if status == 200 else body, [])

    return app


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
