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

    optional: frozenset[str] = frozenset()
    enums: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, model: SpecModel, op: Operation) -> Shape:
        optional: set[str] = set()
        enums: dict[str, tuple[Any, ...]] = {}

        def walk(node: Any, path: str, depth: int) -> None:
            if not isinstance(node, Mapping) or depth > _MAX_DEPTH:
                return
            branches = [node, *(b for k in ("anyOf", "oneOf", "allOf") for b in node.get(k) or [])]
            for branch in (b for b in branches if isinstance(b, Mapping)):
                if "enum" in branch and path:
                    enums[path] = tuple(dict.fromkeys([*enums.get(path, ()), *branch["enum"]]))
                required = set(branch.get("required") or [])
                for name, sub in (branch.get("properties") or {}).items():
                    child = f"{path}.{name}" if path else str(name)
                    if name not in required:
                        optional.add(child)
                    walk(sub, child, depth + 1)

        if op.request_schema is not None:
            walk(model.deref(op.request_schema), "", 0)
        return cls(frozenset(optional), enums)


def _leaves(body: Any, path: str = "", depth: int = 0) -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every field of a request body."""
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
        for path, value in _leaves(body):
            if path in shape.optional:
                self.optional_sent[path] += 1
            allowed = shape.enums.get(path)
            if allowed is not None and isinstance(value, str | int) and value in allowed:
                self.enum_sent.setdefault(path, Counter())[str(value)] += 1

    def merge(self, other: OperationCoverage) -> None:
        """Add another unit's counts for the same operation."""
        self.cases += other.cases
        self.statuses.update(other.statuses)
        self.optional_sent.update(other.optional_sent)
        self.links.update(other.links)
        for path, values in other.enum_sent.items():
            self.enum_sent.setdefault(path, Counter()).update(values)

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "optional_sent": dict(sorted(self.optional_sent.items())),
            "enum_sent": {k: dict(sorted(v.items())) for k, v in sorted(self.enum_sent.items())},
            "links": dict(sorted(self.links.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OperationCoverage:
        return cls(
            int(data.get("cases", 0)),
            Counter({int(k): v for k, v in (data.get("statuses") or {}).items()}),
            Counter(data.get("optional_sent") or {}),
            {k: Counter(v) for k, v in (data.get("enum_sent") or {}).items()},
            Counter(data.get("links") or {}),
        )


def merge_coverage(parts: list[Mapping[str, Any]]) -> dict[str, OperationCoverage]:
    """Sum the per-operation coverage of many units (their JSON form), by operation."""
    out: dict[str, OperationCoverage] = {}
    for part in parts:
        for op_id, cov in part.items():
            out.setdefault(op_id, OperationCoverage()).merge(OperationCoverage.from_json(cov))
    return dict(sorted(out.items()))
