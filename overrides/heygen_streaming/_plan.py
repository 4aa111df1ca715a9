"""One operation's call, spec-driven: the request built and checked, the response judged.

`Plan` is what an operation needs on every call, computed once (its strict validator, defaults,
retry class, security, what to return). `Call` is one invocation: its body and httpx arguments,
built and checked before any I/O, and the I/O-free judgement of each response. Nothing here names
an operation, a path or a model: they come from the generated `Endpoint` and the spec model.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping
from functools import cache, cached_property
from typing import Any

import httpx
from heygen_streaming_api.api import Endpoint
from heygen_streaming_api.types import UNSET

from . import redact
from ._models import masked_class
from ._retry import parse_retry_after
from ._route import Checked, Route
from ._suggest import with_suggestions
from .errors import APIResponseValidationError, APIStatusError, ValidationError, status_error
from .logfilter import register_secret
from .spec import FieldError, format_errors
from .spec_model import packaged_model

__all__ = ["Call", "Plan", "Received", "logger", "plan_of"]

logger = logging.getLogger("heygen_streaming")

_NOT_JSON = object()


def shown_text(text: str, secrets: set[str] | frozenset[str]) -> str:
    """Server-written text made safe to show: secrets masked first, then cut."""
    return redact.safe_text(text, secrets)


def _plain(value: Any) -> Any:
    """Generated models given as field values (`voice=VoiceSetting(...)`) become their dicts."""
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond the stack
        return _NOT_JSON


def _names(node: Any) -> set[str]:
    """Every property name anywhere in a dereferenced schema."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            props = item.get("properties")
            if isinstance(props, Mapping):
                found.update(str(k) for k in props)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _open(node: Any) -> bool:
    """Whether a dereferenced schema has an object that accepts fields it does not name."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            is_object = item.get("type") == "object" or "properties" in item
            if is_object and item.get("additionalProperties", True) is not False:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# A lone surrogate in a JSON body: escaped (\\ud800) or as raw bytes (json.loads lets them pass).
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")


def _surrogate_path(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string holding a lone surrogate, None when there is none."""
    stack = [(path, value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return where
        elif isinstance(node, dict):  # a key is checked as a string at its own path
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in node.items())
            stack.extend((f"{where}.{k}" if where else str(k), k) for k in node)
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(node))
    return None


def _top(path: str, unwrap: str | None) -> str:
    """The field of the parsed object an error's path is under (`data.sdp.type` -> `sdp`)."""
    if unwrap and path.startswith(f"{unwrap}."):
        path = path[len(unwrap) + 1 :]
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _from_dict(model: Any, value: Any, lenient: set[str]) -> Any:
    """`model.from_dict(value)`; fields named in `lenient` (off-spec) become None when missing,
    or when the generated model cannot hold them as they are."""
    if not lenient or not isinstance(value, dict):
        return model.from_dict(value)
    try:
        parsed = model.from_dict({**{f: None for f in lenient}, **value})
        parsed.to_dict()  # a raw value the generated parser let through must also go back
        return parsed
    except (KeyError, TypeError, ValueError, AttributeError):
        return model.from_dict({**value, **{f: None for f in lenient}})


class Received:
    """One response, read whole within the limits: plain data, no httpx request attached."""

    __slots__ = ("body", "elapsed", "headers", "reason", "status")

    def __init__(
        self, status: int, reason: str, headers: httpx.Headers, body: bytes, elapsed: float
    ) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.elapsed = elapsed

    def __repr__(self) -> str:  # the headers and body may echo a credential: not shown
        return f"Received(status={self.status}, {len(self.body)} bytes)"


