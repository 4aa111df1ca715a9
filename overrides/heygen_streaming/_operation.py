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


def _json(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """The `application/json` media type object of a request body or response node."""
    return (node.get("content") or {}).get("application/json") or {}


def _schema(media: Mapping[str, Any]) -> Mapping[str, Any] | None:
    schema = media.get("schema")
    return schema if isinstance(schema, Mapping) else None


def _examples(model: SpecModel, media: Mapping[str, Any]) -> dict[str, Any]:
    """The named examples of a media type object (`example` alone is named "example")."""
    named = {
        str(k): model.resolve(v).get("value") for k, v in (media.get("examples") or {}).items()
    }
    if not named and "example" in media:
        named["example"] = media["example"]
    return named


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
        return tuple(tuple(schemes[n] for n in need if n in schemes) for need in raw or [])

    @cached_property
    def _body(self) -> Mapping[str, Any]:
        body = self.model.resolve(self.node.get("requestBody") or {})
        return body if isinstance(body, Mapping) else {}

    @property
    def request_schema(self) -> Mapping[str, Any] | None:
        """The JSON request body's schema node (may be a `$ref`), None without a JSON body."""
        return _schema(_json(self._body))

    @property
    def request_required(self) -> bool:
        return bool(self._body.get("required", False))

    @property
    def request_examples(self) -> dict[str, Any]:
        return _examples(self.model, _json(self._body))

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        found: dict[tuple[str, str], Parameter] = {}
        path_item = self.model.resolve(self.model.document["paths"][self.path])
        for raw in [*(path_item.get("parameters") or []), *(self.node.get("parameters") or [])]:
            p = self.model.resolve(raw)
            name, where = str(p["name"]), str(p["in"])
            found[name, where] = Parameter(
                name,
                where,
                bool(p.get("required", where == "path")),
                self.model.resolve(p.get("schema") or {}),
                str(p.get("description", "")).strip(),
            )
        return tuple(found.values())

    @cached_property
    def responses(self) -> dict[int, Response]:
        out: dict[int, Response] = {}
        for code, raw in (self.node.get("responses") or {}).items():
            if str(code).isdigit():
                node = self.model.resolve(raw)
                out[int(code)] = Response(
                    int(code),
                    str(node.get("description", "")).strip(),
                    _schema(_json(node)),
                    _examples(self.model, _json(node)),
                    frozenset(str(h).lower() for h in (node.get("headers") or {})),
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
        return OperationLifecycle.parse(self.node.get("x-lifecycle"), self.node.get("x-idempotent"))

    @cached_property
    def listing(self) -> ListMapping | None:
        """The list mapping (`x-list` with `x-lifecycle.lists`), None when it states none."""
        return ListMapping.parse(self)

    def request_validator(self, *, strict: bool = False) -> SchemaValidator | None:
        """The compiled validator of the request body (the strict profile with `strict`)."""
        schema = self.request_schema
        return None if schema is None else self.model.validator(schema, strict=strict)

    def response_validator(self, status: int) -> SchemaValidator | None:
        schema = self.responses[status].schema if status in self.responses else None
        return None if schema is None else self.model.validator(schema)
