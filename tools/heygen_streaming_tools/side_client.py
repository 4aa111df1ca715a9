"""The client half of a compat side: the tree's own client sends every planned request and
parses every planned answer, the way that tree's shipped client does.

`client.<operationId>(**fields)` when the tree's StreamingClient has the method; the generated
`sync_detailed` of that operation otherwise (trees older than the client layer, or operations
it lacks), and the run says which.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

__all__ = ["drive", "from_tree", "warm"]

Outcome = dict[str, Any]
Call = Callable[[str, dict[str, Any]], Outcome | None]


def from_tree(module: str, root: Path) -> Any | None:
    """`module` imported from `root`, or None when that tree does not have it."""
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return None
    where = Path(getattr(loaded, "__file__", "") or "").resolve()
    return loaded if root.resolve() in where.parents else None


class _Recorder(httpx.BaseTransport):
    """Wraps a transport and keeps the last request body sent and the last answer received."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.wire: Any = None
        self.status: int | None = None
        self.answer: Any = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()
        self.wire = json.loads(content) if content else None
        response = self.inner.handle_request(request)
        response.read()
        self.status = response.status_code
        try:
            self.answer = json.loads(response.content) if response.content else None
        except ValueError:
            self.answer = None
        return response

    def close(self) -> None:
        self.inner.close()


def _failed(message: str) -> Outcome:
    return {"status": None, "code": None, "message": message}


def _layer_call(root: Path, base_url: str, key: str, transport: Any) -> tuple[str, Call] | None:
    """Calls through the tree's StreamingClient: `client.<operationId>(**fields)`."""
    layer = from_tree("heygen_streaming", root)
    if layer is None or not hasattr(layer, "StreamingClient"):
        return None
    # One client for the whole run: building an httpx client (TLS context) per call is slow.
    client = layer.StreamingClient(
        api_key=key, base_url=base_url, max_retries=0, transport=transport
    )

    def call(operation_id: str, case: dict[str, Any]) -> Outcome | None:
        method = getattr(client, operation_id, None)
        if method is None:
            return None  # this tree's layer lacks the operation: the generated client stands in
        try:
            value = method(**{**(case.get("body") or {}), **(case.get("params") or {})})
        except layer.APIStatusError as exc:
            return {
                "status": exc.status_code,
                "code": getattr(exc, "code", None),
                "message": exc.message,
            }
        except layer.HeyGenError as exc:
            return _failed(f"{type(exc).__name__}: {exc}")
        return {"status": 200, "code": None, "message": "", "value": value}

    return "StreamingClient", call


def _api_modules() -> dict[str, ModuleType]:
    """operationId -> the generated api module of that operation."""
    api = importlib.import_module("heygen_streaming_api.api")
    found: dict[str, ModuleType] = {}
    for info in pkgutil.walk_packages(api.__path__, "heygen_streaming_api.api."):
        if not info.ispkg:
            module = importlib.import_module(info.name)
            if hasattr(module, "sync_detailed"):
                found[info.name.rsplit(".", 1)[-1]] = module
    return found


def _generated_call(
    base_url: str, key: str, header: Callable[[str], str], transport: _Recorder
) -> Call:
    """Calls through the generated functions (`sync_detailed`), for what the layer lacks."""
    from heygen_streaming_api import AuthenticatedClient

    modules = _api_modules()

    def call(operation_id: str, case: dict[str, Any]) -> Outcome | None:
        module = modules.get(operation_id)
        if module is None:
            return _failed(f"no generated function {operation_id}")
        api = AuthenticatedClient(
            base_url,
            token=key,
            prefix="",
            auth_header_name=header(operation_id),
            httpx_args={"transport": transport},
            raise_on_unexpected_status=False,
        )
        kwargs = dict(case.get("params") or {})
        if case.get("body") is not None:
            hint = inspect.signature(module.sync_detailed).parameters["body"].annotation
            name = str(getattr(hint, "__name__", hint)).split("|")[0].strip()
            kwargs["body"] = getattr(module, name).from_dict(case["body"])
        status = int(module.sync_detailed(client=api, **kwargs).status_code)
        answer = transport.answer if isinstance(transport.answer, dict) else {}
        if 200 <= status < 300:
            return {"status": status, "code": None, "message": ""}
        message = str(answer.get("message", ""))
        return {"status": status, "code": answer.get("code"), "message": message}

    return call


