"""The body shape of every answer: the spec's root `x-envelope`, typed.

`code`, `message` and `data` name the body's fields (the API's own code, the human-readable
text, the payload); `success` and `error` are the fixed fields of every success and error body
(`{code: 1000, message: success}`, `{data: null}`; either may be empty); `error_codes` gives
the `code` of an answer that is not a lifecycle error kind (a 408, a 413, a 500...) by HTTP
status. Read once by `SpecModel.envelope`; nothing here defaults to an API's values: a spec
without `x-envelope` has an envelope whose `declared` is False and whose fields are None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .lifecycle import LifecycleError, need
from .lifecycle import _typed as _read

__all__ = ["Envelope"]

_EMPTY: Mapping[Any, Any] = MappingProxyType({})


def _get(raw: Mapping[str, Any], key: str, kind: type, words: str) -> Any:
    return _read(raw, key, "x-envelope", kind, words)


def _fixed(raw: Mapping[str, Any], key: str, words: str = "an object") -> Mapping[Any, Any]:
    return MappingProxyType(dict(_get(raw, key, Mapping, words) or {}))


@dataclass(frozen=True, slots=True)
class Envelope:
    """`x-envelope`: the field names, the fixed fields, and the code of each plain status."""

    declared: bool = False
    code: str | None = None
    message: str | None = None
    data: str | None = None
    success: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    error: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    error_codes: Mapping[int, int] = field(default_factory=lambda: _EMPTY)

    @classmethod
    def parse(cls, raw: Any) -> Envelope:
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise LifecycleError(f"x-envelope must be an object, got {type(raw).__name__}")
        codes = _fixed(raw, "error-codes", "an object of status: code")
        if not all(str(s).isdigit() and type(c) is int for s, c in codes.items()):
            raise LifecycleError(f"x-envelope.error-codes must map statuses to integers: {codes}")
        name = "a field name"
        return cls(
            declared=True,
            code=_get(raw, "code", str, name),
            message=_get(raw, "message", str, name),
            data=_get(raw, "data", str, name),
            success=_fixed(raw, "success"),
            error=_fixed(raw, "error"),
            error_codes=MappingProxyType({int(s): c for s, c in codes.items()}),
        )

    def error_body(self, status: int, message: str, code: int | None = None) -> dict[str, Any]:
        """An error body: the fixed error fields, `code` (else the status's `error-codes`
        entry; no code field when neither is stated) and `message`."""
        body = dict(self.error)
        found = self.error_codes.get(status) if code is None else code
        if self.code is not None and found is not None:
            body[self.code] = found
        body[need(self.message, "x-envelope.message")] = message
        return body
