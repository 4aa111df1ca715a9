"""Run one conformance unit with the schemathesis engine and collect a masked, countable result."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import schemathesis
from heygen_streaming.spec_model import SpecModel
from schemathesis.engine import events, from_schema

from .caller import Caller
from .coverage import OperationCoverage, Shape
from .ledger import stop_sessions, unwrap
from .masking import mask_text
from .profiles import Profile, build_config
from .results import CheckCount, FailureReport, RunResult
from .rules import Rules

# The result types live in results.py; re-exported here, where callers have always found them.
__all__ = ["CheckCount", "FailureReport", "RunResult", "Target", "has_links", "run_unit"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where the requests go: an in-process ASGI app, or a base URL over real HTTP."""

    app: Any = None
    base_url: str | None = None

    def __post_init__(self) -> None:
        if (self.app is None) == (self.base_url is None):
            raise ValueError("a Target is either an ASGI app or a base URL")

    @property
    def label(self) -> str:
        return self.base_url or "in-process ASGI app"


class _Operations:
    """operationId and request shape of each (method, path) schemathesis reports, looked up once."""

    def __init__(self, model: SpecModel) -> None:
        self.model = model
        self.shapes: dict[str, Shape] = {}
        self.rules = Rules.of(model)
        self.creating = {op.operation_id for op in self.rules.with_rule("creates")}

    def identify(self, case: Any) -> tuple[str, Shape | None]:
        op = self.model.route(str(case.operation.method), str(case.operation.path))
        if op is None:  # an undeclared method (unsupported_method's probe) or path
            return f"{case.operation.method} {case.operation.path}", None
        shape = self.shapes.get(op.operation_id)
        if shape is None:
            shape = self.shapes[op.operation_id] = Shape.of(self.model, op)
        return op.operation_id, shape


def _session_id(ops: _Operations, op_id: str, response: Any) -> str | None:
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return None
    data = unwrap(ops.rules, op_id, body)
    found = data.get(ops.rules.session_field) if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


def _record(result: RunResult, recorder: Any, secrets: tuple[str, ...], ops: _Operations) -> None:
    result.cases += len(recorder.cases)
    case_ops: dict[str, str] = {}
    for case_id, node in recorder.cases.items():
        op_id, shape = ops.identify(node.value)
        case_ops[case_id] = op_id
        cov = result.coverage.setdefault(op_id, OperationCoverage())
        if shape is not None:
            cov.add_request(shape, node.value.body)
        else:
            cov.cases += 1
        if node.transition is not None and node.is_transition_applied:
            cov.links[str(node.transition.id)] += 1
        interaction = recorder.interactions.get(case_id)
        response = getattr(interaction, "response", None)
        if response is not None:
            cov.statuses[int(response.status_code)] += 1
            if op_id in ops.creating and 200 <= response.status_code < 300:
                found = _session_id(ops, op_id, response)
                if found:
                    result.opened.append(found)
            warned = (response.headers or {}).get("x-mock-warnings")
            if warned:
                result.mock_warnings.add(str(warned[0] if isinstance(warned, list) else warned))
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            count = result.checks.setdefault(node.name, CheckCount())
            count.ran += 1
            if node.status.name == "SUCCESS":
                continue
            count.failed += 1
            info = node.failure_info
            failure = getattr(info, "failure", None)
            result.failures.append(
                FailureReport(
                    check=node.name,
                    title=mask_text(str(getattr(failure, "title", node.status.name)), secrets),
                    message=mask_text(str(getattr(failure, "message", "")), secrets),
                    curl=mask_text(str(getattr(info, "code_sample", "")), secrets),
                    operation=case_ops.get(case_id, ""),
                )
            )


def _api_key_header(model: SpecModel) -> str:
    scheme = next((s for s in model.security_schemes.values() if s.type == "apiKey"), None)
    return scheme.header if scheme is not None else "X-Api-Key"


def _state_refusals(model: SpecModel) -> dict[str, tuple[int, ...]]:
    """operationId -> the statuses of `Rules.session_refusals`, for each operation with any."""
    rules = Rules.of(model)
    found = {op.operation_id: rules.session_refusals(op) for op in model.operations}
    return {op: tuple(sorted({k.status for k in kinds})) for op, kinds in found.items() if kinds}


