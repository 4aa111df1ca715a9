"""Helpful refusals of unknown fields: the closest known name; keywords checked before binding."""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar, Token
from typing import Any

from ._config import seconds
from .errors import ValidationError
from .spec import FieldError

__all__ = [
    "CALL_DEADLINE",
    "UNKNOWN_FIELD",
    "check_keywords",
    "check_methods",
    "closest",
    "with_suggestions",
]

UNKNOWN_FIELD = "is not a field of this object"

# The `deadline=` (seconds) of the call in progress, given to its method (see `check_keywords`).
CALL_DEADLINE: ContextVar[float | None] = ContextVar("heygen_streaming_call_deadline", default=None)


def closest(name: str, known: Iterable[str]) -> str:
    """`; did you mean X?` for the known name closest to `name`, or "" when none is close."""
    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {match[0]}?" if match else ""


def _properties(schema: Any, path: list[str]) -> Mapping[str, Any]:
    node = schema
    for part in path:
        props = node.get("properties") if isinstance(node, Mapping) else None
        node = props.get(part) if isinstance(props, Mapping) else None
    props = node.get("properties") if isinstance(node, Mapping) else None
    return props if isinstance(props, Mapping) else {}


def with_suggestions(errors: list[FieldError], schema: Any) -> list[FieldError]:
    """`errors` where each unknown field also names the closest field of its (deref'd) object."""
    out = []
    for error in errors:
        if error.message == UNKNOWN_FIELD and error.path:
            *parent, name = error.path.split(".")
            hint = closest(name, _properties(schema, parent))
            error = FieldError(error.path, error.message + hint) if hint else error
        out.append(error)
    return out


def check_keywords(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method`, refusing an unknown keyword with a ValidationError that suggests the closest one
    (Python's own refusal names none), and taking `deadline=` (seconds for the whole call)."""
    allowed = frozenset(
        name
        for name, p in inspect.signature(method).parameters.items()
        if p.kind in {p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD} and name != "self"
    )

    def check(kwargs: dict[str, Any], deadline: float | None) -> Token[float | None] | None:
        if unknown := sorted(set(kwargs) - allowed):
            raise ValidationError(
                [FieldError(name, UNKNOWN_FIELD + closest(name, allowed)) for name in unknown]
            )
        return None if deadline is None else CALL_DEADLINE.set(seconds("deadline", deadline))

    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def checked_async(
            self: Any, /, *args: Any, deadline: float | None = None, **kwargs: Any
        ) -> Any:
            token = check(kwargs, deadline)
            try:
                return await method(self, *args, **kwargs)
            finally:
                if token is not None:
                    CALL_DEADLINE.reset(token)

        return checked_async

    @functools.wraps(method)
    def checked(self: Any, /, *args: Any, deadline: float | None = None, **kwargs: Any) -> Any:
        token = check(kwargs, deadline)
        try:
            result = method(self, *args, **kwargs)
            if token is not None and hasattr(result, "__enter__") | hasattr(result, "__aenter__"):
                raise ValueError("deadline= is per call: a session's calls take the client's")
            return result
        finally:
            if token is not None:
                CALL_DEADLINE.reset(token)

    return checked


def check_methods(target: type, source: type) -> None:
    """Every public method of `source` (a generated class) set on `target`, `check_keywords`'d."""
    for name, method in vars(source).items():
        if not name.startswith("_") and callable(method):
            setattr(target, name, check_keywords(method))
