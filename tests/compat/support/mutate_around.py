"""Spec mutations of responses and around the bodies (statuses, security, paths, operations)."""

from __future__ import annotations

import copy
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

from .targets import find, optional, plain_string, required

__all__ = [
    "description",
    "header_renamed",
    "operation_added",
    "operation_removed",
    "operation_renamed",
    "parameter_added",
    "path_renamed",
    "probe_narrowed",
    "probe_operation",
    "response_added",
    "response_enum_added",
    "response_enum_first",
    "response_enum_value_added",
    "response_optional",
    "response_removed",
    "response_required",
    "response_retyped",
    "scheme_retyped",
    "status_added",
    "status_removed",
    "with_probe",
]

Document = dict[str, Any]


def response_removed(m: SpecModel) -> str:
    t = find(m, "response", required)
    del t.holder["properties"][t.name]
    t.holder["required"] = [r for r in t.holder["required"] if r != t.name]
    return t.where


def response_added(m: SpecModel, make_required: bool) -> str:
    t = find(m, "response", required)
    t.holder["properties"]["region"] = {"type": "string"}
    if make_required:
        t.holder["required"] = [*t.holder["required"], "region"]
    prefix = t.path.rpartition(".")[0]
    return f"{t.where.rsplit(' ', 1)[0]} {prefix + '.' if prefix else ''}region"


def response_optional(m: SpecModel) -> str:
    t = find(m, "response", required)
    t.holder["required"] = [r for r in t.holder["required"] if r != t.name]
    return t.where


def response_required(m: SpecModel) -> str:
    t = find(m, "response", optional)
    t.holder["required"] = [*(t.holder.get("required") or []), t.name]
    return t.where


def response_enum_added(m: SpecModel) -> str:
    t = find(m, "response", lambda t: plain_string(t) and t.name not in m.secret_fields)
    t.schema["enum"] = ["a", "b"]
    return t.where


def response_enum_value_added(m: SpecModel) -> str:
    t = find(m, "response", lambda t: t.schema.get("enum") == ["a", "b"])
    t.schema["enum"] = ["a", "b", "c"]
    return t.where


def response_enum_first(m: SpecModel) -> str:
    t = find(m, "response", lambda t: plain_string(t) and t.name not in m.secret_fields)
    t.schema["enum"] = ["a", "b"]
    return ""


def response_retyped(m: SpecModel) -> str:
    t = find(m, "response", lambda t: required(t) and plain_string(t))
    t.holder["properties"][t.name] = {"type": "integer"}
    return t.where


# -- around the bodies -------------------------------------------------------------------------


def error_status(op: Operation) -> int:
    return next(s for s in op.responses if s >= 400)


def status_added(m: SpecModel) -> str:
    op = m.operations[0]
    template = op.node["responses"][str(error_status(op))]
    op.node["responses"]["402"] = copy.deepcopy(template)
    return f"{op.operation_id} status 402"


def status_removed(m: SpecModel) -> str:
    op = m.operations[0]
    status = max(op.responses)
    del op.node["responses"][str(status)]
    return f"{op.operation_id} status {status}"


def header_renamed(m: SpecModel) -> str:
    scheme = next(
        s for s in m.document["components"]["securitySchemes"].values() if s["type"] == "apiKey"
    )
    scheme["name"] = "X-Api-Token"
    return f"{m.operations[0].operation_id} security"


def scheme_retyped(m: SpecModel) -> str:
    schemes = m.document["components"]["securitySchemes"]
    name = next(n for n, s in schemes.items() if s["type"] == "apiKey")
    schemes[name] = {"type": "http", "scheme": "basic"}
    return f"{m.operations[0].operation_id} security"


def path_renamed(m: SpecModel) -> str:
    op = m.operations[0]
    paths = m.document["paths"]
    paths[f"{op.path}_v2"] = paths.pop(op.path)
    return f"{op.operation_id} operation"


def operation_renamed(m: SpecModel) -> str:
    op = m.operations[0]
    op.node["operationId"] = f"{op.operation_id}_renamed"  # type: ignore[index]
    return f"{op.operation_id}_renamed operation"


def operation_removed(m: SpecModel) -> str:
    op = m.operations[0]
    del m.document["paths"][op.path][op.method.lower()]
    if not m.document["paths"][op.path]:
        del m.document["paths"][op.path]
    return f"{op.operation_id} operation"


def probe_operation(document: Document) -> None:
    """Adds `POST /v1/streaming.probe` (operationId `probe`): a required string and an integer
    1..5, a documented 200 and 400 (issue 8's end-to-end example), and the 401 of the spec's
    other operations when they document one: the operation inherits the document's security,
    so a server answers 401 to a call without credentials."""
    first = SpecModel(document).operations[0]
    error = copy.deepcopy(first.node["responses"][str(error_status(first))])
    unauthorized = first.node["responses"].get("401")
    document["paths"]["/v1/streaming.probe"] = {
        "post": {
            "operationId": "probe",
            "summary": "Probe the service.",
            "tags": list(first.node.get("tags") or []),
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["name", "level"],
                            "additionalProperties": False,
                            "properties": {
                                "name": {"type": "string", "examples": ["probe"]},
                                "level": {"type": "integer", "minimum": 1, "maximum": 5},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "Probed.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["ok"],
                                "properties": {"ok": {"type": "boolean"}},
                            },
                            "examples": {"ok": {"value": {"ok": True}}},
                        }
                    },
                },
                "400": error,
            },
        }
    }
    if unauthorized is not None:
        responses = document["paths"]["/v1/streaming.probe"]["post"]["responses"]
        responses["401"] = copy.deepcopy(unauthorized)


def operation_added(m: SpecModel) -> str:
    probe_operation(m.document)
    return "probe operation"


def probe_narrowed(m: SpecModel) -> str:
    schema = m.document["paths"]["/v1/streaming.probe"]["post"]["requestBody"]["content"]
    schema["application/json"]["schema"]["properties"]["level"]["maximum"] = 4
    return "probe request level"


def with_probe(m: SpecModel) -> str:
    probe_operation(m.document)
    return ""


def description(m: SpecModel) -> str:
    t = find(m, "request", lambda t: True)
    t.node["description"] = "Reworded."
    return "spec"


def parameter_added(m: SpecModel, is_required: bool) -> str:
    op = m.operations[-1]
    op.node.setdefault("parameters", []).append(  # type: ignore[attr-defined]
        {"name": "region", "in": "query", "required": is_required, "schema": {"type": "string"}}
    )
    return f"{op.operation_id} parameter query region"
