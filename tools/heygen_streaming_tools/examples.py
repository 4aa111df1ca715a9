"""JSON bodies drawn from a schema: seeded random draws and targeted probes.

Every function takes a schema with its `$ref`s already inlined (`SpecModel.deref` or
`SpecModel.strict`), so nothing here resolves references. Draws come from `random.Random(seed)`,
not hypothesis: compat draws a few hundred bodies per run and must stay within seconds; the
probes (bounds, every enum member, each optional field alone) cover the edges a shrinker would
find, and the same seed always gives the same bodies.
"""

from __future__ import annotations

import copy
import random
import string
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["draw", "minimal", "probes", "value"]

# Unbounded numbers stay in a range any JSON stack handles: the point is the contract, not
# overflow (the mock's own tests cover absurd numbers).
_INT_LIMIT = 2**31 - 1
_FLOAT_LIMIT = 1e6
# Printable Latin text: non-ASCII is exercised, and failing examples stay readable in a terminal.
_ALPHABET = string.ascii_letters + string.digits + " _-.éüßçøĀœ"
_DEPTH = 6
# A string of a checked `format` must be of it: a few fixed values, any other text fails.
_FORMATS = {
    "uri": "wss://probe.example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def _node(schema: Any) -> dict[str, Any]:
    """The schema as a dict, `allOf` merged into it."""
    if not isinstance(schema, Mapping):
        return {}
    if not isinstance(schema.get("allOf"), list):
        return dict(schema)
    merged: dict[str, Any] = {}
    for part in schema["allOf"]:
        merged.update(_node(part))
    merged.update({k: v for k, v in schema.items() if k != "allOf"})
    return merged


def _kind(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    return str(kind or ("object" if "properties" in schema else ""))


def _branches(node: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of an anyOf/oneOf, each merged with the node's own keywords."""
    for key in ("anyOf", "oneOf"):
        if isinstance(node.get(key), list):
            rest = {k: v for k, v in node.items() if k != key}
            return [{**rest, **_node(b)} for b in node[key]]
    return []


def _text(rng: random.Random, node: Mapping[str, Any]) -> str:
    if node.get("format") == "uri":
        host = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 8)))
        return f"wss://{host}.example.com"
    if node.get("format") == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    low = int(node.get("minLength", 0))
    high = int(node.get("maxLength", max(12, low)))
    if rng.random() < 0.3:  # an edge
        size = rng.choice([low, high, rng.randint(low, high)])
    else:
        size = rng.randint(low, min(high, low + 12))
    return "".join(rng.choices(_ALPHABET, k=size))


def _number(rng: random.Random, node: Mapping[str, Any], integer: bool) -> Any:
    limit = _INT_LIMIT if integer else _FLOAT_LIMIT
    low, high = node.get("minimum", -limit), node.get("maximum", limit)
    if "exclusiveMinimum" in node:
        low = node["exclusiveMinimum"] + (1 if integer else 1e-6)
    if "exclusiveMaximum" in node:
        high = node["exclusiveMaximum"] - (1 if integer else 1e-6)
    if integer:
        low, high = int(low), int(high)
        return rng.choice([low, high]) if rng.random() < 0.25 else rng.randint(low, high)
    if rng.random() < 0.25:
        return rng.choice([low, high])
    if rng.random() < 0.3 and int(high) >= low:
        return rng.randint(int(low) + (low != int(low)), int(high))
    return rng.uniform(low, high)


