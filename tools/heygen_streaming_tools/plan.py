"""What each side of a round trip does, computed once in compat's own process from both specs.

The sides run a tree's own code, which may predate `spec_model` (or have only one operation), so
they are handed plain JSON: request cases per operation (drawn from the client's strict profile,
what a careful client sends), response bodies per status (drawn from the server's schemas), and
for a server without a mock, each route's inlined schema. Nothing on a side resolves a `$ref`.
"""

from __future__ import annotations

from typing import Any

from heygen_streaming.lifecycle import path_to
from heygen_streaming.spec_model import Operation, SpecModel

from .examples import draw, minimal, probes
from .verdict import Change

__all__ = ["client_plan", "prepared", "server_plan", "state_errors"]


def _params_schema(model: SpecModel, op: Operation) -> dict[str, Any]:
    """The operation's parameters as one object schema (name -> value), strict profile."""
    props = {p.name: model.strict(p.schema) for p in op.parameters}
    required = [p.name for p in op.parameters if p.required]
    return {"type": "object", "properties": props, "required": required}


def _requests(
    model: SpecModel, op: Operation, changes: list[Change], count: int, seed: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(cases, the minimal case): each case is {"body": ..., "params": {...}}."""
    params_schema = _params_schema(model, op)
    params = [minimal(params_schema)]
    mine = [c for c in changes if c.operation == op.operation_id]
    if op.parameters:
        at = [f"{c.side.split()[-1]}" for c in mine if c.side.startswith("parameter")]
        params = probes(params_schema, at) + draw(params_schema, count, seed)
    if op.request_schema is None:
        cases = [{"body": None, "params": p} for p in params]
        return cases, cases[0]
    schema = model.strict(op.request_schema)
    validator = op.request_validator(strict=True)
    bodies = probes(schema, [c.path for c in mine if c.side == "request"])
    bodies += draw(schema, count, seed)
    if validator is not None:
        bodies = [b for b in bodies if validator.is_valid(b)]
    cases = [{"body": b, "params": params[i % len(params)]} for i, b in enumerate(bodies)]
    # When nothing drawn is valid (a schema the drawing does not cover), still send the minimal
    # body: the side reports whatever happens to it.
    fallback = {"body": minimal(schema), "params": params[0]}
    return cases or [fallback], cases[0] if cases else fallback


def _session(model: SpecModel) -> dict[str, Any] | None:
    """How the client side opens and closes a session to put real ids in its requests."""
    field = model.lifecycle.session_id
    create = next((op for op in model.operations if op.lifecycle.creates), None)
    close = next((op for op in model.operations if op.lifecycle.closes), None)
    if field is None or create is None:
        return None
    return {
        "field": field,
        "create": create.operation_id,
        "unwrap": create.extensions.get("x-unwrap"),
        "close": None if close is None else close.operation_id,
    }


def prepared(model: SpecModel, op: Operation) -> tuple[str | None, list[str]]:
    """(the state the client side puts a session in before `op`'s requests, the operations
    bringing a new session there): the nearest state `op` requires; (None, []) when it requires
    none or none is reachable."""
    rules, wanted = model.lifecycle, op.lifecycle.requires
    if wanted is None or rules.initial is None:
        return None, []
    paths = [(s, path_to(rules, model.operations, s)) for s in wanted]
    found = [(s, p) for s, p in paths if p is not None]
    if not found:
        return None, []
    state, steps = min(found, key=lambda pair: len(pair[1]))
    return state, [step.operation_id for step in steps]


def _api_key_header(op: Operation) -> str:
    keys = (s.header for alternative in op.security for s in alternative if s.type == "apiKey")
    return next(keys, "X-Api-Key")


def client_plan(
    client: SpecModel, server: SpecModel, changes: list[Change], count: int, seed: int
) -> dict[str, Any]:
    """The client side's work: its operations' requests, and the server's answers to parse."""
    operations = []
    for op in client.operations:
        cases, smallest = _requests(client, op, changes, count, seed)
        field = (_session(client) or {}).get("field")
        schema = client.deref(op.request_schema) if op.request_schema is not None else {}
        operations.append(
            {
                "operation_id": op.operation_id,
                "method": op.method,
                "path": op.path,
                "header": _api_key_header(op),
                "requests": cases,
                "minimal": smallest,
                "uses_session": bool(field) and field in (schema.get("properties") or {}),
                "prepare": prepared(client, op)[1],
            }
        )
    responses = []
    for server_op in server.operations:
        mine = client.route(server_op.method, server_op.path)
        if mine is None:
            continue  # an operation the client does not have: nothing of it to parse
        for status, response in server_op.responses.items():
            if response.schema is None:
                continue
            schema = server.deref(response.schema)
            at = [
                c.path
                for c in changes
                if c.operation == mine.operation_id
                and c.side.startswith("response")
                and str(status) in c.side.split()[-1].split(",")
            ]
            bodies = probes(schema, at)
            # Callers read the success body; any other status is an APIStatusError whatever its
            # body, so the minimal one shows it (a few more when the change is there).
            extra = count if 200 <= status < 300 else (count // 4 if at else 0)
            bodies += draw(schema, extra, seed)
            validator = server.validator(response.schema)
            responses += [
                {"operation": mine.operation_id, "status": status, "body": b}
                for b in bodies
                if validator.is_valid(b)
            ]
    return {"operations": operations, "responses": responses, "session": _session(client)}


def server_plan(server: SpecModel) -> dict[str, Any]:
    """Routes for a tree without a mock: a spec-driven validator stands in for it."""
    routes = []
    for op in server.operations:
        ok = op.responses.get(op.success_status)
        example = next(iter(ok.examples.values()), None) if ok is not None else None
        if example is None and ok is not None and ok.schema is not None:
            example = minimal(server.deref(ok.schema))
        routes.append(
            {
                "method": op.method,
                "path": op.path,
                "header": _api_key_header(op),
                "schema": None if op.request_schema is None else server.deref(op.request_schema),
                "status": op.success_status,
                "answer": example,
            }
        )
    return {"routes": routes}


def state_errors(model: SpecModel) -> frozenset[tuple[int, int | None]]:
    """The (status, code) answers the spec documents for a session's state, not a body's shape
    (the kinds `validation`, `unauthenticated`... are a request's, not a state's)."""
    errors = model.lifecycle.errors
    return frozenset((e.status, e.code) for k, e in errors.items() if k in _STATE_KINDS)


_STATE_KINDS = frozenset({"wrong-state", "unknown-session", "concurrency"})
