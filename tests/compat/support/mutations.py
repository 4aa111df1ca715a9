"""The corpus compat is graded against: spec mutations, each with the verdict it must reach.

Each mutation finds its target in whatever spec it is given (`targets`: the first operation with
a request field of the right kind, the first response with a required field, ...), so the corpus
follows the spec as it grows instead of naming its models. `apply` mutates a document and returns
where the change must be reported (`operation side path`, as `Change.where` spells it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import SpecModel
from heygen_streaming_tools.verdict import BREAKS_CALLERS, BREAKS_SERVERS, COMPATIBLE, NEEDS_SERVERS

from . import mutate_around as around
from . import mutate_request as request

__all__ = ["MUTATIONS", "Mutation", "mutated"]

Document = dict[str, Any]


@dataclass(frozen=True)
class Mutation:
    """A change to the spec and what compat must say: `impact` at `where`, the verdict's bump."""

    name: str
    apply: Callable[[SpecModel], str]
    impact: str
    bump: str
    before: Callable[[SpecModel], str] | None = None
    strict_servers: bool = False

    @property
    def breaking(self) -> bool:
        return self.impact in (BREAKS_CALLERS, BREAKS_SERVERS) or (
            self.strict_servers and self.impact == NEEDS_SERVERS
        )

    def __repr__(self) -> str:
        return self.name


def mutated(base: Mapping[str, Any], mutation: Mutation) -> tuple[Document, Document, str]:
    """(old document, new document, where the change must be reported)."""
    old = SpecModel(base)
    if mutation.before is not None:
        mutation.before(old)
    new = SpecModel(old.document)  # a copy
    where = mutation.apply(new)
    return old.document, new.document, where


_C, _S, _N, _OK = BREAKS_CALLERS, BREAKS_SERVERS, NEEDS_SERVERS, COMPATIBLE
MUTATIONS = (
    # request
    Mutation("request enum value removed", request.enum_removed, _C, "major"),
    Mutation("request enum value added", request.enum_added, _OK, "minor"),
    Mutation("new required request field", lambda m: request.new_field(m, True), _C, "major"),
    Mutation("new optional request field", lambda m: request.new_field(m, False), _OK, "minor"),
    Mutation("request field removed", request.field_removed, _C, "major"),
    Mutation("request field renamed", request.field_renamed, _C, "major"),
    Mutation("request field made required", request.made_required, _C, "major"),
    Mutation("request field made optional", request.made_optional, _OK, "minor"),
    Mutation("request type changed", request.retyped, _C, "major"),
    Mutation("request type narrowed (number -> integer)", request.number_narrowed, _C, "major"),
    Mutation("request type widened (nullable)", request.nullable, _OK, "minor"),
    Mutation("request type widened (integer -> number)", request.integer_to_number, _OK, "minor"),
    Mutation("request minimum raised", request.bound("minimum", 1), _C, "major"),
    Mutation("request minimum lowered", request.bound("minimum", -1), _OK, "minor"),
    Mutation("request maximum raised", request.bound("maximum", 1), _OK, "minor"),
    Mutation("request maximum lowered", request.bound("maximum", -1), _C, "major"),
    Mutation("request format added", request.format_added, _C, "major"),
    Mutation("request default changed", lambda m: request.default_changed(m, True), _OK, "minor"),
    Mutation(
        "request default outside the old range",
        lambda m: request.default_changed(m, False),
        _S,
        "major",
    ),
    Mutation(
        "request object closed",
        request.object_set(True),
        _C,
        "major",
        before=request.object_set(False),
    ),
    Mutation(
        "request object opened",
        request.object_set(False),
        _OK,
        "minor",
        before=request.object_set(True),
    ),
    Mutation("nested request field removed", request.nested_removed, _C, "major"),
    Mutation("request body made optional", request.body_optional, _OK, "minor"),
    Mutation(
        "request body made required",
        request.body_required,
        _C,
        "major",
        before=request.body_optional,
    ),
    Mutation(
        "required query parameter added", lambda m: around.parameter_added(m, True), _C, "major"
    ),
    Mutation(
        "optional query parameter added", lambda m: around.parameter_added(m, False), _OK, "minor"
    ),
    # response
    Mutation("response field removed", around.response_removed, _C, "major"),
    Mutation(
        "response optional field added", lambda m: around.response_added(m, False), _OK, "minor"
    ),
    Mutation(
        "response required field added", lambda m: around.response_added(m, True), _N, "minor"
    ),
    Mutation("response field made optional", around.response_optional, _C, "major"),
    Mutation("response field made required", around.response_required, _N, "minor"),
    Mutation(
        "response field made required, --strict-servers",
        around.response_required,
        _N,
        "major",
        strict_servers=True,
    ),
    Mutation("response enum added", around.response_enum_added, _N, "minor"),
    Mutation(
        "response enum value added",
        around.response_enum_value_added,
        _C,
        "major",
        before=around.response_enum_first,
    ),
    Mutation("response type changed", around.response_retyped, _C, "major"),
    # around the bodies
    Mutation("error status added", around.status_added, _OK, "minor"),
    Mutation("error status removed", around.status_removed, _OK, "patch"),
    Mutation("security header renamed", around.header_renamed, _C, "major"),
    Mutation("security scheme type changed", around.scheme_retyped, _C, "major"),
    Mutation("path renamed", around.path_renamed, _C, "major"),
    Mutation("operationId renamed", around.operation_renamed, _C, "major"),
    Mutation("operation removed", around.operation_removed, _C, "major"),
    Mutation("operation added", around.operation_added, _OK, "minor"),
    Mutation(
        "second operation's request narrowed",
        around.probe_narrowed,
        _C,
        "major",
        before=around.with_probe,
    ),
    Mutation("description only", around.description, _OK, "patch"),
)
