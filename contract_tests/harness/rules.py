"""The session state rules the lifecycle checks judge by, read from the spec's extensions.

`x-session-lifecycle` (document root) names the states, the request field naming a session, the
documented errors and the limits; `x-lifecycle` (per operation) says what each operation needs
and does. Nothing here names an operation, a path or a model: an operation gains lifecycle
checks by gaining an `x-lifecycle` block in the spec.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from heygen_streaming.lifecycle import ErrorKind, SessionLifecycle, need, path_to
from heygen_streaming.spec_model import Operation, SpecModel

__all__ = ["Rules", "matches"]


def matches(rule: ErrorKind, status: int, body: Any) -> bool:
    """Is the answer (status, body) the documented error `rule`?"""
    if status != rule.status:
        return False
    return rule.code is None or (isinstance(body, Mapping) and body.get("code") == rule.code)


@dataclass(frozen=True)
class Rules:
    """The spec's typed lifecycle model (`heygen_streaming.lifecycle`), as the checks use it."""

    model: SpecModel

    @classmethod
    def of(cls, model: SpecModel) -> Rules:
        return cls(model)

    @cached_property
    def lc(self) -> SessionLifecycle:
        return self.model.lifecycle

    @property
    def session_field(self) -> str:
        return self.lc.session_id or ""

    @property
    def token_field(self) -> str:
        return need(self.lc.token_field, "token-field")

    @property
    def states(self) -> tuple[str, ...]:
        return self.lc.states or ()

    @property
    def initial(self) -> str:
        return self.lc.initial or ""

    @property
    def closed(self) -> str:
        return self.lc.closed or ""

    @property
    def errors(self) -> Mapping[str, ErrorKind]:
        return self.lc.errors

    @property
    def concurrency(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.lc.concurrent_sessions.values())))

    @property
    def duration_field(self) -> str | None:
        return self.lc.duration_limit.field if self.lc.duration_limit else None

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

    def path_to(self, state: str) -> list[Operation] | None:
        """The shortest run of operations taking a new session to `state` (None: unreachable)."""
        return path_to(self.lc, self.model.operations, state)

    # -- the idle timeout ------------------------------------------------------------------------

    @property
    def idle_field(self) -> str | None:
        return self.lc.idle_timeout.field if self.lc.idle_timeout else None

    def idle_bounds(self) -> tuple[int, int]:
        """(smallest settable idle timeout, the default) in seconds, from the creating request."""
        idle = need(self.lc.idle_timeout, "idle-timeout")
        default = int(need(idle.default, "idle-timeout.default"))
        op, name = self.creating, self.idle_field
        if op is None or op.request_schema is None or name is None:
            return default, default
        schema = self.model.deref(op.request_schema)
        prop = (schema.get("properties") or {}).get(name) or {}
        for branch in [prop, *(prop.get("anyOf") or []), *(prop.get("oneOf") or [])]:
            if isinstance(branch, Mapping) and "minimum" in branch:
                return int(branch["minimum"]), default
        return default, default
