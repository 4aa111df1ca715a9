"""Prism's router, precompiled: each operation of the spec becomes a `Route` built once at start,
holding what a request to it needs (security alternatives, the body's validator for the profile,
query parameters, the template of its 2xx body: its first valid example, else generated).
"""

from __future__ import annotations

import copy
import re
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
    """How a refusal names a credential: "X-Api-Key header", "Bearer token"."""
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
    template: Any  # a valid 2xx body
    unwrap: str | None  # `x-unwrap`: the property holding the operation's data
    data_schema: Any  # the unwrapped object's schema (or the whole body's)
    data_props: dict[str, Any]  # the unwrapped object's fields
    outer_props: frozenset[str]  # the body's own fields
    lifecycle: OperationLifecycle = field(default_factory=OperationLifecycle)
    behaviour: Any = None  # roles.Behaviour, attached by the core

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
            elif isinstance(inner, dict) or self.unwrap not in body:
                body[self.unwrap] = dict(inner or {})
            target = body[self.unwrap]  # a documented null payload stays null
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
    found = next((v for v in response.examples.values() if validator.is_valid(v)), None)
    template = copy.deepcopy(found) if found is not None else generate(schema)
    if isinstance(template, dict):  # the envelope's fixed success fields (`code: 1000`...)
        template.update(model.envelope.success)
    return template, schema


def _pattern(path: str) -> re.Pattern[str]:
    """A path template as a pattern: each `{name}` is one whole segment, named."""
    parts = re.split(r"\{([^{}/]+)\}", path)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<p{i // 2}>[^/]+)" for i, part in enumerate(parts)
    )
    return re.compile(regex)


class Router:
    """Every operation of `model`, by method and path: a literal path first, then the templates
    (`/v1/items/{id}`, fewest parameters first); 404 and 405 (with `Allow`) otherwise."""

    def __init__(self, model: SpecModel, profile: str = "exact") -> None:
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}, got {profile!r}")
        self.model = model
        self.profile = profile
        self.envelope = model.envelope
        self.routes = {(op.method, op.path): self._compile(op) for op in model.operations}
        self._paths: dict[str, dict[str, Route]] = {}
        for (method, path), route in self.routes.items():
            self._paths.setdefault(path, {})[method] = route
        templated = sorted((p for p in self._paths if "{" in p), key=lambda p: p.count("{"))
        self._templates = [(_pattern(p), re.findall(r"\{([^{}/]+)\}", p), p) for p in templated]

    def _path(self, path: str) -> tuple[str | None, dict[str, str]]:
        """The spec's path serving `path`, and its path parameters' values."""
        if path in self._paths and "{" not in path:
            return path, {}
        for pattern, names, template in self._templates:
            found = pattern.fullmatch(path)
            if found is not None:
                return template, dict(zip(names, found.groups(), strict=True))
        return None, {}

    def find(self, method: str, path: str) -> tuple[Route, dict[str, str]] | Reply:
        """The route of `method path` and its path parameters, or the 404 / 405 answer."""
        template, params = self._path(path)
        if template is None:
            return Reply.error(self.envelope, 404, f"{path[:200]}: no such path")
        routes = self._paths[template]
        route = routes.get(method)
        if route is not None:
            return route, params
        methods = ", ".join(routes)
        allow = ((b"allow", methods.encode()),)
        return Reply.error(
            self.envelope, 405, f"method {method[:20]}: not allowed on {path}, use {methods}", allow
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
        outer = _props(response_schema)
        unwrap = op.extensions.get("x-unwrap")
        unwrap = unwrap if isinstance(unwrap, str) and unwrap in outer else None
        data_schema = outer.get(unwrap) if unwrap else response_schema
        data_schema = data_schema if isinstance(data_schema, Mapping) else {}
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
            template=template,
            unwrap=unwrap,
            data_schema=data_schema,
            data_props=_props(data_schema),
            outer_props=frozenset(outer),
            lifecycle=op.lifecycle,
        )
