"""`nox -s bench`: every benchmark of the project, measured side by side in one run.

Absolute times on a shared 2-core machine are noise, so each figure is a ratio of two things
measured in the same run, interleaved: the client against raw httpx on the same server, the
package's import against httpx's, the mock against a bare ASGI app (tools/bench_mock.py), the
contract suite against the mock versus a trivial app (tools/bench_contract.py).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "bench.json"
BODY = {"quality": "high", "avatar_id": "Wayne_20240711", "activity_idle_timeout": 300}


def _load(name: str) -> ModuleType:
    """A sibling benchmark script (tools/ is on sys.path: this file runs from there)."""
    return importlib.import_module(name)


def _per_call(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def _interleaved(
    a: Callable[[], object], b: Callable[[], object], calls: int, rounds: int
) -> tuple[float, float]:
    """Median per-call time of a and b, alternating rounds so drift hits both alike.

    Each round starts from a full collection, so that garbage one side left behind is not
    collected on the other side's time.
    """
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(rounds):
        gc.collect()
        ta.append(_per_call(a, calls))
        gc.collect()
        tb.append(_per_call(b, calls))
    return statistics.median(ta), statistics.median(tb)


def bench_client(calls: int, rounds: int) -> dict[str, Any]:
    """new_session() against raw httpx.Client.post, on the same servers."""
    import httpx
    from heygen_streaming import StreamingClient
    from heygen_streaming_mock import MockServer
    from heygen_streaming_mock.server import running

    results: dict[str, Any] = {}
    key = "bench-key"
    # Every call opens a session and none is stopped: the key's concurrency must not run out
    # (`KEY:LIMIT:PLAN:CONCURRENCY`, as `heygen-streaming mock --api-key` takes it).
    keys = [f"{key}:600:paid:{10**9}"]
    # In-process: the mock's sync transport, no socket; the client's own overhead shows most here.
    mock = MockServer(api_keys=keys, seed=1)
    with (
        StreamingClient(api_key=key, base_url="http://mock", transport=mock.transport()) as client,
        httpx.Client(base_url="http://mock", transport=mock.transport()) as raw,
    ):
        # The same bytes on the wire for both: raw httpx posts the body the client sends, which
        # carries the spec's defaults too (the server's work then differs in nothing).
        client.new_session(**BODY)
        wire = mock.journal.last().body

        def raw_post() -> object:
            r = raw.post("/v1/streaming.new", json={**wire}, headers={"X-Api-Key": key})
            r.raise_for_status()
            return r.json()

        ours, theirs = _interleaved(lambda: client.new_session(**BODY), raw_post, calls, rounds)
        results["in_process"] = {
            "client_us": ours * 1e6,
            "httpx_us": theirs * 1e6,
            "ratio": ours / theirs,
        }
    # Over loopback: the mock served by uvicorn on 127.0.0.1, as an app under test would see it.
    with running(MockServer(api_keys=keys, seed=1)) as served:
        base_url = served.url
        client = StreamingClient(api_key=key, base_url=base_url)
        raw = httpx.Client(base_url=base_url)

        def raw_post_socket() -> object:
            r = raw.post("/v1/streaming.new", json={**wire}, headers={"X-Api-Key": key})
            r.raise_for_status()
            return r.json()

        try:
            ours, theirs = _interleaved(
                lambda: client.new_session(**BODY), raw_post_socket, calls // 2, rounds
            )
        finally:
            client.close()
            raw.close()
        results["loopback"] = {
            "client_us": ours * 1e6,
            "httpx_us": theirs * 1e6,
            "ratio": ours / theirs,
        }
    return results


def _import_time(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def bench_import(rounds: int) -> dict[str, Any]:
    """Importing the clients against `import httpx`, each in a fresh interpreter.

    `heygen_streaming` loads its names lazily (PEP 562), so `import heygen_streaming` alone would
    measure nothing: the figure imports the two clients, as an application does.
    """
    clients = "from heygen_streaming import AsyncStreamingClient, StreamingClient"
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        ours.append(_import_time(clients))
        theirs.append(_import_time("import httpx"))
    a, b = statistics.median(ours), statistics.median(theirs)
    return {"heygen_streaming_ms": a * 1e3, "httpx_ms": b * 1e3, "ratio": a / b}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default="client,import,mock,contract",
        help="comma-separated sections to run (default: %(default)s)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for a smoke run")
    parser.add_argument(
        "--vs-prism", action="store_true", help="also load-test `prism mock` (needs node/npm)"
    )
    parser.add_argument("--soak", action="store_true", help="also run the 60 s soak of the mock")
    args = parser.parse_args(argv)
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = sections - {"client", "import", "mock", "contract"}
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    report: dict[str, Any] = {}
    if "import" in sections:
        report["import"] = bench_import(rounds=5 if args.quick else 21)
        print("import:", json.dumps(report["import"]), flush=True)
    if "client" in sections:
        report["client"] = bench_client(
            calls=100 if args.quick else 500, rounds=3 if args.quick else 15
        )
        print("client:", json.dumps(report["client"]), flush=True)
    if "mock" in sections:
        extra = ["--quick"] if args.quick else []
        extra += ["--vs-prism"] if args.vs_prism else []
        extra += ["--soak"] if args.soak else []
        report["mock"] = _load("bench_mock").run(extra)
        print("mock:", json.dumps(report["mock"]), flush=True)
    if "contract" in sections:
        report["contract"] = _load("bench_contract").run(["--quick"] if args.quick else [])
        print("contract:", json.dumps(report["contract"]), flush=True)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    _summary(report)
    return 0


def _summary(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="heygen-streaming benchmarks (ratios measured side by side)")
    for column in ("figure", "ours", "reference", "ratio", "target"):
        table.add_column(column)
    if "import" in report:
        r = report["import"]
        table.add_row(
            "import time",
            f"{r['heygen_streaming_ms']:.1f} ms",
            f"httpx {r['httpx_ms']:.1f} ms",
            f"{r['ratio']:.2f}",
            "<= 1.5",
        )
    for where, r in report.get("client", {}).items():
        table.add_row(
            f"new_session() per call, {where}",
            f"{r['client_us']:.0f} us",
            f"httpx {r['httpx_us']:.0f} us",
            f"{r['ratio']:.2f}",
            "<= 1.15",
        )
    for row in report.get("mock", {}).get("rows", []):
        table.add_row(*row)
    for row in report.get("contract", {}).get("rows", []):
        table.add_row(*row)
    Console().print(table)
    print(f"full figures: {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
