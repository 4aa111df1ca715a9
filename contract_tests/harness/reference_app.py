"""A minimal spec-conformant ASGI app: the harness's self-test target and the bench's baseline.

For every operation of the spec it routes by method and path, checks the API key, validates the
body with the operation's schema and answers the first documented example of its success
status, nothing else: no state, no journal, no leniency. What the mock costs on top of this is
what the benchmark measures. It names no operation: a spec with more operations serves more.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

__all__ = ["ASGIApp", "make_reference_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

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


def _success(op: Operation) -> tuple[int, Any]:
    status = op.success_status
    response = op.responses.get(status)
    examples = list(response.examples.values()) if response is not None else []
    return status, (examples[0] if examples else {})


def _key_headers(op: Operation) -> list[str]:
    """Header names of the API-key schemes the operation accepts (lower case)."""
    return [s.header.lower() for alt in op.security for s in alt if s.type == "apiKey"]


def make_reference_app(spec: Mapping[str, Any] | SpecModel, api_key: str) -> ASGIApp:
    """The reference app for every operation of `spec`, accepting exactly `api_key`."""
    model = spec if isinstance(spec, SpecModel) else SpecModel(spec)
    answers = {(op.method, op.path): _success(op) for op in model.operations}

    def decide(op: Operation, scope: Scope, raw: bytes) -> tuple[int, Any]:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        names = _key_headers(op)
        if op.security and not any(headers.get(n) == api_key for n in names):
            return _error(401, "credential: missing or invalid")
        validator = op.request_validator()
        if validator is None:
            return answers[(op.method, op.path)]
        if not raw and not op.request_required:
            return answers[(op.method, op.path)]
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
        return answers[(op.method, op.path)]

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
        op = model.route(scope["method"], scope["path"])
        if op is None:
            allowed = model.allowed_methods(scope["path"])
            if allowed:
                allow = [(b"allow", ", ".join(allowed).encode())]
                await _send_json(send, 405, _error(405, "method not allowed")[1], allow)
            else:
                await _send_json(send, 404, _error(404, "no such path")[1], [])
            return
        if size > _MAX_BODY:
            await _send_json(send, 413, _error(413, "body: too large")[1], [])
            return
        status, body = decide(op, scope, b"".join(chunks))
        await _send_json(send, status, body, [])

    return app


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
