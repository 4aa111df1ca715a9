"""Where a spec mutation applies: properties of request and response bodies, found by kind.

The corpus (`mutations`) never names a model: it asks for "the first optional plain string of a
request", "the first bounded integer", ... in whatever spec it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

__all__ = [
    "Target",
    "bounded_int",
    "enum",
    "find",
    "is_kind",
    "nested",
    "optional",
    "plain_string",
    "required",
    "targets",
]


@dataclass(frozen=True)
class Target:
    """A property found in a body: the object holding it (in the document, resolved) and it."""

    operation: Operation
    side: str  # "request" or "response 200"
    path: str  # dotted, from the body
    holder: dict[str, Any]
    name: str

    model: SpecModel

    @property
    def node(self) -> dict[str, Any]:
        """The property as written (may be a `$ref`, or an `anyOf` with `null`)."""
        return self.holder["properties"][self.name]  # type: ignore[no-any-return]

    @property
    def schema(self) -> dict[str, Any]:
        """The schema that says what values are allowed (the one real branch, resolved)."""
        return _leaf(self.model, self.node)

    @property
    def nullable(self) -> bool:
        node = self.model.resolve(self.node)
        branches = [self.model.resolve(b) for b in node.get("anyOf") or node.get("oneOf") or []]
        kind = self.schema.get("type")
        return any(b.get("type") == "null" for b in branches) or (
            isinstance(kind, list) and "null" in kind
        )

    @property
    def default_holder(self) -> dict[str, Any]:
        """Where the property's default is written (next to an anyOf, or in the schema)."""
        node = self.model.resolve(self.node)
        return node if "default" in node else self.schema

    @property
    def where(self) -> str:
        return f"{self.operation.operation_id} {self.side} {self.path}"


def _leaf(model: SpecModel, node: Any) -> dict[str, Any]:
    node = model.resolve(node)
    if not isinstance(node, dict):
        return {}
    for key in ("allOf", "anyOf", "oneOf"):
        branches = [model.resolve(b) for b in node.get(key) or []]
        real = [b for b in branches if isinstance(b, dict) and b.get("type") != "null"]
        if len(real) == 1:
            return _leaf(model, real[0])
    return node


def _object(model: SpecModel, node: Any) -> dict[str, Any] | None:
    """The object schema a node stands for (through $ref, allOf of one, nullable anyOf)."""
    node = model.resolve(node)
    if not isinstance(node, dict):
        return None
    for key in ("allOf", "anyOf", "oneOf"):
        branches = [model.resolve(b) for b in node.get(key) or []]
        real = [b for b in branches if isinstance(b, dict) and b.get("type") != "null"]
        if len(real) == 1:
            return _object(model, real[0])
    return node if "properties" in node else None


def _walk(model: SpecModel, op: Operation, side: str, root: Any) -> Iterator[Target]:
    queue: list[tuple[str, Any]] = [("", root)]
    seen: set[int] = set()
    while queue:
        prefix, node = queue.pop(0)
        holder = _object(model, node)
        if holder is None or id(holder) in seen:
            continue
        seen.add(id(holder))
        for name, prop in holder["properties"].items():
            path = f"{prefix}{name}"
            yield Target(op, side, path, holder, name, model)
            queue.append((f"{path}.", prop))


def targets(model: SpecModel, side: str = "request") -> Iterator[Target]:
    """Every property of every operation's request (or success response) body, spec order."""
    for op in model.operations:
        if side == "request" and op.request_schema is not None:
            yield from _walk(model, op, "request", op.request_schema)
        elif side == "response":
            response = op.responses.get(op.success_status)
            if response is not None and response.schema is not None:
                yield from _walk(model, op, f"response {op.success_status}", response.schema)


def find(model: SpecModel, side: str, test: Callable[[Target], bool], skip: int = 0) -> Target:
    found = [t for t in targets(model, side) if test(t)]
    if len(found) <= skip:
        raise LookupError(f"no {side} field for this mutation in the spec")
    return found[skip]


def is_kind(t: Target, kind: str) -> bool:
    return t.schema.get("type") == kind


def enum(t: Target) -> bool:
    values = t.schema.get("enum")
    return isinstance(values, list) and len(values) >= 2 and is_kind(t, "string")


def plain_string(t: Target) -> bool:
    facets = {"enum", "format", "default", "const"}
    return is_kind(t, "string") and not facets & (t.schema.keys() | t.default_holder.keys())


def optional(t: Target) -> bool:
    return t.name not in (t.holder.get("required") or [])


def required(t: Target) -> bool:
    return not optional(t)


def bounded_int(t: Target) -> bool:
    return is_kind(t, "integer") and "minimum" in t.schema and "maximum" in t.schema


def nested(t: Target) -> bool:
    return "." in t.path
