"""The strict profile of a schema: what the live API merely tolerates becomes an error.

The spec describes what HeyGen's live API accepts, including what real clients send but should
not (nulls for unset fields, an old field name, unknown fields). Those parts are marked, and this
one derivation turns them off for the client's pre-flight check and the mock's `--strict` mode:
`anyOf`/`oneOf` branches marked `x-tolerated` are dropped, an `additionalProperties` marked
`x-tolerated` becomes `false`, and `deprecated: true` properties are removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["strict_schema"]


def strict_schema(node: Any) -> Any:
    """A copy of a (fully dereferenced) schema node in the strict profile."""
    return _strict(node)


def _tolerated(node: Any) -> bool:
    return isinstance(node, Mapping) and "x-tolerated" in node


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(v) for v in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in {"anyOf", "oneOf"} and isinstance(value, list):
            kept = [_strict(v) for v in value if not _tolerated(v)]
            if len(kept) == 1 and len(kept) < len(value):
                out.update({k: v for k, v in kept[0].items() if k not in out})
                continue
            out[key] = kept
        elif key == "additionalProperties" and _tolerated(value):
            out[key] = False
        elif key == "properties" and isinstance(value, Mapping):
            out[key] = {
                k: _strict(v)
                for k, v in value.items()
                if not (isinstance(v, Mapping) and v.get("deprecated") is True)
            }
        else:
            out[key] = _strict(value)
    if "required" in out and isinstance(out.get("properties"), Mapping):
        out["required"] = [r for r in out["required"] if r in out["properties"]]
    return out
