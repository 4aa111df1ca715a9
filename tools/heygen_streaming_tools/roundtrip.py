"""Materialise trees and run the round trip both ways, each side in its own process."""

from __future__ import annotations

import io
import json
import os
import selectors
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .verdict import NEW_TO_OLD, OLD_TO_NEW, Direction

__all__ = ["SIDE", "TREE_PATHS", "Side", "exchange", "materialise", "tree_spec"]

TOOLS = Path(__file__).resolve().parents[1]
TREE_PATHS = ("openapi", "generated", "overrides", "contract_tests", "pyproject.toml")
SIDE = TOOLS / "compat_side.py"
KEY = "compat-key"
_STARTUP_S = 20.0
_DRIVE_S = 120.0


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
    from heygen_streaming.spec import load_spec

    packaged = root / "generated" / "heygen_streaming_api" / "openapi.json"
    if packaged.is_file():
        return dict(json.loads(packaged.read_text("utf-8")))
    return load_spec(root / "openapi" / "streaming.yaml")


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYGEN_")}
    env["PYTHONPATH"] = os.pathsep.join(str(root / d) for d in TREE_PATHS[1:4])
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written into the working tree
    env["NO_PROXY"] = "127.0.0.1"
    return env


class Side:
    """One tree's process (`side.py`): started before compat has planned anything, it imports
    its tree's packages meanwhile; then it serves that tree's mock and drives its client."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed by close()
        self.process = subprocess.Popen(
            [sys.executable, str(SIDE), "--root", str(root), "--key", KEY],
            env=_env(root),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,  # a file, not a pipe: a chatty side can never block on a full pipe
            text=True,
        )

    def _send(self, message: Any) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # it died: said when its answer does not come, with its log

    def _line(self, timeout: float, what: str) -> str:
        assert self.process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.log.seek(0)
            raise RuntimeError(f"{what} ({self.root}):\n{self.log.read()[-3000:]}")
        return line

    def serve(self, plan: Mapping[str, Any] | None) -> None:
        """Hand the process its server plan (None: serve nothing)."""
        self._send(plan)

    def address(self) -> tuple[str, str]:
        """The served URL and which server it is, once it listens ("" when it serves nothing)."""
        # The side prints its port once the socket listens: connections queue until it accepts.
        port, _, which = self._line(_STARTUP_S, "the mock did not start").strip().partition(" ")
        return ("" if port == "-" else f"http://127.0.0.1:{port}"), which

    def drive(self, base_url: str | None, plan: Mapping[str, Any] | None) -> None:
        """Hand the process its client's work (None: drive nothing)."""
        self._send(None if plan is None else {"base_url": base_url, "plan": plan})

    def result(self) -> dict[str, Any]:
        return dict(json.loads(self._line(_DRIVE_S, "the client side failed")))

    def close(self) -> None:
        """End the process (idempotent): end of input first, then kill it if need be."""
        if self.process.returncode is None:
            try:
                self.process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
        self.log.close()


def exchange(
    old: Side,
    new: Side,
    plans: Mapping[str, Any],
    state: tuple[frozenset[tuple[int, int | None]], frozenset[tuple[int, int | None]]],
) -> tuple[Direction, Direction]:
    """Both directions at once: each tree serves the other's client.

    `plans`: {"old_server", "new_server", "old_client", "new_client"}; `state`: the lifecycle
    answers of (the old spec, the new spec). Returns (old client -> new, new client -> old).
    """
    old.serve(plans["old_server"])
    new.serve(plans["new_server"])
    old_url, old_which = old.address()
    new_url, new_which = new.address()
    old.drive(new_url, plans["old_client"])
    new.drive(old_url, plans["new_client"])
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.submit(old.result), pool.submit(new.result)
        forward, backward = first.result(), second.result()
    return (
        Direction(OLD_TO_NEW, forward["client"], new_which, forward, state[1]),
        Direction(NEW_TO_OLD, backward["client"], old_which, backward, state[0]),
    )
