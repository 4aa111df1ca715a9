"""`nox -s compat -- [REF]`: is the working tree's contract compatible with the one at REF?

Compares the spec, the generated client and the mock at a git revision (default: the last `v*`
release tag, else HEAD~1) with the working tree: a structural diff of the two specs names each
change, then a round trip runs both ways, each side in its own process (old client against the new
mock: are existing callers broken? new client against the old mock: can it still talk to servers on
the old contract?). Exits 1 on a breaking change unless `--allow-breaking`, 2 when it cannot run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compat_report import EXPECTED, Finding, Verdict, findings, next_version, verdict
from compat_run import Direction, examples_for, materialise, round_trip, tree_spec
from rich.console import Console
from spec_file import SpecError, read_spec
from specdiff import COMPATIBLE, Change, diff_specs
from surface import diff_surfaces, extract_surface

__all__ = ["Report", "compare", "default_ref", "main"]

ROOT = Path(__file__).resolve().parent.parent
_STYLE = {"breaks callers": "bold red", "breaks servers": "bold red", COMPATIBLE: "green"}


@dataclass
class Report:
    """Everything one compat run found."""

    changes: list[Change]
    surface: list[str]
    directions: list[Direction]
    findings: list[Finding]
    verdict: Verdict
    seconds: float


def compare(old_root: Path, new_root: Path, *, examples: int = 40, seed: int = 0) -> Report:
    """Compare the tree at `old_root` (the release) with the one at `new_root` (the change)."""
    started = time.monotonic()
    old_spec, new_spec = tree_spec(old_root), tree_spec(new_root)
    changes = diff_specs(old_spec, new_spec)
    package = Path("generated", "heygen_streaming_api")
    surface = diff_surfaces(
        extract_surface(old_root / package), extract_surface(new_root / package)
    )
    old_cases = examples_for(old_spec, new_spec, changes, examples, seed)
    new_cases = examples_for(new_spec, old_spec, changes, examples, seed)
    # The two directions share nothing: run them side by side (each is two processes).
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(round_trip, old_root, new_root, old_cases, "old client -> new mock")
        second = pool.submit(round_trip, new_root, old_root, new_cases, "new client -> old mock")
        old_to_new, new_to_old = first.result(), second.result()
    found = findings(old_to_new, new_to_old, changes)
    elapsed = time.monotonic() - started
    return Report(
        changes, surface, [old_to_new, new_to_old], found, verdict(changes, found), elapsed
    )


def render(report: Report, console: Console, *, current: str, label: str) -> None:
    console.print(f"[bold]compat[/] {label}")
    console.print("\n[bold]Spec changes[/] (structural)")
    for c in report.changes or []:
        console.print(f"  [{_STYLE[c.impact]}]{c.impact:<15}[/] {c.where}: {c.what}")
    if not report.changes:
        console.print("  none")
    console.print("\n[bold]Client surface[/] (generated package)")
    console.print("\n".join(f"  {line}" for line in report.surface) or "  unchanged", markup=False)
    for d in report.directions:
        res = d.result
        bad = [f for f in report.findings if f.direction == d.title]
        breaking = [f for f in bad if f.impact != EXPECTED]
        status = "[red]incompatible[/]" if breaking else "[green]ok[/]"
        console.print(
            f"\n[bold]Round trip: {d.title}[/] {status}  ({len(res['requests'])} requests"
            f" via {d.client}, {len(res['responses'])} responses parsed; server: {d.server})"
        )
        for f in bad:
            style = "dim" if f.impact == EXPECTED else _STYLE[f.impact]
            console.print(f"  [{style}]{f.impact}[/]: {f.what}", highlight=False)
            console.print(f"    body:   {f.example_text()}", markup=False, highlight=False)
            console.print(f"    answer: {f.message}", markup=False, highlight=False)
    v = report.verdict
    for c in v.unconfirmed:
        console.print(
            f"\n[yellow]not shown by an example[/] (structural only): {c.where}: {c.what}"
        )
    target = next_version(current, v.bump)
    style = "bold red" if v.breaking else "bold green"
    console.print(
        f"\n[{style}]Verdict: {v.label}[/]; suggested bump: {v.bump}"
        f" ({current} -> {target}); {report.seconds:.1f} s"
    )


def default_ref(repo: Path) -> str:
    """The last release tag `v*` reachable from HEAD, else HEAD~1."""
    found = subprocess.run(
        ["git", "describe", "--tags", "--abbrev=0", "--match", "v*"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() if found.returncode == 0 else "HEAD~1"


def _version(root: Path) -> str:
    try:
        return str(
            tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0.0.0"


def _stale(root: Path) -> bool:
    """Whether generated/ was generated from another spec than openapi/streaming.yaml."""
    return read_spec(root / "openapi" / "streaming.yaml") != tree_spec(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "ref", nargs="?", help="git revision to compare with (default: last v* tag)"
    )
    parser.add_argument("--allow-breaking", action="store_true", help="exit 0 on a breaking change")
    parser.add_argument("--examples", type=int, default=40, help="drawn bodies per direction")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (same seed, same run)")
    args = parser.parse_args(argv)
    console = Console(highlight=False, soft_wrap=True)
    ref = args.ref or default_ref(ROOT)
    try:
        stale = _stale(ROOT)
    except SpecError as exc:
        console.print(f"compat cannot read the working tree's spec: {exc}", markup=False)
        return 2
    if stale:
        console.print(
            "[red]generated/ does not match openapi/streaming.yaml: run `nox -s generate`[/]"
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="heygen-compat-") as tmp:
        try:
            old_root = materialise(ROOT, ref, Path(tmp))
        except subprocess.CalledProcessError as exc:
            console.print(
                f"[red]cannot read {ref!r} from git:[/] {exc.stderr.strip()}", markup=False
            )
            return 2
        commit = subprocess.run(
            ["git", "rev-parse", "--short", ref],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        try:
            report = compare(old_root, ROOT, examples=args.examples, seed=args.seed)
        except (RuntimeError, SpecError) as exc:  # a side that could not run: say which, exit 2
            console.print(f"compat could not run: {exc}", markup=False)
            return 2
        label = f"{ref} ({commit}) -> working tree"
        render(report, console, current=_version(old_root), label=label)
    if report.verdict.breaking and not args.allow_breaking:
        console.print(
            "A breaking change: exit 1 (pass --allow-breaking to accept it and bump major)."
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
