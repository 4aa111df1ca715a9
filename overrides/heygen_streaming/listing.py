"""A list operation's mapping, typed: `x-list` (per operation) with `x-lifecycle.lists`.

Read once as `Operation.listing`: which sessions a list shows (`active`, `history`, or `filtered`
by a parameter), in which order, how it pages and what fills each entry field. No default of its
own; naming a field, parameter or state the operation lacks raises `LifecycleError` (its shape
is checked by `lifecycle.check_extensions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .lifecycle import LifecycleError, _read, need

if TYPE_CHECKING:
    from ._operation import Operation, Parameter

__all__ = ["Ended", "ListMapping", "Source"]

# The facts of a session that are times go out as the entry field's schema types them (a
# `date-time` string: ISO 8601; a number: Unix seconds). The facts, the kinds, orders and close
# reasons are listed in `extensions.schema.json`.
TIMES = frozenset({"created-at", "updated-at", "closed-at"})
# A closed session's close reason and the fields of the request that closed it (None: open).
Ended = tuple[str, Mapping[str, Any]] | None
_EMPTY: Mapping[str, Any] = MappingProxyType({})
_FIELDS = ("results", "count", "next", "previous", "next-token")  # answer fields
_PARAMETERS = ("page", "page-size", "token")  # query parameters


@dataclass(frozen=True, slots=True)
class Source:
    """What fills one entry field: `kind` `fact` (of the session), `const`, `request` (a field of
    the creating request, or under `closed-by` the closing one; `values` renames, `default`
    stands in) or `closed-by` (a source per close reason). `form`: `date-time`, `integer`, None."""

    kind: str
    value: Any = None
    values: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    default: Any = None
    branches: Mapping[str, Source] = field(default_factory=lambda: _EMPTY)
    form: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> Source:
        if isinstance(raw, str):
            return cls("fact", raw)
        if "const" in raw:
            return cls("const", raw["const"])
        if "request" in raw:
            values = MappingProxyType(dict(raw.get("values") or {}))
            return cls("request", raw["request"], values, raw.get("default"))
        branches = {str(k): cls.parse(v) for k, v in raw["closed-by"].items()}
        return cls("closed-by", branches=MappingProxyType(branches))

    def fill(self, facts: Mapping[str, Any], made: Mapping[str, Any], ended: Ended) -> Any:
        """A session's value (None: none), from its `facts`, the request that `made` it and how
        it `ended`."""
        if self.kind == "fact":
            return facts[self.value]
        if self.kind == "const":
            return self.value
        if self.kind == "request":
            given = made.get(self.value)
            given = self.values.get(given, given) if isinstance(given, str) else given
            return self.default if given is None else given
        branch = self.branches.get(ended[0]) if ended else None
        return branch.fill(facts, ended[1], None) if branch and ended else None

    def render(self, value: Any) -> Any:
        """`value` as the field's schema types it (a time: ISO 8601 or Unix seconds)."""
        if self.form == "date-time":
            return datetime.fromtimestamp(value, UTC).isoformat().replace("+00:00", "Z")
        return int(value) if self.form == "integer" and isinstance(value, float) else value


