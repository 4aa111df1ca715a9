"""A spec's session rules, typed: `x-session-lifecycle` (root) and `x-lifecycle` (per operation).

The only reader of those extensions (and of `x-idempotent`), and the check of every extension's
shape (`check_extensions`, against `extensions.schema.json`). No default of its own: a key the
spec leaves out is None, and a consumer that needs it calls `need()`, which names it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ._operation import Operation

__all__ = [
    "DurationLimit",
    "ErrorKind",
    "IdleTimeout",
    "LifecycleError",
    "OperationLifecycle",
    "SessionLifecycle",
    "check_extensions",
    "need",
    "path_to",
]

T = TypeVar("T")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class LifecycleError(ValueError):
    """The spec's lifecycle extensions are malformed, or lack a key a consumer needs."""


def need(value: T | None, key: str) -> T:
    """`value`, or a `LifecycleError` naming the lifecycle key the spec leaves out."""
    if value is None:
        raise LifecycleError(f"the spec's lifecycle extensions state no {key!r}, which this needs")
    return value


def check_extensions(document: Mapping[str, Any]) -> None:
    """Refuse a document whose extensions break `extensions.schema.json` (next to this module):
    one `LifecycleError` line naming each place and the rule it breaks."""
    schema, validator = _extensions_schema()
    found = []
    for error in validator.iter_errors(document):
        path = [str(p) for p in error.instance_path]
        rule = str(error.message)
        if type(error.kind).__name__ == "Required":
            path, rule = [*path, error.kind.property], "is required"
        elif type(error.kind).__name__ == "AnyOf":  # name the forms its schema allows
            node = schema
            for part in error.schema_path[:-1]:
                node = node[part]
            rule = f"must be {node.get('description')}, got {json.dumps(error.instance)}"
        where = ".".join(path)
        if path[:1] == ["paths"] and len(path) > 3:  # where an operation's extension is
            op = document["paths"][path[1]][path[2]]
            where = f"{op.get('operationId') or path[2] + '_' + path[1]}: {'.'.join(path[3:])}"
        found.append(f"{where}: {rule}")
    if found:
        raise LifecycleError("; ".join(sorted(found)))


@cache
def _extensions_schema() -> tuple[dict[str, Any], Any]:
    import jsonschema_rs  # compiled on first use: keeps `import heygen_streaming` light

    text = resources.files(__package__).joinpath("extensions.schema.json").read_text("utf-8")
    schema = json.loads(text)
    return schema, jsonschema_rs.Draft202012Validator(schema)


# How a field read from its spec key is typed (the schema has checked its JSON type).
_AS: dict[str, Callable[[Any], Any]] = {
    "float | None": float,
    "tuple[str, ...] | None": lambda v: (v,) if isinstance(v, str) else tuple(v),
}


def _read(cls: type[T], raw: Mapping[str, Any], **given: Any) -> T:
    """A `cls` whose fields are read from `raw` by their spec key (the name, `_` spelt `-`),
    except those `given`; a key the spec leaves out keeps the field's default."""
    for f in fields(cls):  # type: ignore[arg-type]
        value = raw.get(f.name.replace("_", "-"))
        if f.name in given or value is None:
            continue
        if isinstance(value, Mapping):  # frozen, like the rest of the model
            value = MappingProxyType(dict(value))
        convert = _AS.get(str(f.type))
        given[f.name] = convert(value) if convert else value
    return cls(**given)


def _part(cls: type[T], root: Mapping[str, Any], key: str) -> T | None:
    """The object `root[key]` as a `cls`, None when the spec does not state it."""
    return _read(cls, root[key]) if key in root else None


@dataclass(frozen=True, slots=True)
class ErrorKind:
    """A documented lifecycle answer (`errors.<kind>`): its HTTP status and the body's `code`."""

    status: int
    code: int | None = None

    def __str__(self) -> str:
        return f"{self.status}" if self.code is None else f"{self.status} with code {self.code}"


@dataclass(frozen=True, slots=True)
class IdleTimeout:
    """`idle-timeout`: the request field setting it, the one turning it off, its default (s)."""

    field: str | None = None
    disable_field: str | None = None
    default: float | None = None


