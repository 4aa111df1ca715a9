"""`nox -s bench`: the project's floors, as ratios of two things measured side by side in one run.

Absolute figures on a shared machine are noise, so every floor is a ratio of two runs made back
to back, in rounds whose order alternates; the report gives each ratio's median and range. The
calls come from the packaged spec (`x-lifecycle`): the creating operation with its fullest
request example, and a session's lifecycle (create, into the state the speaking operation
requires, speak, close).

- mock: req/s of the served mock against `prism mock` on the same spec, on the creating call and
  on the lifecycle mix, load by wrk (tools/bench.lua); floor: 4x or more.
- client: the client's creating method against a raw `httpx.Client.post` of the same body, per
  call, in-process (the mock's transport) and over loopback (the served mock); floor: 1.15x or less.
- import: importing the two clients against `import httpx`, in fresh interpreters.
- `--soak S`: the lifecycle mix for S seconds on a fresh mock; non-2xx answers and its RSS.

Every load is bounded in time and targets 127.0.0.1 only. Exit codes: 0 every floor met, 1 a
floor missed, 2 bad usage or a tool (wrk, npm, the mock) could not run.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import httpx
from heygen_streaming_tools.load import (
    KEY,
    KEY_SPEC,
    BenchError,
    bench_servers,
    creating,
    free_port,
    lifecycle,
    serve_mock,
    soak,
    spread,
)

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "bench.json"
Row = tuple[str, str, str, str, str, bool]
Call = Callable[[], object]
Clock = Callable[[], float]


def interleaved(a: Call, b: Call, n: int, rounds: int, clock: Clock) -> dict[str, Any]:
    """Time per call of a and b by `clock`, in rounds of alternating order, each after a full
    collection (so that garbage one side left is not collected on the other's time)."""
    times: tuple[list[float], list[float]] = ([], [])
    for r in range(rounds):
        sides = ((a, times[0]), (b, times[1]))
        for fn, out in sides if r % 2 == 0 else reversed(sides):
            gc.collect()
            start = clock()
            for _ in range(n):
                fn()
            out.append((clock() - start) / n)
    return {
        "client_us": statistics.median(times[0]) * 1e6,
        "httpx_us": statistics.median(times[1]) * 1e6,
        "ratio": spread([x / y for x, y in zip(*times, strict=True)]),
    }


def bench_client(mock: int, calls: int, rounds: int) -> dict[str, Any]:
    """The client's creating method against raw httpx.Client.post of the same body."""
    from heygen_streaming import StreamingClient
    from heygen_streaming_mock import MockServer

    op, body = creating()
    header = lifecycle()[0]
    in_process = MockServer(api_keys=[KEY_SPEC], seed=1)
    # Raw httpx posts the bytes the client sends, the spec's defaults included: the server's
    # work differs in nothing.
    first = StreamingClient(api_key=KEY, base_url="http://mock", transport=in_process.transport())
    with first as c:
        getattr(c, op.operation_id)(**body)
    wire = in_process.journal.last().body

    def measure(base_url: str, transport: Any, clock: Clock) -> dict[str, Any]:
        with (
            StreamingClient(api_key=KEY, base_url=base_url, transport=transport()) as client,
            httpx.Client(base_url=base_url, transport=transport()) as raw,
        ):
            method = getattr(client, op.operation_id)

            def theirs() -> object:
                return raw.post(op.path, json=wire, headers={header: KEY}).raise_for_status().json()

            return interleaved(lambda: method(**body), theirs, calls, rounds, clock)

    return {
        # The mock's transport, no socket: the client's overhead shows most. Timed in CPU time
        # of this process, where both the client and the mock run: unlike wall time, it leaves
        # out the other tenants of a shared machine.
        "in_process": measure("http://mock", in_process.transport, time.process_time),
        # The served mock, as an application under test sees it.
        "loopback": measure(f"http://127.0.0.1:{mock}", lambda: None, time.perf_counter),
    }


def bench_import(rounds: int) -> dict[str, Any]:
    """The two clients (the package itself loads lazily) against httpx, fresh interpreters."""

    def seconds(statement: str) -> float:
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return float(run.stdout)

    clients = "from heygen_streaming import AsyncStreamingClient, StreamingClient"
    pairs = [(seconds(clients), seconds("import httpx")) for _ in range(rounds)]
    return {
        "ours_ms": statistics.median(p[0] for p in pairs) * 1e3,
        "httpx_ms": statistics.median(p[1] for p in pairs) * 1e3,
        "ratio": spread([a / b for a, b in pairs]),
    }


def rows(report: dict[str, Any]) -> list[Row]:
    """(figure, ours, reference, ratio: median (range), floor, met) for the table."""
    out: list[Row] = []
    name = creating()[0].operation_id

    def ratio(r: dict[str, Any]) -> str:
        return f"{r['median']:.2f} ({r['min']:.2f}-{r['max']:.2f})"

    for mode, label in (("new", f"`{name}`"), ("mix", "lifecycle mix")):
        if m := report.get("mock", {}).get(mode):
            figure = f"mock vs `prism mock`, {label}"
            ours, theirs = f"{m['mock']['median']:,.0f} req/s", f"Prism {m['prism']['median']:,.0f}"
            met = m["ratio"]["median"] >= 4 and not any(m["errors"].values())
            out.append((figure, ours, theirs, ratio(m["ratio"]), ">= 4", met))
    for where, c in report.get("client", {}).items():
        figure = f"`{name}()` per call, {where.replace('_', '-')}"
        ours, theirs = f"{c['client_us']:.0f} µs", f"httpx {c['httpx_us']:.0f} µs"
        out.append(
            (figure, ours, theirs, ratio(c["ratio"]), "<= 1.15", c["ratio"]["median"] <= 1.15)
        )
    if i := report.get("import"):  # a figure, not a floor: it follows the generated code's size
        ours, theirs = f"{i['ours_ms']:.0f} ms", f"httpx {i['httpx_ms']:.0f} ms"
        out.append(("importing the two clients", ours, theirs, ratio(i["ratio"]), "-", True))
    if s := report.get("soak"):
        errors, growth = s["non_2xx"] + s["socket_errors"], s["rss_growth"]
        figure = f"soak, lifecycle mix, {s['duration_us'] / 1e6:.0f} s: errors, RSS"
        ours = f"{errors} in {s['requests']:,} requests"
        mb = f"{s['rss_before_kib'] / 1024:.1f} -> {s['rss_after_kib'] / 1024:.1f} MB"
        out.append((figure, ours, mb, f"{growth:+.1%}", "0, < +10%", errors == 0 and growth < 0.1))
    return out


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from low to high (every run is bounded)."""

    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low:,} to {high:,}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="nox -s bench --", description=__doc__, formatter_class=raw
    )
    sections = ("mock", "client", "import")
    parser.add_argument(
        "--only", default=",".join(sections), help="sections (default: %(default)s)"
    )
    options = (  # flag, lowest, highest, default, help
        ("--rounds", 1, 30, 5, "alternating rounds"),
        ("--seconds", 1, 60, 5, "per wrk run"),
        ("--connections", 1, 64, 8, "wrk's, one thread each"),
        ("--calls", 10, 10_000, 200, "client calls per round (3 rounds per --rounds)"),
        ("--soak", 0, 600, 0, "then a soak this long on a fresh mock (seconds)"),
    )
    for flag, low, high, default, text in options:
        text += f" ({low:,}-{high:,}; default {default})"
        parser.add_argument(flag, type=bounded(low, high), default=default, metavar="N", help=text)
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if only - set(sections):
        parser.error(f"unknown section(s): {', '.join(sorted(only - set(sections)))}")
    report: dict[str, Any] = {}
    try:
        port = free_port()
        with serve_mock(port) if only & {"client", "mock"} else nullcontext():
            if "client" in only:
                report["client"] = bench_client(port, args.calls, 3 * args.rounds)
            if "mock" in only:
                report["mock"] = bench_servers(port, args.rounds, args.seconds, args.connections)
        if "import" in only:
            report["import"] = bench_import(args.rounds)
        if args.soak:
            report["soak"] = soak(args.soak, args.connections)
    except (BenchError, subprocess.SubprocessError, OSError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    table = rows(report)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report | {"table": table}, indent=2) + "\n")
    print("| figure | ours | reference | ratio: median (range) | floor | met |")
    print("|---|---|---|---|---|---|")
    for *cells, met in table:
        print("| " + " | ".join(cells) + f" | {'yes' if met else '**no**'} |")
    print(f"\n{args.rounds} rounds; full figures: {REPORT.relative_to(ROOT)}")
    return 0 if all(row[-1] for row in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
