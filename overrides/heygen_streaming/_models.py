"""`Session`: the generated `SessionData`, with every `x-secret` field masked in its repr."""

from __future__ import annotations

from typing import Any

import attrs
from heygen_streaming_api.models import SessionData

from .redact import MASK, mask_json, secret_field_names

__all__ = ["Session", "masked_repr"]


def masked_repr(obj: Any) -> str:
    """An attrs-style repr of a generated model with the spec's secret fields masked."""
    secrets = secret_field_names()
    parts = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if field.name in secrets and value:
            shown = repr(MASK)
        elif attrs.has(type(value)):
            shown = masked_repr(value)
        else:
            shown = repr(mask_json(value, secrets))
        parts.append(f"{field.name}={shown}")
    return f"{type(obj).__name__}({', '.join(parts)})"


class Session(SessionData):
    """The created session: the generated `SessionData` (same fields, same `to_dict()`).

    Only `repr()`/`str()` differ: the tokens the spec marks `x-secret` print as `***`. Read them
    as attributes (`session.access_token`) or through `to_dict()`.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return masked_repr(self)

    __str__ = __repr__