class Plan:
    """What one operation needs on every call, computed once (see `plan_of`)."""

    def __init__(self, endpoint: Endpoint) -> None:
        model = packaged_model()
        op = model.route(endpoint.method, endpoint.path)
        if op is None:  # the generated package and its packaged spec disagree: a stale build
            raise LookupError(f"{endpoint.method} {endpoint.path} is not in the packaged spec")
        self.endpoint = endpoint
        self.operation = op
        self.name = endpoint.module.__name__.rpartition(".")[2]
        self.idempotent = op.idempotent
        self.secret_fields = model.secret_fields
        self.validator = op.request_validator(strict=True)
        self.unwrap: str | None = op.extensions.get("x-unwrap")
        self.result: type[Any] | None = None
        if endpoint.result is not None:
            self.result = masked_class(endpoint.result)
        self._validators: dict[int, Any] = {}
        self._warned: set[str] = set()
        self.parameters = {
            python: next(p for p in op.parameters if p.name == name)
            for python, name in endpoint.parameters.items()
        }

    @cached_property
    def schema(self) -> Mapping[str, Any]:
        """The request body's schema, deref'd, in the strict profile (for defaults and hints)."""
        node = self.operation.request_schema
        strict = packaged_model().strict(node) if node is not None else {}
        return strict if isinstance(strict, Mapping) else {}

    @cached_property
    def returns_secrets(self) -> bool:
        """Whether a 2xx body of this operation may carry an `x-secret` field (a token)."""
        schemas = [
            r.schema for s, r in self.operation.responses.items() if 200 <= s < 300 and r.schema
        ]
        return any(self._has_secret(schema) for schema in schemas)

    @cached_property
    def sends_secrets(self) -> bool:
        """Whether the request body may carry an `x-secret` field (e.g. a LiveKit token)."""
        schema = self.operation.request_schema
        return schema is not None and self._has_secret(schema)

    @cached_property
    def secret_roots(self) -> frozenset[str] | None:
        """The body's top-level fields under which an `x-secret` value may be (None: anywhere).

        A body that passed the strict check has no unknown top-level field when its object is
        closed, so only the fields whose schema names a secret, or is open somewhere (an unknown
        field could be named like one), need to be searched on every call.
        """
        schema = self.schema
        props = schema.get("properties")
        if schema.get("additionalProperties", True) is not False or not isinstance(props, Mapping):
            return None
        if any(key in schema for key in ("anyOf", "oneOf", "allOf")):
            return None
        return frozenset(
            name
            for name, node in props.items()
            if name in self.secret_fields or _names(node) & self.secret_fields or _open(node)
        )

    def sent_secrets(self, body: Any) -> set[str]:
        """The `x-secret` values of a checked request body."""
        if not self.sends_secrets or body is None:
            return set()
        roots = self.secret_roots
        if roots is not None and isinstance(body, dict):
            body = {k: v for k, v in body.items() if k in roots}
            if not body:
                return set()
        return redact.secret_values(body, self.secret_fields)

    def _has_secret(self, schema: Mapping[str, Any]) -> bool:
        return bool(_names(packaged_model().deref(schema)) & self.secret_fields)

    @cached_property
    def defaults(self) -> dict[str, Any]:
        """The spec's top-level defaults: sent when not given (the generated model's defaults)."""
        props = self.schema.get("properties") or {}
        return {
            k: v["default"] for k, v in props.items() if isinstance(v, Mapping) and "default" in v
        }

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
        errors: list[FieldError] = []
        model = packaged_model()
        for python, value in given.items():
            schema = self.parameters[python].schema
            for e in model.strict_validator(schema).errors(value, hide=self.secret_fields):
                errors.append(FieldError(self.parameters[python].name, e.message))
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
        kwargs_params = {k: params.get(k, UNSET) for k in self.parameters}
        if endpoint.body is None:
            return None, endpoint.module.build_request_kwargs(**kwargs_params)
        given = {
            k: _plain(v) for k, v in fields.items() if v is not None and k not in self.parameters
        }
        body = {**self.defaults, **given}
        self.check(body)
        if self.direct:  # the checked dict is the JSON body: no round trip through the model
            return body, endpoint.module.build_request_kwargs(body=Checked(body), **kwargs_params)
        # Safe now: the generated from_dict raises a bare TypeError on a bad enum value, ruled out.
        model = endpoint.body.from_dict(body)
        kwargs = endpoint.module.build_request_kwargs(body=model, **kwargs_params)
        return kwargs.get("json"), kwargs

    @cached_property
    def direct(self) -> bool:
        """Whether the generated build sends a body's `to_dict()` as the JSON body, untouched.

        Then a body already checked against the spec is handed over as it is (`Checked`), which
        saves building the generated model and turning it back into the same dict on every call.
        Checked once per operation; an operation with several body types (isinstance dispatch in
        the generated code) keeps the model round trip.
        """
        if self.endpoint.body is None:
            return False
        probe: dict[str, Any] = {}
        try:
            kwargs = self.endpoint.module.build_request_kwargs(
                body=Checked(probe), **{k: UNSET for k in self.parameters}
            )
        except (AttributeError, TypeError):
            return False
        return kwargs.get("json") is probe

    def _from_model(self, request: Any, fields: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        body_model = self.endpoint.body
        if isinstance(request, Mapping):
            raise TypeError(
                f"{self.name}() takes the fields as keywords: {self.name}(**fields), not a dict"
            )
        if body_model is None or not isinstance(request, body_model):
            expected = body_model.__name__ if body_model else "no request model"
            raise TypeError(f"{self.name}() expected a {expected}, got {type(request).__name__}")
        if any(v is not None for v in fields.values()):
            raise TypeError(f"pass either a {body_model.__name__} or keyword fields, not both")
        try:
            body = request.to_dict()
        except (AttributeError, TypeError) as exc:  # e.g. a plain dict where a model belongs
            raise ValidationError(
                [FieldError("", f"cannot serialize the request: {exc}")]
            ) from None
        self.check(body)
        kwargs = self.endpoint.module.build_request_kwargs(
            body=request, **{k: UNSET for k in self.parameters}
        )
        return body, kwargs

    # -- responses ----------------------------------------------------------------------------

    def result_of(self, received: Received, call: Call) -> Any:
        """What the method returns for a 2xx: the `x-unwrap` property, parsed and masked.

        The tolerant reader: only the fields the client acts on (`needed`) must match the spec;
        any other documented field that is missing or mistyped is logged as a warning and read
        leniently (None when it cannot be parsed). `strict` (the client's `strict_responses`)
        refuses any difference. Either way a 2xx the spec does not document, or a string with a
        lone surrogate, is refused, and every refusal names the session the body names. A
        refusal is returned, for the loop to raise: no frame of its traceback holds the body.
        """
        status = received.status
        response = self.operation.responses.get(status)
        if not received.body and response is not None and response.schema is None:
            return None
        payload = _NOT_JSON if not received.body else _json(received.body)
        session_id = self._session_id(payload)

        def refuse(text: str) -> APIResponseValidationError:
            return APIResponseValidationError(
                status, shown_text(text, call.secrets), session_id=session_id
            )

        if response is None and status != self.operation.success_status:
            documented = ", ".join(str(s) for s in self.operation.statuses if 200 <= s < 300)
            return refuse(f"status {status} is not documented for {self.name} ({documented})")
        if payload is _NOT_JSON:
            return refuse(f"not JSON: {received.body.decode('utf-8', 'replace')!r}")
        bad = _surrogate_path(payload) if _SURROGATE.search(received.body) else None
        if bad is not None:
            return refuse(f"{bad or 'body'}: a string with a lone surrogate (not valid Unicode)")
        errors = self._errors(status, payload)
        if errors and (call.strict or any(e.path in self.needed for e in errors)):
            return refuse(format_errors(errors))
        for error in errors:  # a warning the first time (a drifted API repeats it every call)
            seen = str(error) in self._warned or len(self._warned) >= 64  # bounded
            if not seen:
                self._warned.add(str(error))
            level = logging.DEBUG if seen else logging.WARNING
            logger.log(level, "%s answered off-spec, read leniently: %s", self.name, error)
        if self.returns_secrets:
            # Tokens the server hands out (x-secret): masked in every log line from now on.
            for value in redact.secret_values(payload, self.secret_fields):
                register_secret(value)
        try:
            return self._parse(payload, {_top(e.path, self.unwrap) for e in errors})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return refuse(f"cannot be read: {type(exc).__name__}")

    def _errors(self, status: int, payload: Any) -> list[FieldError]:
        validator = self._validators.get(status)
        if validator is None and status not in self._validators:
            validator = self._validators[status] = self.operation.response_validator(status)
        if validator is None:
            return []
        try:
            found: list[FieldError] = validator.errors(payload, hide=self.secret_fields)
            return found
        except (ValueError, UnicodeError) as exc:
            return [FieldError("", f"cannot be checked: {type(exc).__name__}")]

    @cached_property
    def needed(self) -> frozenset[str]:
        """Paths of what the client acts on: the body, the `x-unwrap` object, the session id and
        the token in it (`x-session-lifecycle`); an error there makes the answer unusable."""
        rules = packaged_model().extension("x-session-lifecycle") or {}
        prefix = f"{self.unwrap}." if self.unwrap else ""
        fields = {rules.get("session-id"), rules.get("token-field")} - {None}
        return frozenset({"", self.unwrap or "", *(f"{prefix}{f}" for f in fields)})

    def _session_id(self, payload: Any) -> str | None:
        """The session id the body names (a readable string), for errors; None when none."""
        field = (packaged_model().extension("x-session-lifecycle") or {}).get("session-id")
        value = payload.get(self.unwrap) if self.unwrap and isinstance(payload, dict) else payload
        found = value.get(field) if isinstance(value, dict) else None
        if isinstance(found, str) and found and _surrogate_path(found) is None:
            return found
        return None

    def _parse(self, payload: Any, lenient: set[str]) -> Any:
        endpoint = self.endpoint
        if self.result is not None:
            if self.unwrap is None:
                return _from_dict(self.result, payload, lenient)
            value = payload.get(self.unwrap) if isinstance(payload, dict) else None
            return None if value is None else _from_dict(self.result, value, lenient)
        if endpoint.response is None:
            return payload
        whole = _from_dict(endpoint.response, payload, lenient)
        return whole if endpoint.unwrap is None else getattr(whole, endpoint.unwrap)

    def error_of(self, received: Received, secrets: set[str]) -> APIStatusError:
        """The typed error of a non-2xx response (returned, not raised: the loop decides)."""
        payload = _json(received.body) if received.body else None
        code: int | None = None
        message: str | None = None
        if isinstance(payload, dict):
            raw_code = payload.get("code")
            code = (
                raw_code if isinstance(raw_code, int) and not isinstance(raw_code, bool) else None
            )
            for key in ("message", "error"):
                if isinstance(payload.get(key), str) and payload[key]:
                    message = payload[key]
                    break
        if message is None:  # not JSON, or not an envelope: the raw text
            text = received.body.decode("utf-8", "replace").strip()
            message = text or received.reason or "(empty body)"
        return status_error(
            received.status,
            shown_text(message, secrets),
            code=code,
            retry_after=parse_retry_after(received.headers.get("Retry-After")),
        )


@cache
def plan_of(endpoint: Endpoint) -> Plan:
    """The plan of an endpoint, computed on its first call only."""
    return Plan(endpoint)


class Call:
    """One invocation of an operation: built and checked at once, then sent once per attempt."""

    __slots__ = (
        "body",
        "deadline",
        "deadline_at",
        "kwargs",
        "plan",
        "secrets",
        "strict",
        "timeout",
        "url",
    )

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
        path = kwargs["url"]
        kwargs["headers"] = route.headers(kwargs.get("headers"))
        kwargs["url"] = route.url(path)
        self.kwargs = kwargs
        self.timeout = timeout
        self.url = f"{base_url}{path}"
        # Values to scrub from anything the server writes back: the credentials and the
        # secrets this body carries; these also go to the log filter, which masks them in
        # httpx's and httpcore's own lines (a server echoing them in a header, say).
        self.secrets = set(credentials)
        for value in plan.sent_secrets(self.body):
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
            return self.plan.result_of(received, self)
        return self.plan.error_of(received, self.secrets)

    def log_request(self, attempt: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "request %s %s attempt=%d headers=%s body=%s",
                self.kwargs["method"].upper(),
                self.url,
                attempt + 1,
                redact.mask_headers(dict(self.kwargs["headers"].items())),
                json.dumps(redact.mask_json(self.body)),
            )

    def log_response(self, received: Received) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            payload = _json(received.body)
            if payload is _NOT_JSON:
                text = repr(received.body.decode("utf-8", "replace"))
            else:
                text = json.dumps(redact.mask_json(payload))
            logger.debug(
                "response %d %s %s elapsed=%.1fms headers=%s body=%s",
                received.status,
                self.kwargs["method"].upper(),
                self.url,
                received.elapsed * 1000,
                shown_text(str(redact.mask_headers(received.headers)), self.secrets),
                shown_text(text, self.secrets),
            )

    def log_failure(self, error: Exception) -> None:
        logger.debug("response none: %s: %s", type(error).__name__, error)
