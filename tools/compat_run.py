"""Materialise two trees and run the round trip both ways, each side in its own process."""

from __future__ import annotations

import io
import json
import os
import selectors
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml
from schema_examples import draw, probes, strategy
from spec_file import read_spec
from specdiff import Change, operation

__all__ = [
    "TREE_PATHS",
    "Direction",
    "examples_for",
    "materialise",
    "round_trip",
    "tree_from_spec",
    "tree_spec",
]

TOOLS = Path(__file__).resolve().parent
TREE_PATHS = ("openapi", "generated", "overrides", "contract_tests", "pyproject.toml")
SIDE = TOOLS / "compat_side.py"
KEY = "compat-key"
_STARTUP_S = 20.0
_DRIVE_S = 60.0


def materialise(repo: Path, ref: str, dest: Path) -> Path:
    """The tree at git revision `ref`, extracted into `dest` (nothing written into `repo`)."""
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", ref], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()
    wanted = [p for p in TREE_PATHS if p in listed]
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, *wanted], cwd=repo, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def tree_spec(root: Path) -> dict[str, Any]:
    """The contract a tree's client and mock use: the copy packaged with its generated client."""
    packaged = root / "generated" / "heygen_streaming_api" / "openapi.json"
    if packaged.is_file():
        return dict(json.loads(packaged.read_text("utf-8")))
    return read_spec(root / "openapi" / "streaming.yaml")


def _valid(spec: Mapping[str, Any], schema: Any, values: list[Any]) -> list[Any]:
    document = {**schema, "components": spec["components"]}
    validator = jsonschema_rs.Draft202012Validator(document, validate_formats=True)
    return [v for v in values if validator.is_valid(v)]


def examples_for(
    client_spec: Mapping[str, Any],
    server_spec: Mapping[str, Any],
    changes: list[Change],
    count: int,
    seed: int,
) -> dict[str, Any]:
    """Request bodies from the client's schema, response bodies from the server's: targeted
    probes at every changed path first, then `count` seeded hypothesis draws."""
    request, _ = operation(client_spec)
    paths = [c.path for c in changes if c.side == "request"]
    requests = probes(client_spec, request, paths)
    requests += draw(strategy(client_spec, request), count, seed)
    responses: list[dict[str, Any]] = []
    _, by_status = operation(server_spec)
    for status, schema in by_status.items():
        if schema is None or not status.isdigit():
            continue
        at = [c.path for c in changes if c.side.startswith("response") and status in c.side]
        bodies = probes(server_spec, schema, at)
        bodies += draw(strategy(server_spec, schema), count if status == "200" else 3, seed)
        responses += [
            {"status": int(status), "body": b} for b in _valid(server_spec, schema, bodies)
        ]
    return {"requests": _valid(client_spec, request, requests), "responses": responses}


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYGEN_")}
    env["PYTHONPATH"] = os.pathsep.join(str(root / d) for d in TREE_PATHS[1:4])
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written into the working tree
    env["NO_PROXY"] = "127.0.0.1"
    return env


def _wait_ready(url: str, deadline: float) -> None:
    """Poll until the server answers anything at all (a 404 is an answer)."""
    while True:
        try:
            urllib.request.urlopen(f"{url}/__compat__/ready", timeout=1)  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the mock at {url} did not answer in {_STARTUP_S:.0f} s"
                ) from None
            time.sleep(0.02)  # a poll interval, not a synchronisation: the loop checks readiness


@dataclass
class Direction:
    """One way of the round trip: which client talked to which server, and what came back."""

    title: str
    client: str
    server: str
    result: dict[str, Any]


def _start(server_root: Path, log: Any) -> tuple[subprocess.Popen[str], str, str]:
    """Start the server side; its URL and which server it is, once it listens."""
    server = subprocess.Popen(
        [sys.executable, str(SIDE), "serve", "--root", str(server_root), "--key", KEY],
        env=_env(server_root),
        stdout=subprocess.PIPE,
        stderr=log,  # a file, not a pipe: a chatty server can never block on a full pipe
        text=True,
    )
    assert server.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(server.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=_STARTUP_S)
    first = server.stdout.readline().split(maxsplit=1) if ready else []
    url = f"http://127.0.0.1:{first[0]}" if first else ""
    return server, url, first[1].strip() if len(first) > 1 else ""


def _stop(server: subprocess.Popen[str]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
    if server.stdout is not None:
        server.stdout.close()


def _drive(client_root: Path, url: str, cases: dict[str, Any], tmp: Path) -> dict[str, Any]:
    path = tmp / "cases.json"
    path.write_text(json.dumps(cases), "utf-8")
    cmd = [sys.executable, str(SIDE), "drive", "--root", str(client_root), "--key", KEY]
    cmd += ["--base-url", url, "--cases", str(path)]
    try:
        done = subprocess.run(
            cmd, env=_env(client_root), capture_output=True, text=True, timeout=_DRIVE_S
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the client side took over {_DRIVE_S:.0f} s") from None
    if done.returncode != 0:
        raise RuntimeError(f"the client side failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout))


def round_trip(
    client_root: Path, server_root: Path, cases: dict[str, Any], title: str
) -> Direction:
    """Serve `server_root`'s mock, drive `client_root`'s client against it, always clean up."""
    with (
        tempfile.TemporaryDirectory(prefix="heygen-compat-") as tmp,
        tempfile.TemporaryFile(mode="w+") as log,
    ):
        server, url, which = _start(server_root, log)
        try:
            if not url:
                log.seek(0)
                raise RuntimeError(f"the mock did not start:\n{log.read()[-3000:]}")
            _wait_ready(url, time.monotonic() + _STARTUP_S)
            result = _drive(client_root, url, cases, Path(tmp))
        finally:
            _stop(server)
    return Direction(title, result["client"], which, result)


def tree_from_spec(spec: Mapping[str, Any], dest: Path, source: Path) -> Path:
    """A tree at `dest` with `source`'s client layer and mock, and a client generated from `spec`
    (how tests and spec candidates get a tree without a commit)."""
    from generate import generate_package

    for name in ("overrides", "contract_tests", "pyproject.toml"):
        if (source / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source / name, dest / name, ignore=ignore)
        elif (source / name).is_file():
            shutil.copy2(source / name, dest / name)
    path = dest / "openapi" / "streaming.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(dict(spec), sort_keys=False, allow_unicode=True), "utf-8")
    (dest / "generated").mkdir()
    generate_package(path, dest / "generated")
    return dest
