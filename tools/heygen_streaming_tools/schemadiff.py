"""Field-by-field comparison of two versions of one body schema, each difference classified.

Requests: the caller sends, the server validates. What the new schema refuses that the old one
accepted (`shrank`) breaks callers; what it newly accepts (`grew`) is an addition callers opt into.
Responses: the server sends, the shipped client validates. What the new schema newly allows
breaks callers (released clients refuse it); what it no longer allows means the new client needs
servers of this version (old ones may still send it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from heygen_streaming.spec_model import SpecModel

from .nodes import BOUNDS, Node, all_of, covered, enum_values, shape, types_of
from .verdict import BREAKS_CALLERS, BREAKS_SERVERS, COMPATIBLE, NEEDS_SERVERS, Change

__all__ = ["SchemaDiff"]


class SchemaDiff:
    """Compares two schemas of one side of one operation (`side` "request" or "response N")."""

    def __init__(self, old: SpecModel, new: SpecModel, operation: str, side: str) -> None:
        self.old, self.new, self.operation, self.side = old, new, operation, side
        self.request = side == "request"

    def change(
        self, path: str, what: str, *, grew: bool, shrank: bool, opt_in: bool = False
    ) -> Change:
        """Classify by who produces the value: the caller for requests, the server for responses.

        `grew`: the new schema allows values the old did not; `shrank`: the reverse.
        """
        if self.request:
            impact = BREAKS_CALLERS if shrank else COMPATIBLE
        else:
            impact = BREAKS_CALLERS if grew else NEEDS_SERVERS if shrank else COMPATIBLE
        bump = "major" if impact == BREAKS_CALLERS else "minor" if grew or shrank else "patch"
        return self.fixed(path, what, impact, bump, opt_in and impact == COMPATIBLE)

    def fixed(self, path: str, what: str, impact: str, bump: str, opt_in: bool = False) -> Change:
        """A change whose impact does not depend on who produces the value."""
        return Change(self.operation, self.side, path, what, impact, bump, opt_in)

    def _normal(self, model: SpecModel, node: Any) -> tuple[set[str], dict[str, Any]]:
        """(types, the node to walk): an `anyOf`/`oneOf` of one real branch plus `null` is that
        branch made nullable (how this spec writes a field the live API also accepts as null)."""
        node = all_of(model, model.resolve(node))
        if not isinstance(node, Mapping):
            return set(), {}
        for key in ("anyOf", "oneOf"):
            branches = node.get(key)
            if not isinstance(branches, list):
                continue
            resolved = [b for b in (model.resolve(b) for b in branches) if isinstance(b, Mapping)]
            types: set[str] = set()
            for branch in resolved:
                types |= types_of(branch) or {"any"}
            real = [b for b in resolved if types_of(b) != {"null"}]
            siblings = {k: v for k, v in node.items() if k != key}
            if len(real) == 1:
                return types, {**real[0], **siblings}
            return types, dict(node)
        return types_of(node), dict(node)

    def walk(self, old: Any, new: Any, path: str = "") -> Iterator[Change]:
        old_types, old = self._normal(self.old, old)
        new_types, new = self._normal(self.new, new)
        if old_types and new_types and old_types != new_types:
            grew = any(not covered(t, old_types) for t in new_types)
            shrank = any(not covered(t, new_types) for t in old_types)
            if grew or shrank:
                what = f"type {'|'.join(sorted(old_types))} -> {'|'.join(sorted(new_types))}"
                yield self.change(path, what, grew=grew, shrank=shrank, opt_in=not shrank)
                if grew and shrank:
                    return  # another type altogether: its facets are not comparable
        yield from self._alternatives(old, new, path)
        yield from self._enum(old, new, path)
        yield from self._bounds(old, new, path)
        if old.get("format") != new.get("format"):
            what = f"format {old.get('format')} -> {new.get('format')}"
            yield self.change(
                path, what, grew=bool(old.get("format")), shrank=bool(new.get("format"))
            )
        if "default" in old or "default" in new:
            yield from self._default(old, new, path)
        kinds = old_types | new_types
        if "object" in kinds or "properties" in old or "properties" in new:
            yield from self._object(old, new, path)
        if "items" in old and "items" in new:
            yield from self.walk(old["items"], new["items"], f"{path}[]")

    def _alternatives(self, old: Node, new: Node, path: str) -> Iterator[Change]:
        """Unions of several real branches: a branch kept as it was is unchanged; the others are
        paired by their `$ref` name, else by their place, and compared field by field."""
        if enum_values(self.old, old) is not None and enum_values(self.new, new) is not None:
            return  # unions of enums: compared value by value (`_enum`)
        for key in ("anyOf", "oneOf"):
            before = {shape(self.old.deref(b)): b for b in old.get(key, [])}
            after = {shape(self.new.deref(b)): b for b in new.get(key, [])}
            gone = [b for s, b in before.items() if s not in after]
            came = [b for s, b in after.items() if s not in before]
            named = {self.new.ref_name(b): b for b in came if self.new.ref_name(b)}
            pairs = [(b, named[n]) for b in gone if (n := self.old.ref_name(b)) in named]
            gone = [b for b in gone if all(b is not p[0] for p in pairs)]
            came = [b for b in came if all(b is not p[1] for p in pairs)]
            if len(gone) == len(came):
                pairs, gone, came = [*pairs, *zip(gone, came, strict=True)], [], []
            for was, now in pairs:
                yield from self.walk(was, now, path)
            if gone or came:
                what = f"{key}: {len(gone)} branch(es) removed, {len(came)} added"
                yield self.change(path, what, grew=bool(came), shrank=bool(gone))

    def _enum(self, old: Node, new: Node, path: str) -> Iterator[Change]:
        before, after = enum_values(self.old, old), enum_values(self.new, new)
        if before == after:
            return
        if before is None or after is None:
            what = f"enum {before} -> {after}"
            yield self.change(path, what, grew=after is None, shrank=before is None)
            return
        for value in [v for v in before if v not in after]:
            yield self.change(path, f"enum value {value!r} removed", grew=False, shrank=True)
        for value in [v for v in after if v not in before]:
            what = f"enum value {value!r} added"
            yield self.change(path, what, grew=True, shrank=False, opt_in=True)

    def _bounds(self, old: Node, new: Node, path: str) -> Iterator[Change]:
        for key, raising_narrows in BOUNDS:
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            if before is None or after is None:
                narrowed = before is None
            else:
                narrowed = (after > before) == raising_narrows
            what = f"{key} {before} -> {after}"
            yield self.change(path, what, grew=not narrowed, shrank=narrowed, opt_in=True)

    def _default(self, old: Node, new: Node, path: str) -> Iterator[Change]:
        before, after = old.get("default"), new.get("default")
        if before == after:
            return
        what = f"default {before!r} -> {after!r}"
        if not self.request:
            yield self.fixed(path, what, COMPATIBLE, "patch")
            return
        # The generated client writes its defaults into every request, so each released client
        # keeps sending its own version's default: a changed default changes nothing for existing
        # callers. Unless an old server refuses the new one, which the new client sends unasked.
        old_schema = {k: v for k, v in old.items() if k != "default"}
        if "default" in new and not self.old.validator(old_schema).is_valid(after):
            what += " (old servers refuse it)"
            yield self.fixed(path, what, BREAKS_SERVERS, "major")
        else:
            yield self.fixed(path, what, COMPATIBLE, "minor")

    def _object(self, old: Node, new: Node, path: str) -> Iterator[Change]:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_req, new_req = set(old.get("required") or []), set(new.get("required") or [])
        closed = old.get("additionalProperties", True) is False
        removed = [p for p in old_props if p not in new_props]
        added = [p for p in new_props if p not in old_props]
        join = f"{path}." if path else ""
        for name in list(removed):
            twin_shape = shape(self.old.deref(old_props[name]))
            twin = next(
                (a for a in added if shape(self.new.deref(new_props[a])) == twin_shape), None
            )
            if twin is not None:
                removed.remove(name)
                added.remove(twin)
                # Old clients send (or expect) the old name; the new side knows only the new one.
                yield self.fixed(f"{join}{name}", f"renamed to {twin!r}", BREAKS_CALLERS, "major")
        for name in removed:
            # Request: old callers still send it. Response: callers read it (required or not).
            yield self.fixed(f"{join}{name}", "field removed", BREAKS_CALLERS, "major")
        for name in added:
            yield self._added(f"{join}{name}", new_props[name], name in new_req, closed)
        for name in (p for p in new_props if p in old_props):
            if (name in old_req) != (name in new_req):
                shrank = name in new_req
                what = f"now {'required' if shrank else 'optional'}"
                yield self.change(f"{join}{name}", what, grew=not shrank, shrank=shrank)
            yield from self.walk(old_props[name], new_props[name], f"{join}{name}")
        before, after = old.get("additionalProperties", True), new.get("additionalProperties", True)
        if (before is False) != (after is False):
            what = "closed to unknown fields" if after is False else "open to unknown fields"
            yield self.change(path, what, grew=after is not False, shrank=after is False)

    def _added(self, path: str, node: Any, required: bool, closed: bool) -> Change:
        prop = self.new.resolve(node)
        kind = "required" if required else "optional"
        if self.request and not required and isinstance(prop, Mapping) and "default" in prop:
            # The generated model always sends a field that has a default: old servers get it
            # whether the caller asked or not.
            what = f"optional field added with default {prop['default']!r}"
            return self.fixed(path, what, BREAKS_SERVERS, "major")
        if self.request:
            # A new optional field only widens what servers accept; a required one narrows it.
            return self.change(
                path, f"{kind} field added", grew=not required, shrank=required, opt_in=True
            )
        what = f"{kind} field added"
        if closed:  # released clients refuse a field their schema closed the object to
            return self.fixed(path, f"{what} to a closed object", BREAKS_CALLERS, "major")
        # A required one old servers never send, and the new client requires.
        return self.fixed(path, what, NEEDS_SERVERS if required else COMPATIBLE, "minor")
