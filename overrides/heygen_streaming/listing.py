"""A list operation's mapping, typed: `x-list` (per operation) with `x-lifecycle.lists`.

Read once as `Operation.listing` (None when the operation states no `x-list`). It says which
sessions a list shows (`lists`: `active` the open ones, `history` all, `filtered` those of the
states its `filter` parameter chooses), in which order, how it pages (by page number, by an
opaque next-page token, or not at all) and what fills each field of an entry. No default of its
own: every key a consumer reads is one the spec states; a mapping naming a field, parameter or
state the operation lacks raises `LifecycleError` when it is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .lifecycle import LifecycleError, need

if TYPE_CHECKING:
    from ._operation import Operation, Parameter

__all__ = ["CLOSE_REASONS", "FACTS", "KINDS", "ORDERS", "TIMES", "Ended", "ListMapping", "Source"]

KINDS = ("active", "history", "filtered")
ORDERS = ("newest-first", "oldest-first")
# What a session knows; the times are rendered per the entry field's schema (a `date-time`
# string: ISO 8601; a number: Unix seconds).
TIMES = frozenset({"created-at", "updated-at", "closed-at"})
FACTS = TIMES | {"session-id", "state", "duration", "plan"}
# Why a session closed, as `closed-by` names it: a closing operation, or a lifecycle timeout.
CLOSE_REASONS = frozenset({"stopped", "idle-timeout", "duration-limit"})
_EMPTY: Mapping[str, Any] = MappingProxyType({})
# Why a closed session ended (one of CLOSE_REASONS) and the fields of the request that closed it.
Ended = tuple[str, Mapping[str, Any]] | None
# The page's keys: answer fields, then query parameters.
_FIELDS = ("results", "count", "next", "previous", "next-token")
_PARAMETERS = ("page", "page-size", "token")


@dataclass(frozen=True, slots=True)
class Source:
    """What fills one entry field. `kind` is `fact` (`value` one of FACTS), `const` (`value`),
    `request` (`value` the request field: the creating request's, or under `closed-by` the
    closing one's; `values` renames its values, `default` stands in when it is absent) or
    `closed-by` (`branches`: a source per close reason)."""

    kind: str
    value: Any = None
    values: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    default: Any = None
    branches: Mapping[str, Source] = field(default_factory=lambda: _EMPTY)
    form: str | None = None  # `date-time` or `integer`: how the field's schema types the value

    def fill(self, facts: Mapping[str, Any], made: Mapping[str, Any], ended: Ended) -> Any:
        """The value for a session: its `facts` (by FACTS name), the fields of the request that
        `made` it, and why and by which request it `ended` (None: open). None: no value."""
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
        """`value` as the field's schema types it: a time as ISO 8601 where the field is a
        string (else Unix seconds), a number as an integer where only integers are allowed."""
        if self.form == "date-time":
            return datetime.fromtimestamp(value, UTC).isoformat().replace("+00:00", "Z")
        return int(value) if self.form == "integer" and isinstance(value, float) else value

    @classmethod
    def parse(cls, raw: Any, at: str, closing: bool = False) -> Source:
        if isinstance(raw, str) and raw in FACTS:
            return cls("fact", raw)
        if isinstance(raw, Mapping) and set(raw) == {"const"}:
            return cls("const", raw["const"])
        if (
            isinstance(raw, Mapping)
            and "request" in raw
            and set(raw) <= {"request", "values", "default"}
        ):
            values = raw.get("values") or {}
            if not isinstance(raw["request"], str) or not isinstance(values, Mapping):
                raise LifecycleError(f"{at}: request must name a field, values be an object")
            return cls(
                "request", raw["request"], MappingProxyType(dict(values)), raw.get("default")
            )
        if isinstance(raw, Mapping) and set(raw) == {"closed-by"} and not closing:
            branches = raw["closed-by"]
            if not isinstance(branches, Mapping) or not set(branches) <= CLOSE_REASONS:
                raise LifecycleError(f"{at}.closed-by: an object keyed by {sorted(CLOSE_REASONS)}")
            parsed = {
                str(k): cls.parse(v, f"{at}.closed-by.{k}", True) for k, v in branches.items()
            }
            return cls("closed-by", branches=MappingProxyType(parsed))
        raise LifecycleError(
            f"{at}: a source is one of {sorted(FACTS)}, {{const: v}}, {{request: field, "
            f"values: {{...}}, default: v}} or {{closed-by: {{reason: source}}}}; got {raw!r}"
        )


@dataclass(frozen=True, slots=True)
class ListMapping:
    """An operation's `x-list`: `kind` and `order`, the page's answer fields (`results`, None
    when the data is the array; `count`; `next`/`previous` page URLs; `next_token`), its query
    parameters (`page` from 1, `page_size`, `token` taking a `next_token`), `echo` (answer field
    -> `page` or `page-size`: the page served), `filter` (the parameter choosing the states),
    `shows` (the states shown, by the filter's value; by None unfiltered) and `item` (entry
    field -> source, typed for the field's schema)."""

    kind: str
    order: str
    item: Mapping[str, Source]
    shows: Mapping[str | None, frozenset[str]]
    results: str | None = None
    count: str | None = None
    next: str | None = None
    previous: str | None = None
    next_token: str | None = None
    page: str | None = None
    page_size: str | None = None
    token: str | None = None
    echo: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    filter: str | None = None

    @classmethod
    def parse(cls, op: Operation) -> ListMapping | None:
        raw = op.node.get("x-list")
        if raw is None:
            return None
        at = f"{op.operation_id}: x-list"
        if not isinstance(raw, Mapping):
            raise LifecycleError(f"{at} must be an object, got {type(raw).__name__}")
        kind, order, item = str(op.lifecycle.lists), raw.get("order"), raw.get("item")
        if kind not in KINDS or order not in ORDERS or not isinstance(item, Mapping):
            raise LifecycleError(
                f"{at}: x-lifecycle.lists must be one of {KINDS}, x-list.order one of {ORDERS} "
                f"and x-list.item an object; got {kind!r}, {order!r}, {type(item).__name__}"
            )
        names = {k: _name(raw, k, at) for k in (*_FIELDS, *_PARAMETERS)}
        if ((names["next"] or names["previous"]) and not names["page"]) or (
            names["next-token"] and not names["token"]
        ):
            raise LifecycleError(
                f"{at}: next and previous need a page parameter, next-token a token"
            )
        echo = raw.get("echo") or {}
        if not isinstance(echo, Mapping) or not set(echo.values()) <= {"page", "page-size"}:
            raise LifecycleError(f"{at}.echo: answer field -> page or page-size, got {echo!r}")
        page, entry = _schemas(op, names["results"])
        fields = [*(names[k] for k in _FIELDS), *echo]
        _within(fields, page.get("properties") or {}, f"{at}: the page's schema")
        query = {p.name: p for p in op.parameters if p.location == "query"}
        _within([names[k] for k in _PARAMETERS], query, f"{at}: the query")
        size = names["page-size"]
        if size is not None and query[size].schema.get("default") is None:
            raise LifecycleError(f"{at}: the page-size parameter {size!r} states no default")
        chosen, shows = _shows(raw.get("filter"), kind, op, query, at)
        props = entry.get("properties") or {}
        _within(item, props, f"{at}: the entry's schema")
        missing = set(entry.get("required") or ()) - set(item)
        if missing:
            raise LifecycleError(f"{at}.item fills no source for required {sorted(missing)}")
        return cls(
            kind=kind,
            order=str(order),
            item=MappingProxyType(
                {str(k): _typed(v, props[k], f"{at}.item.{k}") for k, v in item.items()}
            ),
            echo=MappingProxyType({str(k): str(v) for k, v in echo.items()}),
            filter=chosen,
            shows=MappingProxyType(shows),
            **{k.replace("-", "_"): v for k, v in names.items()},
        )

    def entry(
        self, facts: Mapping[str, Any], made: Mapping[str, Any], ended: Ended
    ) -> dict[str, Any]:
        """One entry (see `Source.fill`): each field its source fills; one without a value is
        left out."""
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


def _typed(raw: Any, schema: Any, at: str) -> Source:
    """The source of a field, with how the field's schema types its values."""
    source, types = Source.parse(raw, at), _types(schema)
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


def _name(raw: Mapping[str, Any], key: str, at: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise LifecycleError(f"{at}.{key} must name a field or parameter, got {value!r}")
    return value


def _within(named: Any, known: Mapping[str, Any], where: str) -> None:
    unknown = sorted(str(n) for n in named if n is not None and n not in known)
    if unknown:
        raise LifecycleError(f"{where} has no {', '.join(unknown)}")


def _shows(
    raw: Any, kind: str, op: Operation, query: Mapping[str, Parameter], at: str
) -> tuple[str | None, dict[str | None, frozenset[str]]]:
    """The filter's parameter, and the states shown by its value (by None, without a filter:
    `active` every state but the closed one, `history` every state)."""
    rules = op.model.lifecycle
    states = frozenset(need(rules.states, "states"))
    if raw is None and kind != "filtered":
        return None, {
            None: states if kind == "history" else states - {need(rules.closed, "closed")}
        }
    chosen = raw.get("parameter") if isinstance(raw, Mapping) else None
    values = raw.get("values") if isinstance(raw, Mapping) else None
    param = query.get(chosen) if isinstance(chosen, str) else None
    if (
        kind != "filtered"
        or param is None
        or not (param.required or param.schema.get("default") is not None)
        or not isinstance(values, Mapping)
        or set(param.schema.get("enum") or ()) != set(values)
        or not all(isinstance(v, list) and set(v) <= states for v in values.values())
    ):
        raise LifecycleError(
            f"{at}.filter: stated exactly when x-lifecycle.lists is filtered, as {{parameter: a "
            f"required query parameter, values: {{each value of its enum: [states of "
            f"{sorted(states)}]}}}}"
        )
    return chosen, {str(k): frozenset(v) for k, v in values.items()}


def _schemas(op: Operation, results: str | None) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The page's schema (the unwrapped data of the 2xx answer) and an entry's, deref'd."""
    response = op.responses.get(op.success_status)
    body = op.model.deref(response.schema) if response and response.schema else {}
    unwrap = op.node.get("x-unwrap")
    page = (body.get("properties") or {}).get(unwrap) or {} if unwrap else body
    array = (page.get("properties") or {}).get(results) or {} if results else page
    return page, array.get("items") or {}
