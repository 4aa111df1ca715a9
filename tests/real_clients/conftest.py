"""Real HeyGen and LiveAvatar clients, installed once in throw-away environments under the cache.

- pipecat: `pipecat-ai==1.14.0` with `pip --no-deps`, plus only what its two HeyGen REST modules
  (Streaming API and LiveAvatar) import (aiohttp, loguru, pydantic; wait_for2 below Python 3.12,
  which `pipecat/__init__` imports), in a venv of its own, so nothing of pipecat reaches the
  project's environment.
- The LiveKit plugins `livekit-plugins-liveavatar==1.8.9` and `livekit-plugins-hgl==1.2.20`:
  each in a venv of its own with `livekit-agents==1.8.9`, all `--no-deps`, plus what their REST
  module (`livekit/plugins/*/api.py`) and the two livekit-agents modules it uses
  (`_exceptions.py`, `types.py`) import: aiohttp, pydantic. LiveKit itself is stubbed when they
  run (see `livekit_plugin_session.py`).
- HeyGen's JS SDKs: `npm install @heygen/streaming-avatar@2.1.0` and
  `@heygen/liveavatar-web-sdk@0.0.18`, each in a folder of its own; LiveKit and the WebSocket are
  stubbed when an SDK runs (see `sdk/` and `liveavatar_sdk/`).

Installs live in `$HEYGEN_REAL_CLIENTS_CACHE` (default `~/.cache/heygen-real-clients`) and are
reused: a `.installed` marker is written only after a complete install, under a file lock, so a
rerun (or a second xdist worker) costs nothing. Without node/npm, or when a registry cannot be
reached, the tests skip and say which; any other install failure fails the test with pip's or
npm's own output.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["LIVEAVATAR_SDK", "LIVEKIT_PLUGINS", "PIPECAT", "SDK"]

PIPECAT = "pipecat-ai==1.14.0"
# What pipecat/services/heygen/api_interactive_avatar.py, api_liveavatar.py and
# pipecat/__init__.py import, with pipecat 1.14.0's own version ranges (its METADATA).
PIPECAT_IMPORTS = [
    "aiohttp>=3.14.4,<4",
    "loguru~=0.7.3",
    "pydantic>=2.10.6,<3",
    "wait_for2>=0.4.1,<1; python_version < '3.12'",
]
SDK = "@heygen/streaming-avatar@2.1.0"
LIVEAVATAR_SDK = "@heygen/liveavatar-web-sdk@0.0.18"
# Each LiveKit plugin, by the name its package has under livekit.plugins.
LIVEKIT_PLUGINS = {
    "liveavatar": "livekit-plugins-liveavatar==1.8.9",
    "hgl": "livekit-plugins-hgl==1.2.20",
}
# Both plugins' REST modules import livekit.agents (>=1.8.9 and >=1.2.18): the newest, 1.8.9.
LIVEKIT_AGENTS = "livekit-agents==1.8.9"
# What the plugins' api.py and livekit/agents/types.py import, with livekit-agents 1.8.9's ranges.
LIVEKIT_IMPORTS = ["aiohttp~=3.10", "pydantic>=2.5,<3"]
INSTALL_TIMEOUT = 600
# Output of pip/npm that means "the registry is unreachable", not "the install is broken".
_OFFLINE = re.compile(
    r"NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution"
    r"|Name or service not known|Network is unreachable|Connection refused|ConnectTimeout"
    r"|Read timed out|No matching distribution found|Could not find a version that satisfies"
    r"|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network request to"
    r"|request to https?://\S+ failed",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_client: runs a real HeyGen or LiveAvatar client (pipecat, LiveKit plugins, "
        "HeyGen's JS SDKs) against the mock; "
        "skips without node/npm or registry access",
    )


def cache_root() -> Path:
    explicit = os.environ.get("HEYGEN_REAL_CLIENTS_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "heygen-real-clients"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{folder}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run_install(cmd: list[str], what: str, env: dict[str, str] | None = None) -> None:
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False, env=env
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"{what}: no answer from the registry within {INSTALL_TIMEOUT} s")
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr)[-3000:]
        if _OFFLINE.search(output):
            pytest.skip(f"{what}: the package registry cannot be reached ({' '.join(cmd[:4])} …)")
        pytest.fail(f"{what} failed:\n{output}", pytrace=False)


def _install_once(folder: Path, what: str, steps: list[list[str]]) -> Path:
    marker = folder / ".installed"
    with _locked(folder):
        if marker.is_file():
            return folder
        shutil.rmtree(folder, ignore_errors=True)
        for step in steps:
            _run_install(step, what)
        marker.write_text("\n".join(" ".join(s) for s in steps) + "\n")
    return folder


def _venv(name: str, packages: list[str], imports: list[str]) -> Path:
    """The interpreter of a venv holding `packages` (no deps) and `imports`, installed once."""
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    folder = cache_root() / f"{name}-{tag}"
    python = folder / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _install_once(
        folder,
        f"installing {' '.join(packages)}",
        [
            [sys.executable, "-m", "venv", str(folder)],
            [*pip, "--no-deps", *packages],
            [*pip, *imports],
        ],
    )
    return python


@pytest.fixture(scope="session")
def pipecat_python() -> Path:
    """The interpreter of a venv holding pipecat 1.14.0 (no deps) and what its HeyGen APIs need."""
    return _venv("pipecat-ai-1.14.0", [PIPECAT], PIPECAT_IMPORTS)


def _livekit_plugin(name: str) -> Path:
    package = LIVEKIT_PLUGINS[name]
    return _venv(package.replace("==", "-"), [package, LIVEKIT_AGENTS], LIVEKIT_IMPORTS)


@pytest.fixture(scope="session")
def liveavatar_plugin_python() -> Path:
    """The interpreter of a venv holding livekit-plugins-liveavatar 1.8.9's REST module."""
    return _livekit_plugin("liveavatar")


@pytest.fixture(scope="session")
def hgl_plugin_python() -> Path:
    """The interpreter of a venv holding livekit-plugins-hgl 1.2.20's REST module."""
    return _livekit_plugin("hgl")


@pytest.fixture(scope="session")
def node() -> str:
    """The `node` executable, or a skip saying that node/npm are missing."""
    found, npm = shutil.which("node"), shutil.which("npm")
    if found is None or npm is None:
        missing = " and ".join(n for n, p in (("node", found), ("npm", npm)) if p is None)
        pytest.skip(
            f"{missing} not found: HeyGen's JS SDK cannot run here "
            "(Debian: apt-get install nodejs npm)"
        )
    return found


def _node_modules(name: str, package: str) -> Path:
    """A `node_modules` folder holding `package` and its dependencies, installed once."""
    npm = shutil.which("npm")
    assert npm is not None
    folder = cache_root() / name
    npm_install = [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund"]
    _install_once(
        folder,
        f"installing {package}",
        [[*npm_install, "--ignore-scripts", "--no-save", "--loglevel=error", package]],
    )
    return folder / "node_modules"


@pytest.fixture(scope="session")
def sdk_modules(node: str) -> Path:
    """A `node_modules` folder holding @heygen/streaming-avatar 2.1.0 and its dependencies."""
    return _node_modules("streaming-avatar-2.1.0", SDK)


@pytest.fixture(scope="session")
def liveavatar_sdk_modules(node: str) -> Path:
    """A `node_modules` folder holding @heygen/liveavatar-web-sdk 0.0.18 and its dependencies."""
    return _node_modules("liveavatar-web-sdk-0.0.18", LIVEAVATAR_SDK)
