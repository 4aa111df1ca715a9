"""Broken servers made on the wire: ASGI wrappers around a conformant app, one bug each.

Each wrapper reads what it breaks from the spec the suite judges by (the creating operation's
bounded fields and answer, the API-key header, the lists' entries, the closing operation), so
the same bug is made on any spec, and on any ASGI server (the mock, or any other).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

from .rules import Rules

__all__ = [
    "ASGIApp",
    "Wrap",
    "accepts_below_minimum",
    "drops_session_id",
    "duration_not_enforced",
    "field_of_wrong_type",
    "history_forgets_closed",
    "ignores_api_key",
    "list_shows_wrong_state",
    "server_error_on_refused_body",
    "stop_spares_started",
    "undocumented_status",
]

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
    sent = False

    async def receive() -> AsgiMessage:
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
        named = self.body.get(field) if isinstance(self.body, dict) else None
        return self.path.get(field, named)


def _wire(
    model: SpecModel,
    request: Callable[[Request], tuple[int, Json] | None] | None = None,
    response: Callable[[Request, int, Json], tuple[int, Json]] | None = None,
) -> Wrap:
    """A wrapper whose `request` edit may change a request (or answer in the app's place) and
    whose `response` edit may change the app's JSON answer (status and body)."""

    def wrap(app: ASGIApp, key: str) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            op, path = _route(model, scope) if scope["type"] == "http" else (None, {})
            if op is None:
                await app(scope, receive, send)
                return
            raw = await _read_body(receive)
            query = scope.get("query_string", b"").decode()
            seen = Request(op, path, query, list(scope["headers"]), _json(raw), key)
            answer = request(seen) if request is not None else None
            if answer is not None:
                await _send_json(send, *answer)
                return
            raw = raw if seen.body is None else json.dumps(seen.body).encode()
            headers = [(k, v) for k, v in seen.headers if k.lower() != b"content-length"]
            scope = {**scope, "headers": [*headers, (b"content-length", b"%d" % len(raw))]}
            start: AsgiMessage = {}
            chunks: list[bytes] = []

            async def capture(message: AsgiMessage) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                else:
                    chunks.append(message.get("body", b""))

            await app(scope, _replay(raw), send if response is None else capture)
            body = _json(b"".join(chunks)) if response is not None else None
            if response is not None and body is None:
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks)})
            elif response is not None:
                status, body = response(seen, int(start["status"]), body)
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


def _creating_data(model: SpecModel, edit: Callable[[dict[str, Any]], Any]) -> Wrap:
    """Edit the data of the creating operation's successful answers."""
    rules = Rules.of(model)

    def apply(seen: Request, status: int, body: Json) -> tuple[int, Json]:
        unwrap = seen.op.extensions.get("x-unwrap")
        data = body.get(unwrap) if unwrap and isinstance(body, dict) else body
        if seen.op is rules.creating and 200 <= status < 300 and isinstance(data, dict):
            edit(data)
        return status, body

    return _wire(model, response=apply)


def accepts_below_minimum(model: SpecModel) -> Wrap:
    """Accepts a value below a creating field's minimum (raises it to the minimum)."""
    rules = Rules.of(model)
    bounded = rules.minimums(rules.creating) if rules.creating else {}

    def clamp(seen: Request) -> None:
        for name, least in bounded.items() if seen.op is rules.creating else ():
            value = seen.body.get(name) if isinstance(seen.body, dict) else None
            if isinstance(value, int) and not isinstance(value, bool) and value < least:
                seen.body[name] = least

    return _wire(model, clamp)


def server_error_on_refused_body(model: SpecModel) -> Wrap:
    """Answers 500 to a body its schema refuses (with the spec's own example of a 500)."""
    creating = Rules.of(model).creating

    def crash(seen: Request) -> tuple[int, Json] | None:
        valid = seen.op.request_validator() if seen.op is creating else None
        if valid is None or seen.body is None or valid.is_valid(seen.body):
            return None
        examples = seen.op.responses[500].examples.values() if 500 in seen.op.responses else ()
        return 500, next(iter(examples), {})

    return _wire(model, crash)


def field_of_wrong_type(model: SpecModel) -> Wrap:
    """Answers a field of the new session's data with the wrong type."""
    session_field = Rules.of(model).session_field

    def mistype(data: dict[str, Any]) -> None:
        name = next((k for k in data if k != session_field), None)
        if name is not None:
            data[name] = 12345 if isinstance(data[name], str) else str(data[name])

    return _creating_data(model, mistype)


