"""Prism's router, precompiled: each operation of the spec becomes a `Route` built once at start,
holding what a request to it needs (security alternatives, the body's validator for the profile,
query parameters, the template of its 2xx body: its first valid example, else generated).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from heygen_streaming.lifecycle import OperationLifecycle
from heygen_streaming.spec import SchemaValidator
from heygen_streaming.spec_model import Operation, SecurityScheme, SpecModel

from .generate import generate
from .wire import Reply

__all__ = ["PROFILES", "QueryParam", "Route", "Router", "credential_label"]


PROFILES = ("exact", "strict", "lenient")


@dataclass(frozen=True, slots=True)
class QueryParam:
    name: str
    required: bool
    integer: bool
    validator: SchemaValidator
    default: Any = None


def credential_label(scheme: SecurityScheme) -> str:
    """How a 401 names a credential: "X-Api-Key header", "Bearer token"."""
    return f"{scheme.prefix.strip()} token" if scheme.prefix else f"{scheme.header} header"


def _props(schema: Any) -> dict[str, Any]:
    props = schema.get("properties") if isinstance(schema, Mapping) else None
    return dict(props) if isinstance(props, Mapping) else {}


@dataclass(eq=False)
class Route:
    """One operation, compiled."""

    op: Operation
    security: tuple[tuple[tuple[bytes, SecurityScheme], ...], ...]
    headers: tuple[str, ...]  # every credential, as "missing" messages name it
    validator: SchemaValidator | None
    strict_validator: SchemaValidator | None
    exact_schema: Any  # the request schema, deref'd (strict explanations, leniency)
    body_required: bool
    query: tuple[QueryParam, ...]
    success: int
    response_schema: Any  # the 2xx body schema, deref'd
    template: Any  # a valid 2xx body
    unwrap: str | None  # `x-unwrap`: the property holding the operation's data
    data_schema: Any  # the unwrapped object's schema (or the whole body's)
    lifecycle: OperationLifecycle = field(default_factory=OperationLifecycle)
    behaviour: Any = None  # roles.Behaviour, attached by the core
    data_props: dict[str, Any] = field(default_factory=dict)  # the unwrapped object's fields
    outer_props: frozenset[str] = frozenset()  # the body's own fields

    def __post_init__(self) -> None:
        self.data_props = _props(self.data_schema)
        self.outer_props = frozenset(_props(self.response_schema))

    def render(self, facts: Mapping[str, Any], data: Any = None) -> Reply:
        """The 2xx answer: the template, `data` as the unwrapped object, then each fact where the
        schema declares it (the unwrapped object first, then the top level)."""
        # Shallow copies: only the top level and the unwrapped object are written to.
        body = dict(self.template) if isinstance(self.template, dict) else {}
        target = body
        if self.unwrap is not None:
            inner = body.get(self.unwrap)
            if data is not None:
                body[self.unwrap] = data
            else:
                body[self.unwrap] = dict(inner) if isinstance(inner, dict) else {}
            target = body[self.unwrap]
        elif data is not None and isinstance(data, dict):
            body.update(data)
        inner = self.data_props
        outer = self.outer_props
        for name, value in facts.items():
            if name in inner and isinstance(target, dict):
                target[name] = value
            elif name in outer:
                body[name] = value
        return Reply.json(self.success, body)


def _template(model: SpecModel, op: Operation, status: int) -> tuple[Any, Any]:
    response = op.responses.get(status)
    if response is None or response.schema is None:
        return None, {}
    schema = model.deref(response.schema)
    validator = model.validator(response.schema)
    for value in response.examples.values():
        if validator.is_valid(value):
            return copy.deepcopy(value), schema
    return generate(schema), schema


class Router:
    """Every operation of `model` by (method, path); 404 and 405 (with `Allow`) otherwise."""

    def __init__(self, model: SpecModel, profile: str = "exact") -> None:
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}, got {profile!r}")
        self.model = model
        self.profile = profile
        self.routes = {(op.method, op.path): self._compile(op) for op in model.operations}
        self._allow = {
            op.path: ((b"allow", ", ".join(model.allowed_methods(op.path)).encode()),)
            for op in model.operations
        }

    def find(self, method: str, path: str) -> Route | Reply:
        route = self.routes.get((method, path))
        if route is not None:
            return route
        allow = self._allow.get(path)
        if allow is None:
            return Reply.error(404, f"{path[:200]}: no such path")
        methods = allow[0][1].decode()
        return Reply.error(
            405, f"method {method[:20]}: not allowed on {path}, use {methods}", allow
        )

    def _compile(self, op: Operation) -> Route:
        model = self.model
        security = tuple(
            tuple((s.header.lower().encode("latin-1"), s) for s in alternative)
            for alternative in op.security
        )
        headers = tuple(dict.fromkeys(credential_label(s) for alt in op.security for s in alt))
        schema = op.request_schema
        query = tuple(
            QueryParam(
                p.name,
                p.required,
                p.schema.get("type") == "integer",
                model.validator(dict(p.schema)),
                p.schema.get("default"),
            )
            for p in op.parameters
            if p.location == "query"
        )
        success = op.success_status
        template, response_schema = _template(model, op, success)
        unwrap = op.extensions.get("x-unwrap")
        unwrap = unwrap if isinstance(unwrap, str) and unwrap in _props(response_schema) else None
        data_schema = _props(response_schema).get(unwrap) if unwrap else response_schema
        return Route(
            op=op,
            security=security,
            headers=headers,
            validator=None if schema is None else op.request_validator(),
            strict_validator=(
                op.request_validator(strict=True)
                if schema is not None and self.profile == "strict"
                else None
            ),
            exact_schema=None if schema is None else model.deref(schema),
            body_required=op.request_required,
            query=query,
            success=success,
            response_schema=response_schema,
            template=template,
            unwrap=unwrap,
            data_schema=data_schema if isinstance(data_schema, Mapping) else {},
            lifecycle=op.lifecycle,
        )
