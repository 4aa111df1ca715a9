"""The `lists` role: one page of the caller's sessions, built from the operation's `x-list`
mapping (`Operation.listing`, read once at start): which sessions it shows (by state), in which
order, how the page is cut (by page number or by an opaque next-page token) and what fills each
field of an entry. A session keeps the request fields its entries show, and nothing else.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from heygen_streaming.lifecycle import need
from heygen_streaming.listing import TIMES, ListMapping, Source

if TYPE_CHECKING:
    from .core import MockCore
    from .roles import Call
    from .store import Session

__all__ = ["Lists", "kept"]


def _token_of(page: int) -> str:
    return base64.b64encode(f"page{page}".encode()).decode()


def _page_of(token: str) -> int:
    """The page a next-page token names; a token this mock did not make names the first."""
    try:
        text = base64.b64decode(token, validate=True).decode()
    except ValueError:
        return 1
    return int(text[4:]) if text.startswith("page") and text[4:].isdigit() else 1


def _types(schema: Any) -> set[str]:
    """The JSON types a field's schema allows (its own `type`, or its `anyOf`/`oneOf` branches)."""
    if not isinstance(schema, Mapping):
        return set()
    own = schema.get("type")
    found = set(own) if isinstance(own, list) else {own} if isinstance(own, str) else set()
    for branch in (*(schema.get("anyOf") or ()), *(schema.get("oneOf") or ())):
        found |= _types(branch)
    return found


def _render(value: Any, schema: Any, time: bool) -> Any:
    """`value` as the field's schema types it: a time as ISO 8601 where it is a string, a number
    as an integer where only an integer is allowed; otherwise unchanged (epoch seconds)."""
    types = _types(schema)
    if time and "string" in types:
        return datetime.fromtimestamp(value, UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, float) and "integer" in types and "number" not in types:
        return int(value)
    return value


def kept(request: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    """The scalar fields of `request` among `names` (strings cut at 200 characters)."""
    return {
        name: value[:200] if isinstance(value, str) else value
        for name, value in request.items()
        if name in names and isinstance(value, str | int | float | bool)
    }


class Lists:
    """Every list operation's mapping; `page(call)` answers one. `creating` and `closing` are the
    request fields a session keeps for its entries (of the request that made it, that closed it)."""

    def __init__(self, core: MockCore) -> None:
        self.core = core
        self.mappings: dict[int, ListMapping] = {}
        for route in core.router.routes.values():
            if route.lifecycle.lists is not None:
                op = route.op
                self.mappings[id(route)] = need(op.listing, f"{op.operation_id}: x-list")
        mappings = self.mappings.values()
        self.creating = frozenset(f for m in mappings for f in m.requests())
        self.closing = frozenset(f for m in mappings for f in m.requests(closing=True))

    def page(self, call: Call) -> None:
        """The page `call` asks for, in `call.facts` (or `call.data` when it is the array)."""
        mapping, query = self.mappings[id(call.route)], call.query
        newest = self.core.store.history(call.account.owner, call.now, 0, sys.maxsize)[1]
        if mapping.kind == "active":
            shown = [s for s in newest if s.is_open]
        elif mapping.kind == "filtered":
            states = mapping.filter_values[query[str(mapping.filter)]]
            shown = [s for s in newest if s.state in states]
        else:
            shown = newest
        if mapping.order == "oldest-first":
            shown.reverse()
        page, size = 1, max(len(shown), 1)
        if mapping.page_size is not None:
            size = int(query[mapping.page_size])
        token = query.get(mapping.token) if mapping.token else None
        if isinstance(token, str) and token:  # the token takes precedence over the page
            page = _page_of(token)
        elif mapping.page is not None:
            page = int(query.get(mapping.page) or 1)
        more = page * size < len(shown)
        entries = [self._entry(mapping, s, call) for s in shown[(page - 1) * size : page * size]]
        facts: dict[str | None, Any] = {
            mapping.count: len(shown),
            mapping.next_token: _token_of(page + 1) if more else None,
            mapping.next: self._url(call, mapping, page + 1) if more else None,
            mapping.previous: self._url(call, mapping, page - 1) if page > 1 else None,
            **{name: page if what == "page" else size for name, what in mapping.echo.items()},
        }
        call.facts.update((k, v) for k, v in facts.items() if k is not None)
        if mapping.results is None:
            call.data = entries
        else:
            call.facts[mapping.results] = entries

    @staticmethod
    def _url(call: Call, mapping: ListMapping, page: int) -> str:
        """Another page of the same list: a URL relative to this mock (its own host and port)."""
        query = {k: v for k, v in call.query.items() if k != mapping.token}
        query[str(mapping.page)] = page
        return f"{call.route.op.path}?{urlencode(query)}"

    def _entry(self, mapping: ListMapping, session: Session, call: Call) -> dict[str, Any]:
        """One entry: each field its source fills (a source without a value leaves it out)."""
        out: dict[str, Any] = {}
        for name, source in mapping.item.items():
            value = self._value(source, session, call, session.facts)
            if value is not None:
                time = source.kind == "fact" and source.value in TIMES
                out[name] = _render(value, mapping.item_schema[name], time)
        return out

    def _value(self, source: Source, session: Session, call: Call, request: dict[str, Any]) -> Any:
        if source.kind == "const":
            return source.value
        if source.kind == "request":
            given = request.get(source.value)
            given = source.values.get(given, given) if isinstance(given, str) else given
            return source.default if given is None else given
        if source.kind == "closed-by":
            branch = source.branches.get(session.close_reason or "")
            return None if branch is None else self._value(branch, session, call, session.closed_by)
        closed = session.closed_at
        end = call.now if closed is None else closed
        return {
            "session-id": session.id,
            "state": session.state,
            "created-at": session.created_at,
            "updated-at": max(session.created_at, session.last_activity)
            if closed is None
            else closed,
            "closed-at": closed,
            "duration": 0 if session.started_at is None else max(0.0, end - session.started_at),
            "plan": call.account.profile.plan,
        }[source.value]
