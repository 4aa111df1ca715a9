"""Generated models with a repr that masks every `x-secret` field: what the methods return."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from heygen_streaming_api.api import SessionModel

from ._endpoint import unset_of
from .redact import MASK, mask_json, secret_field_names

if TYPE_CHECKING:
    from ._operation import Operation

__all__ = ["MaskedRepr", "Session", "items_alias", "masked_class"]

_Model = TypeVar("_Model")


def _masked_repr(obj: Any) -> str:
    """An attrs-style repr of a generated model with the spec's secret fields masked."""
    secrets = secret_field_names()
    # The generated class (a masked subclass made here has no attrs fields of its own).
    generated = next(c for c in type(obj).__mro__ if "__attrs_attrs__" in vars(c))
    unset = unset_of(generated.__module__.partition(".")[0])
    parts = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if value is unset or (field.name == "additional_properties" and not value):
            continue  # not in the body: nothing to show
        if field.name in secrets and value:
            shown = repr(MASK)
        elif attrs.has(type(value)):
            shown = _masked_repr(value)
        else:
            shown = repr(mask_json(value, secrets))
        parts.append(f"{field.name}={shown}")
    return f"{type(obj).__name__}({', '.join(parts)})"


class MaskedRepr:
    """Mixin: `repr()`/`str()` of a generated model with the `x-secret` fields shown as `***`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return _masked_repr(self)

    __str__ = __repr__


class Session(MaskedRepr, SessionModel):
    """An opened session: the generated model of what the session-creating operation returns.

    Same fields, same `to_dict()`; only `repr()`/`str()` differ: the tokens the spec marks
    `x-secret` print as `***`. Read them as attributes (`session.access_token`) or via `to_dict()`.
    """

    __slots__ = ()


_MASKED: dict[tuple[type[Any], tuple[str, str] | None], type[Any]] = {(SessionModel, None): Session}


def masked_class(model: type[_Model], alias: tuple[str, str] | None = None) -> type[_Model]:
    """A subclass of a generated model whose repr masks secrets (made once); with `alias`
    `(name, field)` it also reads `field` as `name` (`x-session-lifecycle.list-items`)."""
    known = _MASKED.get((model, alias))
    if known is None:
        namespace: dict[str, Any] = {
            "__slots__": (),
            "__module__": model.__module__,
            "__doc__": model.__doc__,
        }
        if alias is not None:
            name, field = alias
            namespace[name] = property(lambda self: getattr(self, field), doc=f"`{field}`")
        known = _MASKED[(model, alias)] = type(model.__name__, (MaskedRepr, model), namespace)
    return known


def items_alias(op: Operation, model: type[Any]) -> tuple[str, str] | None:
    """`(name, field)` when `op` returns its whole 2xx body (no `x-unwrap`) listing sessions in
    its one array `field`, not named `x-session-lifecycle.list-items`."""
    name = op.model.lifecycle.list_items
    answer = op.responses.get(op.success_status)
    if not (name and op.lifecycle.lists and answer and answer.schema) or "x-unwrap" in op.node:
        return None
    properties = op.model.resolve(answer.schema).get("properties") or {}
    arrays = [k for k, v in properties.items() if op.model.resolve(v).get("type") == "array"]
    fields = {f.name for f in attrs.fields(model)}
    if len(arrays) != 1 or arrays[0] == name or arrays[0] not in fields or name in fields:
        return None
    return name, arrays[0]
