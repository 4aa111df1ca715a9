"""One side of a compat round trip, in its own process: one tree's own mock and client.

Run as `python tools/compat_side.py --root TREE --package DIR` with PYTHONPATH set to the tree's
folders and DIR's (`roundtrip.Side`), so two versions of one package never share a process. It
imports first, then reads its work from stdin, one JSON line at a time:

1. the server plan (`plan.server_plan`, or `null`: serve nothing); it answers `PORT WHICH`;
2. `{"base_url": ..., "plan": ...}` (or `null`: drive nothing); it answers one JSON line;
3. end of input: it stops its server and exits.
The server is the tree's mock (strict) for DIR's contract, else a validator of the planned
routes; the client its client layer for it, else the generated functions. The run says which.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import json
import pkgutil
import re
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

__all__ = ["main"]

Outcome = dict[str, Any]
Call = Callable[[dict[str, Any], dict[str, Any], Any], Outcome | None]


def _from_tree(module: str, root: Path) -> Any | None:
    """`module` imported from `root`, or None when that tree does not have it."""
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return None
    where = Path(getattr(loaded, "__file__", "") or "").resolve()
    return loaded if root in where.parents else None


def _packaged(root: Path) -> Any:
    """The contract the tree's layer and mock serve when not told which (None: unknown)."""
    spec = _from_tree("heygen_streaming.spec", root)
    try:
        return spec.load_spec() if spec is not None else None
    except Exception:  # a tree whose default cannot load has no default
        return None


