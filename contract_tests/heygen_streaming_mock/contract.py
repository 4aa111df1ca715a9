"""The spec, loaded once: the operation's route, statuses, examples and compiled validators."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from heygen_streaming.spec import SchemaValidator, load_spec

__all__ = ["Contract", "SpecSource"]

SpecSource = Mapping[str, Any] | str | Path | None
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _ref_name(schema: Mapping[str, Any]) -> str:
    ref = schema.get("$ref", "")
    if not isinstance(ref, str) or not ref.startswith("#/components/schemas/"):
        raise ValueError(f"expected a $ref to #/components/schemas/..., got {schema!r}")
    return ref.rsplit("/", 1)[1]


class Contract:
    """Everything the mock knows about the API, read from the spec and nothing else.

    Behaviour modules ask this object; none of them re-types a schema, a status or an example.
    """

    def __init__(self, spec: SpecSource = None, operation_id: str = "new_session") -> None:
        if spec is None or isinstance(spec, str | Path):
            document = load_spec(spec)
        else:
            # A copy: callers (tests) may mutate their dict afterwards without changing the mock.
            document = copy.deepcopy(dict(spec))
        self.spec: dict[str, Any] = document
        self.path, self.method, self.operation = self._find(operation_id)
        body = self.operation["requestBody"]["content"]["application/json"]
        self.request_schema_name = _ref_name(body["schema"])
        self.responses: dict[int, dict[str, Any]] = {
            int(code): self.resolve(response)
            for code, response in self.operation["responses"].items()
            if str(code).isdigit()
        }
        ok = self.responses[200]["content"]["application/json"]["schema"]
        self.response_schema_name = _ref_name(ok)
        err = self.responses[400]["content"]["application/json"]["schema"]
        self.error_schema_name = _ref_name(err)
        self.request_validator = SchemaValidator(document, self.request_schema_name)
        self.response_validator = SchemaValidator(document, self.response_schema_name)
        self.error_validator = SchemaValidator(document, self.error_schema_name)
        self.api_key_header = self._api_key_header()
        self.secret_fields = self._secret_fields()

    def _find(self, operation_id: str) -> tuple[str, str, dict[str, Any]]:
        for path, item in self.spec["paths"].items():
            for method in _METHODS:
                op = item.get(method)
                if isinstance(op, Mapping) and op.get("operationId") == operation_id:
                    return str(path), method.upper(), dict(op)
        raise ValueError(f"the spec has no operation {operation_id!r}")

    def resolve(self, node: Any) -> Any:
        """`node` with a local `$ref` (of any depth of indirection) followed."""
        seen = 0
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            target: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
            seen += 1
            if seen > 32:
                raise ValueError("a $ref cycle in the spec")
        return node

    def schema(self, name: str) -> dict[str, Any]:
        return dict(self.spec["components"]["schemas"][name])

    @property
    def statuses(self) -> tuple[int, ...]:
        """Every status the operation documents, ascending."""
        return tuple(sorted(self.responses))

    def examples(self, status: int) -> dict[str, Any]:
        """The named examples the spec gives for `status` (may be empty)."""
        content = self.responses.get(status, {}).get("content", {}).get("application/json", {})
        named = {
            k: self.resolve(v).get("value") for k, v in (content.get("examples") or {}).items()
        }
        if not named and "example" in content:
            named["example"] = content["example"]
        return named

    def description(self, status: int) -> str:
        return str(self.responses.get(status, {}).get("description", "")).strip()

    def documents_header(self, status: int, name: str) -> bool:
        headers = self.responses.get(status, {}).get("headers") or {}
        return any(str(h).lower() == name.lower() for h in headers)

    def _api_key_header(self) -> str:
        schemes = self.spec.get("components", {}).get("securitySchemes", {})
        for scheme in schemes.values():
            scheme = self.resolve(scheme)
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                return str(scheme["name"])
        return "X-Api-Key"

    def _secret_fields(self) -> frozenset[str]:
        found: set[str] = set()
        stack: list[Any] = [self.spec.get("components", {})]
        while stack:
            node = stack.pop()
            if isinstance(node, Mapping):
                for name, prop in (node.get("properties") or {}).items():
                    if isinstance(prop, Mapping) and prop.get("x-secret") is True:
                        found.add(str(name))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        return frozenset(found)
