"""The server half of a compat side: the tree's own mock (strict) of the contract, else a
validator of the planned routes, served by uvicorn in a thread of the side's process."""

from __future__ import annotations

import importlib
import json
import socket
import threading
from pathlib import Path
from typing import Any

__all__ = ["Served", "from_tree", "packaged", "serve"]


def from_tree(module: str, root: Path) -> Any | None:
    """`module` imported from `root`, or None when that tree does not have it."""
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return None
    where = Path(getattr(loaded, "__file__", "") or "").resolve()
    return loaded if root in where.parents else None


def packaged(root: Path) -> Any:
    """The contract the tree's layer and mock serve when not told which (None: unknown)."""
    spec = from_tree("heygen_streaming.spec", root)
    try:
        return spec.load_spec() if spec is not None else None
    except Exception:  # a tree whose default cannot load has no default
        return None


def _validator_app(plan: dict[str, Any]) -> Any:
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


class Served:
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


def serve(root: Path, package: Path, key: str, plan: dict[str, Any]) -> Served:
    """The tree's mock (strict) of this contract, or the validator standing in for it."""
    if not (root / "generated").is_dir():
        raise SystemExit(f"{root} is not a tree of this project (no generated/)")
    mock: Any = from_tree("heygen_streaming_mock", root)
    document = json.loads((package / "openapi.json").read_text("utf-8"))
    options: list[dict[str, Any]] = [
        {"spec": document, "api_keys": [key], "strict": True, "seed": 0}
    ]
    if packaged(root) == document:  # a mock that serves only its packaged contract will do
        options += [{"api_keys": [key], "strict": True, "seed": 0}, {"api_keys": [key]}, {}]
    for option in options if mock is not None and hasattr(mock, "create_app") else []:
        try:
            return Served(mock.create_app(**option), "mock --strict")
        except TypeError:
            continue
    return Served(_validator_app(plan), "spec validator (no mock of this contract in this tree)")
