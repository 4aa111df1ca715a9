"""A value from a JSON schema (already `deref`'d): what the mock answers when the spec gives no
example, and the filler for fields no behaviour sets. Deterministic: the first example, default,
enum value or const, else the smallest value the schema allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["generate"]

_FORMATS = {
    "uri": "https://example.com",
    "url": "https://example.com",
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "email": "user@example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def _type(schema: Mapping[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), kind[0] if kind else None)
    return kind if isinstance(kind, str) else None


def generate(schema: Any, depth: int = 0) -> Any:
    """A value valid against `schema` for the schemas an OpenAPI contract usually holds."""
    if not isinstance(schema, Mapping) or depth > 12:
        return None
    if "const" in schema:
        return schema["const"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    if "example" in schema:
        return schema["example"]
    if "default" in schema:
        return schema["default"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            # A branch that is not only null, and not merely tolerated, says what is meant.
            usable = [b for b in branches if isinstance(b, Mapping) and _type(b) != "null"]
            plain = [b for b in usable if "x-tolerated" not in b]
            return generate((plain or usable or branches)[0], depth + 1)
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            if isinstance(part, Mapping):
                merged.update(part)
        return generate(merged, depth + 1)
    kind = _type(schema) or ("object" if "properties" in schema else None)
    if kind == "object":
        props = schema.get("properties") or {}
        required = schema.get("required") or []
        return {
            name: generate(props[name], depth + 1)
            for name in props
            if name in required or _has_example(props[name])
        }
    if kind == "array":
        count = int(schema.get("minItems", 0))
        return [generate(schema.get("items") or {}, depth + 1) for _ in range(count)]
    if kind == "string":
        text = _FORMATS.get(str(schema.get("format")), "string")
        min_length = int(schema.get("minLength", 0))
        return text if len(text) >= min_length else text + "x" * (min_length - len(text))
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        value = 0 if low is None else low + (1 if "exclusiveMinimum" in schema else 0)
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return None


def _has_example(schema: Any) -> bool:
    return isinstance(schema, Mapping) and ("examples" in schema or "example" in schema)
