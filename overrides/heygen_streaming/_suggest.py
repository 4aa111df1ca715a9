"""Helpful refusals of unknown fields: the closest known name; keywords checked before binding."""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import ValidationError
from .spec import FieldError

__all__ = ["UNKNOWN_FIELD", "check_keywords", "closest", "with_suggestions"]

UNKNOWN_FIELD = "is not a field of this object"


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
    """`method`, refusing an unknown keyword with a ValidationError that suggests the closest one.

    Python's own refusal ("unexpected keyword argument") names no alternative; this check runs
    first and costs one set comparison per call.
    """
    allowed = frozenset(
        name
        for name, p in inspect.signature(method).parameters.items()
        if p.kind in {p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD} and name != "self"
    )

    @functools.wraps(method)
    def checked(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not allowed.issuperset(kwargs):
            unknown = sorted(set(kwargs) - allowed)
            raise ValidationError(
                [FieldError(name, UNKNOWN_FIELD + closest(name, allowed)) for name in unknown]
            )
        return method(self, *args, **kwargs)

    return checked
