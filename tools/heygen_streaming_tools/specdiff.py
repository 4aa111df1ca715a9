"""Structural diff of two versions of the contract: every operation, matched by method and path.

Around the bodies it reports what callers meet first: operations added, removed or moved, the
operationId (the client method's name), security schemes (header name, scheme type), parameters,
whether a request body is required, and documented statuses. Inside each operation the request
and response bodies are compared field by field (`schemadiff`), and the session rules rule by
rule (`rulesdiff`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

from .nodes import shape
from .rulesdiff import diff_rules
from .schemadiff import SchemaDiff
from .verdict import BREAKS_CALLERS, COMPATIBLE, Change

__all__ = ["diff_specs"]


def matched_operations(
    old: SpecModel, new: SpecModel
) -> tuple[list[tuple[Operation, Operation]], list[Operation], list[Operation]]:
    """(pairs matched by method and path, removed, added)."""
    pairs, removed = [], []
    for op in old.operations:
        twin = new.route(op.method, op.path)
        if twin is None:
            removed.append(op)
        else:
            pairs.append((op, twin))
    added = [op for op in new.operations if old.route(op.method, op.path) is None]
    return pairs, removed, added


def _route(op: Operation) -> str:
    return f"{op.method} {op.path}"


def _operations(
    removed: list[Operation], added: list[Operation], new: SpecModel
) -> Iterator[Change]:
    moved_to = {op.operation_id: op for op in added}
    for op in removed:
        twin = moved_to.pop(op.operation_id, None)
        if twin is not None:
            what = f"moved: {_route(op)} -> {_route(twin)}"
        else:
            what = f"operation removed ({_route(op)})"
        # Released clients still call the old method and path: a 404 or 405 from now on.
        yield Change(op.operation_id, "operation", "", what, BREAKS_CALLERS, "major")
    for op in moved_to.values():
        what = f"operation added ({_route(op)})"
        yield Change(op.operation_id, "operation", "", what, COMPATIBLE, "minor", opt_in=True)


def _scheme_text(op: Operation) -> list[str]:
    """Each way to authenticate (alternatives), as what goes on the wire."""
    out = []
    for alternative in op.security:
        parts = [
            f"{s.type} {s.header}" + (f" ({s.scheme})" if s.scheme else "") for s in alternative
        ]
        out.append(" + ".join(sorted(parts)) or "none")
    return sorted(out)


def _security(old: Operation, new: Operation) -> Iterator[Change]:
    before, after = _scheme_text(old), _scheme_text(new)
    op = new.operation_id
    if before == after:
        return
    if not before:  # it took no credentials before
        yield Change(
            op, "security", "", f"now requires {' or '.join(after)}", BREAKS_CALLERS, "major"
        )
        return
    for gone in (s for s in before if s not in after):
        # A renamed header or another scheme type: released clients' credentials go unread.
        instead = [s for s in after if s not in before]
        what = f"{gone} no longer accepted" + (f" (now {' or '.join(instead)})" if instead else "")
        yield Change(op, "security", "", what, BREAKS_CALLERS, "major")
    if all(s in after for s in before):
        added = [s for s in after if s not in before] or ["no credentials"]
        what = f"also accepts {' or '.join(added)}"
        yield Change(op, "security", "", what, COMPATIBLE, "minor", opt_in=True)


def _now(op: str, side: str, required: bool, opt_in: bool = False, what: str = "now {}") -> Change:
    """Something callers must now send breaks them; something they may leave out does not."""
    if required:
        return Change(op, side, "", what.format("required"), BREAKS_CALLERS, "major")
    return Change(op, side, "", what.format("optional"), COMPATIBLE, "minor", opt_in=opt_in)


class _OperationDiff:
    """One operation, old -> new: its parameters, request body and responses."""

    def __init__(self, models: tuple[SpecModel, SpecModel], old: Operation, new: Operation) -> None:
        self.models, self.old, self.new, self.op = models, old, new, new.operation_id

    def changes(self) -> Iterator[Change]:
        old, new, op = self.old, self.new, self.op
        if old.operation_id != new.operation_id:
            what = f"operationId {old.operation_id!r} -> {op!r} (the client method's name)"
            yield Change(op, "operation", "", what, BREAKS_CALLERS, "major")
        yield from _security(old, new)
        yield from self._parameters()
        yield from self._request()
        yield from self._responses()

    def _walk(self, side: str, old: Any, new: Any) -> Iterator[Change]:
        return SchemaDiff(*self.models, self.op, side).walk(old, new, "")

    def _parameters(self) -> Iterator[Change]:
        before = {(p.location, p.name): p for p in self.old.parameters}
        after = {(p.location, p.name): p for p in self.new.parameters}
        op = self.op
        for key in before.keys() | after.keys():
            side = f"parameter {key[0]} {key[1]}"
            was, now = before.get(key), after.get(key)
            if now is None:
                yield Change(op, side, "", "parameter removed", BREAKS_CALLERS, "major")
            elif was is None:
                yield _now(op, side, now.required, opt_in=True, what="{} parameter added")
            else:
                if was.required != now.required:
                    yield _now(op, side, now.required)
                # A parameter is sent by the caller, like a request body.
                for c in self._walk("request", was.schema, now.schema):
                    yield Change(op, side, c.path, c.what, c.impact, c.bump, c.opt_in)

    def _request(self) -> Iterator[Change]:
        old, new, op = self.old, self.new, self.op
        had, has = old.request_schema is not None, new.request_schema is not None
        if had and not has:
            yield Change(op, "request body", "", "request body removed", BREAKS_CALLERS, "major")
            return
        if has and not had:
            yield _now(op, "request body", new.request_required, what="{} request body added")
            return
        if old.request_required != new.request_required:
            # Widening: a body may now be left out; callers who send one are unaffected.
            yield _now(op, "request body", new.request_required, opt_in=True)
        if had:
            yield from self._walk("request", old.request_schema, new.request_schema)

    def _responses(self) -> Iterator[Change]:
        op, before, after = self.op, self.old.responses, self.new.responses
        shared: dict[str, list[int]] = {}
        for status in sorted(before.keys() | after.keys()):
            side, at = "status", str(status)
            success = 200 <= status < 300
            if status not in after:
                if success:
                    # The answer callers parse on success is gone: released clients get another.
                    yield Change(op, side, at, "success status removed", BREAKS_CALLERS, "major")
                else:
                    # Servers stop sending an error: a caller's handler for it becomes dead code.
                    yield Change(op, side, at, "status no longer documented", COMPATIBLE, "patch")
            elif status not in before:
                if success:
                    yield Change(op, side, at, "success status added", BREAKS_CALLERS, "major")
                else:
                    # The shipped client turns any status into APIStatusError: nothing to parse.
                    yield Change(op, side, at, "documented status added", COMPATIBLE, "minor")
            else:
                # The error statuses often share one schema: compare it once, name every status.
                old_model, new_model = self.models
                pair = [
                    old_model.deref(before[status].schema),
                    new_model.deref(after[status].schema),
                ]
                shared.setdefault(shape(pair), []).append(status)
        for statuses in shared.values():
            side, first = f"response {','.join(map(str, statuses))}", statuses[0]
            yield from self._walk(side, before[first].schema, after[first].schema)


def diff_specs(
    old_spec: SpecModel | Mapping[str, Any], new_spec: SpecModel | Mapping[str, Any]
) -> list[Change]:
    """Every structural change of the contract, old -> new, in the new spec's operation order."""
    old, new = (s if isinstance(s, SpecModel) else SpecModel(s) for s in (old_spec, new_spec))
    pairs, removed, added = matched_operations(old, new)
    changes = list(_operations(removed, added, new))
    for old_op, new_op in pairs:
        changes += _OperationDiff((old, new), old_op, new_op).changes()
    changes += diff_rules(old, new, pairs)
    if not changes and shape(old.document) != shape(new.document):
        what = "outside the operations' interfaces (extensions, components not used, ...)"
        changes.append(Change("", "spec", "", what, COMPATIBLE, "patch"))
    elif not changes and old.document != new.document:
        what = "documentation only (descriptions, examples, extensions)"
        changes.append(Change("", "spec", "", what, COMPATIBLE, "patch"))
    return changes
