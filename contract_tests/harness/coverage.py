"""Spec coverage per operation: statuses seen, enum values and optional fields sent, links followed.

What a reviewer asks of a run ("did we ever see a 429? was `task_mode: async` ever sent?"),
counted from the requests and answers schemathesis recorded. `OperationCoverage` is JSON-able,
so xdist workers send it back to the report writer, which merges the units.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

__all__ = ["OperationCoverage", "Shape", "merge_coverage"]

_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Shape:
    """Where an operation's request body has optional fields and enums (dotted paths)."""

    optional: frozenset[str]
    enums: Mapping[str, tuple[Any, ...]]

    @classmethod
    def of(cls, model: SpecModel, op: Operation) -> Shape:
        optional: set[str] = set()
        enums: dict[str, tuple[Any, ...]] = {}
        if op.request_schema is not None:
            _walk(model.deref(op.request_schema), "", optional, enums, 0)
        return cls(frozenset(optional), enums)

    def sent(self, body: Any) -> Iterator[tuple[str, Any]]:
        """(dotted path, value) of every field of `body` the shape knows."""
        yield from _leaves(body, "", 0)


def _branches(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    out = [node]
    for key in ("anyOf", "oneOf", "allOf"):
        out += [b for b in node.get(key) or [] if isinstance(b, Mapping)]
    return out


def _walk(
    node: Any, path: str, optional: set[str], enums: dict[str, tuple[Any, ...]], depth: int
) -> None:
    if not isinstance(node, Mapping) or depth > _MAX_DEPTH:
        return
    for branch in _branches(node):
        if "enum" in branch and path:
            enums[path] = tuple(dict.fromkeys([*enums.get(path, ()), *branch["enum"]]))
        props = branch.get("properties")
        if isinstance(props, Mapping):
            required = set(branch.get("required") or [])
            for name, sub in props.items():
                child = f"{path}.{name}" if path else str(name)
                if name not in required:
                    optional.add(child)
                _walk(sub, child, optional, enums, depth + 1)


def _leaves(body: Any, path: str, depth: int) -> Iterator[tuple[str, Any]]:
    if not isinstance(body, Mapping) or depth > _MAX_DEPTH:
        return
    for name, value in body.items():
        child = f"{path}.{name}" if path else str(name)
        yield child, value
        yield from _leaves(value, child, depth + 1)


@dataclass
class OperationCoverage:
    """What one operation's cases exercised."""

    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    optional_sent: Counter[str] = field(default_factory=Counter)
    enum_sent: dict[str, Counter[str]] = field(default_factory=dict)
    links: Counter[str] = field(default_factory=Counter)

    def add_request(self, shape: Shape, body: Any) -> None:
        self.cases += 1
        for path, value in shape.sent(body):
            if path in shape.optional:
                self.optional_sent[path] += 1
            allowed = shape.enums.get(path)
            if allowed is not None and isinstance(value, str | int) and value in allowed:
                self.enum_sent.setdefault(path, Counter())[str(value)] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "optional_sent": dict(sorted(self.optional_sent.items())),
            "enum_sent": {k: dict(sorted(v.items())) for k, v in sorted(self.enum_sent.items())},
            "links": dict(sorted(self.links.items())),
        }


def merge_coverage(parts: list[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Sum the per-operation coverage of many units (JSON form in, JSON form out)."""
    out: dict[str, dict[str, Any]] = {}
    for part in parts:
        for op_id, cov in part.items():
            into = out.setdefault(
                op_id,
                {
                    "cases": 0,
                    "statuses": Counter(),
                    "optional_sent": Counter(),
                    "enum_sent": {},
                    "links": Counter(),
                },
            )
            into["cases"] += int(cov.get("cases", 0))
            for key in ("statuses", "optional_sent", "links"):
                into[key].update(cov.get(key) or {})
            for path, values in (cov.get("enum_sent") or {}).items():
                into["enum_sent"].setdefault(path, Counter()).update(values)
    return {
        op: {
            "cases": c["cases"],
            "statuses": dict(sorted(c["statuses"].items())),
            "optional_sent": dict(sorted(c["optional_sent"].items())),
            "enum_sent": {k: dict(sorted(v.items())) for k, v in sorted(c["enum_sent"].items())},
            "links": dict(sorted(c["links"].items())),
        }
        for op, c in sorted(out.items())
    }
