"""Hypothesis strategies for the spec's schemas, built with schemathesis' public API only.

Request bodies come from the operation itself; any other component schema (the response, the
error) is wrapped in a one-operation document so schemathesis can draw values from it too.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import schemathesis
from heygen_streaming.spec_model import SpecModel
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

__all__ = ["request_bodies", "schema_values"]

_CONFIG = {"generation": {"database": "none"}}


def _bodies(
    document: Mapping[str, Any], path: str, mode: GenerationMode, method: str = "POST"
) -> st.SearchStrategy[Any]:
    config = SchemathesisConfig.from_dict(dict(_CONFIG))
    schema = schemathesis.openapi.from_dict(dict(document), config=config)
    operation = schema[path][method]
    return operation.as_strategy(generation_mode=mode).map(lambda case: case.body)


def request_bodies(
    spec: Mapping[str, Any], operation: str, *, valid: bool = True, strict: bool = False
) -> st.SearchStrategy[Any]:
    """Request bodies of the operation `operation` (an operationId): valid, or breaking its schema.

    `strict`: drawn from the strict profile (`SpecModel.strict`), what a careful client sends:
    nothing the live API merely tolerates (nulls, unknown fields, deprecated names).
    """
    model = SpecModel(spec)
    op = model.operation(operation)
    mode = GenerationMode.POSITIVE if valid else GenerationMode.NEGATIVE
    document: Mapping[str, Any] = spec
    if strict and op.request_schema is not None:
        document = copy.deepcopy(model.document)
        node = document["paths"][op.path][op.method.lower()]
        body = copy.deepcopy(model.resolve(node["requestBody"]))
        body["content"]["application/json"]["schema"] = model.strict(op.request_schema)
        node["requestBody"] = body
    return _bodies(document, op.path, mode, op.method)


def schema_values(spec: Mapping[str, Any], name: str) -> st.SearchStrategy[Any]:
    """Values valid against the spec's component schema `name` (e.g. `NewSessionResponse`)."""
    path = f"/__schema__/{name}"
    document = {
        "openapi": spec.get("openapi", "3.1.0"),
        "info": {"title": f"values of {name}", "version": "1"},
        "paths": {
            path: {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": copy.deepcopy(dict(spec["components"]["schemas"]))},
    }
    return _bodies(document, path, GenerationMode.POSITIVE)
