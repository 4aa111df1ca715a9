"""JSON bodies drawn from a schema of the spec: seeded hypothesis draws and targeted probes."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from specdiff import resolve

__all__ = ["draw", "minimal", "probes", "strategy"]

# Unbounded numbers stay in a range any JSON stack handles: the point is the contract, not
# overflow (the mock's own tests cover absurd numbers).
_INT_LIMIT = 2**31 - 1
_FLOAT_LIMIT = 1e6
# Printable Latin text: non-ASCII is exercised, and failing examples stay readable in a terminal.
_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=0x17F), max_size=12)


def _node(spec: Mapping[str, Any], schema: Any) -> dict[str, Any]:
    return dict(resolve(spec, schema) or {})


def _kind(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    return str(kind or ("object" if "properties" in schema else ""))


def strategy(spec: Mapping[str, Any], schema: Any) -> st.SearchStrategy[Any]:
    """Values valid against `schema` (the subset of JSON Schema this contract uses)."""
    node = _node(spec, schema)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "const" in node:
        return st.just(node["const"])
    kind = _kind(node)
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(node.get("minimum", -_INT_LIMIT), node.get("maximum", _INT_LIMIT))
    if kind == "number":
        low, high = node.get("minimum", -_FLOAT_LIMIT), node.get("maximum", _FLOAT_LIMIT)
        return st.floats(low, high, allow_nan=False, allow_infinity=False) | st.integers(
            int(low) + (low != int(low)), int(high)
        )
    if kind == "string":
        if node.get("format") == "uri":
            return st.from_regex(r"\Awss://[a-z]{1,8}\.example\.com\Z")
        return _TEXT
    if kind == "array":
        return st.lists(strategy(spec, node.get("items", {})), max_size=3)
    if kind == "object":
        props = node.get("properties", {})
        required = set(node.get("required", []))
        if not props and node.get("additionalProperties", True) is not False:
            return st.dictionaries(
                st.from_regex(r"\A[a-z_]{1,8}\Z"), _TEXT | st.floats(0, 1), max_size=3
            )
        return st.fixed_dictionaries(
            {k: strategy(spec, v) for k, v in props.items() if k in required},
            optional={k: strategy(spec, v) for k, v in props.items() if k not in required},
        )
    return st.none() | st.booleans() | _TEXT


def draw(values: st.SearchStrategy[Any], count: int, seed_value: int) -> list[Any]:
    """`count` values of `values`, the same ones for the same seed (no example database)."""
    found: list[Any] = []

    @seed(seed_value)
    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(values)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


def minimal(spec: Mapping[str, Any], schema: Any) -> Any:
    """The smallest valid value: defaults, first enum members, lower bounds, required fields."""
    node = _node(spec, schema)
    if "default" in node:
        return copy.deepcopy(node["default"])
    if "enum" in node:
        return node["enum"][0]
    kind = _kind(node)
    if kind == "object":
        props = node.get("properties", {})
        return {k: minimal(spec, props[k]) for k in node.get("required", []) if k in props}
    samples: dict[str, Any] = {"boolean": True, "integer": node.get("minimum", 0), "array": []}
    samples["number"] = node.get("minimum", 0)
    samples["string"] = "wss://probe.example.com" if node.get("format") == "uri" else "probe"
    return samples.get(kind)


def _candidates(spec: Mapping[str, Any], schema: Any) -> list[Any]:
    """The values most likely to tell two versions of `schema` apart."""
    node = _node(spec, schema)
    if "enum" in node:
        return list(node["enum"])
    found = [minimal(spec, node)]
    found += [node[k] for k in ("minimum", "maximum") if k in node]
    # An object: the minimal one, then with each optional field in turn.
    for name, prop in node.get("properties", {}).items():
        found.append({**found[0], name: minimal(spec, prop)})
    return found


def probes(spec: Mapping[str, Any], schema: Any, paths: Iterable[str]) -> list[Any]:
    """Minimal bodies, each with one candidate value at one of `paths` (paths the schema lacks
    are skipped)."""
    out: list[Any] = [minimal(spec, schema)]
    for path in dict.fromkeys(paths):
        parts = [p for p in path.split(".") if p]
        if any(p.endswith("[]") for p in parts):
            continue
        node: Any = _node(spec, schema)
        for part in parts:
            node = _node(spec, node.get("properties", {}).get(part))
        if not node:
            continue
        for value in _candidates(spec, node):
            body = minimal(spec, schema)
            holder, here = body, _node(spec, schema)
            for part in parts[:-1]:
                here = _node(spec, here["properties"][part])
                holder = holder.setdefault(part, minimal(spec, here))
            if parts:
                holder[parts[-1]] = value
            else:
                body = value
            out.append(body)
    unique: dict[str, Any] = {}
    for body in out:
        unique.setdefault(repr(body), body)
    return list(unique.values())
