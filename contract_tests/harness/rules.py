"""The session state rules the lifecycle checks judge by, read from the spec's extensions.

`x-session-lifecycle` (document root) names the states, the request field naming a session, the
documented errors and the limits; `x-lifecycle` (per operation) says what each operation needs
and does. Nothing here names an operation, a path or a model: an operation gains lifecycle
checks by gaining an `x-lifecycle` block in the spec.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

__all__ = ["ErrorRule", "Rules"]


@dataclass(frozen=True, slots=True)
class ErrorRule:
    """A documented lifecycle error: the HTTP status and the body's `code`."""

    name: str
    status: int
    code: int | None = None

    def matches(self, status: int, body: Any) -> bool:
        if status != self.status:
            return False
        return self.code is None or (isinstance(body, Mapping) and body.get("code") == self.code)

    def __str__(self) -> str:
        return f"{self.status}" + ("" if self.code is None else f" with code {self.code}")


@dataclass(frozen=True)
class Rules:
    """`x-session-lifecycle` and the operations' `x-lifecycle`, as the checks use them."""

    model: SpecModel
    session_field: str = "session_id"
    token_field: str = "token"  # noqa: S105 - a field name, not a credential
    states: tuple[str, ...] = ()
    initial: str = ""
    closed: str = ""
    errors: dict[str, ErrorRule] = field(default_factory=dict)
    idle: Mapping[str, Any] = field(default_factory=dict)
    concurrency: tuple[int, ...] = ()
    words_per_second: float = 2.5
    duration_field: str | None = None
    token_scope: str | None = None

    @classmethod
    def of(cls, model: SpecModel) -> Rules:
        root = model.extension("x-session-lifecycle")
        if not isinstance(root, Mapping):
            return cls(model)
        errors = {
            str(name): ErrorRule(str(name), int(e["status"]), e.get("code"))
            for name, e in (root.get("errors") or {}).items()
            if isinstance(e, Mapping) and "status" in e
        }
        limits = root.get("concurrent-sessions") or {}
        return cls(
            model,
            session_field=str(root.get("session-id", "session_id")),
            token_field=str(root.get("token-field", "token")),
            states=tuple(str(s) for s in root.get("states") or ()),
            initial=str(root.get("initial", "")),
            closed=str(root.get("closed", "")),
            errors=errors,
            idle=dict(root.get("idle-timeout") or {}),
            concurrency=tuple(sorted({int(v) for v in limits.values()}))
            if isinstance(limits, Mapping)
            else (),
            words_per_second=float(root.get("talk-words-per-second", 2.5)),
            duration_field=(root.get("duration-limit") or {}).get("field"),
            token_scope=root.get("token-scope"),
        )

    @property
    def declared(self) -> bool:
        """Does the spec describe a session lifecycle at all?"""
        return bool(self.states and self.initial and self.creating)

    # -- operations by role ----------------------------------------------------------------------

    def with_rule(self, key: str) -> Iterator[Operation]:
        return (op for op in self.model.operations if op.lifecycle.get(key))

    @property
    def creating(self) -> Operation | None:
        return next(self.with_rule("creates"), None)

    @property
    def closing(self) -> Operation | None:
        return next(self.with_rule("closes"), None)

    @property
    def token_issuer(self) -> Operation | None:
        return next(self.with_rule("issues-token"), None)

    def about(self, roles: tuple[str, ...]) -> set[str]:
        """operationIds with any of `roles`: an x-lifecycle key, `session` (names a session) or
        `key-only` (its security lists no scheme but the API key)."""
        found = set()
        for op in self.model.operations:
            schemes = {s.type for alt in op.security for s in alt}
            if any(
                (r == "session" and self.takes_session(op))
                or (r == "key-only" and schemes == {"apiKey"})
                or op.lifecycle.get(r)
                for r in roles
            ):
                found.add(op.operation_id)
        return found

    def item_state(self, body: Any, session_id: str) -> str | None:
        """The state a list answer gives the session (None: not listed), wherever its items are."""
        if isinstance(body, Mapping):
            if body.get(self.session_field) == session_id:
                states = [v for k, v in body.items() if k != self.session_field]
                return next((str(v) for v in states if v in self.states), "?")
            body = list(body.values())
        if isinstance(body, list):
            found = (self.item_state(item, session_id) for item in body)
            return next((f for f in found if f is not None), None)
        return None

    def lister(self, kind: str) -> Operation | None:
        return next((op for op in self.model.operations if op.lifecycle.get("lists") == kind), None)

    def takes_session(self, op: Operation) -> bool:
        """Does the operation name a session in its request body?"""
        schema = self.model.resolve(op.request_schema) if op.request_schema else None
        props = schema.get("properties") if isinstance(schema, Mapping) else None
        return isinstance(props, Mapping) and self.session_field in props

    def text_field(self, op: Operation) -> str | None:
        """The free text an operation takes (a speaking one's words): its one required string
        property with no enum, other than the session field."""
        schema = self.model.deref(op.request_schema) if op.request_schema else {}
        props = schema.get("properties") or {}
        return next(
            (
                str(name)
                for name in schema.get("required") or ()
                if name != self.session_field
                and (props.get(name) or {}).get("type") == "string"
                and "enum" not in (props.get(name) or {})
            ),
            None,
        )

    @property
    def session_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.model.operations if self.takes_session(op))

    def allowed_in(self, op: Operation, state: str) -> bool:
        """May `op` be called on a session in `state` (by its `requires`; none = any open state)?"""
        requires = op.lifecycle.get("requires")
        if requires is None:
            return state != self.closed
        return state in {str(s) for s in requires}

    def moves_to(self, op: Operation) -> str | None:
        if op.lifecycle.get("closes"):
            return self.closed
        target = op.lifecycle.get("moves-to")
        return None if target is None else str(target)

    def path_to(self, state: str) -> list[Operation] | None:
        """The shortest run of operations taking a new session to `state` (None: unreachable)."""
        frontier: list[tuple[str, list[Operation]]] = [(self.initial, [])]
        seen = {self.initial}
        while frontier:
            current, steps = frontier.pop(0)
            if current == state:
                return steps
            for op in self.session_operations:
                target = self.moves_to(op)
                if target and target not in seen and self.allowed_in(op, current):
                    seen.add(target)
                    frontier.append((target, [*steps, op]))
        return None

    # -- the idle timeout ------------------------------------------------------------------------

    @property
    def idle_field(self) -> str | None:
        name = self.idle.get("field")
        return None if name is None else str(name)

    def idle_bounds(self) -> tuple[int, int]:
        """(smallest settable idle timeout, the default) in seconds, from the creating request."""
        default = int(self.idle.get("default", 120))
        op, name = self.creating, self.idle_field
        if op is None or op.request_schema is None or name is None:
            return default, default
        schema = self.model.deref(op.request_schema)
        prop = (schema.get("properties") or {}).get(name) or {}
        for branch in [prop, *(prop.get("anyOf") or []), *(prop.get("oneOf") or [])]:
            if isinstance(branch, Mapping) and "minimum" in branch:
                return int(branch["minimum"]), default
        return default, default
