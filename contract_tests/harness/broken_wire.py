"""Broken servers made on the wire: ASGI wrappers around a conformant app, one bug each.

Each wrapper reads what it breaks from the spec the suite judges by (the creating operation's
bounded fields and answer, the API-key header, the lists' entries, the closing operation), so
the same bug is made on any spec, and on any ASGI server (the mock, the reference app).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

from .reference_app import ASGIApp, Message, Receive, Scope, Send
from .rules import Rules

__all__ = [
    "Wrap",
    "bounds_clamped",
    "closed_forgotten",
    "creating_field_mistyped",
    "key_ignored",
    "limit_understated",
    "listed_as_initial",
    "refusal_undocumented",
    "refused_body_crashes",
    "session_id_dropped",
    "stop_spares_started",
]

Json = Any
Wrap = Callable[[ASGIApp, str], ASGIApp]  # (a conformant app, its API key) -> the broken one


async def _read_body(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body"))
    return b"".join(chunks)


def _replay(raw: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    return receive


async def _send_json(send: Send, status: int, body: Json, headers: list[Any] | None = None) -> None:
    raw = json.dumps(body).encode()
    dropped = {b"content-length", b"content-type"}
    kept = [(k, v) for k, v in headers or [] if k.lower() not in dropped]
    kept += [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": kept})
    await send({"type": "http.response.body", "body": raw})


def _route(model: SpecModel, scope: Scope) -> tuple[Operation | None, dict[str, str]]:
    """The operation serving the request, and its path parameters (templated paths match)."""
    for op in model.operations:
        pattern = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(op.path))
        found = re.fullmatch(pattern, scope["path"])
        if found and op.method == scope["method"]:
            return op, found.groupdict()
    return None, {}


def _json(raw: bytes) -> Json:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _on_request(
    model: SpecModel, edit: Callable[[Operation, Json], tuple[Json, int | None]]
) -> Wrap:
    """Rewrite a request's JSON body before the app sees it, or answer `status` in its place."""

    def wrap(app: ASGIApp, key: str) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            op = _route(model, scope)[0] if scope["type"] == "http" else None
            raw = await _read_body(receive) if op is not None else b""
            body = _json(raw)
            if op is None or body is None:
                await app(scope, _replay(raw) if op is not None else receive, send)
                return
            body, status = edit(op, body)
            if status is not None:  # answered with the spec's own example of that status
                examples = op.responses[status].examples.values() if status in op.responses else ()
                await _send_json(send, status, next(iter(examples), {}))
                return
            new = json.dumps(body).encode()
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(new)).encode()))
            await app({**scope, "headers": headers}, _replay(new), send)

        return wrapped

    return wrap


def _on_response(
    model: SpecModel, edit: Callable[[Operation, Scope, int, Json], tuple[int, Json]]
) -> Wrap:
    """Rewrite the app's JSON answers to the spec's operations (status and body)."""

    def wrap(app: ASGIApp, key: str) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            op = _route(model, scope)[0] if scope["type"] == "http" else None
            if op is None:
                await app(scope, receive, send)
                return
            start: Message = {}
            chunks: list[bytes] = []

            async def capture(message: Message) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                else:
                    chunks.append(message.get("body", b""))

            await app(scope, receive, capture)
            body = _json(b"".join(chunks))
            if body is None:
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks)})
                return
            status, body = edit(op, scope, int(start["status"]), body)
            await _send_json(send, status, body, list(start.get("headers", [])))

        return wrapped

    return wrap


def _creating_data(model: SpecModel, edit: Callable[[dict[str, Any]], None]) -> Wrap:
    """Edit the data of the creating operation's successful answers."""
    rules = Rules.of(model)

    def apply(op: Operation, scope: Scope, status: int, body: Json) -> tuple[int, Json]:
        unwrap = op.extensions.get("x-unwrap")
        data = body.get(unwrap) if unwrap and isinstance(body, dict) else body
        if op is rules.creating and 200 <= status < 300 and isinstance(data, dict):
            edit(data)
        return status, body

    return _on_response(model, apply)


def bounds_clamped(model: SpecModel) -> Wrap:
    """A value below a field's minimum is silently raised to it, not refused."""
    rules = Rules.of(model)
    bounded = rules.minimums(rules.creating) if rules.creating else {}

    def clamp(op: Operation, body: Json) -> tuple[Json, int | None]:
        for name, least in bounded.items() if op is rules.creating else ():
            value = body.get(name) if isinstance(body, dict) else None
            if isinstance(value, int) and not isinstance(value, bool) and value < least:
                body[name] = least
        return body, None

    return _on_request(model, clamp)


def refused_body_crashes(model: SpecModel) -> Wrap:
    """A body the creating operation's schema refuses is answered 500, not a validation error."""
    rules = Rules.of(model)

    def crash(op: Operation, body: Json) -> tuple[Json, int | None]:
        validator = op.request_validator() if op is rules.creating else None
        return body, (500 if validator is not None and not validator.is_valid(body) else None)

    return _on_request(model, crash)


