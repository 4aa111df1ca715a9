"""Masking of credentials: the API key header and every field the spec marks `x-secret: true`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .spec import load_spec

__all__ = ["MASK", "SECRET_HEADERS", "mask_headers", "mask_json", "secret_field_names"]

MASK = "***"
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
