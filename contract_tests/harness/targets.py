"""The two sides under test, injectable: the server (an ASGI factory) and the client packages.

A compatibility run (old client against new mock, and the reverse) points these at other
versions: `--mock-factory module:callable` or `HEYGEN_CONTRACT_MOCK`, and `--client-package NAME`
or `HEYGEN_CONTRACT_CLIENT` (put another folder on `PYTHONPATH` to import it from there).
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import ModuleType
from typing import Any

from heygen_streaming.spec import FieldError, SchemaValidator
from heygen_streaming.spec_model import Operation, SpecModel

from .broken import VARIANTS
from .broken_wire import ASGIApp
from .rules import Rules

__all__ = [
    "ClientTarget",
    "Creating",
    "MockFactory",
    "build_target",
    "default_mock",
    "load_factory",
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
    """The project's mock as `heygen-streaming mock` runs it (default profile: the exact spec),
    accepting exactly the given keys, each its own account; `spec` serves another contract."""
    from heygen_streaming_mock import create_app

    keys = [k for k in (api_key, api_key_2) if k]
    app: ASGIApp = create_app(api_keys=keys, seed=seed, clock=clock, spec=spec)
    return app


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


def load_factory(dotted: str) -> MockFactory:
    """`module:callable` -> the callable (an ASGI app factory taking api_key= and seed=);
    `variant:NAME` -> the mock broken by that variant (to see what the suite reports)."""
    module_name, _, attr = dotted.partition(":")
    if module_name == "variant":
        if attr not in {v.name for v in VARIANTS}:
            known = ", ".join(v.name for v in VARIANTS)
            raise ValueError(f"no broken variant {attr!r} (there are: {known})")
        return variant_factory(attr)
    if not attr:
        raise ValueError(f"expected module:callable, got {dotted!r}")
    factory = getattr(importlib.import_module(module_name), attr)
    if not callable(factory):
        raise TypeError(f"{dotted} is not callable")
    return factory  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class ClientTarget:
    """The client side: the layer package (e.g. `heygen_streaming`) and its generated models.

    Another folder's client comes in through PYTHONPATH, never by editing sys.path here."""

    package: str = "heygen_streaming"
    api_package: str = "heygen_streaming_api"

    @property
    def errors(self) -> ModuleType:
        return importlib.import_module(f"{self.package}.errors")

    @property
    def models(self) -> ModuleType:
        return importlib.import_module(f"{self.api_package}.models")

    def spec(self) -> Mapping[str, Any]:
        """The spec the client was generated from (what it believes it may send), as
        `nox -s generate` packs it beside the generated code."""
        text = resources.files(importlib.import_module(self.api_package)) / "openapi.json"
        loaded: Mapping[str, Any] = json.loads(text.read_text("utf-8"))
        return loaded

    def client_class(self) -> Any:
        """The layer's synchronous client of `api_package` (`client_class(package)`; a client
        older than that serves one API, through the class it has)."""
        layer = importlib.import_module(self.package)
        if hasattr(layer, "client_class"):
            return layer.client_class(self.api_package)
        return layer.StreamingClient


@dataclass(frozen=True)
class Creating:
    """A client spec's creating operation (`x-lifecycle creates`), as the client-conformance
    properties send it and read its answer, its error schema and the closing operation."""

    target: ClientTarget
    key: str = field(repr=False)  # the API key the client sends to the mock
    spec: Mapping[str, Any] = field(repr=False)  # a failing example prints its fixtures
    model: SpecModel = field(repr=False)
    op: Operation = field(repr=False)
    request: str  # the request body's schema (its generated model's name)
    unwrap: str  # the answer field holding the new session
    error: str  # the error schema's name, and the envelope's code and message fields
    code: str
    why: str

    @classmethod
    def of(cls, target: ClientTarget, key: str) -> Creating:
        spec = target.spec()
        model = SpecModel(spec)
        op = next(op for op in model if op.lifecycle.creates)
        node = next(r.schema for s, r in sorted(op.responses.items()) if s >= 400)
        request, error = str(model.ref_name(op.request_schema)), str(model.ref_name(node))
        code, why = str(model.envelope.code), str(model.envelope.message)
        unwrap = str(op.extensions["x-unwrap"])
        return cls(target, key, spec, model, op, request, unwrap, error, code, why)

    @property
    def rules(self) -> Rules:
        return Rules.of(self.model)

    def errors(self, body: Any) -> list[FieldError]:
        """What the client spec finds wrong with a request body (nothing: it is valid)."""
        return SchemaValidator(self.spec, self.request).errors(body)

    def example(self) -> dict[str, Any]:
        """The first documented request a careful client sends (valid in the strict profile)."""
        strict = self.model.strict_validator(self.op.request_schema or {})
        return next(dict(e) for e in self.op.request_examples.values() if strict.is_valid(e))

    def model_class(self, body: Any) -> Any:
        """The generated model of `body`: the request's, or the branch of its union it fits."""
        node = self.model.resolve(self.op.request_schema)
        for branch in node.get("oneOf") or node.get("anyOf") or ():
            if self.model.validator(branch).is_valid(body):
                return getattr(self.target.models, str(self.model.ref_name(branch)))
        return getattr(self.target.models, self.request)

    def client(self, transport: Any, key: str = "k") -> Any:
        """The client under test, strict: any difference from the spec is an error (the
        default reader tolerates off-spec fields the client does not act on). The default key
        is too short for the client's masking, which would mask its echo in a drawn message."""
        return self.target.client_class()(
            api_key=key,
            base_url="http://mock.invalid",
            transport=transport,
            max_retries=0,
            strict_responses=True,
        )

    def create(self, client: Any, *args: Any, **fields: Any) -> Any:
        return getattr(client, self.op.operation_id)(*args, **fields)

    def stop(self, client: Any, session_id: str) -> None:
        closing = self.rules.closing
        assert closing is not None
        getattr(client, closing.operation_id)(**{self.rules.session_field: session_id})

    def raised(self, field: str, by: int) -> dict[str, Any]:
        """A copy of the spec with the minimum of every property `field` raised by `by`."""

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                prop = (node.get("properties") or {}).get(field) or {}
                for shape in [prop, *prop.get("anyOf", ()), *prop.get("oneOf", ())]:
                    if "minimum" in shape:
                        shape["minimum"] += by
                node = list(node.values())
            for value in node if isinstance(node, list) else ():
                walk(value)

        spec = copy.deepcopy(dict(self.spec))
        walk(spec)
        return spec
