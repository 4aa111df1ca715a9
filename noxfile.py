"""The project's task runner: bare `nox` runs the whole gate that CI runs."""

from __future__ import annotations

import os
from pathlib import Path

import nox

ROOT = Path(__file__).parent
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
# A missing interpreter is an error, never a silently skipped session.
nox.options.error_on_missing_interpreters = True
# The gate, in the order a failure is cheapest to see.
nox.options.sessions = ["drift", "lint", "docs", "typecheck", "tests", "contract"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
# The interpreter that runs nox (3.11 or newer, as pyproject.toml requires).
PYTHON: str | None = None


def install(session: nox.Session, *groups: str, package: str | None = None) -> None:
    """One set-up for every session: dependency groups, then this project (a real wheel build)."""
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))
    if package is not None:
        # Not editable: the sessions test what `pip install` gives users, packaged spec included.
        # Always rebuilt, since the version number does not change between two edits.
        if session.venv_backend == "uv":
            session.install("--reinstall-package", "heygen-streaming", package)
        else:
            session.install(package)
            session.install("--force-reinstall", "--no-deps", package.split("[")[0])
    session.env["HYPOTHESIS_NO_DATABASE"] = "1"


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from openapi/streaming.yaml (the only way generated/ changes)."""
    # The package too: the tools read the spec with its loader (heygen_streaming.spec).
    install(session, "generate", package=".")
    session.run("python", "tools/generate.py", *session.posargs)


@nox.session(python=PYTHON)
def drift(session: nox.Session) -> None:
    """Fail when generated/ differs from a fresh generation of the spec."""
    install(session, "generate", package=".")
    session.run("python", "tools/generate.py", "--check")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check on everything hand-written."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the manual (docs/, mkdocs-material) with --strict: a broken link or anchor fails."""
    install(session, "docs")
    site = Path(session.create_tmp()) / "site"
    # mkdocs-material's banner about its successor is noise in the gate's output.
    env = {"NO_MKDOCS_2_WARNING": "1"}
    session.run("mkdocs", "build", "--strict", "--site-dir", str(site), env=env)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the client layer, the mock, the contract harness and the tools' package."""
    install(session, "typecheck", package=".[mock]")
    session.run("mypy")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit and integration tests of the spec, the client layer and the mock."""
    install(session, "test", package=".[mock]")
    session.run("pytest", "-n", "2", *session.posargs)


@nox.session(python=PYTHON)
def contract(session: nox.Session) -> None:
    """The contract suite: schemathesis and hypothesis against the mock (docs/contract-suite.md)."""
    install(session, "contract", package=".[mock]")
    session.run("pytest", "contract_tests", "-n", "2", *session.posargs)


@nox.session(python=PYTHON)
def compat(session: nox.Session) -> None:
    """Is the working tree's contract compatible with a release? `-- [REF] [--allow-breaking]`."""
    install(session, "compat", package=".[mock]")
    session.run("python", "tools/compat.py", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Open a session through StreamingClient against the in-process mock and print it."""
    install(session, package=".[mock]")
    session.run("python", "tools/demo.py", *session.posargs)


@nox.session(python=PYTHON)
def mock(session: nox.Session) -> None:
    """Serve the mock on 127.0.0.1:4010 until Ctrl-C (arguments go to `heygen-streaming mock`)."""
    install(session, package=".[mock]")
    session.run("heygen-streaming", "mock", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks, measured side by side in one run; `-- --help` lists the options."""
    install(session, "contract", package=".[mock]")
    # The contract benchmark imports the suite's harness (contract_tests/, not in the wheel).
    env = {"PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    session.run("python", "tools/bench.py", *session.posargs, env=env)


if os.environ.get("CI"):
    nox.options.reuse_existing_virtualenvs = False
