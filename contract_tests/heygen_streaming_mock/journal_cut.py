"""What a journal entry keeps of a request, and how it is shown: bounded and safe to write.

Recording cuts headers and warnings to byte caps (the body is cut by the journal itself);
reading masks credentials and escapes strings no encoder can write (lone surrogates), so that
no entry can make reading the journal fail or leak.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from heygen_streaming import redact

__all__ = [
    "cap_headers",
    "cap_warnings",
    "escape_unencodable",
    "escaped",
    "mask",
    "mask_headers",
    "mask_text",
]

# Joins header lines for one masking pass per entry: no header value can hold a NUL
# (HTTP forbids it, both servers and httpx refuse it), and no mask pattern matches one.
_SEPARATOR = "\x00"


@functools.cache
def _triggers() -> tuple[str, ...]:
    """Lower-case words without which `redact.mask_text` finds nothing to mask: a secret
    header's or field's name, `bearer`, or a JWT's start (`eyJ`). Searching for them runs in C;
    the masking regexes cost about 1 ms per 10 KiB, too much for every entry of every page."""
    names = {*redact.SECRET_HEADERS, *redact.secret_field_names(), "bearer", "eyj"}
    return tuple(sorted(name.lower() for name in names))


def mask(text: str) -> str:
    """`redact.mask_text(text)`, skipped when the text holds none of its trigger words."""
    lowered = text.lower()
    if any(word in lowered for word in _triggers()):
        return redact.mask_text(text)
    return text


def mask_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Credential headers masked by name, and any credential the text shows masked (a token
    echoed in another header): one masking pass over all of them, not one per header."""
    values = _SEPARATOR.join(v for _, v in pairs).lower()
    if not any(word in values for word in _triggers()):  # names are masked by name below
        masked = text = ""
    else:
        text = _SEPARATOR.join(f"{k}: {v}" for k, v in pairs)
        masked = redact.mask_text(text)
    if masked != text:
        pairs = [(k, v) for k, _, v in (line.partition(": ") for line in masked.split(_SEPARATOR))]
    secret = redact.SECRET_HEADERS
    return {k: (redact.MASK if k.lower() in secret else v) for k, v in pairs}


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


def escaped(warnings: tuple[str, ...]) -> tuple[str, ...]:
    try:  # one check for all of them: nearly always they encode
        "".join(warnings).encode("utf-8")
    except UnicodeEncodeError:
        return tuple(escape_unencodable(w) for w in warnings)
    return warnings


def cap_headers(
    headers: Sequence[tuple[bytes, bytes]], limit: int
) -> tuple[tuple[tuple[bytes, bytes], ...], int, bool]:
    """The headers within `limit` bytes (the one crossing it cut short), their full size, cut?"""
    size = 0
    for name, value in headers:
        size += len(name) + len(value)
    if size <= limit:
        # A tuple, not the server's list: an entry holding only immutable atoms is untracked
        # by the garbage collector, which then never rescans the buffer.
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
