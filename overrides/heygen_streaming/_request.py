"""Turning `new_session()` arguments into a spec-valid generated `NewSessionRequest`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from heygen_streaming_api.models import NewSessionRequest

from .errors import ValidationError
from .redact import secret_field_names
from .spec import FieldError, schema_validator

__all__ = ["build_request", "request_body"]

# The schema every request body must satisfy; named once because the generated model is named so.
_SCHEMA = "NewSessionRequest"


def _plain(value: Any) -> Any:
    """Generated models given as field values (`voice=VoiceSetting(...)`) become their dicts."""
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def _check(body: Any) -> None:
    try:
        errors = schema_validator(_SCHEMA).errors(body, hide=secret_field_names())
    except ValueError as exc:  # a value JSON cannot carry (a set, a datetime...)
        raise ValidationError([FieldError("", f"not JSON-serializable: {exc}")]) from None
    if errors:
        raise ValidationError(errors)


@cache
def _defaults() -> dict[str, Any]:
    return NewSessionRequest().to_dict()


def build_request(
    request: NewSessionRequest | None, fields: Mapping[str, Any]
) -> NewSessionRequest:
    """The request to send: `request` as given, or one built from keyword `fields`.

    Keyword fields that are None are treated as not given. The generated model's own defaults
    fill every field not given; then the whole body is checked against the spec's schema, so a
    bad enum value, an out-of-range number, a wrong type or an unknown field raises
    `ValidationError` naming the field and the rule, before any network I/O.
    """
    if request is not None:
        if fields:
            raise TypeError("pass either a NewSessionRequest or keyword fields, not both")
        if not isinstance(request, NewSessionRequest):
            raise TypeError(
                f"expected a NewSessionRequest or keyword fields, got {type(request).__name__}"
            )
        request_body(request)  # validates
        return request
    given = {name: _plain(value) for name, value in fields.items() if value is not None}
    # NewSessionRequest() holds exactly the spec's defaults (from_dict alone would apply none).
    body = {**_defaults(), **given}
    _check(body)
    # Safe now: from_dict raises a bare TypeError on a bad enum value, which _check has ruled out.
    return NewSessionRequest.from_dict(body)


def request_body(request: NewSessionRequest) -> dict[str, Any]:
    """The JSON body the generated model serializes, checked against the spec."""
    try:
        body = request.to_dict()
    except (AttributeError, TypeError) as exc:  # e.g. a plain dict where a model belongs
        raise ValidationError([FieldError("", f"cannot serialize the request: {exc}")]) from None
    _check(body)
    return body
