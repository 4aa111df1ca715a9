"""One side of a compat round trip: one process per tree, running that tree's own code.

Run as `python tools/compat_side.py --root TREE` with PYTHONPATH set to the tree's
`overrides:generated:contract_tests`, so two versions of the same packages never share a process.
It serves its tree's mock in a thread and drives its tree's client (`side_client`) against the
other tree's mock. It imports first, then reads its work from stdin, one JSON line at a time
(so compat can start it before it has planned anything):

1. the server plan (`plan.server_plan`, or `null`: serve nothing); it answers `PORT WHICH`;
2. `{"base_url": ..., "plan": ...}` (or `null`: drive nothing); it answers one JSON line;
3. end of input: it stops its server and exits.
A tree without a mock gets a spec-driven validator built from the planned routes instead.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from .side_client import drive, from_tree, warm

__all__ = ["Served", "isolate", "main", "serve"]

_TREE_DIRS = ("overrides", "generated", "contract_tests")


def isolate(root: Path) -> None:
    """Drop other trees' package folders (an editable install's .pth) from sys.path."""
    keep = [p for p in sys.path if Path(p).name not in _TREE_DIRS or Path(p).parent == root]
    sys.path[:] = keep


def _fallback_app(plan: dict[str, Any], key: str) -> Any:
    """A strict spec-driven validator, for trees that have no mock yet."""
    import jsonschema_rs

    def make(schema: Any) -> Any:
        return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)

    routes = {
        (r["method"], r["path"]): (r, None if r["schema"] is None else make(r["schema"]))
        for r in plan["routes"]
    }

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        found = routes.get((scope["method"], scope["path"]))
        headers = dict(scope["headers"])
        if found is None:
            status, answer = 404, {"code": 404, "message": f"no route {scope['path']}"}
        else:
            route, validator = found
            status, answer = route["status"], route["answer"]
            if headers.get(route["header"].lower().encode(), b"").decode() != key:
                status, answer = 401, {"code": 401, "message": f"{route['header']}: not valid"}
            elif validator is not None:
                errors = sorted(
                    (".".join(map(str, e.instance_path)) or "body", e.message)
                    for e in validator.iter_errors(json.loads(body or b"null"))
                )
                if errors:
                    text = "; ".join(f"{p}: {m}" for p, m in errors)
                    status, answer = 400, {"code": 400, "message": text}
        raw = json.dumps(answer).encode()
        head = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": raw})

    return app


def _mock_app(mock: ModuleType, key: str) -> Any:
    for options in ({"api_keys": [key], "strict": True, "seed": 0}, {"api_keys": [key]}):
        try:
            return mock.create_app(**options)
        except TypeError:
            continue
    return mock.create_app()


class Served:
    """The tree's server running in a thread of this process: `port`, `which`, `stop()`."""

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


def serve(root: Path, key: str, plan: dict[str, Any]) -> Served:
    """Serve the tree's mock (strict), or the spec validator standing in for it."""
    if not (root / "generated").is_dir():
        raise SystemExit(f"{root} is not a tree of this project (no generated/)")
    mock = from_tree("heygen_streaming_mock", root)
    if mock is not None and hasattr(mock, "create_app"):
        return Served(_mock_app(mock, key), "mock --strict")
    return Served(_fallback_app(plan, key), "spec validator (no mock in this tree)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True, help="the tree this side runs")
    parser.add_argument("--key", default="compat-key")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    isolate(root)
    warm(root)
    plan = json.loads(sys.stdin.readline() or "null")
    served = None if plan is None else serve(root, args.key, plan)
    print(*(["-", "none"] if served is None else [served.port, served.which]), flush=True)
    try:
        job = json.loads(sys.stdin.readline() or "null")
        if job is not None:
            result = drive(root, job["base_url"], args.key, job["plan"])
            print(json.dumps(result, default=str), flush=True)
        sys.stdin.read()  # until compat is done with this tree's server too
    finally:
        if served is not None:
            served.stop()
    return 0
