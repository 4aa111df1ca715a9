"""The `lenient` profile (opt-in): nulls as absent, defaults for missing, unknown fields ignored.

It accepts more than the spec and says what it forgave in `X-Mock-Warnings`. The default
profile (`exact`) accepts exactly what the spec accepts and sends no warnings.

Everything here is derived from the request schema (`properties`, `required`, `default`,
`additionalProperties: false`), so a field the spec gains is handled with no code change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import SpecModel

__all__ = ["ObjectShape", "compile_shape", "normalize"]


@dataclass(frozen=True, slots=True)
class ObjectShape:
    """What leniency needs to know of one object schema."""

    properties: Mapping[str, ObjectShape | None]
    nullable: frozenset[str]
    required: frozenset[str]
    defaults: Mapping[str, Any]
    closed: bool


def _allows_null(schema: Mapping[str, Any]) -> bool:
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and any(
            isinstance(b, Mapping) and _allows_null(b) for b in branches
        ):
            return True
    types = schema.get("type")
    if types == "null" or (isinstance(types, list) and "null" in types):
        return True
    return None in (schema.get("enum") or ()) or ("const" in schema and schema["const"] is None)


def compile_shape(model: SpecModel, schema: Any, depth: int = 0) -> ObjectShape | None:
    """The shape of an object schema (an operation's request schema); None for anything else."""
    node = model.resolve(schema)
    if not isinstance(node, Mapping) or not isinstance(node.get("properties"), Mapping):
        return None
    if depth > 16:  # a recursive schema: leniency stops here, validation still applies
        return None
    props: dict[str, ObjectShape | None] = {}
    nullable: set[str] = set()
    defaults: dict[str, Any] = {}
    for name, prop in node["properties"].items():
        resolved = model.resolve(prop)
        props[name] = compile_shape(model, prop, depth + 1)
        if isinstance(resolved, Mapping):
            if _allows_null(resolved):
                nullable.add(name)
            if "default" in resolved:
                defaults[name] = resolved["default"]
            elif isinstance(prop, Mapping) and "default" in prop:
                defaults[name] = prop["default"]
    return ObjectShape(
        properties=props,
        nullable=frozenset(nullable),
        required=frozenset(node.get("required") or ()),
        defaults=defaults,
        closed=node.get("additionalProperties") is False,
    )


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def normalize(
    body: Mapping[str, Any], shape: ObjectShape, *, fill_defaults: bool = True, prefix: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """A copy of `body` read leniently, and what was forgiven to read it so (the warnings)."""
    out: dict[str, Any] = {}
    findings: list[str] = []
    nulled: set[str] = set()
    for name, value in body.items():
        path = _join(prefix, name)
        if name not in shape.properties:
            if shape.closed:
                findings.append(f"{path}: unknown field ignored")
                continue
            out[name] = value
        elif value is None and name not in shape.nullable:
            nulled.add(name)
            default = shape.defaults.get(name)
            note = "" if default is None else f", the default {_show(default)} applies"
            findings.append(f"{path}: null treated as absent{note}")
        else:
            sub = shape.properties[name]
            if sub is not None and isinstance(value, Mapping):
                value, inner = normalize(value, sub, fill_defaults=fill_defaults, prefix=path)
                findings.extend(inner)
            out[name] = value
    if fill_defaults:
        for name in sorted(shape.required - out.keys()):
            if name in shape.defaults:
                path = _join(prefix, name)
                out[name] = shape.defaults[name]
                if name in nulled:  # already reported, with the default it takes
                    continue
                findings.append(f"{path}: missing, took the default {_show(shape.defaults[name])}")
    return out, findings
