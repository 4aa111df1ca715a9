"""How a compat side calls one operation: through the tree's client layer for the contract where
it has the operation, else through the generated function, the wire recorded either way."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from .side_server import from_tree, packaged

__all__ = ["Call", "Outcome", "Recorder", "caller", "failed"]

Outcome = dict[str, Any]
Call = Callable[[dict[str, Any], dict[str, Any], Any], Outcome | None]


def _kwargs(function: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` under the function's own parameter names (a field `type` is `type_`)."""
    names = inspect.signature(function).parameters
    out = {}
    for name, value in fields.items():
        snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")
        out[next((n for n in (name, f"{name}_", snake, f"{snake}_") if n in names), name)] = value
    return out


class Recorder(httpx.BaseTransport):
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


def failed(exc: Exception) -> Outcome:
    return _outcome(None, None, f"{type(exc).__name__}: {exc}")


def _generated(
    package: str, url: str, key: str, transport: Recorder, envelope: dict[str, Any]
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


def caller(
    root: Path, package: Path, url: str, key: str, transport: Recorder, plan: dict[str, Any]
) -> tuple[str, Call]:
    """(which, call): through the tree's client layer for this contract where it has the
    operation and takes the API key, else through the generated function."""
    generated = _generated(package.name, url, key, transport, plan.get("envelope") or {})
    document = json.loads((package / "openapi.json").read_text("utf-8"))
    layer = from_tree("heygen_streaming", root)
    if layer is not None and hasattr(layer, "client_class"):
        cls = layer.client_class(package.name)
    elif layer is not None and hasattr(layer, "StreamingClient") and packaged(root) == document:
        cls = layer.StreamingClient
    else:
        return "generated client (no client layer for this contract in this tree)", generated
    client = cls(api_key=key, base_url=url, max_retries=0, transport=transport)

    def call(op: dict[str, Any], case: dict[str, Any], token: Any) -> Outcome | None:
        method = getattr(client, op["operation_id"], None)
        if method is None or op["auth"]["token"]:
            return generated(op, case, token)
        fields = {**(case.get("body") or {}), **(case.get("params") or {})}
        try:
            method(**_kwargs(method, fields))
        except layer.APIStatusError as exc:
            return _outcome(exc.status_code, getattr(exc, "code", None), exc.message)
        except layer.HeyGenError as exc:
            return failed(exc)
        return _outcome(200)

    return cls.__name__, call
