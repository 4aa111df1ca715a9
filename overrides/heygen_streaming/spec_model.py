"""The one model of the OpenAPI contract: load, resolve `$ref`s, list operations, validate.

Everything that reads a spec (client, CLI, mock, harness, tools) goes through `SpecModel`: one
`$ref` resolver, one walk for `x-secret`, and nothing here names an operation, path or model.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from ._operation import Operation, Parameter, Response, SecurityScheme
from .api_info import ApiInfo
from .envelope import Envelope
from .lifecycle import SessionLifecycle, check_extensions
from .spec import APIS, SchemaValidator, load_spec, strict_profile

__all__ = [
    "METHODS",
    "Operation",
    "Parameter",
    "Response",
    "SecurityScheme",
    "SpecModel",
    "packaged_model",
    "packaged_models",
]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MAX_REF_HOPS = 64


class SpecModel:
    """An OpenAPI 3.1 document and what is derived from it, each computed once."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        # A copy: callers (tests) may mutate their dict afterwards without changing the model.
        self.document: dict[str, Any] = copy.deepcopy(dict(document))
        check_extensions(self.document)  # the typed readers trust their extensions' shapes
        self._validators: dict[tuple[str, bool], SchemaValidator] = {}

    @classmethod
    def load(cls, path: str | Path | None = None) -> SpecModel:
        """The packaged spec (None) or a JSON/YAML file; raises `SpecError` on a bad file."""
        return packaged_model() if path is None else cls(load_spec(path))

    def pointer(self, ref: str) -> Any:
        """The node a local JSON pointer (`#/components/schemas/X`) names."""
        if not ref.startswith("#"):
            raise ValueError(f"only local $refs are supported, got {ref!r}")
        node: Any = self.document
        try:
            for raw in ref[1:].lstrip("/").split("/") if ref not in {"#", "#/"} else []:
                part = raw.replace("~1", "/").replace("~0", "~")
                node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            raise ValueError(f"$ref {ref!r} points at nothing") from None
        return node

    def resolve(self, node: Any) -> Any:
        """`node` with a `$ref` chain (of any length) followed; anything else as it is."""
        for _ in range(_MAX_REF_HOPS):
            if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
                return node
            node = self.pointer(node["$ref"])
        raise ValueError("a $ref cycle in the spec")

    def deref(self, node: Any, _seen: tuple[str, ...] = ()) -> Any:
        """A deep copy of `node` with every `$ref` inlined; a recursive ref is left as a `$ref`."""
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref in _seen:
                    return dict(node)
                target = self.deref(self.pointer(ref), (*_seen, ref))
                siblings = {k: self.deref(v, _seen) for k, v in node.items() if k != "$ref"}
                return {**target, **siblings} if isinstance(target, Mapping) else target
            return {k: self.deref(v, _seen) for k, v in node.items()}
        if isinstance(node, list):
            return [self.deref(v, _seen) for v in node]
        return node

    def ref_name(self, node: Any) -> str | None:
        """The component name a `$ref` node points at (`NewSessionRequest`), else None."""
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None

    def extension(self, name: str) -> Any:
        """A root-level extension (`x-session-lifecycle`), None when absent."""
        return self.document.get(name)

    @cached_property
    def api(self) -> ApiInfo:
        """The root `x-api` and `servers[0].url`; a ValueError when the spec states none."""
        return ApiInfo.parse(self.document)

    @cached_property
    def lifecycle(self) -> SessionLifecycle:
        """The root `x-session-lifecycle`, typed (`declared` is False when the spec has none)."""
        return SessionLifecycle.parse(self.document.get("x-session-lifecycle"))

    @cached_property
    def envelope(self) -> Envelope:
        """The root `x-envelope`, typed (`declared` is False when the spec has none)."""
        return Envelope.parse(self.document.get("x-envelope"))

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        found = []
        for path, raw_item in (self.document.get("paths") or {}).items():
            item = self.resolve(raw_item)
            for method in METHODS:
                node = item.get(method)
                if isinstance(node, Mapping):
                    op_id = str(node.get("operationId") or f"{method}_{path}")
                    found.append(Operation(self, op_id, method.upper(), str(path), node))
        return tuple(found)

    @cached_property
    def _by_id(self) -> dict[str, Operation]:
        return {op.operation_id: op for op in self.operations}

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations)

    def operation(self, operation_id: str) -> Operation:
        if operation_id not in self._by_id:
            known = ", ".join(sorted(self._by_id))
            raise KeyError(f"the spec has no operation {operation_id!r} (it has: {known})")
        return self._by_id[operation_id]

    def route(self, method: str, path: str) -> Operation | None:
        """The operation of `method path`, the path as the spec writes it (templates too)."""
        method = method.upper()
        return next((o for o in self.operations if (o.method, o.path) == (method, path)), None)

    def allowed_methods(self, path: str) -> tuple[str, ...]:
        """The methods declared on `path` (empty for an unknown path), for 405's `Allow`."""
        return tuple(op.method for op in self.operations if op.path == path)

    @cached_property
    def security_schemes(self) -> dict[str, SecurityScheme]:
        out: dict[str, SecurityScheme] = {}
        raw = (self.document.get("components") or {}).get("securitySchemes") or {}
        for name, node in raw.items():
            s = self.resolve(node)
            kind = str(s.get("type", ""))
            if kind == "apiKey" and s.get("in") == "header":
                out[str(name)] = SecurityScheme(str(name), kind, str(s["name"]))
            elif kind == "http":
                scheme = str(s.get("scheme", "")).lower()
                prefix = "Bearer " if scheme == "bearer" else "Basic " if scheme == "basic" else ""
                out[str(name)] = SecurityScheme(str(name), kind, "Authorization", prefix, scheme)
        return out

    @cached_property
    def secret_fields(self) -> frozenset[str]:
        """Names of every property marked `x-secret: true`, anywhere in the document."""
        return frozenset(
            name
            for name, prop in _properties(self.document)
            if isinstance(prop, Mapping) and prop.get("x-secret") is True
        )

    def names_secret(self, node: Any) -> bool:
        """Whether a schema node (its `$ref`s followed) has a property marked `x-secret`."""
        return any(name in self.secret_fields for name, _ in _properties(self.deref(node)))

    def validator(
        self, schema: Mapping[str, Any] | str, *, strict: bool = False
    ) -> SchemaValidator:
        """The validator of a schema node or component name, compiled once."""
        key = schema if isinstance(schema, str) else json.dumps(schema, sort_keys=True)
        found = self._validators.get((key, strict))
        if found is None:
            node = self.strict(schema) if strict else schema
            found = self._validators[key, strict] = SchemaValidator(self.document, node)
        return found

    def strict(self, node: Any) -> Any:
        """`node`, its `$ref`s inlined, in the strict profile (see `spec.strict_profile`)."""
        return strict_profile(self.deref(node))

    def strict_validator(self, schema: Mapping[str, Any]) -> SchemaValidator:
        return self.validator(schema, strict=True)


def _properties(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (name, schema) of every `properties` anywhere in a node."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            props = item.get("properties")
            if isinstance(props, Mapping):
                yield from ((str(k), v) for k, v in props.items())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


_PACKAGED: dict[str, SpecModel] = {}


def packaged_model(package: str = APIS["streaming"]) -> SpecModel:
    """The model of the spec a generated package carries (`openapi.json`), loaded once."""
    if package not in _PACKAGED:
        text = resources.files(package).joinpath("openapi.json").read_text("utf-8")
        _PACKAGED[package] = SpecModel(json.loads(text))
    return _PACKAGED[package]


def packaged_models() -> tuple[SpecModel, ...]:
    """The packaged models loaded so far (the Streaming API's at least): what masking knows."""
    packaged_model()
    return tuple(_PACKAGED.values())