def _caller(
    root: Path, base_url: str, key: str, plan: dict[str, Any], transport: Any
) -> tuple[str, Call]:
    headers = {op["operation_id"]: op["header"] for op in plan["operations"]}
    generated = _generated_call(base_url, key, lambda op: headers.get(op, "X-Api-Key"), transport)
    layer = _layer_call(root, base_url, key, transport)
    if layer is None:
        return "generated client (no StreamingClient in this tree)", generated
    which, through_layer = layer

    def call(operation_id: str, case: dict[str, Any]) -> Outcome | None:
        outcome = through_layer(operation_id, case)
        return generated(operation_id, case) if outcome is None else outcome

    return which, call


def _session_id(recorder: _Recorder, session: dict[str, Any]) -> Any:
    answer = recorder.answer
    if isinstance(answer, dict) and session.get("unwrap") in answer:
        answer = answer[session["unwrap"]]
    return answer.get(session["field"]) if isinstance(answer, dict) else None


def _send_all(call: Call, recorder: _Recorder, plan: dict[str, Any]) -> list[dict[str, Any]]:
    session: dict[str, Any] = plan.get("session") or {}
    minimal = {op["operation_id"]: op["minimal"] for op in plan["operations"]}
    out = []
    for op in plan["operations"]:
        session_id = None
        if session and op["uses_session"]:
            # A real session for this operation's requests (a random id is only ever unknown).
            opening = minimal.get(session["create"], {"body": {}, "params": {}})
            if call(session["create"], opening) is not None:
                session_id = _session_id(recorder, session)
            steps = (op.get("prepare") or []) if session_id is not None else []
            for step in steps:
                # Into the state the operation requires (`start` before `task`, ...).
                base = minimal.get(step, {"body": {}, "params": {}})
                body = {**(base.get("body") or {}), session["field"]: session_id}
                call(step, {**base, "body": body})
        for case in op["requests"]:
            if session_id is not None and isinstance(case.get("body"), dict):
                case = {**case, "body": {**case["body"], session["field"]: session_id}}
            recorder.wire, recorder.status = None, None
            try:
                outcome = call(op["operation_id"], case) or {}
            except Exception as exc:  # a client that cannot even build it is a finding
                outcome = _failed(f"{type(exc).__name__}: {exc}")
            outcome.pop("value", None)
            got = recorder.status
            if outcome.get("status") == 200 and got is not None:
                outcome["status"] = got
            elif outcome.get("status") is None and got is not None and 200 <= got < 300:
                # Accepted, but the client could not make sense of the answer.
                outcome.update(status=got, unparsed=True)
            wire = recorder.wire if recorder.wire is not None else case.get("body")
            out.append(
                {"operation": op["operation_id"], "body": case.get("body"), "wire": wire, **outcome}
            )
        if session_id is not None and session.get("close"):  # frees the concurrency slot
            call(session["close"], {"body": {session["field"]: session_id}, "params": {}})
    return out


def _parse_all(root: Path, key: str, plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Each answer body parsed the way the tree's client parses it: a 2xx must give a value,
    any other status an APIStatusError (documented or not), anything else is an error."""
    queued: list[tuple[int, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        status, body = queued[-1]
        return httpx.Response(status, json=body)

    recorder = _Recorder(httpx.MockTransport(answer))
    _, call = _caller(root, "http://compat.invalid", key, plan, recorder)
    minimal = {op["operation_id"]: op["minimal"] for op in plan["operations"]}
    out = []
    for r in plan["responses"]:
        queued.append((r["status"], r["body"]))
        try:
            outcome = call(r["operation"], minimal[r["operation"]]) or {}
        except Exception as exc:
            outcome = _failed(f"{type(exc).__name__}: {exc}")
        got = outcome.get("status")
        if 200 <= r["status"] < 300:
            ok = got is not None and 200 <= got < 300
            error = "" if ok else str(outcome.get("message") or "no value returned")
        else:
            ok = got == r["status"]
            error = "" if ok else f"not reported as HTTP {r['status']}: {outcome.get('message')}"
        out.append({**r, "error": error})
    return out


def drive(root: Path, base_url: str, key: str, plan: dict[str, Any]) -> dict[str, Any]:
    """Send every request case to the server and parse every response body; report each."""
    recorder = _Recorder(httpx.HTTPTransport())
    which, call = _caller(root, base_url, key, plan, recorder)
    requests = _send_all(call, recorder, plan)
    return {"client": which, "requests": requests, "responses": _parse_all(root, key, plan)}


def warm(root: Path) -> None:
    """Import what driving needs while compat is still planning."""
    from_tree("heygen_streaming", root)
    from_tree("heygen_streaming_mock", root)
    with contextlib.suppress(ImportError):  # said when driving
        _api_modules()
