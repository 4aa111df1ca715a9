"""How compat reads a schema node, the same way on both sides of a diff: its shape without its
documentation, the JSON types it allows, `allOf` merged into it, the values of an enum."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from heygen_streaming.spec_model import SpecModel

__all__ = ["BOUNDS", "Node", "all_of", "covered", "enum_values", "shape", "types_of"]

Node = Mapping[str, Any]

_DOCS = {"description", "summary", "examples", "example", "title", "deprecated"}
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number"} | {
    type(None): "null",
    dict: "object",
    list: "array",
}
# (keyword, True when raising it narrows what is allowed)
BOUNDS = [(k, True) for k in ("minimum", "exclusiveMinimum", "minLength", "minItems")] + [
    (k, False) for k in ("maximum", "exclusiveMaximum", "maxLength", "maxItems")
]


def shape(schema: Any) -> str:
    """The schema without its documentation: equal shapes mean a field merely moved (rename)."""
    if isinstance(schema, Mapping):
        items = {k: shape(v) for k, v in schema.items() if k not in _DOCS and k[:2] != "x-"}
        return json.dumps(items, sort_keys=True)
    if isinstance(schema, list):
        return json.dumps([shape(v) for v in schema])
    return json.dumps(schema, sort_keys=True)


def types_of(schema: Node) -> set[str]:
    """The JSON types a (resolved) schema node allows; empty when it does not say."""
    kind = schema.get("type")
    found = set(kind) if isinstance(kind, list) else {kind} if kind else set()
    if not found and "enum" in schema:
        found = {_JSON_TYPES.get(type(v), "string") for v in schema["enum"]}
    if not found and "const" in schema:
        found = {_JSON_TYPES.get(type(schema["const"]), "string")}
    if not found and "properties" in schema:
        found = {"object"}
    if schema.get("nullable") is True:  # OpenAPI 3.0 spelling
        found.add("null")
    return found


def all_of(model: SpecModel, node: Any) -> Any:
    """`allOf` merged into the node (`allOf: [{$ref: X}]` + `default` is how a field with a
    default refers to a shared enum)."""
    if not isinstance(node, Mapping) or not isinstance(node.get("allOf"), list):
        return node
    merged: dict[str, Any] = {}
    for part in node["allOf"]:
        resolved = all_of(model, model.resolve(part))
        if isinstance(resolved, Mapping):
            merged.update(resolved)
    merged.update({k: v for k, v in node.items() if k != "allOf"})
    return merged


def enum_values(model: SpecModel, node: Node) -> list[Any] | None:
    """The values an enum allows, across the branches of a union of enums (a spelling and its
    lowercase twin); None when the node is not an enum."""
    if isinstance(node.get("enum"), list):
        return list(node["enum"])
    for key in ("anyOf", "oneOf"):
        branches = [all_of(model, model.resolve(b)) for b in node.get(key) or []]
        real = [b for b in branches if isinstance(b, Mapping) and types_of(b) != {"null"}]
        if real and all(isinstance(b.get("enum"), list) for b in real):
            return [v for b in real for v in b["enum"]]
    return None


def covered(kind: str, types: set[str]) -> bool:
    """Whether values of JSON type `kind` are among `types` (an integer is a number)."""
    return kind in types or (kind == "integer" and "number" in types)