def drops_session_id(model: SpecModel) -> Wrap:
    """Drops the session's id from the new session's data."""
    return _creating_data(model, lambda data: data.pop(Rules.of(model).session_field, None))


def ignores_api_key(model: SpecModel) -> Wrap:
    """Ignores the API key (serves requests without a valid one)."""
    schemes = model.security_schemes.values()
    header = next(s.header for s in schemes if s.type == "apiKey").lower().encode()

    def replace(seen: Request) -> None:
        seen.headers = [
            *((k, v) for k, v in seen.headers if k != header),
            (header, seen.key.encode()),
        ]

    return _wire(model, replace)


def undocumented_status(model: SpecModel) -> Wrap:
    """Answers 418, a status the spec does not document, to invalid bodies."""
    rules = Rules.of(model)
    kinds = [rules.errors[k] for k in ("validation", "missing-field") if k in rules.errors]
    fallback = [s for s in rules.creating.statuses if 400 <= s < 500] if rules.creating else []
    refused = {k.status for k in kinds} or set(fallback[:1])
    return _wire(
        model, response=lambda seen, status, body: (418 if status in refused else status, body)
    )


def _sessions(body: Json, fields: set[str]) -> Iterator[dict[str, Any]]:
    """Every object of an answer naming a session (list entries, a new session's data)."""
    if isinstance(body, dict):
        if fields & set(body):
            yield body
        body = list(body.values())
    for item in body if isinstance(body, list) else ():
        yield from _sessions(item, fields)


def _entries(model: SpecModel, edit: Callable[[dict[str, Any], Rules], None]) -> Wrap:
    rules = Rules.of(model)
    listers = [rules.lister(kind) for kind in ("active", "history")]
    fields = {rules.session_field} | {lister.id_field for lister in listers if lister}

    def apply(seen: Request, status: int, body: Json) -> tuple[int, Json]:
        for found in list(_sessions(body, fields)):
            edit(found, rules)
        return status, body

    return _wire(model, response=apply)


def list_shows_wrong_state(model: SpecModel) -> Wrap:
    """Reports every open session in the initial state in its lists."""

    def edit(item: dict[str, Any], rules: Rules) -> None:
        for key, value in item.items():
            if value in rules.states and value != rules.closed:
                item[key] = rules.initial

    return _entries(model, edit)


def duration_not_enforced(model: SpecModel) -> Wrap:
    """States a duration limit (a tenth of the real one) that it does not enforce."""

    def edit(item: dict[str, Any], rules: Rules) -> None:
        limit = item.get(rules.duration_field or "")
        if isinstance(limit, int | float) and not isinstance(limit, bool):
            item[str(rules.duration_field)] = max(1, int(limit) // 10)

    return _entries(model, edit)


def history_forgets_closed(model: SpecModel) -> Wrap:
    """Leaves closed sessions out of the list of closed sessions (its entries go)."""
    history = Rules.of(model).lister("history")
    if history is None:  # nothing to forget: the check needing such a list skips
        return _wire(model)

    def drop(seen: Request, status: int, body: Json) -> tuple[int, Json]:
        if seen.op is history.op and all(
            f"{k}={v}" in seen.query for k, v in history.params.items()
        ):
            for entries in list(_lists(body)):
                if entries and isinstance(entries[0], dict) and history.id_field in entries[0]:
                    entries.clear()
        return status, body

    return _wire(model, response=drop)


def _lists(body: Json) -> Iterator[list[Any]]:
    """Every array of an answer, nested ones too."""
    if isinstance(body, list):
        yield body
    for item in body if isinstance(body, list) else body.values() if isinstance(body, dict) else ():
        yield from _lists(item)


def stop_spares_started(model: SpecModel) -> Wrap:
    """Answers the closing operation on a started session with success, leaving it open."""
    rules, started = Rules.of(model), set()

    def spare(seen: Request) -> tuple[int, Json] | None:
        session = seen.session(rules.session_field)
        if seen.op.lifecycle.closes and session in started:
            examples = seen.op.responses[seen.op.success_status].examples.values()
            return seen.op.success_status, next(iter(examples), {})
        if seen.op.lifecycle.moves_to and session:
            started.add(session)
        return None

    return _wire(model, spare)
