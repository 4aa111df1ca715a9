"""One side of a compat run, in its own process on one tree: serve its mock, or drive its client.

Run by `tools/compat.py` with PYTHONPATH set to a tree's `overrides:generated:contract_tests`, so
two versions of the same packages never share a process. Trees older than the client layer or the
mock still work: the generated client and a spec-driven validator stand in, and the run says so.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["drive", "main", "serve"]

_TREE_DIRS = ("overrides", "generated", "contract_tests")


def _isolate(root: Path) -> None:
    """Drop other trees' package folders (an editable install's .pth) from sys.path."""
    keep = [p for p in sys.path if Path(p).name not in _TREE_DIRS or Path(p).parent == root]
    sys.path[:] = keep


def _from_tree(module: str, root: Path) -> Any | None:
    """`module` imported from `root`, or None when that tree does not have it."""
    import importlib

    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return None
    where = Path(getattr(loaded, "__file__", "") or "").resolve()
    return loaded if root.resolve() in where.parents else None


def _fallback_app(spec: dict[str, Any], key: str) -> Any:
    """A strict spec-driven validator, for trees that have no mock yet."""
    import jsonschema_rs

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from specdiff import operation

    request_schema, _ = operation(spec)
    validator = jsonschema_rs.Draft202012Validator(
        {**request_schema, "components": spec["components"]}, validate_formats=True
    )
    ok = next(iter(spec["paths"].values()))["post"]["responses"]["200"]
    example = next(iter(ok["content"]["application/json"]["examples"].values()))["value"]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = dict(scope["headers"])
        status, answer = 200, example
        if headers.get(b"x-api-key", b"").decode() != key:
            status, answer = 401, {"code": 401, "message": "X-Api-Key: key is not valid"}
        else:
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


def serve(root: Path, key: str) -> None:
    """Serve the tree's mock, strict, on 127.0.0.1; print `PORT WHICH` once it listens."""
    import uvicorn

    mock = _from_tree("heygen_streaming_mock", root)
    if mock is not None and hasattr(mock, "create_app"):
        app, which = mock.create_app(api_keys=[key], strict=True, seed=0), "mock --strict"
    else:
        spec = json.loads(
            (root / "generated" / "heygen_streaming_api" / "openapi.json").read_text()
        )
        app, which = _fallback_app(spec, key), "spec validator (no mock in this tree)"
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when the proto
    # says TCP; with proto 0 every answer waits ~40 ms on delayed ACKs.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)  # listening now: connections queue until uvicorn takes them
    print(sock.getsockname()[1], which, flush=True)
    config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _sender(root: Path, base_url: str, key: str) -> tuple[str, Callable[[Any], dict[str, Any]]]:
    """How that tree's client sends a request model: through StreamingClient when it has one."""
    layer = _from_tree("heygen_streaming", root)
    if layer is not None and hasattr(layer, "StreamingClient"):
        # One client for the whole run: building an httpx client (TLS context) per call is slow.
        client = layer.StreamingClient(api_key=key, base_url=base_url, max_retries=0)

        def through_layer(model: Any) -> dict[str, Any]:
            try:
                client.new_session(model)
            except layer.APIStatusError as exc:
                return {"status": exc.status_code, "message": exc.message}
            except layer.HeyGenError as exc:
                return {"status": None, "message": f"{type(exc).__name__}: {exc}"}
            return {"status": 200, "message": ""}

        return "StreamingClient", through_layer
    from heygen_streaming_api import AuthenticatedClient
    from heygen_streaming_api.api.streaming import new_session

    api = AuthenticatedClient(base_url, token=key, prefix="", auth_header_name="X-Api-Key")

    def through_generated(model: Any) -> dict[str, Any]:
        response = new_session.sync_detailed(client=api, body=model)
        ok = response.status_code == 200
        return {
            "status": int(response.status_code),
            "message": "" if ok else json.loads(response.content)["message"],
        }

    return "generated client (no StreamingClient in this tree)", through_generated


def _parse(status: int, body: Any) -> str:
    """'' when that tree's generated client parses `body` as a `status` answer, else why not."""
    import httpx
    from heygen_streaming_api import Client
    from heygen_streaming_api.api.streaming import new_session

    api = Client("http://compat.invalid", raise_on_unexpected_status=True)
    try:
        parsed = new_session._parse_response(client=api, response=httpx.Response(status, json=body))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return "" if parsed is not None else "parsed as None"


def drive(root: Path, base_url: str, key: str, cases: dict[str, Any]) -> dict[str, Any]:
    """Send every request body to the server and parse every response body; report each."""
    from heygen_streaming_api.models import NewSessionRequest

    which, send = _sender(root, base_url, key)
    requests = []
    for body in cases["requests"]:
        try:
            model = NewSessionRequest.from_dict(body)
            # What goes on the wire, as this version of the generated model writes it.
            requests.append({"body": body, "wire": model.to_dict(), **send(model)})
        except Exception as exc:  # a client that cannot even build it is a finding
            failure = f"{type(exc).__name__}: {exc}"
            requests.append({"body": body, "status": None, "message": failure})
    responses = [{**r, "error": _parse(r["status"], r["body"])} for r in cases["responses"]]
    return {"client": which, "requests": requests, "responses": responses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("role", choices=["serve", "drive"])
    parser.add_argument("--root", type=Path, required=True, help="the tree this side runs")
    parser.add_argument("--key", default="compat-key")
    parser.add_argument("--base-url", help="drive: the server to send to")
    parser.add_argument("--cases", type=Path, help="drive: JSON {requests, responses}")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    _isolate(root)
    if args.role == "serve":
        serve(root, args.key)
        return 0
    report = drive(root, args.base_url, args.key, json.loads(args.cases.read_text("utf-8")))
    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
