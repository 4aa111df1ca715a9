"""The tolerant reader: what one operation's answer means, judged without I/O.

A 2xx must match the spec only in what the client acts on (`needed`); another off-spec field is
logged once and read leniently (None), unless `strict_responses`. An undocumented 2xx or a lone
surrogate is refused, naming the session the body names. Errors are returned, not raised, so no
frame of their traceback holds the body.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import httpx

from . import redact
from ._endpoint import Endpoint
from ._retry import parse_retry_after
from .errors import APIResponseValidationError, APIStatusError, status_error
from .logfilter import register_secret
from .spec import FieldError, format_errors
from .spec_model import Operation

__all__ = ["NOT_JSON", "Answers", "Received", "logger", "parse_json"]

logger = logging.getLogger("heygen_streaming")

NOT_JSON = object()
# A lone surrogate in a JSON body: escaped (\\ud800) or as raw bytes (json.loads lets them pass).
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")
_MAX_WARNINGS = 64  # distinct off-spec findings logged at WARNING per operation (then DEBUG)


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond the stack
        return NOT_JSON


def _surrogate_path(value: Any) -> str | None:
    """The dotted path of the first string holding a lone surrogate, None when there is none."""
    stack = [("", value)]
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


@dataclass(slots=True, repr=False)
class Received:
    """One response, read whole within the limits: plain data, no httpx request attached."""

    status: int
    reason: str
    headers: httpx.Headers
    body: bytes
    elapsed: float

    def __repr__(self) -> str:  # the headers and body may echo a credential: not shown
        return f"Received(status={self.status}, {len(self.body)} bytes)"


class Answers:
    """How one operation's answers are read (made once per operation, by its `Plan`)."""

    def __init__(self, operation: Operation, endpoint: Endpoint, result: type[Any] | None) -> None:
        self.operation = operation
        self.endpoint = endpoint
        self.name = endpoint.module.__name__.rpartition(".")[2]
        self.result = result
        self.unwrap: str | None = operation.extensions.get("x-unwrap")
        self.secret_fields = operation.model.secret_fields
        self._validators: dict[int, Any] = {}
        self._warned: set[str] = set()

    @cached_property
    def returns_secrets(self) -> bool:
        """Whether a 2xx body of this operation may carry an `x-secret` field (a token)."""
        model = self.operation.model
        return any(
            200 <= s < 300 and r.schema and model.names_secret(r.schema)
            for s, r in self.operation.responses.items()
        )

    @cached_property
    def needed(self) -> frozenset[str]:
        """Paths of what the client acts on; an error there makes the answer unusable."""
        rules = self.operation.model.lifecycle
        prefix = f"{self.unwrap}." if self.unwrap else ""
        fields = {rules.session_id, rules.token_field} - {None}
        return frozenset({"", self.unwrap or "", *(f"{prefix}{f}" for f in fields)})

    def success(self, received: Received, secrets: set[str], strict: bool) -> Any:
        """What the method returns for a 2xx (the `x-unwrap` property, parsed and masked), or
        the `APIResponseValidationError` of an answer that cannot be used."""
        status = received.status
        response = self.operation.responses.get(status)
        if not received.body and response is not None and response.schema is None:
            return None
        payload = NOT_JSON if not received.body else parse_json(received.body)
        session_id = self._session_id(payload)

        def refuse(text: str) -> APIResponseValidationError:
            shown = redact.safe_text(text, secrets)
            return APIResponseValidationError(status, shown, session_id=session_id)

        if response is None and status != self.operation.success_status:
            documented = ", ".join(str(s) for s in self.operation.statuses if 200 <= s < 300)
            return refuse(f"status {status} is not documented for {self.name} ({documented})")
        if payload is NOT_JSON:
            return refuse(f"not JSON: {received.body.decode('utf-8', 'replace')!r}")
        bad = _surrogate_path(payload) if _SURROGATE.search(received.body) else None
        if bad is not None:
            return refuse(f"{bad or 'body'}: a string with a lone surrogate (not valid Unicode)")
        errors = self._errors(status, payload)
        if errors and (strict or any(e.path in self.needed for e in errors)):
            return refuse(format_errors(errors))
        for error in errors:  # a warning the first time (a drifted API repeats it every call)
            seen = str(error) in self._warned or len(self._warned) >= _MAX_WARNINGS
            if not seen:
                self._warned.add(str(error))
            level = logging.DEBUG if seen else logging.WARNING
            logger.log(level, "%s answered off-spec, read leniently: %s", self.name, error)
        if self.returns_secrets:
            # Tokens the server hands out (x-secret): masked in every log line from now on.
            for value in redact.secret_values(payload, self.secret_fields):
                register_secret(value)
        try:
            return self._parse(payload, {self._top(e.path) for e in errors})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return refuse(f"cannot be read: {type(exc).__name__}")

    def _errors(self, status: int, payload: Any) -> list[FieldError]:
        if status not in self._validators:
            self._validators[status] = self.operation.response_validator(status)
        validator = self._validators[status]
        if validator is None:
            return []
        try:
            found: list[FieldError] = validator.errors(payload, hide=self.secret_fields)
            return found
        except (ValueError, UnicodeError) as exc:
            return [FieldError("", f"cannot be checked: {type(exc).__name__}")]

    def _top(self, path: str) -> str:
        """The field of the parsed object an error's path is under (`data.sdp.type` -> `sdp`)."""
        if self.unwrap and path.startswith(f"{self.unwrap}."):
            path = path[len(self.unwrap) + 1 :]
        return re.split(r"[.\[]", path, maxsplit=1)[0]

    def _session_id(self, payload: Any) -> str | None:
        """The session id the body names (a readable string), for errors; None when none."""
        field = self.operation.model.lifecycle.session_id
        value = payload.get(self.unwrap) if self.unwrap and isinstance(payload, dict) else payload
        found = value.get(field) if isinstance(value, dict) else None
        if isinstance(found, str) and found and _surrogate_path(found) is None:
            return found
        return None

    def _parse(self, payload: Any, lenient: set[str]) -> Any:
        if self.result is not None:
            if self.unwrap is None:
                return _from_dict(self.result, payload, lenient)
            value = payload.get(self.unwrap) if isinstance(payload, dict) else None
            return None if value is None else _from_dict(self.result, value, lenient)
        if self.endpoint.response is None:
            return payload
        whole = _from_dict(self.endpoint.response, payload, lenient)
        return whole if self.endpoint.unwrap is None else getattr(whole, self.endpoint.unwrap)

    def failure(self, received: Received, secrets: set[str]) -> APIStatusError:
        """The typed error of a non-2xx response."""
        envelope = self.operation.model.envelope  # the body's fields are the spec's names
        payload = parse_json(received.body) if received.body else None
        payload = payload if isinstance(payload, dict) else {}
        code = payload.get(envelope.code) if envelope.code else None
        if isinstance(code, float) and code.is_integer():  # JSON's 1000.0 is the integer 1000
            code = int(code)
        if not isinstance(code, int) or isinstance(code, bool):
            code = None
        message = payload.get(envelope.message) if envelope.message else None
        if not isinstance(message, str) or not message:  # not JSON, or not an envelope: raw text
            text = received.body.decode("utf-8", "replace").strip()
            message = text or received.reason or "(empty body)"
        return status_error(
            received.status,
            redact.safe_text(message, secrets),
            code=code,
            retry_after=parse_retry_after(received.headers.get("Retry-After")),
        )
