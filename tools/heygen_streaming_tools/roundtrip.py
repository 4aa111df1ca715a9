"""The trees compat compares: a git revision extracted, which contract of it, and the round trip
run both ways, each side in its own process (`side.py`)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import selectors
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heygen_streaming.spec import APIS, SpecError, load_spec

__all__ = ["DEFAULT", "TREE_PATHS", "Contract", "Side", "exchange", "materialise", "tree_spec"]

TREE_PATHS = ("openapi", "generated", "overrides", "contract_tests", "pyproject.toml")
SIDE = Path(__file__).resolve().parents[1] / "compat_side.py"
KEY = "compat-key"
_STARTUP_S = 20.0
_DRIVE_S = 120.0


def materialise(repo: Path, ref: str, dest: Path, *also: str) -> Path:
    """The tree at git revision `ref` (and the files `also` names), extracted into `dest`
    (nothing written into `repo`)."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True).stdout

    listed = git("ls-tree", "--name-only", ref, *TREE_PATHS, *also).decode().split()
    wanted = [p for p in (*TREE_PATHS, *also) if p in listed]
    archive = git("archive", "--format=tar", ref, *wanted)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


@dataclass(frozen=True)
class Contract:
    """A packaged API by name (`--api`: `openapi/NAME.yaml`, `generated/APIS[NAME]`), or a spec
    file (`--spec`: its client is the generated package carrying it, else one made for the run)."""

    api: str = next(iter(APIS))
    spec: str | None = None

    def package(self, root: Path, scratch: Path | None = None) -> Path:
        """The generated package of this contract in the tree at `root`; `SpecError` if none."""
        if self.spec is None:
            found = root / "generated" / APIS[self.api]
            if not (found / "openapi.json").is_file():
                raise SpecError(f"{root} has no generated/{found.name} (API {self.api!r})")
            return found
        document = load_spec(root / self.spec)
        for packaged in sorted((root / "generated").glob("*/openapi.json")):
            if json.loads(packaged.read_text("utf-8")) == document:
                return packaged.parent
        from .generation import GenerationError, generate_package

        scratch = Path(tempfile.mkdtemp(prefix="compat-")) if scratch is None else scratch
        scratch.mkdir(parents=True, exist_ok=True)
        stem = Path(self.spec).stem  # a file named after no API: its client is `<stem>_api`
        package = APIS.get(stem) or re.sub(r"\W", "_", stem) + "_api"
        try:
            return generate_package(root / self.spec, scratch, package)
        except (GenerationError, OSError) as exc:  # OSError: no generator in this environment
            what = f"no generated client in {root} carries {self.spec}, and generating one failed"
            raise SpecError(f"{what}: {str(exc)[:2000]}") from None

    def stale(self, root: Path) -> bool:
        """Whether the tree's generated client comes from another spec than its file."""
        spec = root / "openapi" / f"{self.api}.yaml"
        return self.spec is None and load_spec(spec) != tree_spec(root, self.api)


DEFAULT = Contract()


def tree_spec(root: Path, api: str = Contract.api) -> dict[str, Any]:
    """The contract of `api` a tree's client and mock use: the copy packaged with its client."""
    packaged = root / "generated" / APIS[api] / "openapi.json"
    if packaged.is_file():
        return dict(json.loads(packaged.read_text("utf-8")))
    return load_spec(root / "openapi" / f"{api}.yaml")


def _env(root: Path, package: Path) -> dict[str, str]:
    # The run's credentials are its own: none from the environment (`<env-prefix>_API_KEY`, ...).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(("_API_KEY", "_BASE_URL", "_SESSION_TOKEN"))
    }
    folders = [root / "overrides", package.parent, root / "generated", root / "contract_tests"]
    env["PYTHONPATH"] = os.pathsep.join(map(str, dict.fromkeys(folders)))
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written into the working tree
    env["NO_PROXY"] = "127.0.0.1"
    return env


class Side:
    """One tree's process (`side.py`): started before compat has planned anything, it imports
    its tree's packages meanwhile; then it serves that tree's mock and drives its client."""

    def __init__(self, root: Path, package: Path) -> None:
        self.root, self.package = root, package
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed by close()
        command = [sys.executable, str(SIDE), "--root", str(root), "--package", str(package)]
        self.process = subprocess.Popen(
            [*command, "--key", KEY],
            env=_env(root, package),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,  # a file, not a pipe: a chatty side can never block on a full pipe
            text=True,
        )

    def _send(self, message: Any) -> None:
        assert self.process.stdin is not None
        with contextlib.suppress(
            BrokenPipeError
        ):  # it died: said when no answer comes, with its log
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()

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
    old: Side, new: Side, plans: Mapping[str, Any]
) -> tuple[tuple[dict[str, Any], str], tuple[dict[str, Any], str]]:
    """Both directions at once, each tree serving the other's client. `plans`: {"old_server",
    "new_server", "old_client", "new_client"}. Returns (the old client's result, which new
    server) and (the new client's result, which old server)."""
    old.serve(plans["old_server"])
    new.serve(plans["new_server"])
    old_url, old_which = old.address()
    new_url, new_which = new.address()
    old.drive(new_url, plans["old_client"])
    new.drive(old_url, plans["new_client"])
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.submit(old.result), pool.submit(new.result)
        return (first.result(), new_which), (second.result(), old_which)