def creating_field_mistyped(model: SpecModel) -> Wrap:
    """A field of the new session's data comes back with the wrong type."""
    session_field = Rules.of(model).session_field

    def mistype(data: dict[str, Any]) -> None:
        name = next((k for k in data if k != session_field), None)
        if name is not None:
            data[name] = 12345 if isinstance(data[name], str) else str(data[name])

    return _creating_data(model, mistype)


def session_id_dropped(model: SpecModel) -> Wrap:
    """The new session's data comes back without its id."""
    session_field = Rules.of(model).session_field
    return _creating_data(model, lambda data: data.pop(session_field, None) and None)


def key_ignored(model: SpecModel) -> Wrap:
    """Every request is served as if it carried the right API key."""
    schemes = model.security_schemes.values()
    header = next(s.header for s in schemes if s.type == "apiKey").lower().encode()

    def wrap(app: ASGIApp, key: str) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                kept = [(k, v) for k, v in scope["headers"] if k.lower() != header]
                scope = {**scope, "headers": [*kept, (header, key.encode())]}
            await app(scope, receive, send)

        return wrapped

    return wrap


def refusal_undocumented(model: SpecModel) -> Wrap:
    """Invalid bodies are refused with 418, a status the spec documents nowhere."""
    rules = Rules.of(model)
    kinds = [rules.errors[k] for k in ("validation", "missing-field") if k in rules.errors]
    creating = rules.creating
    fallback = [s for s in creating.statuses if 400 <= s < 500] if creating else []
    refused = {k.status for k in kinds} or set(fallback[:1])

    def apply(op: Operation, scope: Scope, status: int, body: Json) -> tuple[int, Json]:
        return (418 if status in refused else status), body

    return _on_response(model, apply)


def _sessions(body: Json, field: str) -> Iterator[dict[str, Any]]:
    """Every object of an answer naming a session (list entries, a new session's data)."""
    if isinstance(body, dict):
        if field in body:
            yield body
        body = list(body.values())
    for item in body if isinstance(body, list) else ():
        yield from _sessions(item, field)


def _entries(model: SpecModel, edit: Callable[[dict[str, Any], Rules], None]) -> Wrap:
    rules = Rules.of(model)
    fields = {rules.session_field} | {
        lister.id_field for kind in ("active", "history") if (lister := rules.lister(kind))
    }

    def apply(op: Operation, scope: Scope, status: int, body: Json) -> tuple[int, Json]:
        for found in [s for field in fields for s in _sessions(body, field)]:
            edit(found, rules)
        return status, body

    return _on_response(model, apply)


def listed_as_initial(model: SpecModel) -> Wrap:
    """The lists show every open session in the initial state."""

    def edit(item: dict[str, Any], rules: Rules) -> None:
        for key, value in item.items():
            if value in rules.states and value != rules.closed:
                item[key] = rules.initial

    return _entries(model, edit)


def limit_understated(model: SpecModel) -> Wrap:
    """The new session states a tenth of its real duration limit."""

    def edit(item: dict[str, Any], rules: Rules) -> None:
        limit = item.get(rules.duration_field or "")
        if isinstance(limit, int) and not isinstance(limit, bool):
            item[str(rules.duration_field)] = max(1, limit // 10)

    return _entries(model, edit)


def closed_forgotten(model: SpecModel) -> Wrap:
    """The list of closed sessions comes back without its entries."""
    history = Rules.of(model).lister("history")

    def drop(body: Json) -> Json:
        assert history is not None
        if isinstance(body, dict):
            return {k: drop(v) for k, v in body.items()}
        if isinstance(body, list):
            return [drop(i) for i in body if not (isinstance(i, dict) and history.id_field in i)]
        return body

    def apply(op: Operation, scope: Scope, status: int, body: Json) -> tuple[int, Json]:
        query = scope.get("query_string", b"").decode()
        chosen = all(f"{k}={v}" in query for k, v in history.params.items()) if history else False
        return status, drop(body) if history and op is history.op and chosen else body

    return _on_response(model, apply)


def stop_spares_started(model: SpecModel) -> Wrap:
    """The closing operation answers its success example, doing nothing, on a started session."""
    rules, started = Rules.of(model), set()

    def wrap(app: ASGIApp, key: str) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            op, path = _route(model, scope) if scope["type"] == "http" else (None, {})
            if op is None:
                await app(scope, receive, send)
                return
            raw = await _read_body(receive)
            body = _json(raw)
            named = body.get(rules.session_field) if isinstance(body, dict) else None
            session = path.get(rules.session_field, named)
            if op.lifecycle.closes and session in started:
                example: Json = next(iter(op.responses[op.success_status].examples.values()), {})
                await _send_json(send, op.success_status, example)
                return
            if op.lifecycle.moves_to and session:
                started.add(session)
            await app(scope, _replay(raw), send)

        return wrapped

    return wrap
