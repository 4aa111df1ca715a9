"""The two sides under test, injectable: the server (an ASGI factory) and the client packages.

A later suite (old client against new mock, and the reverse) points these at other versions:
`--mock-factory module:callable` or `HEYGEN_CONTRACT_MOCK`, and `--client-package NAME` or
`HEYGEN_CONTRACT_CLIENT` (put another folder on `PYTHONPATH` to import it from there).
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import ModuleType
from typing import Any

from .broken import VARIANTS
from .broken_wire import ASGIApp

__all__ = [
    "ClientTarget",
    "MockFactory",
    "build_target",
    "default_mock",
    "load_factory",
    "strict_mock",
    "variant_factory",
]

MockFactory = Callable[..., ASGIApp]


def default_mock(
    *,
    api_key: str,
    seed: int,
    api_key_2: str | None = None,
    spec: Any = None,
    clock: str = "manual",
) -> ASGIApp:
    """The project's mock as `heygen-streaming mock` runs it (default profile: the exact spec).

    It accepts exactly the given keys, each its own account; `spec` (a dict) serves a variant
    of the contract.
    """
    from heygen_streaming_mock import create_app

    keys = [k for k in (api_key, api_key_2) if k]
    options: dict[str, Any] = {"api_keys": keys, "seed": seed, "clock": clock}
    if spec is not None:
        options["spec"] = spec
    app: ASGIApp = create_app(**options)
    return app


# The name tools/bench_contract.py imports: the suite's default target.
strict_mock = default_mock


def build_target(
    factory: MockFactory,
    *,
    api_key: str,
    seed: int,
    api_key_2: str | None = None,
    clock: str | None = None,
    spec: Any = None,
) -> ASGIApp:
    """Call a factory with the second key, the clock and the spec (a `SpecModel` the suite
    judges by) only if it takes them (older ones do not)."""
    takes = inspect.signature(factory).parameters
    extra = {"api_key_2": api_key_2, "clock": clock, "spec": spec}
    return factory(
        api_key=api_key, seed=seed, **{k: v for k, v in extra.items() if v and k in takes}
    )


def variant_factory(name: str) -> MockFactory:
    """The mock broken by the named variant of `broken.VARIANTS`."""
    variant = next(v for v in VARIANTS if v.name == name)

    def factory(
        *, api_key: str, seed: int, api_key_2: str | None = None, spec: Any = None
    ) -> ASGIApp:
        return variant.make(api_key, seed, api_key_2, spec)

    return factory


def broken_field_type_mock(*, api_key: str, seed: int, spec: Any = None) -> ASGIApp:
    """A named broken variant, for runs that take a factory by dotted name (the leak test)."""
    return variant_factory("field_of_wrong_type")(api_key=api_key, seed=seed, spec=spec)


def load_factory(dotted: str) -> MockFactory:
    """`module:callable` -> the callable (an ASGI app factory taking api_key= and seed=).

    `variant:NAME` names a broken variant of `broken.VARIANTS` (to see what the suite reports).
    """
    if dotted.startswith("variant:"):
        name = dotted.partition(":")[2]
        if name not in {v.name for v in VARIANTS}:
            known = ", ".join(v.name for v in VARIANTS)
            raise ValueError(f"no broken variant {name!r} (there are: {known})")
        return variant_factory(name)
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

    def _import(self, name: str) -> ModuleType:
        # Another folder's client comes in through PYTHONPATH, never by editing sys.path here.
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
        """The spec the client was generated from (what it believes it may send), as
        `nox -s generate` packs it beside the generated code."""
        text = resources.files(self._import(self.api_package)).joinpath("openapi.json")
        loaded: Mapping[str, Any] = json.loads(text.read_text("utf-8"))
        return loaded

    def client_class(self) -> Any:
        """The layer's synchronous client of `api_package` (`client_class(package)`; a client
        older than that serves one API, through the class it has)."""
        layer = self.layer
        if hasattr(layer, "client_class"):
            return layer.client_class(self.api_package)
        return layer.StreamingClient