@dataclass(frozen=True, slots=True)
class DurationLimit:
    """`duration-limit`: the field giving a session's maximum length, and its default (s)."""

    field: str | None = None
    default: float | None = None


@dataclass(frozen=True, slots=True)
class SessionLifecycle:
    """The root `x-session-lifecycle`; `declared` is False when the spec has none."""

    declared: bool = False
    session_id: str | None = None
    token_field: str | None = None
    states: tuple[str, ...] | None = None
    initial: str | None = None
    closed: str | None = None
    errors: Mapping[str, ErrorKind] = field(default_factory=lambda: _EMPTY)
    idle_timeout: IdleTimeout | None = None
    duration_limit: DurationLimit | None = None
    concurrent_sessions: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    talk_words_per_second: float | None = None
    token_scope: str | None = None
    list_items: str | None = None  # the one name the client gives every list's items

    @classmethod
    def parse(cls, raw: Mapping[str, Any] | None) -> SessionLifecycle:
        if raw is None:
            return cls()
        errors = {
            str(k): ErrorKind(e["status"], e.get("code"))
            for k, e in (raw.get("errors") or {}).items()
        }
        return _read(
            cls,
            raw,
            declared=True,
            errors=MappingProxyType(errors),
            idle_timeout=_part(IdleTimeout, raw, "idle-timeout"),
            duration_limit=_part(DurationLimit, raw, "duration-limit"),
        )

    def error(self, kind: str) -> ErrorKind:
        """The documented answer `kind` (`wrong-state`...); `LifecycleError` when not stated."""
        return need(self.errors.get(kind), f"errors.{kind}")


@dataclass(frozen=True, slots=True)
class OperationLifecycle:
    """An operation's `x-lifecycle` roles, and its `x-idempotent` flag (None: not stated)."""

    creates: bool | None = None
    issues_token: bool | None = None
    requires: tuple[str, ...] | None = None
    moves_to: str | None = None
    closes: bool | None = None
    activity: bool | None = None
    speaks: bool | Mapping[str, str] | None = None  # a mapping renames the task's fields
    silences: bool | None = None
    requires_silent: bool | None = None
    lists: str | None = None
    # Where the session is named: `token` (the Bearer token's own), `body`, `path` (the
    # `session-id` field or parameter). None: the operation names no session.
    session_from: tuple[str, ...] | None = None
    limited: bool | None = None  # the operation the concurrent-session limit refuses
    idempotent: bool | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, Any] | None, idempotent: bool | None) -> OperationLifecycle:
        return _read(cls, raw or _EMPTY, idempotent=idempotent)

    def get(self, role: str, default: Any = None) -> Any:
        """A role by its spec key (`"moves-to"`), for consumers keyed by role name (handlers)."""
        return self.roles().get(role, default)

    def roles(self) -> dict[str, Any]:
        """The roles the spec states, by spec key (`x-idempotent` is not a role)."""
        named = {f.name.replace("_", "-"): getattr(self, f.name) for f in fields(self)}
        return {k: v for k, v in named.items() if v is not None and k != "idempotent"}


def path_to(
    lifecycle: SessionLifecycle, operations: Iterable[Operation], state: str
) -> list[Operation] | None:
    """The shortest run of operations taking a new session to `state` (None: unreachable):
    each `moves-to` a state (or `closes`) from one it accepts (`requires`; none stated: any
    state but the closed one)."""
    steps = []
    for op in operations:
        rule = op.lifecycle
        target = lifecycle.closed if rule.closes else rule.moves_to
        if target is not None and not rule.creates:
            steps.append((op, target, rule.requires))
    start = need(lifecycle.initial, "initial")
    paths: dict[str, list[Operation]] = {start: []}
    queue = [start]
    for current in queue:  # breadth first: the list grows as it is walked
        if current == state:
            return paths[current]
        for op, target, requires in steps:
            allowed = current in requires if requires is not None else current != lifecycle.closed
            if allowed and target not in paths:
                paths[target] = [*paths[current], op]
                queue.append(target)
    return None
