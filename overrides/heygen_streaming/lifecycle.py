"""A spec's session rules, typed: `x-session-lifecycle` (root) and `x-lifecycle` (per operation).

The only reader of those extensions (and of `x-idempotent`). No default of its own: a key the
spec leaves out is None, and a consumer that needs it calls `need()`, which names it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
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


def _node(raw: Any, where: str) -> Mapping[str, Any]:
    if raw is not None and not isinstance(raw, Mapping):
        raise LifecycleError(f"{where} must be an object, got {type(raw).__name__}")
    return raw or _EMPTY


def _typed(raw: Mapping[str, Any], key: str, where: str, kind: type, words: str) -> Any:
    value = raw.get(key)
    if value is None or isinstance(value, kind):
        return value
    raise LifecycleError(f"{where}.{key} must be {words}, got {value!r}")


def _number(raw: Mapping[str, Any], key: str, where: str) -> float | None:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | None):
        raise LifecycleError(f"{where}.{key} must be a number, got {value!r}")
    return None if value is None else float(value)


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LifecycleError(f"{where} must be an integer, got {value!r}")
    return value


def _states(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...] | None:
    value = raw.get(key)
    value = [value] if isinstance(value, str) else value  # a lone state, without brackets
    if value is not None and not (
        isinstance(value, list) and all(isinstance(s, str) for s in value)
    ):
        raise LifecycleError(f"{where}.{key} must be a list of states, got {value!r}")
    return None if value is None else tuple(value)


# How a field of the classes below is read from its spec key (the name, `_` spelt `-`), by type.
_READERS: dict[str, Callable[[Mapping[str, Any], str, str], Any]] = {
    "str | None": lambda raw, key, at: _typed(raw, key, at, str, "a string"),
    "bool | None": lambda raw, key, at: _typed(raw, key, at, bool, "true or false"),
    "float | None": _number,
    "tuple[str, ...] | None": _states,
}


def _read(cls: type[T], raw: Mapping[str, Any], where: str, **given: Any) -> T:
    """A `cls` whose fields are read from `raw` by their type, except those `given`."""
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in given:
            given[f.name] = _READERS[str(f.type)](raw, f.name.replace("_", "-"), where)
    return cls(**given)


def _part(cls: type[T], root: Mapping[str, Any], key: str, where: str) -> T | None:
    """The object `root[key]` as a `cls`, None when the spec does not state it."""
    return _read(cls, _node(root[key], f"{where}.{key}"), f"{where}.{key}") if key in root else None


@dataclass(frozen=True, slots=True)
class ErrorKind:
    """A documented lifecycle answer (`errors.<kind>`): its HTTP status and the body's `code`."""

    status: int
    code: int | None = None

    def __str__(self) -> str:
        return f"{self.status}" if self.code is None else f"{self.status} with code {self.code}"


def _error(raw: Any, where: str) -> ErrorKind:
    entry = _node(raw, where)
    code = entry.get("code")
    status = _int(entry.get("status"), f"{where}.status")
    return ErrorKind(status, None if code is None else _int(code, f"{where}.code"))


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
    def parse(cls, raw: Any) -> SessionLifecycle:
        if raw is None:
            return cls()
        at = "x-session-lifecycle"
        root = _node(raw, at)
        errors, plans = (_node(root.get(k), f"{at}.{k}") for k in ("errors", "concurrent-sessions"))
        errors = {str(k): _error(e, f"{at}.errors.{k}") for k, e in errors.items()}
        plans = {str(p): _int(n, f"{at}.concurrent-sessions.{p}") for p, n in plans.items()}
        return _read(
            cls,
            root,
            at,
            declared=True,
            errors=MappingProxyType(errors),
            idle_timeout=_part(IdleTimeout, root, "idle-timeout", at),
            duration_limit=_part(DurationLimit, root, "duration-limit", at),
            concurrent_sessions=MappingProxyType(plans),
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
    def parse(cls, raw: Any, idempotent: Any, where: str) -> OperationLifecycle:
        at = f"{where}: x-lifecycle"
        node = _node(raw, at)
        speaks = node.get("speaks")
        if isinstance(speaks, Mapping):
            speaks = MappingProxyType({str(k): str(v) for k, v in speaks.items()})
        elif speaks is not None and not isinstance(speaks, bool):
            raise LifecycleError(f"{at}.speaks must be true, false or an object, got {speaks!r}")
        if idempotent is not None and not isinstance(idempotent, bool):
            raise LifecycleError(f"{where}: x-idempotent must be true or false")
        read = _read(cls, node, at, speaks=speaks, idempotent=idempotent)
        if not set(read.session_from or ()) <= _PLACES:
            raise LifecycleError(f"{at}.session-from names places among {sorted(_PLACES)} only")
        return read

    def get(self, role: str, default: Any = None) -> Any:
        """A role by its spec key (`"moves-to"`), for consumers keyed by role name (handlers)."""
        return self.roles().get(role, default)

    def roles(self) -> dict[str, Any]:
        """The roles the spec states, by spec key (`x-idempotent` is not a role)."""
        named = {f.name.replace("_", "-"): getattr(self, f.name) for f in fields(self)}
        return {k: v for k, v in named.items() if v is not None and k != "idempotent"}


_PLACES = frozenset({"token", "body", "path"})


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
