"""Is a request what its operation accepts? The body (per profile) and the query parameters.
`exact`: the spec's schema; `strict`: its strict form, naming each tolerance it refuses;
`lenient`: forgives more, and says what (profiles.py). A 400 names every offending field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from heygen_streaming.spec import FieldError, format_errors
from heygen_streaming.spec_model import SpecModel

from .profiles import explain_strict, explain_vague, normalize
from .router import Route
from .wire import Checked, Head, Reply, ascii_header

__all__ = ["Checks", "warned"]

_VAGUE = "is not valid under any of the schemas listed"
# The spec's error kind (`x-session-lifecycle.errors`) of a refused body or query, by message.
Refuse = Callable[[str, str], Reply]


def warned(reply: Reply, warnings: tuple[str, ...]) -> Reply:
    """`reply` carrying the leniencies applied, in `X-Mock-Warnings` and for the journal."""
    if not warnings:
        return reply
    header = (b"x-mock-warnings", ascii_header("; ".join(warnings)))
    return dataclasses.replace(reply, headers=(*reply.headers, header), warnings=warnings)


class Checks:
    """The checks of one mock (its model and profile), with what they compile cached."""

    def __init__(self, model: SpecModel, profile: str, refuse: Refuse) -> None:
        self.model = model
        self.profile = profile
        self.refuse = refuse

    def _invalid(self, errors: list[FieldError]) -> Reply:
        missing = any(e.message == "is required" for e in errors)
        return self.refuse("missing-field" if missing else "validation", format_errors(errors))

    def body(self, route: Route, body: dict[str, Any] | None) -> Checked | Reply:
        """The body as the operation reads it, or the 400 naming every offending field."""
        validator = route.validator
        if validator is None or body is None:
            return Checked({} if body is None else body)
        if validator.is_valid(body) and self.profile != "strict":
            return Checked(body)
        hide = self.model.secret_fields
        if self.profile == "strict":
            strict = route.strict_validator
            assert strict is not None
            if strict.is_valid(body):
                return Checked(body)
            errors = strict.errors(body, hide=hide)
            return self._invalid(explain_strict(self.model, route.exact_schema, body, errors))
        if self.profile == "lenient":
            return self._lenient(route, body)
        return self._invalid(self._exact_errors(route, body))

    def _exact_errors(self, route: Route, body: dict[str, Any]) -> list[FieldError]:
        """The exact schema's errors, with "not valid under any of the schemas listed in the
        'anyOf' keyword" (a field the spec also tolerates as null, say) replaced by what the
        documented form of that field says, e.g. "1 is less than the minimum of 30", sorted."""
        hide = self.model.secret_fields
        assert route.validator is not None
        errors = route.validator.errors(body, hide=hide)
        vague = [e for e in errors if _VAGUE in e.message]
        if not vague:
            return errors
        strict = route.op.request_validator(strict=True)
        assert strict is not None
        precise = strict.errors(body, hide=hide)
        out = [e for e in errors if _VAGUE not in e.message]
        for error in vague:
            at = error.path
            under = [p for p in precise if p.path == at or p.path.startswith((at + ".", at + "["))]
            out.extend(under or [error])
        # What is still vague: a union of enums, named by its values.
        told = explain_vague(self.model, route.exact_schema, body)
        out = [
            FieldError(e.path, told[e.path]) if _VAGUE in e.message and e.path in told else e
            for e in out
        ]
        return sorted(set(out), key=lambda e: (e.path, e.message))

    def _lenient(self, route: Route, body: dict[str, Any]) -> Checked | Reply:
        assert route.validator is not None
        read, findings = normalize(self.model, body, route.exact_schema)
        errors = self._exact_errors(route, read) if not route.validator.is_valid(read) else []
        if errors:
            return warned(self._invalid(errors), tuple(findings))
        return Checked(read, tuple(findings))

    def query(self, route: Route, head: Head) -> dict[str, Any] | Reply:
        """The declared query parameters, parsed and checked, or the 400 naming each."""
        given = dict(parse_qsl(head.query, keep_blank_values=True)) if head.query else {}
        out: dict[str, Any] = {}
        errors: list[FieldError] = []
        for param in route.query:
            raw = given.get(param.name)
            if raw is None:
                if param.required:
                    errors.append(FieldError(param.name, "is required"))
                elif param.default is not None:
                    out[param.name] = param.default
                continue
            value: Any = raw
            if param.integer:
                try:
                    value = int(raw)
                except ValueError:
                    errors.append(FieldError(param.name, f"{raw[:40]!r} is not an integer"))
                    continue
            for error in param.validator.errors(value):
                errors.append(FieldError(param.name, error.message))
            out[param.name] = value
        if errors:
            return self.refuse("invalid-query", format_errors(errors))
        return out
