"""Structural diff of two versions of the contract, each change classified by whom it breaks."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BREAKS_CALLERS",
    "BREAKS_SERVERS",
    "COMPATIBLE",
    "Change",
    "diff_specs",
    "operation",
    "resolve",
]

BREAKS_CALLERS = "breaks callers"
BREAKS_SERVERS = "breaks servers"
COMPATIBLE = "compatible"
_DOCS = {"description", "summary", "examples", "example", "title"}


@dataclass(frozen=True)
class Change:
    """One difference: where (`side`, dotted `path`), what, and whom it breaks."""

    side: str  # "request" or "response 200", "response 400", ...
    path: str  # dotted within the body, "" for the body itself
    what: str
    impact: str  # BREAKS_CALLERS, BREAKS_SERVERS or COMPATIBLE
    bump: str  # "major", "minor" or "patch"
    # An addition the new client uses only when the caller asks for it (an optional field without
    # a default, an extra enum value, a wider range): old servers refusing it is expected.
    opt_in: bool = False

    @property
    def where(self) -> str:
        return f"{self.side} {self.path or 'body'}"


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """`node` with local `$ref`s followed (bounded, so a cycle cannot hang)."""
    for _ in range(32):
        if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
            return node
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    raise ValueError("a $ref cycle in the spec")


def operation(spec: Mapping[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The request schema and the response schemas (by status) of the spec's one operation."""
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, Mapping) and "responses" in op:
                body = resolve(spec, op.get("requestBody", {}))
                request = body.get("content", {}).get("application/json", {}).get("schema", {})
                responses = {}
                for status, response in op["responses"].items():
                    content = resolve(spec, response).get("content", {})
                    responses[str(status)] = content.get("application/json", {}).get("schema")
                return request, responses
    raise ValueError("the spec has no operation")


def _types(schema: Mapping[str, Any]) -> set[str]:
    kind = schema.get("type")
    found = set(kind) if isinstance(kind, list) else {kind} if kind else set()
    if not found and "enum" in schema:
        found = {type(v).__name__ for v in schema["enum"]}
    return found


def _shape(schema: Any) -> str:
    """The schema without its documentation: equal shapes mean a field merely moved (rename)."""
    if isinstance(schema, Mapping):
        items = {k: _shape(v) for k, v in schema.items() if k not in _DOCS and k[:2] != "x-"}
        return json.dumps(items, sort_keys=True)
    return json.dumps(schema, sort_keys=True)


