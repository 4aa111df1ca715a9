"""Masking of credentials: the API key header and every field the spec marks `x-secret: true`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .spec import load_spec

__all__ = [
    "MASK",
    "SCRUB_MIN_LENGTH",
    "SECRET_HEADERS",
    "mask_headers",
    "mask_json",
    "scrub",
    "secret_field_names",
    "secret_values",
]

MASK = "***"
SCRUB_MIN_LENGTH = 6
# Header names compared lower-case; `authorization` too, in case a caller proxies through a gateway.
SECRET_HEADERS = frozenset({"x-api-key", "authorization", "proxy-authorization", "cookie"})


def _walk(node: Any, found: set[str]) -> None:
    if isinstance(node, Mapping):
        for name, prop in (node.get("properties") or {}).items():
            if isinstance(prop, Mapping) and prop.get("x-secret") is True:
                found.add(name)
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)


@cache
def secret_field_names(spec_id: int = 0) -> frozenset[str]:
    """Names of the properties the packaged spec marks `x-secret: true`, wherever they appear."""
    del spec_id  # one packaged spec per process; the parameter only keeps the cache key explicit
    found: set[str] = set()
    _walk(load_spec().get("components", {}), found)
    return frozenset(found)


def mask_json(value: Any, secrets: frozenset[str] | None = None) -> Any:
    """A copy of a JSON value with every secret field's value replaced by `***`."""
    names = secret_field_names() if secrets is None else secrets
    if isinstance(value, Mapping):
        return {
            k: (MASK if k in names and v is not None else mask_json(v, names))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_json(v, names) for v in value]
    return value


def mask_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers as a plain dict with credential headers masked (a mapping or (name, value) pairs)."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return {k: (MASK if k.lower() in SECRET_HEADERS else v) for k, v in pairs}


def secret_values(value: Any, secrets: frozenset[str] | None = None) -> set[str]:
    """The string values of every secret field in a JSON value (what `scrub` must hide)."""
    names = secret_field_names() if secrets is None else secrets
    found: set[str] = set()
    if isinstance(value, Mapping):
        for k, v in value.items():
            if k in names and isinstance(v, str) and v:
                found.add(v)
            else:
                found |= secret_values(v, names)
    elif isinstance(value, list):
        for v in value:
            found |= secret_values(v, names)
    return found


def scrub(text: str, values: set[str] | frozenset[str]) -> str:
    """`text` with every occurrence of the given secret values replaced by `***`.

    For free text a server wrote (error messages), which may echo what it was sent. Values
    shorter than `SCRUB_MIN_LENGTH` are left alone: hiding them would mangle ordinary words.
    """
    # Longest first, so a secret containing another is hidden whole.
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= SCRUB_MIN_LENGTH:
            text = text.replace(value, MASK)
    return text
