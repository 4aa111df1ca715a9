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

from .lifecycle import _read, need

__all__ = ["Envelope"]

_EMPTY: Mapping[Any, Any] = MappingProxyType({})


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
    def parse(cls, raw: Mapping[str, Any] | None) -> Envelope:
        if raw is None:
            return cls()
        codes = {int(s): c for s, c in (raw.get("error-codes") or {}).items()}
        return _read(
            cls,
            raw,
            declared=True,
            error_codes=MappingProxyType(codes),
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
