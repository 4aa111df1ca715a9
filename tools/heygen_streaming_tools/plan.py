"""What each side of a round trip does, computed in compat's process from both specs and handed
to the sides as plain JSON (a side runs a tree's own code, which may predate `spec_model`)."""

from __future__ import annotations

from typing import Any

from heygen_streaming.lifecycle import path_to
from heygen_streaming.spec_model import Operation, SpecModel

from .examples import draw, minimal, probes
from .verdict import Change

__all__ = ["client_plan", "prepared", "server_plan"]


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
    bodies += draw(schema, count, seed) + list(op.request_examples.values())
    if validator is not None:
        bodies = [b for b in bodies if validator.is_valid(b)]
    cases = [{"body": b, "params": params[i % len(params)]} for i, b in enumerate(bodies)]
    # The spec's own examples come last: valid where the drawing does not cover a schema (a
    # union told apart by a discriminator). When nothing is valid, the minimal body still goes:
    # the side reports whatever happens to it.
    fallback = {"body": minimal(schema), "params": params[0]}
    return cases or [fallback], cases[0] if cases else fallback


def _session(model: SpecModel) -> dict[str, Any] | None:
    """How the client side opens and closes a session to put real ids in its requests."""
    rules = model.lifecycle
    create = next((op for op in model.operations if op.lifecycle.creates), None)
    close = next((op for op in model.operations if op.lifecycle.closes), None)
    if rules.session_id is None or create is None:
        return None
    return {
        "field": rules.session_id,
        "token": rules.token_field,
        "create": create.operation_id,
        "close": None if close is None else close.operation_id,
    }


def _named_in(model: SpecModel, op: Operation) -> str | None:
    """Where `op` names its session: "path", "body" or None (not by the session-id field)."""
    field = model.lifecycle.session_id
    if any(p.name == field and p.location == "path" for p in op.parameters):
        return "path"
    schema = model.deref(op.request_schema) if op.request_schema is not None else {}
    return "body" if field in (schema.get("properties") or {}) else None


def _auth(op: Operation) -> dict[str, Any]:
    """The credential the client side sends: the key where an API key header is accepted,
    else the session's token (a bearer scheme serves the session it was minted with)."""
    schemes = [s for alternative in op.security for s in alternative]
    key = next((s for s in schemes if s.type == "apiKey"), None)
    use = key or next(iter(schemes), None)
    if use is None:
        return {"header": None, "prefix": "", "token": False}
    return {"header": use.header, "prefix": use.prefix, "token": key is None}


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


def client_plan(
    client: SpecModel, server: SpecModel, changes: list[Change], count: int, seed: int
) -> dict[str, Any]:
    """The client side's work: its operations' requests, and the server's answers to parse."""
    operations = []
    for op in client.operations:
        cases, smallest = _requests(client, op, changes, count, seed)
        operations.append(
            {
                "operation_id": op.operation_id,
                "auth": _auth(op),
                "requests": cases,
                "minimal": smallest,
                "session_in": _named_in(client, op),
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
    fields = {"code": client.envelope.code, "message": client.envelope.message}
    plan = {"operations": operations, "responses": responses, "session": _session(client)}
    return plan | {"envelope": fields}


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
                "schema": None if op.request_schema is None else server.deref(op.request_schema),
                "status": op.success_status,
                "answer": example,
            }
        )
    return {"routes": routes}
