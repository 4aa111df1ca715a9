"""`nox -s compat -- [REF] [--api NAME | --spec FILE]`: is the working tree's contract
compatible with the one at REF?

Compares one contract (a packaged API, or any spec file in the repository) at a git revision
(default: the last `v*` release tag, else HEAD~1) with the working tree: its spec, its generated
client and the mock. A structural diff of the two specs names each change, operation by
operation; then a round trip runs both ways, each side in its own process (old client against
the new mock: are existing callers broken? new client against the old mock: can it still talk
to servers on the old contract?). Exits 1 on a breaking change unless `--allow-breaking`, 2 when
it cannot run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from heygen_streaming.spec import APIS

from .roundtrip import Contract, materialise

if TYPE_CHECKING:
    from rich.console import Console

    from .comparison import Report

__all__ = ["OVERRIDE", "commit_of", "default_ref", "main"]

ROOT = Path(__file__).resolve().parents[2]
OVERRIDE = "nox -s compat -- --allow-breaking"


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


def default_ref(repo: Path) -> str:
    """The last release tag `v*` reachable from HEAD, else HEAD~1."""
    found = _git(repo, "describe", "--tags", "--abbrev=0", "--match", "v*")
    return found.stdout.strip() if found.returncode == 0 else "HEAD~1"


def commit_of(repo: Path, ref: str) -> str:
    """The short id of the commit `ref` names (an annotated tag's commit, not the tag object)."""
    return _git(repo, "rev-parse", "--short", f"{ref}^{{commit}}").stdout.strip()


def _version(root: Path) -> str:
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
        return str(project["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0.0.0"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nox -s compat --",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "ref", nargs="?", help="git revision to compare with (default: last v* tag, else HEAD~1)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--api",
        choices=list(APIS),
        default=Contract.api,
        help="a packaged API (default: %(default)s)",
    )
    which.add_argument(
        "--spec", type=Path, metavar="FILE", help="a spec file of the repository, any API"
    )
    parser.add_argument("--allow-breaking", action="store_true", help="exit 0 on a breaking change")
    parser.add_argument(
        "--strict-servers",
        action="store_true",
        help="a change that needs servers of this version is breaking too (major, exit 1)",
    )
    parser.add_argument(
        "--examples", type=int, default=20, help="drawn bodies per operation and direction"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the drawn bodies (same seed, same run)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    return parser


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run compat on the repository at `root` (default: this one); the exit status."""
    started = time.monotonic()
    args = _parser().parse_args(argv)
    repo = ROOT if root is None else root
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    ref = args.ref
    if ref is None:
        ref = default_ref(repo)
        if ref == "HEAD~1":
            console.print("no v* tag found, comparing with HEAD~1")
    spec = None
    if args.spec is not None:
        spec = (Path.cwd() / args.spec).resolve()
        if not spec.is_relative_to(repo.resolve()):
            console.print(f"--spec {args.spec}: not a file of the repository {repo}", markup=False)
            return 2
        spec = spec.relative_to(repo.resolve()).as_posix()
    contract = Contract(args.api, spec)
    with tempfile.TemporaryDirectory(prefix="compat-") as tmp:
        try:
            old_root = materialise(repo, ref, Path(tmp) / "old", *([spec] if spec else []))
        except subprocess.CalledProcessError as exc:
            text = f"cannot read {ref!r} from git: {exc.stderr.strip()}"
            console.print(text, style="red", markup=False)
            return 2
        report = _run(args, contract, repo, old_root, Path(tmp) / "generated", console, started)
        if report is None:
            return 2
        from .comparison import render

        label = f"{ref} ({commit_of(repo, ref)}) -> working tree"
        render(report, console, current=_version(old_root), label=label)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.as_dict(), indent=2, default=str) + "\n", "utf-8")
    if report.verdict.breaking and not args.allow_breaking:
        console.print(f"A breaking change: exit 1 (to accept it and bump major: `{OVERRIDE}`).")
        return 1
    return 0


def _run(
    args: argparse.Namespace,
    contract: Contract,
    repo: Path,
    old_root: Path,
    scratch: Path,
    console: Console,
    started: float,
) -> Report | None:
    """The comparison, its four processes started first; None (said why) when it cannot run."""
    from heygen_streaming.spec import SpecError

    from .comparison import compare, start_sides

    try:
        if contract.stale(repo):
            text = f"generated/ does not match openapi/{contract.api}.yaml: run `nox -s generate`"
            console.print(text, style="red", markup=False)
            return None
    except SpecError as exc:
        console.print(f"compat cannot read the working tree's spec: {exc}", markup=False)
        return None
    try:
        sides = start_sides(old_root, repo, contract, scratch)  # they import while compat plans
    except SpecError as exc:
        console.print(f"compat cannot compare: {exc}", markup=False)
        return None
    try:
        return compare(
            old_root,
            repo,
            contract=contract,
            examples=args.examples,
            seed=args.seed,
            strict_servers=args.strict_servers,
            sides=sides,
            started=started,
        )
    except RuntimeError as exc:  # a side that could not run: say which
        console.print(f"compat could not run: {exc}", markup=False)
        return None
    finally:
        for side in sides:
            side.close()