def value(rng: random.Random, schema: Any, depth: int = 0) -> Any:
    """One random value valid against `schema` (the subset of JSON Schema this contract uses)."""
    node = _node(schema)
    branches = _branches(node)
    if branches:
        return value(rng, rng.choice(branches), depth)
    if "enum" in node or "const" in node:
        return rng.choice(node["enum"]) if "enum" in node else node["const"]
    kind = _kind(node)
    if kind in ("null", "boolean"):
        return None if kind == "null" else rng.random() < 0.5
    if kind in ("integer", "number"):
        return _number(rng, node, kind == "integer")
    if kind == "string":
        return _text(rng, node)
    if kind == "array":
        low = int(node.get("minItems", 0))
        size = rng.randint(low, max(low, min(int(node.get("maxItems", 3)), 3)))
        return [value(rng, node.get("items", {}), depth + 1) for _ in range(size)]
    if kind == "object":
        props = node.get("properties", {})
        if not props and node.get("additionalProperties", True) is not False:
            size = rng.randint(0, 2)
            keys = ("".join(rng.choices(string.ascii_lowercase, k=5)) for _ in range(size))
            return {k: _text(rng, {}) for k in keys}
        required = set(node.get("required", []))
        return {
            k: value(rng, v, depth + 1)
            for k, v in props.items()
            if k in required or (depth < _DEPTH and rng.random() < 0.5)
        }
    return rng.choice([None, True, _text(rng, {})])


def draw(schema: Any, count: int, seed: int) -> list[Any]:
    """`count` values of `schema`, the same ones for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible by design
    return [value(rng, schema) for _ in range(max(count, 0))]


def minimal(schema: Any) -> Any:
    """The smallest valid value: defaults, first enum members, lower bounds, required fields."""
    node = _node(schema)
    branches = _branches(node)
    if branches:
        return minimal(next((b for b in branches if _kind(b) != "null"), branches[0]))
    if "default" in node:
        return copy.deepcopy(node["default"])
    if "enum" in node or "const" in node:
        return node.get("enum", [node.get("const")])[0]
    kind = _kind(node)
    if kind == "object":
        props = node.get("properties", {})
        return {k: minimal(props[k]) for k in node.get("required", []) if k in props}
    if kind == "string":
        if node.get("format") in _FORMATS:
            return _FORMATS[node["format"]]
        return "probe".ljust(node.get("minLength", 0), "e")[: node.get("maxLength", 5)]
    low = node.get("minimum", 0)
    return {"boolean": True, "integer": low, "number": low, "array": []}.get(kind)


def _candidates(node: Mapping[str, Any]) -> list[Any]:
    """The values most likely to tell two versions of a schema apart."""
    branches = _branches(node)
    if branches:
        return [v for b in branches for v in _candidates(b)]
    if "enum" in node:
        return list(node["enum"])
    found = [minimal(node)]
    found += [node[k] for k in ("minimum", "maximum") if k in node]
    if _kind(node) == "number":  # a value only a number (not an integer) can hold
        found.append(float(node.get("minimum", 0)) + 0.5)
    # An object: the minimal one, then with each optional field in turn.
    for name, prop in node.get("properties", {}).items():
        found.append({**found[0], name: minimal(prop)})
    return found


def _at(schema: Mapping[str, Any], parts: list[str]) -> dict[str, Any]:
    node = _node(schema)
    for part in parts:
        branches = _branches(node)
        if branches:
            node = next((b for b in branches if "properties" in b), node)
        node = _node(node.get("properties", {}).get(part))
    return node


def probes(schema: Any, paths: Iterable[str]) -> list[Any]:
    """Minimal bodies, each with one candidate value at one of `paths` (paths the schema lacks
    are skipped)."""
    out: list[Any] = [minimal(schema)]
    for path in dict.fromkeys(paths):
        parts = [p for p in path.split(".") if p]
        if any(p.endswith("[]") for p in parts):
            continue
        node = _at(schema, parts)
        if not node:
            continue
        for value in _candidates(node):
            body = minimal(schema)
            if not parts:
                out.append(value)
                continue
            holder = body
            for depth, part in enumerate(parts[:-1], start=1):
                if not isinstance(holder, dict):
                    break
                holder = holder.setdefault(part, minimal(_at(schema, parts[:depth])))
            if isinstance(holder, dict):
                holder[parts[-1]] = value
                out.append(body)
    return list({repr(body): body for body in out}.values())  # each body once, first seen first
