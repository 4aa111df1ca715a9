"""What the client layer reads of one operation of any generated package (`api.Endpoint`)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Any, Protocol

__all__ = ["Endpoint", "package_of", "unset_of"]


class Endpoint(Protocol):
    """An operation of a generated package: route, generated module, models, parameters."""

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
