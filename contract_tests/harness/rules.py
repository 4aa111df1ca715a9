"""The session rules the lifecycle checks judge by: the spec model's typed lifecycle, by role.

`SpecModel.lifecycle` (`x-session-lifecycle`) gives the states, the session's field, the
documented errors and the limits; each `Operation.lifecycle` (`x-lifecycle`) what it needs and
does; `Operation.listing` (`x-list`) what a list shows. This only looks them up by role: an
operation gains lifecycle checks by gaining an `x-lifecycle` block in the spec.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from heygen_streaming.lifecycle import ErrorKind, SessionLifecycle, need, path_to
from heygen_streaming.spec_model import Operation, SecurityScheme, SpecModel

__all__ = ["LISTED", "Listing", "Rules", "matches", "objects_naming"]

LISTED = "(listed, its state not shown)"


def matches(rule: ErrorKind, status: int, body: Any) -> bool:
    """Is the answer (status, body) the documented error `rule`?"""
    if status != rule.status:
        return False
    return rule.code is None or (isinstance(body, Mapping) and body.get("code") == rule.code)


def objects_naming(body: Any, fields: set[str]) -> Iterator[dict[str, Any]]:
    """Every object of an answer holding one of `fields` (a list's entries, a session's data)."""
    if isinstance(body, dict):
        if fields & set(body):
            yield body
            return
        body = list(body.values())
    for item in body if isinstance(body, list) else ():
        yield from objects_naming(item, fields)


@dataclass(frozen=True)
class Listing:
    """A list as the checks call and read it: its operation, the query choosing its sessions
    (a `filtered` list's filter), and the entry fields holding a session's id and state."""

    op: Operation
    params: dict[str, Any]
    id_field: str
    state_field: str | None

    def entries(self, body: Any) -> Iterator[dict[str, Any]]:
        return objects_naming(body, {self.id_field})

    def state(self, body: Any, session_id: str) -> str | None:
        """The state the answer gives the session: None when it is not listed, `LISTED` when
        its entry shows no state (the mapping fills no field from `state`)."""
        for entry in self.entries(body):
            if entry.get(self.id_field) == session_id:
                return LISTED if self.state_field is None else str(entry.get(self.state_field))
        return None

    def shows(self, body: Any, session_id: str) -> bool:
        return self.state(body, session_id) is not None


@dataclass(frozen=True)
class Rules:
    """The spec's typed lifecycle model (`SpecModel.lifecycle`), by the roles the checks use.
    A spec without `x-session-lifecycle` has no states (`declared` is False)."""

    model: SpecModel
    lc: SessionLifecycle
    session_field: str
    states: tuple[str, ...]
    initial: str
    closed: str

    @classmethod
    def of(cls, model: SpecModel) -> Rules:
        lc = model.lifecycle
        return cls(
            model, lc, lc.session_id or "", lc.states or (), lc.initial or "", lc.closed or ""
        )

    @property
    def token_field(self) -> str:
        return need(self.lc.token_field, "token-field")

    @property
    def errors(self) -> Mapping[str, ErrorKind]:
        return self.lc.errors

    @property
    def declared(self) -> bool:
        """Does the spec describe a session lifecycle at all?"""
        return bool(self.states and self.initial and self.creating)

    def with_rule(self, key: str) -> Iterator[Operation]:
        return (op for op in self.model.operations if op.lifecycle.get(key))

    @property
    def creating(self) -> Operation | None:
        return next(self.with_rule("creates"), None)

    @property
    def closing(self) -> Operation | None:
        return next(self.with_rule("closes"), None)

    def about(self, roles: tuple[str, ...]) -> set[str]:
        """operationIds with any of `roles`: an x-lifecycle key, `session` (names a session) or
        `key-only` (its security lists no scheme but the API key)."""
        return {
            op.operation_id
            for op in self.model.operations
            for r in roles
            if (r == "session" and self.session_from(op))
            or (r == "key-only" and {s.type for alt in op.security for s in alt} == {"apiKey"})
            or op.lifecycle.get(r)
        }

    def lister(self, kind: str) -> Listing | None:
        """The list showing the `active` (open) or `history` (closed) sessions: the query (a
        filter's value) under which a list's mapping (`Operation.listing`) shows them."""
        for op in self.model.operations:
            mapping = op.listing
            if mapping is None:
                continue
            for value, states in mapping.shows.items():
                if (self.closed in states) == (kind == "history"):
                    facts = {s.value: k for k, s in mapping.item.items() if s.kind == "fact"}
                    params = {mapping.filter: value} if mapping.filter else {}
                    ids = facts.get("session-id", self.session_field)
                    return Listing(op, params, ids, facts.get("state"))
        return None

    def session_from(self, op: Operation) -> tuple[str, ...]:
        """Where `op` names its session (`token`, `body`, `path`); empty: it names none."""
        return op.lifecycle.session_from or ()

    def session_refusals(self, op: Operation) -> tuple[ErrorKind, ...]:
        """The documented answers a valid request of `op` may rightly get for its session: the
        wrong state (it `requires` one), or nothing naming the session (no path names it)."""
        kinds = ["wrong-state"] if op.lifecycle.requires is not None else []
        kinds += ["no-session"] if "path" not in self.session_from(op) else []
        return tuple(self.errors[k] for k in kinds if k in self.errors and self.session_from(op))

    def token_scheme(self, op: Operation) -> SecurityScheme | None:
        """The scheme a session's own token goes under for `op`: a bearer scheme its security
        accepts, when its `session-from` has `token` (else the key is used)."""
        if "token" not in self.session_from(op):
            return None
        schemes = (s for alt in op.security for s in alt)
        return next((s for s in schemes if s.type == "http" and s.scheme == "bearer"), None)

    def text_field(self, op: Operation) -> str | None:
        """The free text an operation takes (a speaking one's words): its one required string
        property with no enum, other than the session field."""
        schema = self.model.deref(op.request_schema) if op.request_schema else {}
        props = schema.get("properties") or {}
        for name in schema.get("required") or ():
            prop = props.get(name) or {}
            if name != self.session_field and prop.get("type") == "string" and "enum" not in prop:
                return str(name)
        return None

    @property
    def session_operations(self) -> tuple[Operation, ...]:
        """The operations that act on one session (`x-lifecycle.session-from`)."""
        return tuple(op for op in self.model.operations if self.session_from(op))

    def allowed_in(self, op: Operation, state: str) -> bool:
        """May `op` be called on a session in `state` (by its `requires`; none = any open state)?"""
        requires = op.lifecycle.requires
        return state != self.closed if requires is None else state in requires

    def path_to(self, state: str) -> list[Operation] | None:
        """The shortest run of operations taking a new session to `state` (None: unreachable)."""
        return path_to(self.lc, self.model.operations, state)

    def reachable(self) -> list[str]:
        """The open states a new session can be taken to, nearest first (the initial one)."""
        found = [(len(p), s) for s in self.states if (p := self.path_to(s)) is not None]
        return [s for _, s in sorted(found) if s != self.closed]

    def minimums(self, op: Operation) -> dict[str, int]:
        """The integer fields of `op`'s request with a minimum (in any of its shapes) -> it."""
        found: dict[str, int] = {}
        stack = [self.model.deref(op.request_schema or {})]
        while stack:
            node = stack.pop()
            if not isinstance(node, Mapping):
                stack.extend(v for v in node if isinstance(v, Mapping | list))
                continue
            for name, prop in (node.get("properties") or {}).items():
                for shape in [prop, *(prop.get("anyOf") or ()), *(prop.get("oneOf") or ())]:
                    if shape.get("type") == "integer" and isinstance(shape.get("minimum"), int):
                        found.setdefault(str(name), int(shape["minimum"]))
            stack.extend(v for v in node.values() if isinstance(v, Mapping | list))
        return found

    def idle_bounds(self) -> tuple[int, int]:
        """(smallest settable idle timeout, the default) in seconds, from the creating request."""
        idle = need(self.lc.idle_timeout, "idle-timeout")
        default = int(need(idle.default, "idle-timeout.default"))
        bounded = self.minimums(self.creating) if self.creating and idle.field else {}
        return bounded.get(str(idle.field), default), default
