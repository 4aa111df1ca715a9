"""Broken servers made on the wire: ASGI wrappers around a conformant app, one bug each.

Each reads what it breaks from the spec the suite judges by (the creating operation, the API-key
header, the lists' entries, the closing operation), so the same bug is made on any spec and
around any ASGI server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

from .rules import Rules, objects_naming
from .wire import ASGIApp, Json, Request, Wrap, wire

__all__ = [
    "ASGIApp",
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


def _example(op: Operation, status: int) -> tuple[int, Json]:
    """An answer of `op` with `status`: the spec's first example of it (or `{}`)."""
    examples = op.responses[status].examples.values() if status in op.responses else ()
    return status, next(iter(examples), {})


def _sessions(
    model: SpecModel, edit: Callable[[dict[str, Any], Rules], None], role: str = ""
) -> Wrap:
    """Edit every object of an answer naming a session (a list's entry, a new session's data);
    with `role`, only in the successful answers of the operations with that x-lifecycle role."""
    rules = Rules.of(model)
    listers = [rules.lister(kind) for kind in ("active", "history")]
    fields = {rules.session_field} | {lister.id_field for lister in listers if lister}

    def apply(seen: Request, status: int, body: Json) -> tuple[int, Json]:
        if not role or (seen.op.lifecycle.get(role) and 200 <= status < 300):
            for found in list(objects_naming(body, fields)):
                edit(found, rules)
        return status, body

    return wire(model, after=apply)


def accepts_below_minimum(model: SpecModel) -> Wrap:
    """Accepts a value below a creating field's minimum (raises it to the minimum)."""
    rules = Rules.of(model)
    bounded = rules.minimums(rules.creating) if rules.creating else {}

    def clamp(seen: Request) -> None:
        for name, least in bounded.items() if seen.op.lifecycle.creates else ():
            value = seen.body.get(name) if isinstance(seen.body, dict) else None
            if isinstance(value, int) and not isinstance(value, bool) and value < least:
                seen.body[name] = least

    return wire(model, clamp)


def server_error_on_refused_body(model: SpecModel) -> Wrap:
    """Answers 500 to a body its schema refuses (with the spec's own example of a 500)."""

    def crash(seen: Request) -> tuple[int, Json] | None:
        valid = seen.op.request_validator() if seen.op.lifecycle.creates else None
        if valid is None or seen.body is None or valid.is_valid(seen.body):
            return None
        return _example(seen.op, 500)

    return wire(model, crash)


def field_of_wrong_type(model: SpecModel) -> Wrap:
    """Answers a field of the new session's data with the wrong type."""

    def mistype(data: dict[str, Any], rules: Rules) -> None:
        name = next((k for k in data if k != rules.session_field), None)
        if name is not None:
            data[name] = 12345 if isinstance(data[name], str) else str(data[name])

    return _sessions(model, mistype, "creates")


def drops_session_id(model: SpecModel) -> Wrap:
    """Drops the session's id from the new session's data."""
    return _sessions(model, lambda data, rules: data.pop(rules.session_field, None), "creates")


def ignores_api_key(model: SpecModel) -> Wrap:
    """Ignores the API key (serves requests without a valid one)."""
    schemes = model.security_schemes.values()
    header = next(s.header for s in schemes if s.type == "apiKey").lower().encode()

    def replace(seen: Request) -> None:
        kept = [(k, v) for k, v in seen.headers if k != header]
        seen.headers = [*kept, (header, seen.key.encode())]

    return wire(model, replace)


def undocumented_status(model: SpecModel) -> Wrap:
    """Answers 418, a status the spec does not document, to invalid bodies."""
    rules = Rules.of(model)
    kinds = [rules.errors[k] for k in ("validation", "missing-field") if k in rules.errors]
    fallback = [s for s in rules.creating.statuses if 400 <= s < 500] if rules.creating else []
    refused = {k.status for k in kinds} or set(fallback[:1])
    return wire(
        model, after=lambda seen, status, body: (418 if status in refused else status, body)
    )


def list_shows_wrong_state(model: SpecModel) -> Wrap:
    """Reports every open session in the initial state in its lists."""

    def edit(item: dict[str, Any], rules: Rules) -> None:
        for key, value in item.items():
            if value in rules.states and value != rules.closed:
                item[key] = rules.initial

    return _sessions(model, edit)


def duration_not_enforced(model: SpecModel) -> Wrap:
    """States a duration limit (a tenth of the real one) that it does not enforce."""
    limit = model.lifecycle.duration_limit
    name = limit.field if limit else None

    def edit(item: dict[str, Any], rules: Rules) -> None:
        value = item.get(name or "")
        if name and isinstance(value, int | float) and not isinstance(value, bool):
            item[name] = max(1, int(value) // 10)

    return _sessions(model, edit)


def history_forgets_closed(model: SpecModel) -> Wrap:
    """Leaves closed sessions out of the list of closed sessions (its entries go)."""
    history = Rules.of(model).lister("history")
    if history is None:  # nothing to forget: the check needing such a list skips
        return wire(model)

    def drop(seen: Request, status: int, body: Json) -> tuple[int, Json]:
        asked = all(f"{k}={v}" in seen.query for k, v in history.params.items())
        for entries in list(_lists(body)) if seen.op is history.op and asked else ():
            if entries and isinstance(entries[0], dict) and history.id_field in entries[0]:
                entries.clear()
        return status, body

    return wire(model, after=drop)


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
            return _example(seen.op, seen.op.success_status)
        if seen.op.lifecycle.moves_to and session:
            started.add(session)
        return None

    return wire(model, spare)
