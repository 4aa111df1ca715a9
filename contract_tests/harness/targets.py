"""The two sides under test, injectable: the server (an ASGI factory) and the client packages.

A later suite (old client against new mock, and the reverse) points these at other versions:
`--mock-factory module:callable` or `HEYGEN_CONTRACT_MOCK`, and `--client-package NAME` or
`HEYGEN_CONTRACT_CLIENT` (with `--client-path DIR` to import it from another folder).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from .broken import VARIANTS
from .reference_app import ASGIApp, make_reference_app

__all__ = [
    "ClientTarget",
    "MockFactory",
    "load_factory",
    "reference",
    "strict_mock",
    "variant_factory",
]

MockFactory = Callable[..., ASGIApp]


def strict_mock(*, api_key: str, seed: int) -> ASGIApp:
    """The project's mock in strict mode, accepting exactly `api_key` (the suite's default).

    Strict, because lenient mode deliberately accepts unknown fields and explicit nulls (and
    says so in `X-Mock-Warnings`), which negative_data_rejection rightly reports as accepting
    data the spec forbids.
    """
    from heygen_streaming_mock import create_app

    app: ASGIApp = create_app(strict=True, api_keys=[api_key], seed=seed)
    return app


def reference(*, api_key: str, seed: int) -> ASGIApp:
    """The harness's own minimal conformant app (self-tests and the benchmark's baseline)."""
    from heygen_streaming.spec import load_spec

    del seed
    return make_reference_app(load_spec(), api_key)


def variant_factory(name: str) -> MockFactory:
    """The strict mock broken by the named variant of `broken.VARIANTS`."""
    variant = next(v for v in VARIANTS if v.name == name)

    def factory(*, api_key: str, seed: int) -> ASGIApp:
        return variant.build(strict_mock(api_key=api_key, seed=seed), api_key)

    return factory


def broken_is_paid_mock(*, api_key: str, seed: int) -> ASGIApp:
    """A named broken variant, for runs that take a factory by dotted name (the leak test)."""
    return variant_factory("is_paid_as_string")(api_key=api_key, seed=seed)


def load_factory(dotted: str) -> MockFactory:
    """`module:callable` -> the callable (an ASGI app factory taking api_key= and seed=)."""
    module_name, _, attr = dotted.partition(":")
    if not attr:
        raise ValueError(f"expected module:callable, got {dotted!r}")
    factory = getattr(importlib.import_module(module_name), attr)
    if not callable(factory):
        raise TypeError(f"{dotted} is not callable")
    return factory  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class ClientTarget:
    """The client side: the layer package (e.g. `heygen_streaming`) and its generated models."""

    package: str = "heygen_streaming"
    api_package: str = "heygen_streaming_api"
    path: str | None = None

    def _import(self, name: str) -> ModuleType:
        if self.path and self.path not in sys.path:
            sys.path.insert(0, self.path)
        return importlib.import_module(name)

    @property
    def layer(self) -> ModuleType:
        return self._import(self.package)

    @property
    def errors(self) -> ModuleType:
        return self._import(f"{self.package}.errors")

    @property
    def models(self) -> ModuleType:
        return self._import(f"{self.api_package}.models")

    def spec(self) -> Mapping[str, Any]:
        """The spec the client was generated from (what it believes it may send)."""
        loaded: Mapping[str, Any] = self._import(f"{self.package}.spec").load_spec()
        return loaded
