"""One operation of the spec and the pieces it is made of: security schemes, parameters, responses.

Built by `SpecModel`, through which each reads its raw node lazily.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .lifecycle import OperationLifecycle
from .listing import ListMapping

if TYPE_CHECKING:
    from .spec import SchemaValidator
    from .spec_model import SpecModel

__all__ = ["Operation", "Parameter", "Response", "SecurityScheme"]


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """One entry of `components.securitySchemes`: the `header` carrying the credential, after
    `prefix` (`"Bearer "`, or `""` for an API key header)."""

    name: str
    type: str
    header: str
    prefix: str = ""
    scheme: str | None = None

    def value(self, credential: str) -> str:
        """The header value that carries `credential` under this scheme."""
        return f"{self.prefix}{credential}"

    def credential(self, header_value: str) -> str | None:
        """The credential inside a header value, or None when the value is not of this scheme."""
        if not self.prefix:
            return header_value
        if header_value[: len(self.prefix)].lower() == self.prefix.lower():
            return header_value[len(self.prefix) :].strip()
        return None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A query, path or header parameter of an operation (its schema resolved one level)."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Response:
    """One documented status of an operation: its JSON schema (raw node), examples and headers."""

    status: int
    description: str
    schema: Mapping[str, Any] | None
    examples: Mapping[str, Any]
    headers: frozenset[str]


@dataclass(frozen=True, eq=False)
class Operation:
    """One operation of the spec, with everything a consumer needs and its raw node."""

    model: SpecModel = field(repr=False)
    operation_id: str
    method: str
    path: str
    node: Mapping[str, Any] = field(repr=False)

    @property
    def summary(self) -> str:
        return str(self.node.get("summary", ""))

    @property
    def description(self) -> str:
        return str(self.node.get("description", "")).strip()

    @cached_property
    def security(self) -> tuple[tuple[SecurityScheme, ...], ...]:
        """The alternatives (any one suffices), each a set of schemes needed together."""
        raw = self.node.get("security", self.model.document.get("security", []))
        schemes = self.model.security_schemes
        return tuple(
            tuple(schemes[name] for name in requirement if name in schemes)
            for requirement in raw or []
        )

    @cached_property
    def _body(self) -> Mapping[str, Any]:
        body = self.model.resolve(self.node.get("requestBody") or {})
        return body if isinstance(body, Mapping) else {}

    @property
    def request_schema(self) -> Mapping[str, Any] | None:
        """The JSON request body's schema node (may be a `$ref`), None without a JSON body."""
        media = (self._body.get("content") or {}).get("application/json") or {}
        schema = media.get("schema")
        return schema if isinstance(schema, Mapping) else None

    @property
    def request_required(self) -> bool:
        return bool(self._body.get("required", False))

    @property
    def request_examples(self) -> dict[str, Any]:
        media = (self._body.get("content") or {}).get("application/json") or {}
        return self.model.examples_of(media)

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        found: dict[tuple[str, str], Parameter] = {}
        path_item = self.model.resolve(self.model.document["paths"][self.path])
        for raw in [*(path_item.get("parameters") or []), *(self.node.get("parameters") or [])]:
            p = self.model.resolve(raw)
            key = (str(p["name"]), str(p["in"]))
            found[key] = Parameter(
                name=key[0],
                location=key[1],
                required=bool(p.get("required", key[1] == "path")),
                schema=self.model.resolve(p.get("schema") or {}),
                description=str(p.get("description", "")).strip(),
            )
        return tuple(found.values())

    @cached_property
    def responses(self) -> dict[int, Response]:
        out: dict[int, Response] = {}
        for code, raw in (self.node.get("responses") or {}).items():
            if not str(code).isdigit():
                continue
            node = self.model.resolve(raw)
            media = (node.get("content") or {}).get("application/json") or {}
            schema = media.get("schema")
            out[int(code)] = Response(
                status=int(code),
                description=str(node.get("description", "")).strip(),
                schema=schema if isinstance(schema, Mapping) else None,
                examples=self.model.examples_of(media),
                headers=frozenset(str(h).lower() for h in (node.get("headers") or {})),
            )
        return dict(sorted(out.items()))

    @property
    def statuses(self) -> tuple[int, ...]:
        return tuple(self.responses)

    @property
    def success_status(self) -> int:
        """The lowest documented 2xx (200 when the operation documents none)."""
        return next((s for s in self.responses if 200 <= s < 300), 200)

    @property
    def extensions(self) -> dict[str, Any]:
        return {k: v for k, v in self.node.items() if str(k).startswith("x-")}

    @property
    def idempotent(self) -> bool:
        """`x-idempotent: true`: the operation is safe to repeat (see the client's retry rules)."""
        return self.lifecycle.idempotent is True

    @cached_property
    def lifecycle(self) -> OperationLifecycle:
        """The operation's `x-lifecycle` roles and `x-idempotent` (all None when it has none)."""
        return OperationLifecycle.parse(
            self.node.get("x-lifecycle"), self.node.get("x-idempotent"), self.operation_id
        )

    @cached_property
    def listing(self) -> ListMapping | None:
        """The list mapping (`x-list` with `x-lifecycle.lists`), None when it states none."""
        return ListMapping.parse(self)

    def request_validator(self, *, strict: bool = False) -> SchemaValidator | None:
        """The compiled validator of the request body (the strict profile with `strict`)."""
        schema = self.request_schema
        if schema is None:
            return None
        return self.model.validator(schema, strict=strict)

    def response_validator(self, status: int) -> SchemaValidator | None:
        response = self.responses.get(status)
        if response is None or response.schema is None:
            return None
        return self.model.validator(response.schema)
