"""The bench's servers and load: the served mock, `prism mock` on the same spec, wrk runs of
tools/bench.lua over a session's lifecycle read from the spec, and the soak (`tools/bench.py`)."""

from __future__ import annotations

import json
import shutil
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from heygen_streaming.lifecycle import need, path_to
from heygen_streaming.spec_model import Operation, packaged_model

__all__ = ["KEY", "KEY_SPEC", "BenchError", "bench_servers", "creating", "free_port"]
__all__ += ["lifecycle", "serve_mock", "soak", "spread"]

ROOT = Path(__file__).resolve().parents[2]
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
        return int(probe.getsockname()[1])


def tool(name: str, why: str) -> str:
    """The executable `name`, or a BenchError saying `why` it is needed."""
    found = shutil.which(name)
    if found is None:
        raise BenchError(f"{name} not found: {why}")
    return found


@contextmanager
def serve(command: list[str], port: int, ready: str, timeout: float) -> Iterator[int]:
    """Run `command` until the block ends (its pid); ready once GET `ready` answers (any status)."""
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
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve_mock(port: int) -> Any:
    """The mock as users start it: its command line, then its health route."""
    exe = tool("heygen-streaming", "run the bench through `nox -s bench`")
    command = [exe, "mock", "--host", "127.0.0.1", "--port", str(port), "--api-key", KEY_SPEC]
    return serve([*command, "--seed", "1"], port, "/__mock__/health", timeout=60)


def serve_prism(port: int) -> Any:
    """`prism mock` on the same spec, from npm (installed once into .nox/prism)."""
    prism = PRISM_DIR / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        npm = tool("npm", f"Prism ({PRISM}) comes from npm")
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
    steps: list[Operation] = []
    if state is not None:
        steps = path_to(model.lifecycle, model.operations, state) or []
    out = [create.path, json.dumps(body)]
    for op in [*steps, speaks, closes]:
        example: dict[str, Any] = next(iter(op.request_examples.values()), {})
        out += [op.path, json.dumps({**example, field: "@id@"})]
    header = next(s.header for alt in create.security for s in alt if s.type == "apiKey")
    return header, field, out


def wrk(port: int, mode: str, seconds: int, connections: int) -> dict[str, Any]:
    """One wrk run of tools/bench.lua's `mode`; one connection per thread (see the script)."""
    exe = tool("wrk", "`apt-get install wrk` (`nox -s bench` does it)")
    c, (header, field, steps) = str(connections), lifecycle()
    command = [exe, "-t", c, "-c", c, "-d", f"{seconds}s", "-s", str(ROOT / "tools/bench.lua")]
    command += [f"http://127.0.0.1:{port}", "--", mode, KEY, header, field, *steps]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    run: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return run | {"rps": run["requests"] / (run["duration_us"] / 1e6)}


def bench_servers(mock: int, rounds: int, seconds: int, connections: int) -> dict[str, Any]:
    """The mock against Prism, on each wrk mode, in rounds of alternating order."""
    report: dict[str, Any] = {"rounds": rounds, "seconds": seconds, "connections": connections}
    ports = {"mock": mock, "prism": free_port()}
    with serve_prism(ports["prism"]):
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
    with serve_mock(port) as pid:
        wrk(port, "mix", 10, connections)
        before = rss_kib(pid)
        run = wrk(port, "mix", seconds, connections)
        after = rss_kib(pid)
    return run | {
        "rss_before_kib": before,
        "rss_after_kib": after,
        "rss_growth": after / before - 1,
    }
