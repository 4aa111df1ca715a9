"""One side of a compat round trip, in its own process: one tree's own mock and client.

Run as `python tools/compat_side.py --root TREE --package DIR` with PYTHONPATH set to the tree's
folders and DIR's (`roundtrip.Side`), so two versions of one package never share a process. It
imports first, then reads its work from stdin, one JSON line at a time: the server plan (or
`null`), answered `PORT WHICH` once it listens (`side_server.py`); `{"base_url", "plan"}` for its
client (or `null`), answered with one JSON line; then end of input, and it stops. The client is
the tree's client layer for DIR's contract, else the generated functions; the run says which.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import httpx

from .calling import Call, Outcome, Recorder, caller, failed
from .side_server import from_tree, serve

__all__ = ["main"]


def _find(answer: Any, field: str | None) -> Any:
    """The value of `field` in an answer, at its top or inside an envelope."""
    if not isinstance(answer, dict) or field is None:
        return None
    if field in answer:
        return answer[field]
    return next((v for v in map(lambda x: _find(x, field), answer.values()) if v is not None), None)


def _send_all(call: Call, recorder: Recorder, plan: dict[str, Any]) -> list[dict[str, Any]]:
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
                outcome = failed(exc)
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
    recorder = Recorder(
        httpx.MockTransport(lambda _: httpx.Response(queued[-1][0], json=queued[-1][1]))
    )
    _, call = caller(root, package, "http://compat.invalid", key, recorder, plan)
    ops = {op["operation_id"]: op for op in plan["operations"]}
    out = []
    for r in plan["responses"]:
        queued.append((r["status"], r["body"]))
        op = ops[r["operation"]]
        try:
            outcome = call(op, op["minimal"], "compat-token") or {}
        except Exception as exc:  # a client that cannot parse it is a finding
            outcome = failed(exc)
        got, message = outcome.get("status"), outcome.get("message")
        if 200 <= r["status"] < 300:
            error = "" if got and 200 <= got < 300 else str(message or "no value returned")
        else:
            error = "" if got == r["status"] else f"not reported as HTTP {r['status']}: {message}"
        out.append({**r, "error": error})
    return out


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
        from_tree(module, root)  # imported while compat still plans
    plan = json.loads(sys.stdin.readline() or "null")
    served = None if plan is None else serve(root, package, args.key, plan)
    print(*(["-", "none"] if served is None else [served.port, served.which]), flush=True)
    try:
        job = json.loads(sys.stdin.readline() or "null")
        if job is not None:
            recorder = Recorder(httpx.HTTPTransport())
            which, call = caller(root, package, job["base_url"], args.key, recorder, job["plan"])
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
