"""What goes on the wire for one operation, made once: its headers, its URL, the checked body."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ._limits import ACCEPT_ENCODING

__all__ = ["Checked", "Route"]

_ROUTE_CACHE = 64  # distinct header sets / paths kept per operation and client


class Checked:
    """A checked request body in the place of its generated model (`Plan.direct`)."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


class Route:
    """What one client sends on every call of one operation, made once: headers and the URL.

    httpx's `build_request` spends most of its time joining URLs and merging header dicts; ready
    ones skip that. Both caches are bounded: parameters could make them grow per call.
    """

    __slots__ = ("_absolute", "_headers", "_urls", "auth")

    def __init__(self, auth: dict[str, str], absolute: Callable[[str], httpx.URL]) -> None:
        self.auth = auth
        self._absolute = absolute
        self._headers: dict[tuple[tuple[str, str], ...], httpx.Headers] = {}
        self._urls: dict[str, httpx.URL] = {}

    def __repr__(self) -> str:  # `auth` holds the credentials
        return f"Route({len(self._urls)} urls)"

    def headers(self, generated: Mapping[str, str] | None) -> httpx.Headers:
        """The generated headers (Content-Type, header parameters), the credentials, encodings."""
        key = tuple(generated.items()) if generated else ()
        headers = self._headers.get(key)
        if headers is None:
            if len(self._headers) >= _ROUTE_CACHE:
                self._headers.clear()
            headers = self._headers[key] = httpx.Headers(
                {**(generated or {}), **self.auth, "Accept-Encoding": ACCEPT_ENCODING}
            )
        return headers

    def url(self, path: str) -> httpx.URL:
        """The absolute URL of `path` (relative to the client's base URL, as httpx joins it)."""
        url = self._urls.get(path)
        if url is None:
            if len(self._urls) >= _ROUTE_CACHE:
                self._urls.clear()
            url = self._urls[path] = self._absolute(path)
        return url