class _Walker:
    """Compares two schemas of one side; `request` decides who a narrowing or widening breaks."""

    def __init__(self, old_spec: Any, new_spec: Any, side: str) -> None:
        self.old_spec, self.new_spec, self.side = old_spec, new_spec, side
        self.request = side == "request"

    def change(
        self,
        path: str,
        what: str,
        *,
        grew: bool,
        shrank: bool,
        checked: bool = True,
        opt_in: bool = False,
    ) -> Change:
        """Classify by who produces the value: the client for requests, the server for responses.

        `grew`: the new schema allows values the old did not; `shrank`: the reverse. `checked`:
        the generated client enforces this facet when parsing (enums, types, required fields).
        """
        if self.request:
            impact = BREAKS_CALLERS if shrank else COMPATIBLE
        elif grew and checked:
            impact = BREAKS_CALLERS
        else:
            impact = BREAKS_SERVERS if shrank and checked else COMPATIBLE
        bump = "major" if impact != COMPATIBLE else "minor" if grew else "patch"
        return Change(self.side, path, what, impact, bump, opt_in and impact == COMPATIBLE)

    def walk(self, old: Any, new: Any, path: str) -> Iterator[Change]:
        old, new = resolve(self.old_spec, old) or {}, resolve(self.new_spec, new) or {}
        old_types, new_types = _types(old), _types(new)
        if old_types != new_types and old_types and new_types:
            widened = old_types == {"integer"} and new_types == {"number"}
            what = f"type {'|'.join(sorted(old_types))} -> {'|'.join(sorted(new_types))}"
            yield self.change(path, what, grew=True, shrank=not widened)
            return
        yield from self._enum(old, new, path)
        yield from self._bounds(old, new, path)
        if old.get("format") != new.get("format"):
            what = f"format {old.get('format')} -> {new.get('format')}"
            yield self.change(
                path,
                what,
                grew=not new.get("format"),
                shrank=bool(new.get("format")),
                checked=False,
            )
        if "default" in old or "default" in new:
            yield from self._default(old, new, path)
        if "object" in old_types | new_types or "properties" in old or "properties" in new:
            yield from self._object(old, new, path)
        if "items" in old and "items" in new:
            yield from self.walk(old["items"], new["items"], f"{path}[]")

    def _enum(self, old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> Iterator[Change]:
        before, after = old.get("enum"), new.get("enum")
        if before == after:
            return
        if before is None or after is None:
            yield self.change(
                path,
                f"enum {before} -> {after}",
                grew=after is None,
                shrank=before is None,
                opt_in=True,
            )
            return
        for value in [v for v in before if v not in after]:
            yield self.change(path, f"enum value {value!r} removed", grew=False, shrank=True)
        for value in [v for v in after if v not in before]:
            yield self.change(
                path, f"enum value {value!r} added", grew=True, shrank=False, opt_in=True
            )

    def _bounds(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str
    ) -> Iterator[Change]:
        for key, lower in (
            ("minimum", True),
            ("maximum", False),
            ("exclusiveMinimum", True),
            ("exclusiveMaximum", False),
            ("minLength", True),
            ("maxLength", False),
        ):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            if before is None or after is None:
                narrowed = before is None
            else:
                narrowed = after > before if lower else after < before
            yield self.change(
                path,
                f"{key} {before} -> {after}",
                grew=not narrowed,
                shrank=narrowed,
                checked=False,
                opt_in=True,
            )

    def _default(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str
    ) -> Iterator[Change]:
        before, after = old.get("default"), new.get("default")
        if before == after:
            return
        what = f"default {before!r} -> {after!r}"
        allowed = old.get("enum")
        # The new client sends its default unasked: an old server must accept it.
        rejected = (allowed is not None and after not in allowed) or (
            isinstance(after, int | float)
            and not isinstance(after, bool)
            and not (old.get("minimum", after) <= after <= old.get("maximum", after))
        )
        if self.request and rejected:
            yield Change(
                self.side, path, f"{what} (old servers refuse it)", BREAKS_SERVERS, "major"
            )
        else:
            yield Change(self.side, path, what, COMPATIBLE, "minor" if self.request else "patch")

    def _object(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str
    ) -> Iterator[Change]:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
        removed = [p for p in old_props if p not in new_props]
        added = [p for p in new_props if p not in old_props]
        join = f"{path}." if path else ""
        for name in list(removed):
            twin = next((a for a in added if _shape(new_props[a]) == _shape(old_props[name])), None)
            if twin is not None:
                removed.remove(name)
                added.remove(twin)
                # Old clients send (or expect) the old name; the new side knows only the new one.
                yield self.change(f"{join}{name}", f"renamed to {twin!r}", grew=True, shrank=True)
        for name in removed:
            yield Change(self.side, f"{join}{name}", "field removed", BREAKS_CALLERS, "major")
        for name in added:
            required = name in new_req
            prop = resolve(self.new_spec, new_props[name])
            if self.request and not required and "default" in prop:
                # The generated model always sends a field that has a default.
                what = f"optional field added with default {prop['default']!r}"
                yield Change(self.side, f"{join}{name}", what, BREAKS_SERVERS, "major")
                continue
            what = f"{'required' if required else 'optional'} field added"
            yield self.change(
                f"{join}{name}",
                what,
                grew=not required,
                shrank=required,
                checked=required,
                opt_in=True,
            )
        for name in (p for p in new_props if p in old_props):
            if (name in old_req) != (name in new_req):
                now = "required" if name in new_req else "optional"
                shrank = name in new_req
                yield self.change(f"{join}{name}", f"now {now}", grew=not shrank, shrank=shrank)
            yield from self.walk(old_props[name], new_props[name], f"{join}{name}")
        before, after = old.get("additionalProperties", True), new.get("additionalProperties", True)
        if (before is False) != (after is False):
            what = "closed to unknown fields" if after is False else "open to unknown fields"
            yield self.change(
                path, what, grew=after is not False, shrank=after is False, checked=False
            )


def diff_specs(old_spec: Mapping[str, Any], new_spec: Mapping[str, Any]) -> list[Change]:
    """Every structural change of the operation's request and response bodies, old -> new."""
    old_request, old_responses = operation(old_spec)
    new_request, new_responses = operation(new_spec)
    changes = list(_Walker(old_spec, new_spec, "request").walk(old_request, new_request, ""))
    shared: dict[str, list[str]] = {}
    for status in sorted(old_responses.keys() | new_responses.keys()):
        if status not in new_responses:
            side = f"response {status}"
            changes.append(Change(side, "", "status no longer documented", COMPATIBLE, "patch"))
        elif status not in old_responses:
            changes.append(Change(f"response {status}", "", "status added", COMPATIBLE, "minor"))
        else:
            # The error statuses share one schema: compare it once, name every status it serves.
            pair = _shape([old_responses[status], new_responses[status]])
            shared.setdefault(pair, []).append(status)
    for statuses in shared.values():
        walker = _Walker(old_spec, new_spec, f"response {','.join(statuses)}")
        changes += walker.walk(old_responses[statuses[0]], new_responses[statuses[0]], "")
    if not changes and _shape(old_spec) != _shape(new_spec):
        changes.append(
            Change("spec", "", "outside the bodies (paths, security, ...)", COMPATIBLE, "patch")
        )
    elif not changes and old_spec != new_spec:
        changes.append(Change("spec", "", "documentation only", COMPATIBLE, "patch"))
    return changes