def _kwargs(function: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` under the function's own parameter names (a field `type` is `type_`)."""
    names = inspect.signature(function).parameters
    out = {}
    for name, value in fields.items():
        snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")
        out[next((n for n in (name, f"{name}_", snake, f"{snake}_") if n in names), name)] = value
    return out


class _Recorder(httpx.BaseTransport):
    """A transport that keeps the last request body sent and the last answer received."""

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
        self.status, self.answer = response.status_code, None
        with contextlib.suppress(ValueError):
            self.answer = json.loads(response.content) if response.content else None
        return response


def _outcome(status: int | None, code: Any = None, message: str = "") -> Outcome:
    return {"status": status, "code": code, "message": message}


def _failed(exc: Exception) -> Outcome:
    return _outcome(None, None, f"{type(exc).__name__}: {exc}")


def _layer(root: Path, package: str, document: Any, url: str, key: str, transport: Any) -> Any:
    """(which, call) through the tree's client layer for this contract, or None."""
    layer = _from_tree("heygen_streaming", root)
    if layer is not None and hasattr(layer, "client_class"):
        cls = layer.client_class(package)
    elif layer is not None and hasattr(layer, "StreamingClient") and _packaged(root) == document:
        cls = layer.StreamingClient
    else:
        return None
    client = cls(api_key=key, base_url=url, max_retries=0, transport=transport)

    def call(op: dict[str, Any], case: dict[str, Any], token: Any) -> Outcome | None:
        method = getattr(client, op["operation_id"], None)
        if method is None or op["auth"]["token"]:
            return None  # the generated function stands in
        fields = {**(case.get("body") or {}), **(case.get("params") or {})}
        try:
            method(**_kwargs(method, fields))
        except layer.APIStatusError as exc:
            return _outcome(exc.status_code, getattr(exc, "code", None), exc.message)
        except layer.HeyGenError as exc:
            return _failed(exc)
        return _outcome(200)

    return cls.__name__, call


def _generated(
    package: str, url: str, key: str, transport: _Recorder, envelope: dict[str, Any]
) -> Call:
    """Calls through the generated functions (`sync_detailed`); an error body's code and message
    are read from the fields `envelope` names (the spec's `x-envelope`)."""
    generated = importlib.import_module(package)
    api = importlib.import_module(f"{package}.api")
    modules = {
        info.name.rsplit(".", 1)[-1]: importlib.import_module(info.name)
        for info in pkgutil.walk_packages(api.__path__, f"{package}.api.")
        if not info.ispkg
    }

    def call(op: dict[str, Any], case: dict[str, Any], token: Any) -> Outcome | None:
        module = modules.get(op["operation_id"])
        if module is None:
            return _outcome(None, None, f"no generated function {op['operation_id']}")
        auth = op["auth"]
        client = generated.AuthenticatedClient(
            url,
            token=str(token if auth["token"] else key),
            prefix=auth["prefix"].strip(),
            auth_header_name=auth["header"] or "Authorization",
            httpx_args={"transport": transport},
            raise_on_unexpected_status=False,
        )
        kwargs = _kwargs(module.sync_detailed, dict(case.get("params") or {}))
        if case.get("body") is not None:
            hint = inspect.signature(module.sync_detailed).parameters["body"].annotation
            # The annotation may be a dotted path (`pkg.models.x.Model | Unset`): the class name.
            name = str(getattr(hint, "__name__", hint)).split("|")[0].strip().rsplit(".")[-1]
            kwargs["body"] = getattr(module, name).from_dict(case["body"])
        status = int(module.sync_detailed(client=client, **kwargs).status_code)
        answer = transport.answer if isinstance(transport.answer, dict) else {}
        if 200 <= status < 300:
            return _outcome(status)
        code, message = envelope.get("code"), envelope.get("message")
        return _outcome(status, answer.get(code or ""), str(answer.get(message or "", "")))

    return call


def _caller(
    root: Path, package: Path, url: str, key: str, transport: _Recorder, plan: dict[str, Any]
) -> tuple[str, Call]:
    document = json.loads((package / "openapi.json").read_text("utf-8"))
    envelope = plan.get("envelope") or {}
    generated = _generated(package.name, url, key, transport, envelope)
    layer = _layer(root, package.name, document, url, key, transport)
    if layer is None:
        return "generated client (no client layer for this contract in this tree)", generated
    which, through_layer = layer

    def call(op: dict[str, Any], case: dict[str, Any], token: Any) -> Outcome | None:
        outcome = through_layer(op, case, token)
        return generated(op, case, token) if outcome is None else outcome

    return which, call


def _find(answer: Any, field: str | None) -> Any:
    """The value of `field` in an answer, at its top or inside an envelope."""
    if not isinstance(answer, dict) or field is None:
        return None
    if field in answer:
        return answer[field]
    return next((v for v in map(lambda x: _find(x, field), answer.values()) if v is not None), None)


def _send_all(call: Call, recorder: _Recorder, plan: dict[str, Any]) -> list[dict[str, Any]]:
    session: dict[str, Any] = plan.get("session") or {}
    ops = {op["operation_id"]: op for op in plan["operations"]}
    out: list[dict[str, Any]] = []
    session_id: Any = None
    token: Any = None

    def send(op: dict[str, Any], case: dict[str, Any]) -> Outcome | None:
        """`case` sent, naming the session where the operation names one (body or path)."""
        field, where = session.get("field"), op["session_in"] if session_id is not None else None
        if where == "path":
            case = {**case, "params": {**(case.get("params") or {}), field: session_id}}
        elif where == "body" and isinstance(case.get("body"), dict):
            case = {**case, "body": {**case["body"], field: session_id}}
        return call(op, case, token)

    for op in plan["operations"]:
        session_id = token = None
        if session and op["session_in"]:
            # A real session for this operation's requests (a random id is only ever unknown),
            # brought into the state the operation requires (`start` before `task`, ...).
            if send(ops[session["create"]], ops[session["create"]]["minimal"]) is not None:
                session_id = _find(recorder.answer, session["field"])
                token = _find(recorder.answer, session["token"])
            for step in op["prepare"] if session_id is not None else []:
                send(ops[step], ops[step]["minimal"])
        for case in op["requests"]:
            recorder.wire, recorder.status = None, None
            try:
                outcome = send(op, case) or {}
            except Exception as exc:  # a client that cannot even build it is a finding
                outcome = _failed(exc)
            got = recorder.status
            if outcome.get("status") == 200 and got is not None:
                outcome["status"] = got
            elif outcome.get("status") is None and got is not None and 200 <= got < 300:
                outcome.update(status=got, unparsed=True)  # accepted, but not made sense of
            wire = case.get("body") if recorder.wire is None else recorder.wire
            out.append(
                {"operation": op["operation_id"], "body": case.get("body"), "wire": wire} | outcome
            )
            if session and op["operation_id"] == session["create"] and session.get("close"):
                # Each session a create request opened is closed: it would hold a limited slot.
                session_id = _find(recorder.answer, session["field"])
                token = _find(recorder.answer, session["token"])
                if session_id is not None:
                    send(ops[session["close"]], ops[session["close"]]["minimal"])
                session_id = token = None
        if session_id is not None and session.get("close"):  # frees the concurrency slot
            send(ops[session["close"]], ops[session["close"]]["minimal"])
    return out


def _parse_all(root: Path, package: Path, key: str, plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Each answer body parsed the way the tree's client parses it: a 2xx must give a value,
    any other status an APIStatusError (documented or not)."""
    queued: list[tuple[int, Any]] = []
    recorder = _Recorder(
        httpx.MockTransport(lambda _: httpx.Response(queued[-1][0], json=queued[-1][1]))
    )
    _, call = _caller(root, package, "http://compat.invalid", key, recorder, plan)
    ops = {op["operation_id"]: op for op in plan["operations"]}
    out = []
    for r in plan["responses"]:
        queued.append((r["status"], r["body"]))
        op = ops[r["operation"]]
        try:
            outcome = call(op, op["minimal"], "compat-token") or {}
        except Exception as exc:  # a client that cannot parse it is a finding
            outcome = _failed(exc)
        got, message = outcome.get("status"), outcome.get("message")
        if 200 <= r["status"] < 300:
            error = "" if got and 200 <= got < 300 else str(message or "no value returned")
        else:
            error = "" if got == r["status"] else f"not reported as HTTP {r['status']}: {message}"
        out.append({**r, "error": error})
    return out


def _fallback_app(plan: dict[str, Any]) -> Any:
    """A strict validator of the planned routes' bodies, for trees that have no mock."""
    import jsonschema_rs

    routes = {(r["method"], r["path"]): r for r in plan["routes"]}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        body, more = b"", True
        while more:
            message = await receive()
            body, more = body + message.get("body", b""), message.get("more_body", False)
        route = routes.get((scope["method"], scope["path"]))
        status, answer = 404, {"message": f"no route {scope['path']}"}
        if route is not None:
            check = jsonschema_rs.Draft202012Validator(route["schema"] or {}, validate_formats=True)
            found = check.iter_errors(json.loads(body or b"null"))
            errors = sorted(
                f"{'.'.join(map(str, e.instance_path)) or 'body'}: {e.message}" for e in found
            )
            status, answer = route["status"], route["answer"]
            if errors:
                status, answer = 400, {"message": "; ".join(errors)}
        head = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": json.dumps(answer).encode()})

    return app


class _Served:
    """An ASGI app served by uvicorn in a thread of this process: `port`, `which`, `stop()`."""

    def __init__(self, app: Any, which: str) -> None:
        import uvicorn

        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when the
        # proto says TCP; with proto 0 every answer waits ~40 ms on delayed ACKs.
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)  # listening now: connections queue until uvicorn takes them
        self.port: int = self.sock.getsockname()[1]
        self.which = which
        config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def _serve(root: Path, package: Path, key: str, plan: dict[str, Any]) -> _Served:
    """The tree's mock (strict) of this contract, or the validator standing in for it."""
    if not (root / "generated").is_dir():
        raise SystemExit(f"{root} is not a tree of this project (no generated/)")
    mock: Any = _from_tree("heygen_streaming_mock", root)
    document = json.loads((package / "openapi.json").read_text("utf-8"))
    options: list[dict[str, Any]] = [
        {"spec": document, "api_keys": [key], "strict": True, "seed": 0}
    ]
    if _packaged(root) == document:  # a mock that serves only its packaged contract will do
        options += [{"api_keys": [key], "strict": True, "seed": 0}, {"api_keys": [key]}, {}]
    for option in options if mock is not None and hasattr(mock, "create_app") else []:
        try:
            return _Served(mock.create_app(**option), "mock --strict")
        except TypeError:
            continue
    return _Served(_fallback_app(plan), "spec validator (no mock of this contract in this tree)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True, help="the tree this side runs")
    parser.add_argument("--package", type=Path, required=True, help="its generated package")
    parser.add_argument("--key", default="compat-key")
    args = parser.parse_args(argv)
    root, package = args.root.resolve(), args.package.resolve()
    # Other trees' package folders (an editable install's .pth) must not shadow this tree's.
    folders = ("overrides", "generated", "contract_tests")
    sys.path[:] = [p for p in sys.path if Path(p).name not in folders or Path(p).parent == root]
    for module in ("heygen_streaming", "heygen_streaming_mock", f"{package.name}.api"):
        _from_tree(module, root)  # imported while compat still plans
    plan = json.loads(sys.stdin.readline() or "null")
    served = None if plan is None else _serve(root, package, args.key, plan)
    print(*(["-", "none"] if served is None else [served.port, served.which]), flush=True)
    try:
        job = json.loads(sys.stdin.readline() or "null")
        if job is not None:
            recorder = _Recorder(httpx.HTTPTransport())
            which, call = _caller(root, package, job["base_url"], args.key, recorder, job["plan"])
            result = {
                "client": which,
                "requests": _send_all(call, recorder, job["plan"]),
                "responses": _parse_all(root, package, args.key, job["plan"]),
            }
            print(json.dumps(result, default=str), flush=True)
        sys.stdin.read()  # until compat is done with this tree's server too
    finally:
        if served is not None:
            served.stop()
    return 0
