"""Generated models with a repr that masks every `x-secret` field: what the methods return."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs
from heygen_streaming_api.api import SessionModel
from heygen_streaming_api.types import Unset

from .redact import MASK, mask_json, secret_field_names

__all__ = ["MaskedRepr", "Session", "masked_class", "masked_repr"]

_Model = TypeVar("_Model")


def masked_repr(obj: Any) -> str:
    """An attrs-style repr of a generated model with the spec's secret fields masked."""
    secrets = secret_field_names()
    parts = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, Unset) or (field.name == "additional_properties" and not value):
            continue  # not in the body: nothing to show
        if field.name in secrets and value:
            shown = repr(MASK)
        elif attrs.has(type(value)):
            shown = masked_repr(value)
        else:
            shown = repr(mask_json(value, secrets))
        parts.append(f"{field.name}={shown}")
    return f"{type(obj).__name__}({', '.join(parts)})"


class MaskedRepr:
    """Mixin: `repr()`/`str()` of a generated model with the `x-secret` fields shown as `***`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return masked_repr(self)

    __str__ = __repr__


class Session(MaskedRepr, SessionModel):
    """An opened session: the generated model of what the session-creating operation returns.

    Same fields, same `to_dict()`; only `repr()`/`str()` differ: the tokens the spec marks
    `x-secret` print as `***`. Read them as attributes (`session.access_token`) or via `to_dict()`.
    """

    __slots__ = ()


_MASKED: dict[type[Any], type[Any]] = {SessionModel: Session}


def masked_class(model: type[_Model]) -> type[_Model]:
    """A subclass of a generated model whose repr masks secrets (one per model, made once)."""
    known = _MASKED.get(model)
    if known is None:
        namespace = {"__slots__": (), "__module__": model.__module__, "__doc__": model.__doc__}
        known = _MASKED[model] = type(model.__name__, (MaskedRepr, model), namespace)
    return known
