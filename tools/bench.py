"""`nox -s bench`: the project's floors, as ratios of two things measured side by side in one run.

Absolute figures on a shared machine are noise, so every floor is a ratio of two runs made back
to back, in rounds whose order alternates; the report gives each ratio's median and range.

The calls come from the packaged spec (`x-lifecycle`): the creating operation with its fullest
request example, and a session's lifecycle (create, into the state the speaking operation
requires, speak, close).

- mock: req/s of the served mock (`heygen-streaming mock`) against `prism mock` on the same spec,
  on the creating call and on the lifecycle mix, load by wrk (tools/bench.lua); floor: 4x or more.
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
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import httpx
from heygen_streaming.lifecycle import need, path_to
from heygen_streaming.spec_model import Operation, packaged_model

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "bench.json"
LUA = ROOT / "tools" / "bench.lua"
PRISM = "@stoplight/prism-cli@5"  # from npm, into .nox/prism, kept between runs
PRISM_DIR = ROOT / ".nox" / "prism"
KEY = "bench-key"
# `KEY:LIMIT:PLAN:CONCURRENCY`: the creating call opens sessions it never stops, so no limit.
KEY_SPEC = f"{KEY}:600:paid:{10**9}"


class BenchError(Exception):
    """A tool could not run: one line for the user, exit code 2."""


def spread(values: list[float]) -> dict[str, Any]:
    """Median and range of per-round figures, which are kept too."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)} | {
        "rounds": values
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def serve(
    command: list[str], port: int, ready: str, timeout: float
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` until the block ends; ready once GET `ready` answers (any status)."""
    # stderr is left to the terminal: a server that cannot start says why there.
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}{ready}", timeout=2, trust_env=False)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise BenchError(f"`{' '.join(command[:2])}` did not start") from None
                time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve_mock(port: int) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """The mock as users start it: its command line, then its health route."""
    exe = shutil.which("heygen-streaming")
    if exe is None:
        raise BenchError("heygen-streaming not found: run the bench through `nox -s bench`")
    command = [exe, "mock", "--host", "127.0.0.1", "--port", str(port), "--api-key", KEY_SPEC]
    return serve([*command, "--seed", "1"], port, "/__mock__/health", timeout=60)


def serve_prism(port: int) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """`prism mock` on the same spec, from npm (installed once into .nox/prism)."""
    prism = PRISM_DIR / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise BenchError(f"npm not found: Prism ({PRISM}) comes from npm")
        print(f"installing {PRISM} with npm into .nox/prism", flush=True)
        PRISM_DIR.mkdir(parents=True, exist_ok=True)
        command = [npm, "install", "--silent", "--no-audit", "--no-fund", PRISM]
        subprocess.run(command, cwd=PRISM_DIR, check=True, timeout=600)
    spec = PRISM_DIR / "openapi.json"  # the packaged spec, the very one the mock serves
    spec.write_text(json.dumps(packaged_model().document), "utf-8")
    command = [str(prism), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)]
    return serve(command, port, "/", timeout=120)


def creating() -> tuple[Operation, dict[str, Any]]:
    """The spec's creating operation and its fullest request example the client accepts."""
    op = next(op for op in packaged_model().operations if op.lifecycle.creates)
    strict = op.request_validator(strict=True)
    valid = [e for e in op.request_examples.values() if strict is None or strict.is_valid(e)]
    return op, max(valid, key=lambda e: len(json.dumps(e)))


def lifecycle() -> tuple[str, str, list[str]]:
    """(key header, session-id field, `PATH BODY` of each step) for tools/bench.lua's mix."""
    model = packaged_model()
    create, body = creating()
    field = need(model.lifecycle.session_id, "session-id")
    speaks = next(op for op in model.operations if op.lifecycle.speaks)
    closes = next(op for op in model.operations if op.lifecycle.closes)
    state = next(iter(speaks.lifecycle.requires or ()), None)
    steps: list[Operation] = (
        [] if state is None else path_to(model.lifecycle, model.operations, state) or []
    )
    out = [create.path, json.dumps(body)]
    for op in [*steps, speaks, closes]:
        example = next(iter(op.request_examples.values()), {})
        out += [op.path, json.dumps({**example, field: "@id@"})]
    header = next(s.header for alt in create.security for s in alt if s.type == "apiKey")
    return header, field, out


def wrk(port: int, mode: str, seconds: int, connections: int) -> dict[str, Any]:
    """One wrk run of tools/bench.lua's `mode`; one connection per thread (see the script)."""
    exe = shutil.which("wrk")
    if exe is None:
        raise BenchError("wrk not found: `apt-get install wrk` (`nox -s bench` does it)")
    c, (header, field, steps) = str(connections), lifecycle()
    command = [exe, "-t", c, "-c", c, "-d", f"{seconds}s", "-s", str(LUA)]
    command += [f"http://127.0.0.1:{port}", "--", mode, KEY, header, field, *steps]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    run: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    run["rps"] = run["requests"] / (run["duration_us"] / 1e6)
    return run


def bench_servers(mock: int, rounds: int, seconds: int, connections: int) -> dict[str, Any]:
    """The mock against Prism, on each wrk mode, in rounds of alternating order."""
    report: dict[str, Any] = {"rounds": rounds, "seconds": seconds, "connections": connections}
    prism = free_port()
    with serve_prism(prism):
        ports = {"mock": mock, "prism": prism}
        for mode in ("new", "mix"):
            for port in ports.values():  # warm-up: imports, caches, the journal filled
                wrk(port, mode, 1, connections)
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in ports}
            for r in range(rounds):
                for name in ports if r % 2 == 0 else reversed(ports):
                    runs[name].append(wrk(ports[name], mode, seconds, connections))
            ratios = [m["rps"] / p["rps"] for m, p in zip(*runs.values(), strict=True)]
            report[mode] = {n: spread([x["rps"] for x in rs]) for n, rs in runs.items()} | {
                "ratio": spread(ratios),
                "errors": {
                    n: sum(x["non_2xx"] + x["socket_errors"] for x in rs) for n, rs in runs.items()
                },
                "p99_ms": {
                    n: statistics.median(x["p99_us"] for x in rs) / 1e3 for n, rs in runs.items()
                },
            }
    return report


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (Linux /proc)."""
    status = Path(f"/proc/{pid}/status").read_text()
    total = next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:"))
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return total + sum(rss_kib(int(child)) for child in children)


def soak(seconds: int, connections: int) -> dict[str, Any]:
    """The lifecycle mix on a fresh mock; RSS after a warm-up that fills its bounded stores."""
    port = free_port()
    with serve_mock(port) as proc:
        wrk(port, "mix", 10, connections)
        before = rss_kib(proc.pid)
        run = wrk(port, "mix", seconds, connections)
        after = rss_kib(proc.pid)
    return run | {
        "rss_before_kib": before,
        "rss_after_kib": after,
        "rss_growth": after / before - 1,
    }


def interleaved(
    a: Callable[[], object],
    b: Callable[[], object],
    n: int,
    rounds: int,
    clock: Callable[[], float],
) -> dict[str, Any]:
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
    header, _, _ = lifecycle()
    in_process = MockServer(api_keys=[KEY_SPEC], seed=1)
    # Raw httpx posts the bytes the client sends, the spec's defaults included: the server's
    # work differs in nothing.
    with StreamingClient(
        api_key=KEY, base_url="http://mock", transport=in_process.transport()
    ) as c:
        getattr(c, op.operation_id)(**body)
    wire = in_process.journal.last().body

    def measure(base_url: str, transport: Any, clock: Callable[[], float]) -> dict[str, Any]:
        with (
            StreamingClient(api_key=KEY, base_url=base_url, transport=transport()) as client,
            httpx.Client(base_url=base_url, transport=transport()) as raw,
        ):
            method = getattr(client, op.operation_id)

            def ours() -> object:
                return method(**body)

            def theirs() -> object:
                r = raw.post(op.path, json=wire, headers={header: KEY})
                r.raise_for_status()
                return r.json()

            return interleaved(ours, theirs, calls, rounds, clock)

    return {
        # The mock's transport, no socket: the client's overhead shows most. Timed in CPU time
        # of this process, where both the client and the mock run: unlike wall time, it leaves
        # out the other tenants of a shared machine.
        "in_process": measure("http://mock", in_process.transport, time.process_time),
        # The served mock, as an application under test sees it.
        "loopback": measure(f"http://127.0.0.1:{mock}", lambda: None, time.perf_counter),
    }


def _import_time(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def bench_import(rounds: int) -> dict[str, Any]:
    """The two clients (the package itself loads lazily) against httpx, fresh interpreters."""
    clients = "from heygen_streaming import AsyncStreamingClient, StreamingClient"
    pairs = [(_import_time(clients), _import_time("import httpx")) for _ in range(rounds)]
    return {
        "ours_ms": statistics.median(p[0] for p in pairs) * 1e3,
        "httpx_ms": statistics.median(p[1] for p in pairs) * 1e3,
        "ratio": spread([a / b for a, b in pairs]),
    }


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from low to high (every run is bounded)."""

    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low:,} to {high:,}")
        return value

    return parse


def rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str, bool]]:
    """(figure, ours, reference, ratio: median (range), floor, met) for the table."""
    out, name = [], creating()[0].operation_id

    def ratio(r: dict[str, Any]) -> str:
        return f"{r['median']:.2f} ({r['min']:.2f}-{r['max']:.2f})"

    for mode, label in (("new", f"`{name}`"), ("mix", "lifecycle mix")):
        if m := report.get("mock", {}).get(mode):
            ours, theirs = f"{m['mock']['median']:,.0f} req/s", f"Prism {m['prism']['median']:,.0f}"
            met = m["ratio"]["median"] >= 4 and not any(m["errors"].values())
            out.append(
                (f"mock vs `prism mock`, {label}", ours, theirs, ratio(m["ratio"]), ">= 4", met)
            )
    for where, c in report.get("client", {}).items():
        ours, theirs = f"{c['client_us']:.0f} µs", f"httpx {c['httpx_us']:.0f} µs"
        figure, met = (
            f"`{name}()` per call, {where.replace('_', '-')}",
            c["ratio"]["median"] <= 1.15,
        )
        out.append((figure, ours, theirs, ratio(c["ratio"]), "<= 1.15", met))
    if i := report.get("import"):  # a figure, not a floor: it follows the generated code's size
        ours, theirs = f"{i['ours_ms']:.0f} ms", f"httpx {i['httpx_ms']:.0f} ms"
        out.append(("importing the two clients", ours, theirs, ratio(i["ratio"]), "-", True))
    if s := report.get("soak"):
        errors, growth = s["non_2xx"] + s["socket_errors"], s["rss_growth"]
        figure = f"soak, lifecycle mix, {s['duration_us'] / 1e6:.0f} s: errors, RSS"
        mb = f"{s['rss_before_kib'] / 1024:.1f} -> {s['rss_after_kib'] / 1024:.1f} MB"
        met = errors == 0 and growth < 0.1
        out.append(
            (
                figure,
                f"{errors} in {s['requests']:,} requests",
                mb,
                f"{growth:+.1%}",
                "0, < +10%",
                met,
            )
        )
    return out


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
