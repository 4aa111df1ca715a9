"""A journal entry: cut to byte caps when recorded, masked and made writable when read.

Recording keeps bounded slices and decodes nothing costly; reading masks credentials and
escapes strings no encoder can write (lone surrogates), so that no entry can make reading the
journal fail or leak.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from heygen_streaming import redact

__all__ = ["Entry", "cap_headers", "cap_warnings", "escape_unencodable", "mask_text", "shown"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One request and what the mock did with it."""

    seq: int
    time: float
    method: str
    path: str
    headers: dict[str, str]
    # The JSON body with secrets masked, or its (masked, possibly truncated) text when it is not
    # a JSON object or is larger than the journal keeps. (Kept: the bytes of a JSON body.)
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
        fields = dataclasses.fields(self)
        return {f.name: getattr(self, f.name) for f in fields} | {"warnings": list(self.warnings)}


@functools.cache
def _triggers() -> tuple[str, ...]:
    """Lower-case words without which `redact.mask_text` finds nothing to mask. Searching for
    them runs in C; the masking regexes cost about 1 ms per 10 KiB, too much for every page."""
    names = {*redact.SECRET_HEADERS, *redact.secret_field_names(), "bearer", "eyj"}
    return tuple(sorted(name.lower() for name in names))


def _mask(text: str) -> str:
    """`redact.mask_text(text)`, skipped when the text holds none of its trigger words."""
    lowered = text.lower()
    return redact.mask_text(text) if any(w in lowered for w in _triggers()) else text


def _mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """Credential headers masked by name, and any header that echoes one of their credentials
    (or holds a credential `redact` recognises)."""
    secret = {k for k in headers if k.lower() in redact.SECRET_HEADERS}
    # Each credential of a secret header (repeated ones were joined with ", " when recorded),
    # and the token of "Bearer TOKEN".
    known = {part.strip() for k in secret for part in headers[k].split(",")}
    known |= {value.split()[-1] for value in known if value.split()}
    # One search over all the other values (in C) tells whether any needs masking: nearly
    # always none does, and masking each of them costs more than the rest of the page.
    others = "\n".join(v for k, v in headers.items() if k not in secret)
    n = redact.SCRUB_MIN_LENGTH  # what `scrub` hides: a known value, or its first or last n+
    ends = {part for value in known if len(value) >= n for part in (value[:n], value[-n:])}
    lowered = others.lower()
    echoed = any(part in others for part in ends)
    if echoed or any(word in lowered for word in _triggers()):
        return {
            k: redact.MASK if k in secret else _mask(redact.scrub(v, known))
            for k, v in headers.items()
        }
    return {k: redact.MASK if k in secret else v for k, v in headers.items()}


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
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {escape_unencodable(k): escape_unencodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escape_unencodable(v) for v in value]
    return value


def cap_headers(
    headers: Sequence[tuple[bytes, bytes]], limit: int
) -> tuple[dict[str, str], int, bool]:
    """The headers within `limit` bytes (the one crossing it cut short), decoded (a repeated
    one joined with ", "), their full size, and whether any was cut (then the last is marked)."""
    size = sum(len(name) + len(value) for name, value in headers)
    kept: dict[str, str] = {}
    room = limit
    for name, value in headers:
        if size > limit and room <= len(name):
            break
        room -= len(name)
        key, text = name.decode("latin-1"), value[:room].decode("latin-1")
        kept[key] = f"{kept[key]}, {text}" if key in kept else text
        room -= min(room, len(value))
    if size > limit and kept:
        last = next(reversed(kept))
        kept[last] += " [cut]"
    return kept, size, size > limit


def cap_warnings(warnings: tuple[str, ...], limit: int) -> tuple[tuple[str, ...], bool]:
    """The warnings within `limit` characters, the last saying how many more were dropped."""
    size = 0
    for index, warning in enumerate(warnings):
        size += len(warning)
        if size > limit:
            dropped = len(warnings) - index
            return (*warnings[:index], f"... {dropped} more warnings cut"), True
    return warnings, False


def shown(kept: Entry, secrets: frozenset[str]) -> Entry:
    """The entry as a reader sees it: decoded, secrets masked, unencodable strings escaped."""
    body: Any = kept.body
    if isinstance(body, bytes):  # a JSON object, parsed once under stricter rules than json's
        body = json.loads(body)
        if b"\\u" in kept.body:  # the only way to a string UTF-8 cannot encode
            body = escape_unencodable(body)
        if any(name.encode() in kept.body for name in secrets):
            body = redact.mask_json(body, secrets)
    else:
        body = _mask(mask_text(body, secrets) if secrets else body)
    return dataclasses.replace(kept, headers=_mask_headers(kept.headers), body=body)
