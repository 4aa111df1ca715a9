"""One operation as the client sees it: a generated package's `Endpoint`, and its `Route`.

The `Route` holds the headers and URLs a client sends the operation on, made once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import ModuleType
from typing import Any, Protocol

import httpx

from ._limits import ACCEPT_ENCODING

__all__ = ["Checked", "Endpoint", "Route", "package_of", "unset_of"]

_ROUTE_CACHE = 64  # distinct header sets / paths kept per operation and client


class Endpoint(Protocol):
    """An operation of a generated package (`api.Endpoint`): route, module, models, parameters."""

    @property
    def operation_id(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def module(self) -> ModuleType: ...
    @property
    def body(self) -> type[Any] | None: ...
    @property
    def shapes(self) -> tuple[type[Any], ...]: ...
    @property
    def response(self) -> type[Any] | None: ...
    @property
    def unwrap(self) -> str | None: ...
    @property
    def result(self) -> type[Any] | None: ...
    @property
    def parameters(self) -> Mapping[str, str]: ...
    def __hash__(self) -> int: ...


def package_of(endpoint: Endpoint) -> str:
    """The generated package an endpoint belongs to (`heygen_streaming_api`)."""
    return endpoint.module.__name__.partition(".")[0]


def unset_of(package: str) -> Any:
    """The package's own `UNSET` (each generated package has its own `Unset` class)."""
    return importlib.import_module(f"{package}.types").UNSET


class Checked:
    """A checked request body in the place of its generated model (`Plan.direct`)."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


class Route:
    """What one client sends on every call of one operation: headers and absolute URLs.

    httpx's `build_request` spends most of its time joining URLs and merging header dicts; ready
    ones skip that. Both caches are bounded: parameters could make them grow per call.
    """

    __slots__ = ("_headers", "auth", "url")

    def __init__(self, auth: dict[str, str], absolute: Callable[[str], httpx.URL]) -> None:
        self.auth = auth  # the credentials: not in the repr
        # `url(path)`: the absolute URL of `path`, joined to the base URL as httpx joins it.
        self.url = lru_cache(maxsize=_ROUTE_CACHE)(absolute)
        self._headers = lru_cache(maxsize=_ROUTE_CACHE)(self._merged)

    def __repr__(self) -> str:
        return f"Route({self.url.cache_info().currsize} urls)"

    def headers(self, generated: Mapping[str, str] | None) -> httpx.Headers:
        """The generated headers (Content-Type, header parameters), the credentials, encodings."""
        return self._headers(tuple(generated.items()) if generated else ())

    def _merged(self, generated: tuple[tuple[str, str], ...]) -> httpx.Headers:
        return httpx.Headers({**dict(generated), **self.auth, "Accept-Encoding": ACCEPT_ENCODING})
