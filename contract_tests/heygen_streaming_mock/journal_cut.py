"""A journal entry, and the caps that bound what it keeps of a request when it is recorded."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Entry", "cap_headers", "cap_warnings", "escape_unencodable"]


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


def cap_headers(
    headers: Sequence[tuple[bytes, bytes]], limit: int
) -> tuple[dict[str, str], int, bool]:
    """The headers within `limit` bytes (the one crossing it cut short and marked), decoded (a
    repeated one joined with ", "), their full size, and whether any was cut."""
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
        kept[next(reversed(kept))] += " [cut]"
    return kept, size, size > limit


def cap_warnings(warnings: tuple[str, ...], limit: int) -> tuple[tuple[str, ...], bool]:
    """The warnings within `limit` characters, the last saying how many more were dropped."""
    size = 0
    for index, warning in enumerate(warnings):
        size += len(warning)
        if size > limit:
            return (*warnings[:index], f"... {len(warnings) - index} more warnings cut"), True
    return warnings, False


def escape_unencodable(value: Any) -> Any:
    """`value` with every string UTF-8 cannot encode (a lone surrogate, from a `\\ud800` escape)
    shown as its escape text, so that writing it out never fails."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {escape_unencodable(k): escape_unencodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escape_unencodable(v) for v in value]
    return value