@dataclass(frozen=True, slots=True)
class ListMapping:
    """An operation's `x-list`: `item` (entry field -> source); `shows` (states shown, by the
    `filter` parameter's value, or None); the page's fields (`results` None: the data is the
    array; `echo`: field -> `page` or `page-size`); its query parameters (`page` from 1)."""

    kind: str
    order: str
    item: Mapping[str, Source]
    shows: Mapping[str | None, frozenset[str]]
    filter: str | None = None
    results: str | None = None
    count: str | None = None
    next: str | None = None
    previous: str | None = None
    next_token: str | None = None
    echo: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    page: str | None = None
    page_size: str | None = None
    token: str | None = None

    @classmethod
    def parse(cls, op: Operation) -> ListMapping | None:
        raw = op.node.get("x-list")
        if raw is None:
            return None
        at = f"{op.operation_id}: x-list"
        kind, item = str(op.lifecycle.lists), raw["item"]
        names = {k: raw.get(k) for k in (*_FIELDS, *_PARAMETERS)}
        echo = raw.get("echo") or {}
        urls = names["next"] or names["previous"]
        if (urls and not names["page"]) or (names["next-token"] and not names["token"]):
            raise LifecycleError(f"{at}: next and previous need a page, next-token a token")
        page, entry = _schemas(op, names["results"])
        _within([*(names[k] for k in _FIELDS), *echo], page, f"{at}: the page's schema")
        query = {p.name: p for p in op.parameters if p.location == "query"}
        _within([names[k] for k in _PARAMETERS], query, f"{at}: the query")
        size = names["page-size"]
        if size is not None and query[size].schema.get("default") is None:
            raise LifecycleError(f"{at}: the page-size parameter {size!r} states no default")
        props = entry.get("properties") or {}
        _within(item, props, f"{at}: the entry's schema")
        if missing := set(entry.get("required") or ()) - set(item):
            raise LifecycleError(f"{at}.item fills no source for required {sorted(missing)}")
        chosen, shows = _shows(raw.get("filter"), kind, op, query, at)
        typed = MappingProxyType({str(k): _typed(v, props[k]) for k, v in item.items()})
        return _read(cls, raw, kind=kind, item=typed, shows=MappingProxyType(shows), filter=chosen)

    def entry(
        self, facts: Mapping[str, Any], made: Mapping[str, Any], ended: Ended
    ) -> dict[str, Any]:
        """One entry (see `Source.fill`); a field whose source has no value is left out."""
        values = {name: source.fill(facts, made, ended) for name, source in self.item.items()}
        return {k: self.item[k].render(v) for k, v in values.items() if v is not None}

    def states(self, query: Mapping[str, Any]) -> frozenset[str]:
        """The states of the sessions the list shows, for a request's (parsed) query."""
        return self.shows[query[self.filter] if self.filter else None]

    def requests(self, closing: bool = False) -> frozenset[str]:
        """The request fields the entries show: the creating request's (or the closing one's)."""
        sources = list(self.item.values())
        if closing:
            sources = [b for s in sources for b in s.branches.values()]
        return frozenset(s.value for s in sources if s.kind == "request")


def _typed(raw: Any, schema: Any) -> Source:
    """The source of a field, with how the field's schema types its values."""
    source, types = Source.parse(raw), _types(schema)
    if source.kind == "fact" and source.value in TIMES and "string" in types:
        return replace(source, form="date-time")
    integer = types & {"integer", "number"} == {"integer"}
    return replace(source, form="integer") if integer else source


def _types(schema: Any) -> set[str]:
    """The JSON types a schema allows (its own `type`, or its `anyOf`/`oneOf` branches')."""
    if not isinstance(schema, Mapping):
        return set()
    own = schema.get("type")
    found = set(own) if isinstance(own, list) else {own} if isinstance(own, str) else set()
    for branch in (*(schema.get("anyOf") or ()), *(schema.get("oneOf") or ())):
        found |= _types(branch)
    return found


def _within(named: Any, known: Mapping[str, Any], where: str) -> None:
    if unknown := sorted(str(n) for n in named if n is not None and n not in known):
        raise LifecycleError(f"{where} has no {', '.join(unknown)}")


def _shows(
    raw: Any, kind: str, op: Operation, query: Mapping[str, Parameter], at: str
) -> tuple[str | None, dict[str | None, frozenset[str]]]:
    """The filter's parameter, and the states shown by its value (by None, without a filter:
    `active` every state but the closed one, `history` every state)."""
    rules = op.model.lifecycle
    states = frozenset(need(rules.states, "states"))
    if raw is None and kind != "filtered":
        open_states = states - {need(rules.closed, "closed")}
        return None, {None: states if kind == "history" else open_states}
    chosen, values = (raw["parameter"], raw["values"]) if raw else (None, {})
    param = query.get(chosen) if chosen else None
    if (
        kind != "filtered"
        or param is None
        or not (param.required or param.schema.get("default") is not None)
        or set(param.schema.get("enum") or ()) != set(values)
        or not all(set(v) <= states for v in values.values())
    ):
        raise LifecycleError(
            f"{at}.filter: stated exactly when x-lifecycle.lists is filtered, as {{parameter: a "
            f"required query parameter, values: {{each value of its enum: [states of "
            f"{sorted(states)}]}}}}"
        )
    return chosen, {str(k): frozenset(v) for k, v in values.items()}


def _schemas(op: Operation, results: Any) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The page's properties (the unwrapped data of the 2xx answer) and an entry's schema."""
    response = op.responses.get(op.success_status)
    body = op.model.deref(response.schema) if response and response.schema else {}
    unwrap = op.node.get("x-unwrap")
    page = (body.get("properties") or {}).get(unwrap) or {} if unwrap else body
    array = (page.get("properties") or {}).get(results) or {} if results else page
    return page.get("properties") or {}, array.get("items") or {}
