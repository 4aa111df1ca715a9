"""What a journal entry keeps of a request, and how it is shown: bounded and safe to write.

Recording cuts headers and warnings to byte caps (the body is cut by the journal itself);
reading masks credentials and escapes strings no encoder can write (lone surrogates), so that
no entry can make reading the journal fail or leak.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from heygen_streaming import redact

__all__ = [
    "Entry",
    "Kept",
    "cap_headers",
    "cap_warnings",
    "escape_unencodable",
    "mask_text",
    "shown",
]

_CUT = " [cut]"


@dataclass(frozen=True, slots=True)
class Entry:
    """One request and what the mock did with it."""

    seq: int
    time: float
    method: str
    path: str
    headers: dict[str, str]
    # The JSON body with secrets masked, or its (masked, possibly truncated) text when it is not
    # a JSON object or is larger than the journal keeps.
    body: Any
    body_size: int
    body_truncated: bool
    status: int | None  # None when a fault replaced the answer
    warnings: tuple[str, ...]
    fault: str | None
    headers_size: int = 0  # bytes of every header name and value as received
    headers_truncated: bool = False  # headers past the journal's byte cap were cut or dropped
    warnings_truncated: bool = False  # the last warning says how many more were dropped

    def to_dict(self) -> dict[str, Any]:
        # Not `asdict`, which deep-copies every value: entries are read-only.
        return {f.name: getattr(self, f.name) for f in fields(self)} | {
            "warnings": list(self.warnings)
        }


@dataclass(frozen=True, slots=True)
class Kept:
    """What recording keeps of a request: bounded slices, neither masked nor decoded."""

    seq: int
    time: float
    method: str
    path: str
    headers: tuple[tuple[bytes, bytes], ...]
    headers_size: int
    headers_truncated: bool
    body: bytes
    body_size: int
    is_json: bool
    status: int | None
    warnings: tuple[str, ...]
    warnings_truncated: bool
    fault: str | None

    @property
    def size(self) -> int:
        """Bytes it holds (what a page's byte bound counts)."""
        heads = sum(len(k) + len(v) for k, v in self.headers)
        return len(self.body) + heads + sum(map(len, self.warnings))


@functools.cache
def _triggers() -> tuple[str, ...]:
    """Lower-case words without which `redact.mask_text` finds nothing to mask. Searching for
    them runs in C; the masking regexes cost about 1 ms per 10 KiB, too much for every page."""
    names = {*redact.SECRET_HEADERS, *redact.secret_field_names(), "bearer", "eyj"}
    return tuple(sorted(name.lower() for name in names))


def mask(text: str) -> str:
    """`redact.mask_text(text)`, skipped when the text holds none of its trigger words."""
    lowered = text.lower()
    if any(word in lowered for word in _triggers()):
        return redact.mask_text(text)
    return text


def mask_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Credential headers masked by name, and any header that echoes one of their credentials
    (or holds a credential `redact` recognises)."""
    secret = redact.SECRET_HEADERS
    known = {v for k, v in pairs if k.lower() in secret}
    known |= {v.split()[-1] for v in known if v.split()}  # the token of "Bearer TOKEN"
    shown = {k: redact.MASK if k.lower() in secret else v for k, v in pairs}
    # One search over all the other values (in C) tells whether any needs masking: nearly
    # always none does, and masking each of them costs more than the rest of the page.
    others = "\n".join(v for k, v in shown.items() if k.lower() not in secret)
    n = redact.SCRUB_MIN_LENGTH  # what `scrub` hides: a known value, or its first or last n+
    ends = {part for value in known if len(value) >= n for part in (value[:n], value[-n:])}
    lowered = others.lower()
    if any(word in lowered for word in _triggers()) or any(part in others for part in ends):
        shown = {
            k: v if k.lower() in secret else mask(redact.scrub(v, known)) for k, v in shown.items()
        }
    return shown


def mask_text(text: str, secrets: frozenset[str]) -> str:
    """Secrets masked in a body that is not JSON: `"token": "x"` becomes `"token": "***"`."""
    for name in secrets:
        text = re.sub(
            rf'("{re.escape(name)}"\s*:\s*)"(?:[^"\\]|\\.)*"?', rf'\1"{redact.MASK}"', text
        )
    return text


def escape_unencodable(value: Any) -> Any:
    """`value` with every string that UTF-8 cannot encode (a lone surrogate, from a `\\ud800`
    escape) shown as its escape text instead, so that writing it out never fails."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {escape_unencodable(k): escape_unencodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escape_unencodable(v) for v in value]
    return value


def cap_headers(
    headers: Sequence[tuple[bytes, bytes]], limit: int
) -> tuple[tuple[tuple[bytes, bytes], ...], int, bool]:
    """The headers within `limit` bytes (the one crossing it cut short), their full size, cut?"""
    size = 0
    for name, value in headers:
        size += len(name) + len(value)
    if size <= limit:
        return tuple(headers), size, False
    kept: list[tuple[bytes, bytes]] = []
    room = limit
    for name, value in headers:
        if room <= len(name):
            break
        room -= len(name)
        kept.append((name, value[:room]))
        room -= min(room, len(value))
    return tuple(kept), size, True


def cap_warnings(warnings: tuple[str, ...], limit: int) -> tuple[tuple[str, ...], bool]:
    if not warnings:
        return warnings, False
    size = 0
    for index, warning in enumerate(warnings):
        size += len(warning)
        if size > limit:
            dropped = len(warnings) - index
            return (*warnings[:index], f"... {dropped} more warnings cut"), True
    return warnings, False


def shown(kept: Kept, secrets: frozenset[str]) -> Entry:
    """The entry as a reader sees it: decoded, secrets masked, unencodable strings escaped."""
    body: Any
    if kept.is_json:
        body = json.loads(kept.body)  # it parsed once, under stricter rules than json's
        if b"\\u" in kept.body:  # the only way to a string UTF-8 cannot encode
            body = escape_unencodable(body)
        if any(name.encode() in kept.body for name in secrets):
            body = redact.mask_json(body, secrets)
    else:
        text = kept.body.decode("utf-8", "replace")
        body = mask(mask_text(text, secrets) if secrets else text)
    pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in kept.headers]
    if kept.headers_truncated and pairs:
        pairs[-1] = (pairs[-1][0], pairs[-1][1] + _CUT)
    return Entry(
        seq=kept.seq,
        time=kept.time,
        method=kept.method,
        path=kept.path,
        headers=mask_headers(pairs),
        body=body,
        body_size=kept.body_size,
        body_truncated=kept.body_size > len(kept.body),
        status=kept.status,
        warnings=tuple(escape_unencodable(list(kept.warnings))),
        fault=kept.fault,
        headers_size=kept.headers_size,
        headers_truncated=kept.headers_truncated,
        warnings_truncated=kept.warnings_truncated,
    )
