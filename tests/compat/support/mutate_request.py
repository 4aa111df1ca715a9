"""Spec mutations of request bodies (the corpus's first part): each returns where it changed."""

from __future__ import annotations

from collections.abc import Callable

from heygen_streaming.spec_model import SpecModel

from .targets import bounded_int, enum, find, is_kind, nested, optional, plain_string, required

__all__ = [
    "body_optional",
    "body_required",
    "bound",
    "default_changed",
    "enum_added",
    "enum_removed",
    "field_removed",
    "field_renamed",
    "format_added",
    "integer_to_number",
    "made_optional",
    "made_required",
    "nested_removed",
    "new_field",
    "nullable",
    "number_narrowed",
    "object_set",
    "retyped",
]


def enum_removed(m: SpecModel) -> str:
    t = find(m, "request", enum)
    t.schema["enum"] = t.schema["enum"][:-1]
    return t.where


def enum_added(m: SpecModel) -> str:
    t = find(m, "request", enum)
    t.schema["enum"] = [*t.schema["enum"], "added_value"]
    return t.where


def new_field(m: SpecModel, is_required: bool) -> str:
    t = find(m, "request", lambda t: True)
    t.holder["properties"]["greeting"] = {"type": "string", "description": "First words."}
    if is_required:
        t.holder["required"] = [*(t.holder.get("required") or []), "greeting"]
    return f"{t.operation.operation_id} request {t.path.rpartition('.')[0]}.greeting".replace(
        " .", " "
    )


def field_removed(m: SpecModel) -> str:
    t = find(m, "request", lambda t: optional(t) and plain_string(t))
    del t.holder["properties"][t.name]
    return t.where


def field_renamed(m: SpecModel) -> str:
    t = find(m, "request", lambda t: optional(t) and plain_string(t))
    t.holder["properties"][f"{t.name}_renamed"] = t.holder["properties"].pop(t.name)
    return t.where


def made_required(m: SpecModel) -> str:
    t = find(m, "request", optional)
    t.holder["required"] = [*(t.holder.get("required") or []), t.name]
    return t.where


def made_optional(m: SpecModel) -> str:
    t = find(m, "request", required)
    t.holder["required"] = [r for r in t.holder["required"] if r != t.name]
    return t.where


def retyped(m: SpecModel) -> str:
    t = find(m, "request", plain_string)
    t.holder["properties"][t.name] = {"type": "integer"}
    return t.where


def number_narrowed(m: SpecModel) -> str:
    t = find(m, "request", lambda t: is_kind(t, "number"))
    t.schema["type"] = "integer"
    for holder in (t.schema, t.default_holder):
        for key in ("minimum", "maximum", "default"):
            if isinstance(holder.get(key), float):
                holder[key] = int(holder[key])
    return t.where


def nullable(m: SpecModel) -> str:
    t = find(m, "request", lambda t: plain_string(t) and not t.nullable)
    t.schema["type"] = ["string", "null"]
    return t.where


def integer_to_number(m: SpecModel) -> str:
    t = find(m, "request", bounded_int)
    t.schema["type"] = "number"
    return t.where


def bound(key: str, delta: int) -> Callable[[SpecModel], str]:
    def mutate(m: SpecModel) -> str:
        t = find(m, "request", bounded_int)
        t.schema[key] += delta
        low, high, holder = t.schema["minimum"], t.schema["maximum"], t.default_holder
        if "default" in holder:  # keep the default inside the range: only the bound changes
            holder["default"] = max(low, min(high, holder["default"]))
        return t.where

    return mutate


def format_added(m: SpecModel) -> str:
    t = find(m, "request", plain_string)
    t.schema["format"] = "uri"
    return t.where


def default_changed(m: SpecModel, inside: bool) -> str:
    t = find(m, "request", lambda t: bounded_int(t) and "default" in t.default_holder)
    t.default_holder["default"] = t.schema["minimum"] if inside else t.schema["maximum"] + 1
    if not inside:
        t.schema["maximum"] += 1  # the new spec allows its new default; the old one does not
    return t.where


def object_set(closed: bool) -> Callable[[SpecModel], str]:
    """The first request object closed to unknown fields (False) or opened to them (True)."""

    def mutate(m: SpecModel) -> str:
        t = find(m, "request", lambda t: True)
        t.holder["additionalProperties"] = not closed
        return f"{t.operation.operation_id} request {t.path.rpartition('.')[0] or 'body'}"

    return mutate


def nested_removed(m: SpecModel) -> str:
    t = find(m, "request", lambda t: nested(t) and optional(t))
    del t.holder["properties"][t.name]
    return t.where


def body_optional(m: SpecModel) -> str:
    op = next(op for op in m.operations if op.request_schema is not None and op.request_required)
    m.resolve(op.node["requestBody"])["required"] = False
    return f"{op.operation_id} request body"


def body_required(m: SpecModel) -> str:
    op = next(op for op in m.operations if op.request_schema and not op.request_required)
    m.resolve(op.node["requestBody"])["required"] = True
    return f"{op.operation_id} request body"
