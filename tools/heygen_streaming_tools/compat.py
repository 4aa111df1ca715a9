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
from contextlib import ExitStack, closing
from pathlib import Path

from heygen_streaming.spec import APIS, SpecError
from heygen_streaming.spec_model import SpecModel
from rich.console import Console

from .plan import client_plan, server_plan
from .report import Report, render
from .roundtrip import DEFAULT, Contract, Side, exchange, materialise
from .rulesdiff import state_rises
from .specdiff import diff_specs
from .surface import diff_surfaces, extract_surface
from .verdict import NEW_TO_OLD, OLD_TO_NEW, Direction, findings, verdict

__all__ = ["OVERRIDE", "Report", "commit_of", "compare", "default_ref", "main"]

ROOT = Path(__file__).resolve().parents[2]
OVERRIDE = "nox -s compat -- --allow-breaking"


def compare(
    old_root: Path,
    new_root: Path,
    *,
    contract: Contract = DEFAULT,
    examples: int = 20,
    seed: int = 0,
    strict_servers: bool = False,
    scratch: Path | None = None,
) -> Report:
    """Compare the tree at `old_root` (the release) with the one at `new_root` (the change)."""
    started = time.monotonic()
    roots = {"old": old_root, "new": new_root}
    packages = [contract.package(r, scratch and scratch / side) for side, r in roots.items()]
    with ExitStack() as stack:  # both sides import while this process plans
        sides = zip(roots.values(), packages, strict=True)
        old_side, new_side = (stack.enter_context(closing(Side(*side))) for side in sides)
        old, new = (
            SpecModel(json.loads((p / "openapi.json").read_text("utf-8"))) for p in packages
        )
        changes = diff_specs(old, new)
        surface = diff_surfaces(*map(extract_surface, packages))
        plans = {
            "old_server": server_plan(old),
            "new_server": server_plan(new),
            "old_client": client_plan(old, new, changes, examples, seed),
            "new_client": client_plan(new, old, changes, examples, seed),
        }
        (forward, new_which), (backward, old_which) = exchange(old_side, new_side, plans)
    old_to_new = Direction.of(OLD_TO_NEW, forward, new_which, old, new)
    new_to_old = Direction.of(NEW_TO_OLD, backward, old_which, new, old)
    found = findings(old_to_new, new_to_old, changes)
    found += state_rises(old_to_new, old, new, changes) + state_rises(new_to_old, new, old, changes)
    judged = verdict(changes, found, strict_servers=strict_servers)
    return Report(
        changes, surface, [old_to_new, new_to_old], found, judged, time.monotonic() - started
    )


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
        return str(
            tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0.0.0"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nox -s compat --",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("ref", nargs="?", help="git revision to compare with (default: last v* tag, else HEAD~1)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--api",
        choices=list(APIS),
        default=DEFAULT.api,
        help="a packaged API (default: %(default)s)",
    )
    which.add_argument(
        "--spec", type=Path, metavar="FILE", help="a spec file of the repository, any API"
    )
    add("--allow-breaking", action="store_true", help="exit 0 on a breaking change")
    add(
        "--strict-servers",
        action="store_true",
        help="a change that needs servers of this version is breaking too (major, exit 1)",
    )
    add("--examples", type=int, default=20, help="drawn bodies per operation and direction")
    add("--seed", type=int, default=0, help="seed of the drawn bodies (same seed, same run)")
    add("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    return parser


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run compat on the repository at `root` (default: this one); the exit status."""
    args = _parser().parse_args(argv)
    repo = (ROOT if root is None else root).resolve()
    console = Console(highlight=False, soft_wrap=True)

    def fail(text: str) -> int:
        console.print(text, style="red", markup=False)
        return 2

    ref = args.ref or default_ref(repo)
    if args.ref is None and ref == "HEAD~1":
        console.print("no v* tag found, comparing with HEAD~1")
    spec = None if args.spec is None else (Path.cwd() / args.spec).resolve()
    if spec is not None and not spec.is_relative_to(repo):
        return fail(f"--spec {args.spec}: not a file of the repository {repo}")
    contract = Contract(args.api, None if spec is None else spec.relative_to(repo).as_posix())
    with tempfile.TemporaryDirectory(prefix="compat-") as tmp:
        try:
            old_root = materialise(repo, ref, Path(tmp) / "old", *filter(None, [contract.spec]))
            stale = contract.stale(repo)
        except subprocess.CalledProcessError as exc:
            return fail(f"cannot read {ref!r} from git: {exc.stderr.decode().strip()}")
        except SpecError as exc:
            return fail(f"compat cannot read the working tree's spec: {exc}")
        if stale:
            return fail(
                f"generated/ does not match openapi/{contract.api}.yaml: run `nox -s generate`"
            )
        try:
            report = compare(
                old_root,
                repo,
                contract=contract,
                examples=args.examples,
                seed=args.seed,
                strict_servers=args.strict_servers,
                scratch=Path(tmp) / "generated",
            )
        except SpecError as exc:
            return fail(f"compat cannot compare: {exc}")
        except RuntimeError as exc:  # a side that could not run: said which
            return fail(f"compat could not run: {exc}")
        render(
            report,
            console,
            current=_version(old_root),
            label=f"{ref} ({commit_of(repo, ref)}) -> working tree",
        )
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.as_dict(), indent=2, default=str) + "\n", "utf-8")
    if report.verdict.breaking and not args.allow_breaking:
        console.print(f"A breaking change: exit 1 (to accept it and bump major: `{OVERRIDE}`).")
        return 1
    return 0
