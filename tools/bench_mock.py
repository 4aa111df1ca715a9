"""Load test of the mock: requests/s against a bare ASGI app under the same uvicorn settings.

Each server runs in its own process, one at a time, rounds interleaved (bare, mock, bare, ...);
the load comes from a small asyncio HTTP/1.1 keep-alive client in this process (pre-encoded
requests, Content-Length framing, N connections). `--soak` adds 60 s at 50 connections with
valid and invalid bodies; `--vs-prism` adds `prism mock` (npm, in a temporary folder).
Standalone: `python tools/bench_mock.py --help`; `tools/bench.py` calls `run(argv)`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Load", "generate_load", "main", "run"]

ROOT = Path(__file__).resolve().parent.parent
PATH = "/v1/streaming.new"
KEY = "mock-key"
VALID = {"quality": "high", "avatar_id": "Wayne_20240711", "activity_idle_timeout": 300}


def _mock_answer() -> bytes:
    """The baseline's fixed body: one answer of the mock itself, so both send the same bytes
    (the spec's own example is less than half as long: its tokens are abbreviated)."""
    import httpx
    from heygen_streaming_mock import MockServer

    with httpx.Client(transport=MockServer(seed=1).transport(), base_url="http://mock") as c:
        response = c.post(PATH, json=VALID, headers={"X-Api-Key": KEY})
    response.raise_for_status()
    return response.content


def request_bytes(
    body: bytes,
    *,
    method: str = "POST",
    path: str = PATH,
    key: str | None = KEY,
    content_type: str = "application/json",
) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if key is not None:
        head += f"X-Api-Key: {key}\r\n"
    head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


FIXED = b"{}"  # set in the child process that serves the baseline

SOAK_MIX = [
    request_bytes(json.dumps(VALID).encode()),
    request_bytes(b'{"quality": "low", "voice": {"emotion": "Friendly"}}'),
    request_bytes(b'{"quality": "ultra", "activity_idle_timeout": 5}'),
    request_bytes(b'{"quality": "low", "unknown": null, "avatar_id": null}'),
    request_bytes(b'{"quality": '),
    request_bytes(b'{"voice": {"rate": NaN}}'),
    request_bytes(b"[" * 5000 + b"]" * 5000),
    request_bytes(b'{"quality": "low"}', key=None),
    request_bytes(b'{"quality": "low"}', content_type="text/plain"),
    request_bytes(b"\xff\xfe{}"),
    request_bytes(b"", method="GET"),
    request_bytes(b'{"quality": "low"}', path="/v1/nothing"),
    request_bytes(json.dumps({"quality": "low", "knowledge_base": "x" * 20000}).encode()),
]


# -- the load generator -------------------------------------------------------------------------


@dataclass
class Load:
    """What one load run measured."""

    requests: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    dropped: int = 0  # connections closed or reset without a `Connection: close` answer
    latencies: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class _Conn(asyncio.Protocol):
    """One keep-alive connection sending the next request as soon as an answer is complete."""

    def __init__(self, load: Load, requests: list[bytes], offset: int, stop: float) -> None:
        self.load, self.requests, self.index, self.stop = load, requests, offset, stop
        self.buffer = b""
        self.done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.sent_at = 0.0
        self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._send()

    def _send(self) -> None:
        assert self.transport is not None
        self.sent_at = time.perf_counter()
        self.transport.write(self.requests[self.index % len(self.requests)])
        self.index += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[: end + 2].lower()  # keeps the last header's CRLF
            start = head.find(b"content-length:")
            length = int(head[start + 15 : head.find(b"\r\n", start)]) if start >= 0 else 0
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            now = time.perf_counter()
            self.load.requests += 1
            self.load.statuses[int(head[9:12])] += 1
            self.load.latencies.append(now - self.sent_at)
            if b"connection: close" in head:
                self.closing = True
                self._finish(True)
                return
            if now >= self.stop:
                self._finish(True)
                return
            self._send()

    def _finish(self, reconnect: bool) -> None:
        if not self.done.done():
            self.done.set_result(reconnect)
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.load.dropped += 1
            self.done.set_result(True)


async def _worker(
    host: str, port: int, load: Load, requests: list[bytes], n: int, stop: float
) -> None:
    loop = asyncio.get_running_loop()
    offset = n
    while time.perf_counter() < stop:
        try:
            _, conn = await loop.create_connection(
                lambda start=offset: _Conn(load, requests, start, stop), host, port
            )
        except OSError:
            load.dropped += 1
            await asyncio.sleep(0.01)
            continue
        await conn.done
        offset = conn.index


async def _load(
    host: str, port: int, connections: int, seconds: float, requests: list[bytes]
) -> Load:
    load = Load()
    started = time.perf_counter()
    stop = started + seconds
    await asyncio.gather(
        *(_worker(host, port, load, requests, i, stop) for i in range(connections))
    )
    load.seconds = time.perf_counter() - started
    return load


def generate_load(
    port: int, *, connections: int, seconds: float, requests: list[bytes], host: str = "127.0.0.1"
) -> Load:
    """Keep `connections` connections busy for `seconds`, cycling through `requests`."""
    return asyncio.run(_load(host, port, connections, seconds, requests))


# -- the servers --------------------------------------------------------------------------------


async def bare_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The baseline: read the body, answer a fixed JSON body; no validation, no logic."""
    if scope["type"] != "http":
        return
    body = FIXED
    message = await receive()
    while message.get("more_body"):
        message = await receive()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _serve(kind: str) -> None:
    """Child process: serve `kind` on a free loopback port, print the port, run until killed."""
    import uvicorn
    from heygen_streaming_mock import MockServer
    from heygen_streaming_mock.server import listen, uvicorn_config

    global FIXED
    FIXED = _mock_answer()
    app = bare_app if kind == "bare" else MockServer(seed=1).app
    sock = listen("127.0.0.1", 0)
    print(sock.getsockname()[1], flush=True)
    uvicorn.Server(uvicorn_config(app)).run(sockets=[sock])


@dataclass
class Child:
    """A server process and its port."""

    proc: subprocess.Popen[str]
    port: int

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _wait_ready(port: int, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while True:  # ready once a connection is accepted
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.05)


def start(kind: str) -> Child:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    _wait_ready(port, proc)
    return Child(proc, port)


def start_prism(folder: Path) -> Child | None:
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        return None
    subprocess.run(
        [npm, "install", "--silent", "--no-audit", "--no-fund", "@stoplight/prism-cli"],
        cwd=folder,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    prism = folder / "node_modules" / ".bin" / "prism"
    spec = ROOT / "openapi" / "streaming.yaml"
    proc = subprocess.Popen(
        [str(prism), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    _wait_ready(port, proc, timeout=120)
    return Child(proc, port)


# -- the benchmarks -----------------------------------------------------------------------------


def interleaved(
    children: dict[str, Child], rounds: int, seconds: float, connections: int
) -> dict[str, Any]:
    """Load each server in turn (never two at once), `rounds` times; medians per server.

    The servers idle while another is loaded; alternating the order every round spreads the
    drift of a shared machine evenly over them.
    """
    requests = [request_bytes(json.dumps(VALID).encode())]
    for child in children.values():  # warm-up: imports, caches, the journal filled
        generate_load(
            child.port, connections=connections, seconds=min(2.0, seconds), requests=requests
        )
    runs: dict[str, list[Load]] = {name: [] for name in children}
    order = list(children)
    for r in range(rounds):
        for name in order if r % 2 == 0 else reversed(order):
            port = children[name].port
            runs[name].append(
                generate_load(port, connections=connections, seconds=seconds, requests=requests)
            )
    out: dict[str, Any] = {"connections": connections, "seconds": seconds, "rounds": rounds}
    for name, loads in runs.items():
        out[name] = {
            "rps": statistics.median(x.rps for x in loads),
            "p50_ms": statistics.median(x.percentile(0.50) for x in loads),
            "p99_ms": statistics.median(x.percentile(0.99) for x in loads),
            "non_200": sum(sum(v for k, v in x.statuses.items() if k != 200) for x in loads),
            "dropped": sum(x.dropped for x in loads),
        }
    return out


def side_by_side(rounds: int, seconds: float, connections: int) -> dict[str, Any]:
    children = {"bare": start("bare"), "mock": start("mock")}
    try:
        out = interleaved(children, rounds, seconds, connections)
    finally:
        for child in children.values():
            child.stop()
    out["ratio"] = out["mock"]["rps"] / out["bare"]["rps"]
    return out


def soak(seconds: float, connections: int, warmup: float) -> dict[str, Any]:
    child = start("mock")
    try:
        generate_load(child.port, connections=connections, seconds=warmup, requests=SOAK_MIX)
        rss_warm = child.rss_kib()
        load = generate_load(
            child.port, connections=connections, seconds=seconds, requests=SOAK_MIX
        )
        rss_end = child.rss_kib()
    finally:
        child.stop()
    return {
        "seconds": seconds,
        "connections": connections,
        "requests": load.requests,
        "rps": load.rps,
        "statuses": dict(sorted(load.statuses.items())),
        "5xx": sum(v for k, v in load.statuses.items() if k >= 500),
        "dropped": load.dropped,
        "rss_warm_kib": rss_warm,
        "rss_end_kib": rss_end,
        "rss_growth": (rss_end - rss_warm) / rss_warm if rss_warm else 0.0,
    }


def vs_prism(rounds: int, seconds: float, connections: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="prism-") as folder:
        try:
            prism = start_prism(Path(folder))
        except (subprocess.SubprocessError, RuntimeError, OSError) as exc:
            return {"skipped": f"prism could not run: {exc}"}
        if prism is None:
            return {"skipped": "node/npm not found"}
        children = {"prism": prism}
        try:
            children["mock"] = start("mock")
            out = interleaved(children, rounds, seconds, connections)
        finally:
            for child in children.values():
                child.stop()
    out["ratio"] = out["mock"]["rps"] / out["prism"]["rps"] if out["prism"]["rps"] else 0.0
    return out


def run(argv: list[str]) -> dict[str, Any]:
    """Run the benchmarks named by `argv` and return the figures (and table rows for bench.py)."""
    parser = argparse.ArgumentParser(prog="bench_mock", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short round (a smoke run)")
    parser.add_argument("--seconds", type=float, help="per measurement (default 5, quick 2)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 3, quick 1)")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--soak", action="store_true", help="60 s at 50 connections, mixed bodies")
    parser.add_argument("--soak-seconds", type=float, default=60.0)
    parser.add_argument("--vs-prism", action="store_true", help="also `prism mock` (node/npm)")
    args = parser.parse_args(argv)
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    rounds = args.rounds or (1 if args.quick else 3)
    report: dict[str, Any] = {"load": side_by_side(rounds, seconds, args.connections)}
    load = report["load"]
    rows = [
        [
            f"mock req/s, {args.connections} conns (p50/p99 ms)",
            f"{load['mock']['rps']:.0f} "
            f"({load['mock']['p50_ms']:.1f}/{load['mock']['p99_ms']:.1f})",
            f"bare ASGI {load['bare']['rps']:.0f} "
            f"({load['bare']['p50_ms']:.1f}/{load['bare']['p99_ms']:.1f})",
            f"{load['ratio']:.2f}",
            ">= 0.6",
        ]
    ]
    if args.vs_prism:
        report["prism"] = prism = vs_prism(rounds, seconds, args.connections)
        if "skipped" not in prism:
            rows.append(
                [
                    "mock vs prism mock req/s",
                    f"{prism['mock']['rps']:.0f}",
                    f"prism {prism['prism']['rps']:.0f} (p50 {prism['prism']['p50_ms']:.1f} ms)",
                    f"{prism['ratio']:.2f}",
                    ">= 4",
                ]
            )
    if args.soak:
        report["soak"] = s = soak(args.soak_seconds, 50, warmup=10.0)
        rows.append(
            [
                f"soak {s['seconds']:.0f} s, 50 conns, mixed",
                f"5xx {s['5xx']}, dropped {s['dropped']}",
                f"{s['requests']} requests",
                f"RSS {s['rss_growth'] * 100:+.1f}%",
                "0, 0, < 10%",
            ]
        )
    report["rows"] = rows
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--serve"]:
        _serve(args[1])
        return 0
    report = run(args)
    for row in report.pop("rows"):
        print(" | ".join(row))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
