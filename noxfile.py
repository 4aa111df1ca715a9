"""The project's task runner: bare `nox` runs the whole gate that CI runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox
import nox.command

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
# A missing interpreter is an error, never a silently skipped session.
nox.options.error_on_missing_interpreters = True
# The gate, in the order a failure is cheapest to see.
nox.options.sessions = ["drift", "lint", "docs", "typecheck", "tests", "contract", "contract_specs"]

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
    """Regenerate generated/, one package per spec in openapi/ (the only way generated/ changes)."""
    # The package too: the tools read the spec with its loader (heygen_streaming.spec).
    install(session, "generate", package=".")
    session.run("python", "tools/generate.py", *session.posargs)


@nox.session(python=PYTHON)
def drift(session: nox.Session) -> None:
    """Fail when generated/ differs from a fresh generation of the specs."""
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


def run_keeping_exit_code(session: nox.Session, *args: str) -> None:
    """`session.run`, but nox ends with the command's own exit code when it is not 0 or 1.

    nox turns every failed command into exit 1, and CI must tell compat's "breaking" (1) from
    "could not run" (2), and pytest's failed tests (1) from its usage error (4). SystemExit is
    not caught by nox, so it leaves nox at once (the session is the command's last step).
    """
    try:
        session.run(*args)
    except nox.command.CommandFailed as exc:
        if exc.return_code in (None, 0, 1):
            raise
        session.log(f"{args[0]} exited {exc.return_code}: nox exits {exc.return_code} too")
        raise SystemExit(exc.return_code) from None


@nox.session(python=PYTHON)
def contract(session: nox.Session) -> None:
    """The contract suite (docs/contract-suite.md); nox ends with pytest's own exit code."""
    install(session, "contract", package=".[mock]")
    run_keeping_exit_code(session, "pytest", "contract_tests", "-n", "2", *session.posargs)


@nox.session(python=PYTHON)
def contract_specs(session: nox.Session) -> None:
    """The contract suite on LiveAvatar's spec and on the third spec (tests/spine/third.yaml),
    whose client package is generated for the run: any spec in our conventions is judged alike."""
    install(session, "contract", "generate", package=".[mock]")
    session.run("pytest", "contract_tests", "-n", "2", "--api", "liveavatar", *session.posargs)
    tmp = session.create_tmp()
    generate = (
        "import pathlib, sys; from heygen_streaming_tools.generation import generate_package; "
        "generate_package(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), 'third_api')"
    )
    session.run(
        "python", "-c", generate, "tests/spine/third.yaml", tmp, env={"PYTHONPATH": "tools"}
    )
    third = ["--spec", "tests/spine/third.yaml", "--client-api-package", "third_api"]
    session.run(
        "pytest", "contract_tests", "-n", "2", *third, *session.posargs, env={"PYTHONPATH": tmp}
    )


@nox.session(python=PYTHON)
def compat(session: nox.Session) -> None:
    """Is the working tree's contract compatible with a release? `-- [REF] [--allow-breaking]`.

    Exits with compat's own code: 0 compatible, 1 breaking, 2 could not run."""
    install(session, "compat", "generate", package=".[mock]")  # --spec FILE may need a client
    run_keeping_exit_code(session, "python", "tools/compat.py", *session.posargs)


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
    """The floors, as ratios measured side by side in one run; `-- --help` lists the options."""
    # The load generator is wrk, from Debian's packages (Prism comes from npm: tools/bench.py).
    if shutil.which("wrk") is None:
        session.log("wrk not found: installing Debian's package (apt-get install -y wrk)")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        session.run(*sudo, "apt-get", "install", "-y", "wrk", external=True)
    install(session, package=".[mock]")
    session.run("python", "tools/bench.py", *session.posargs, env={"PYTHONHASHSEED": "0"})


if os.environ.get("CI"):
    nox.options.reuse_existing_virtualenvs = False