def _not_judged(model: SpecModel, keep: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """operationId -> the schemathesis checks that cannot judge it. For an operation only a
    session token authenticates (the suite gets one through a link alone), `ignored_auth` takes
    the link's valid token for a generated one, and `missing_required_header` wants 401 for a
    missing Authorization where the spec may document another status (`unauthenticated`).
    An operation whose `requires` has the closed state answers after the session closes (a
    DELETE that closes it leaves it readable), which `use_after_free` takes for a bug.
    With `keep` (`--operation`), a path's other methods are left out of the document, so the
    method checks would call them undocumented."""
    rules = Rules.of(model)
    refused = rules.errors.get("unauthenticated")
    header = ("missing_required_header",) if refused and refused.status != 401 else ()
    found: dict[str, tuple[str, ...]] = {}
    for op in model.operations:
        if op.security and "apiKey" not in {s.type for alt in op.security for s in alt}:
            found[op.operation_id] = ("ignored_auth", *header)
        if rules.closed in (op.lifecycle.requires or ()):
            found[op.operation_id] = (*found.get(op.operation_id, ()), "use_after_free")
        kept = {o.method for o in model.operations if o.path == op.path and o.operation_id in keep}
        if keep and set(model.allowed_methods(op.path)) != kept:
            methods = ("unsupported_method", "allow_header_conformance")
            found[op.operation_id] = (*found.get(op.operation_id, ()), *methods)
    return found


def _only(model: SpecModel, keep: tuple[str, ...]) -> dict[str, Any]:
    """A copy of the document with only the operations `keep` and the links between them.

    Not `schema.include(...)`: schemathesis 4.32 ignores that filter as soon as the config has
    per-operation settings (which `state_refusals` adds).
    """
    document = copy.deepcopy(model.document)
    paths: dict[str, Any] = {}
    for op in model.operations:
        if op.operation_id not in keep:
            continue
        node = document["paths"][op.path][op.method.lower()]
        for response in (node.get("responses") or {}).values():
            links = model.resolve(response).get("links") if isinstance(response, dict) else None
            if isinstance(links, dict) and "$ref" not in response:
                response["links"] = {
                    name: link
                    for name, link in links.items()
                    if model.resolve(link).get("operationId") in keep
                }
        paths.setdefault(op.path, {})[op.method.lower()] = node
    document["paths"] = paths
    return document


def has_links(model: SpecModel, keep: tuple[str, ...]) -> bool:
    """Do the spec's links join any two of the operations `keep` (the stateful phase's need)?"""
    document = _only(model, keep)
    return any(
        isinstance(response, dict) and response.get("links")
        for item in document["paths"].values()
        for node in item.values()
        for response in (node.get("responses") or {}).values()
    )


def run_unit(
    spec: Mapping[str, Any] | SpecModel,
    target: Target,
    profile: Profile,
    *,
    seed: int,
    api_key: str,
    progress: Callable[[str], None] | None = None,
) -> RunResult:
    """Run one unit of the suite against `target` and return what every check found."""
    model = spec if isinstance(spec, SpecModel) else SpecModel(spec)
    config = build_config(
        profile,
        seed=seed,
        api_key=api_key,
        base_url=target.base_url,
        auth_header=_api_key_header(model),
        state_refusals=_state_refusals(model),
        not_judged=_not_judged(model, profile.operations),
    )
    document = _only(model, profile.operations) if profile.operations else model.document
    schema = schemathesis.openapi.from_dict(document, config=config)
    if target.app is not None:
        schema.app = target.app
    secrets = (api_key,)
    result = RunResult(label=profile.label)
    ops = _Operations(model)
    started = time.perf_counter()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(result, event.recorder, secrets, ops)
            if progress is not None:
                progress(f"{profile.label}: {result.cases} cases, {len(result.failures)} failures")
        elif isinstance(event, events.NonFatalError):
            result.errors.append(mask_text(f"{event.label}: {event.value!r}", secrets))
        elif isinstance(event, events.FatalError):
            result.errors.append(mask_text(repr(event.exception), secrets))
    result.elapsed = time.perf_counter() - started
    if result.opened:
        _stop_opened(model, target, api_key, result)
    return result


def _stop_opened(model: SpecModel, target: Target, api_key: str, result: RunResult) -> None:
    """Stop every session the unit's generated requests opened: the suite leaves none open.

    Without this a served mock (or a real server) keeps them until its idle timeout, and the
    next unit meets the concurrency limit instead of the behaviour it came to test.
    """
    from .transports import sync_transport_for

    transport = sync_transport_for(target.app) if target.app is not None else None
    caller = Caller(model, base_url=target.base_url, transport=transport, secrets=(api_key,))
    try:
        failed = stop_sessions(
            caller, Rules.of(model), caller.account("suite", api_key), result.opened
        )
    finally:
        caller.close()
    if failed:
        result.errors.append(
            f"{len(failed)} generated session(s) could not be stopped: {failed[:3]}"
        )
