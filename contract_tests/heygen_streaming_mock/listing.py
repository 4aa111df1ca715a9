"""The `lists` role: one page of the caller's sessions, built from the operation's `x-list`
mapping (`Operation.listing`, read once at start): which sessions it shows (by state), in which
order, how the page is cut (by page number or by an opaque next-page token) and what fills each
field of an entry. A session keeps the request fields its entries show, and nothing else.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from heygen_streaming.lifecycle import need
from heygen_streaming.listing import ListMapping

if TYPE_CHECKING:
    from .core import MockCore
    from .roles import Call
    from .store import Session

__all__ = ["Lists", "kept"]


def _page_of(token: str) -> int:
    """The page a next-page token names (`base64("page<n>")`); one it did not make: the first."""
    try:
        text = base64.b64decode(token, validate=True).decode()
    except ValueError:
        return 1
    return int(text[4:]) if text.startswith("page") and text[4:].isdigit() else 1


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
        self.mappings: dict[int, ListMapping] = {
            id(route): need(route.op.listing, f"{route.op.operation_id}: x-list")
            for route in core.router.routes.values()
            if route.lifecycle.lists is not None
        }
        self.creating = frozenset(f for m in self.mappings.values() for f in m.requests())
        self.closing = frozenset(f for m in self.mappings.values() for f in m.requests(True))

    def page(self, call: Call) -> None:
        """The page `call` asks for, in `call.facts` (or `call.data` when it is the array)."""
        mapping, query = self.mappings[id(call.route)], call.query
        states, owned = mapping.states(query), self.core.store.owned(call.account.owner, call.now)
        shown = [s for s in owned if s.state in states]
        if mapping.order == "newest-first":
            shown.reverse()
        size = int(query[mapping.page_size]) if mapping.page_size else max(len(shown), 1)
        token = query.get(mapping.token or "")
        page = _page_of(token) if token else int(query.get(mapping.page or "") or 1)
        more = page * size < len(shown)
        entries = [self._entry(mapping, s, call) for s in shown[(page - 1) * size : page * size]]
        next_page = f"page{page + 1}".encode()
        facts: dict[str | None, Any] = {
            mapping.count: len(shown),
            mapping.next_token: base64.b64encode(next_page).decode() if more else None,
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
        return f"{call.route.op.path}?{urlencode({**query, str(mapping.page): page})}"

    @staticmethod
    def _entry(mapping: ListMapping, session: Session, call: Call) -> dict[str, Any]:
        """What the mapping makes of one session, from what the mock knows of it."""
        closed = session.closed_at
        end = call.now if closed is None else closed
        facts = {
            "session-id": session.id,
            "state": session.state,
            "created-at": session.created_at,
            "updated-at": closed or max(session.created_at, session.last_activity),
            "closed-at": closed,
            "duration": 0 if session.started_at is None else max(0.0, end - session.started_at),
            "plan": call.core.plan(call.account),
        }
        ended = None if session.close_reason is None else (session.close_reason, session.closed_by)
        return mapping.entry(facts, session.facts, ended)
