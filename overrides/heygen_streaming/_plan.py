"""One operation's call, spec-driven: the request built and checked before any I/O.

`Plan` is what an operation needs on every call, computed once; `Call` is one invocation: its
body and httpx arguments, built and checked at once, and its log lines.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from datetime import date
from functools import cache, cached_property
from typing import Any
from uuid import UUID

import httpx

from . import redact
from ._answer import NOT_JSON, Answers, Received, logger, parse_json
from ._endpoint import Checked, Endpoint, Route, package_of, unset_of
from ._models import items_alias, masked_class
from ._suggest import with_suggestions
from .errors import ValidationError
from .logfilter import register_secret
from .spec import FieldError
from .spec_model import packaged_model

__all__ = ["Call", "Plan", "Received", "logger", "plan_of"]


def _plain(value: Any) -> Any:
    """A field value as JSON carries it: a generated model as its dict, a UUID or date as text."""
    if value is None or isinstance(value, str | int | float):  # most fields: sent as they are
        return value
    if callable(getattr(value, "to_dict", None)):
        return value.to_dict()
    if isinstance(value, UUID | date):  # a datetime is a date
        return str(value) if isinstance(value, UUID) else value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Plan:
    """What one operation needs on every call, computed once (see `plan_of`)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.model = model = packaged_model(package_of(endpoint))
        self.unset = unset_of(package_of(endpoint))
        op = model.route(endpoint.method, endpoint.path)
        if op is None:  # the generated package and its packaged spec disagree: a stale build
            raise LookupError(f"{endpoint.method} {endpoint.path} is not in the packaged spec")
        self.endpoint = endpoint
        self.operation = op
        self.name = endpoint.module.__name__.rpartition(".")[2]
        self.idempotent = op.idempotent
        self.secret_fields = model.secret_fields
        self.validator = op.request_validator(strict=True)
        result = endpoint.result
        self.answers = Answers(
            op, endpoint, result and masked_class(result, items_alias(op, result))
        )
        self.parameters = {
            python: next(p for p in op.parameters if p.name == name)
            for python, name in endpoint.parameters.items()
        }
        self.no_parameters = dict.fromkeys(self.parameters, self.unset)
        self.sends_secrets = op.request_schema is not None and model.names_secret(op.request_schema)

    @cached_property
    def schema(self) -> Mapping[str, Any]:
        """The request body's schema, deref'd, in the strict profile (for defaults and hints)."""
        node = self.operation.request_schema
        strict = self.model.strict(node) if node is not None else {}
        return strict if isinstance(strict, Mapping) else {}

    @cached_property
    def defaults(self) -> dict[str, Any]:
        """The spec's top-level defaults: sent when not given (the generated model's defaults)."""
        props = (self.schema.get("properties") or {}).items()
        return {k: v["default"] for k, v in props if isinstance(v, Mapping) and "default" in v}

    @cached_property
    def direct(self) -> bool:
        """Whether the generated build sends a body's `to_dict()` untouched: then a checked dict
        is handed over as it is (`Checked`), saving a model round trip (~0.1 ms a call)."""
        if not self.endpoint.shapes:
            return False
        probe: dict[str, Any] = {}
        try:
            build = self.endpoint.module.build_request_kwargs
            kwargs = build(body=Checked(probe), **self.no_parameters)
        except (AttributeError, TypeError):
            return False
        return kwargs.get("json") is probe

    def check(self, body: Any) -> None:
        """Refuse a body the strict profile refuses, naming each field and rule (no I/O yet)."""
        if self.validator is None:
            return
        try:
            errors = self.validator.errors(body, hide=self.secret_fields)
        except (ValueError, UnicodeError) as exc:  # a set, a datetime, a lone surrogate...
            errors = [FieldError("", f"cannot be sent as JSON: {type(exc).__name__}")]
        if errors:
            raise ValidationError(with_suggestions(errors, self.schema))

    def check_parameters(self, given: dict[str, Any]) -> None:
        errors = []
        for python, value in given.items():
            param = self.parameters[python]
            check = self.model.strict_validator(param.schema).errors
            errors += [
                FieldError(param.name, e.message)
                for e in check(_plain(value), hide=self.secret_fields)
            ]
        if errors:
            raise ValidationError(errors)

    def build(self, request: Any, fields: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """The JSON body (None without one) and the generated build's httpx arguments."""
        endpoint = self.endpoint
        if request is not None:
            return self._from_model(request, fields)
        params = {k: v for k, v in fields.items() if v is not None and k in self.parameters}
        if params:
            self.check_parameters(params)
        kwargs_params = {**self.no_parameters, **params}
        if not endpoint.shapes:
            return None, endpoint.module.build_request_kwargs(**kwargs_params)
        given = {
            k: _plain(v) for k, v in fields.items() if v is not None and k not in self.parameters
        }
        body = {**self.defaults, **given}
        self.check(body)
        if self.direct:  # the checked dict is the JSON body: no round trip through the model
            return body, endpoint.module.build_request_kwargs(body=Checked(body), **kwargs_params)
        # Safe now: the generated from_dict raises a bare TypeError on a bad enum value, ruled out.
        # One shape here: a union body is always `direct` (its build calls any shape's to_dict).
        model = endpoint.shapes[0].from_dict(body)
        kwargs = endpoint.module.build_request_kwargs(body=model, **kwargs_params)
        return kwargs.get("json"), kwargs

    def _from_model(self, request: Any, fields: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        shapes = self.endpoint.shapes
        expected = " or ".join(shape.__name__ for shape in shapes) or "no request model"
        if isinstance(request, Mapping):
            raise TypeError(
                f"{self.name}() takes the fields as keywords: {self.name}(**fields), not a dict"
            )
        if not isinstance(request, shapes):
            raise TypeError(f"{self.name}() expected a {expected}, got {type(request).__name__}")
        if any(v is not None for v in fields.values()):
            raise TypeError(f"pass either a {expected} or keyword fields, not both")
        try:
            body = request.to_dict()
        except (AttributeError, TypeError) as exc:  # e.g. a plain dict where a model belongs
            error = FieldError("", f"cannot serialize the request: {exc}")
            raise ValidationError([error]) from None
        self.check(body)
        return body, self.endpoint.module.build_request_kwargs(body=request, **self.no_parameters)


plan_of = cache(Plan)  # the plan of an endpoint, computed on its first call only


class Call:
    """One invocation of an operation: built and checked at once, then sent once per attempt."""

    def __init__(
        self,
        plan: Plan,
        request: Any,
        fields: dict[str, Any],
        *,
        base_url: str,
        route: Route,
        credentials: tuple[str, ...],
        timeout: httpx.Timeout,
        strict: bool = False,
        deadline: float | None = None,
    ) -> None:
        self.plan = plan
        self.strict = strict
        # Seconds for the whole call, retries and waits included (None: no overall deadline).
        self.deadline = deadline
        self.deadline_at = None if deadline is None else time.monotonic() + deadline
        self.body, kwargs = plan.build(request, fields)
        self.url = f"{base_url}{kwargs['url']}"
        kwargs["headers"] = route.headers(kwargs.get("headers"))
        kwargs["url"] = route.url(kwargs["url"])
        self.kwargs = kwargs
        self.timeout = timeout
        # What to scrub from anything the server writes back: the credentials and the body's
        # secrets, also given to the log filter (for httpx's and httpcore's own lines).
        self.secrets = set(credentials)
        if plan.sends_secrets and self.body is not None:
            for value in redact.secret_values(self.body, plan.secret_fields):
                register_secret(value)
                self.secrets.add(value)

    def __repr__(self) -> str:
        # What a debugger or an error reporter shows of a traceback's frames: never the headers
        # (the credentials) nor the body (secrets).
        return f"Call({self.plan.name}, {self.kwargs['method'].upper()} {self.url})"

    def left(self) -> float | None:
        """Seconds left of the call's deadline (negative once past); None without one."""
        return None if self.deadline_at is None else self.deadline_at - time.monotonic()

    def outcome(self, received: Received) -> Any:
        """The result of a 2xx, or the typed error of an unusable 2xx or of any other status
        (returned, not raised)."""
        self.log_response(received)
        if 200 <= received.status < 300:
            return self.plan.answers.success(received, self.secrets, self.strict)
        return self.plan.answers.failure(received, self.secrets)

    def log_request(self, attempt: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "request %s %s attempt=%d headers=%s body=%s",
                self.kwargs["method"].upper(),
                self.url,
                attempt + 1,
                redact.mask_headers(self.kwargs["headers"]),
                json.dumps(redact.mask_json(self.body)),
            )

    def log_response(self, received: Received) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            payload = parse_json(received.body)
            raw = repr(received.body.decode("utf-8", "replace"))
            text = raw if payload is NOT_JSON else json.dumps(redact.mask_json(payload))
            logger.debug(
                "response %d %s %s elapsed=%.1fms headers=%s body=%s",
                received.status,
                self.kwargs["method"].upper(),
                self.url,
                received.elapsed * 1000,
                redact.safe_text(str(redact.mask_headers(received.headers)), self.secrets),
                redact.safe_text(text, self.secrets),
            )

    def log_failure(self, error: Exception) -> None:
        logger.debug("response none: %s: %s", type(error).__name__, error)
