"""Load test of the mock: requests/s against a bare ASGI app under the same uvicorn settings.

Each server runs in its own process, one at a time, rounds interleaved (bare, mock, bare, ...);
the load comes from a small asyncio HTTP/1.1 keep-alive client in this process (pre-encoded
requests, Content-Length framing, N connections). Each connection follows a `Traffic`: a fixed
cycle of requests, or full session lifecycles (create_token, new, start, 3 tasks, keep_alive,
stop: 8 calls of 6 operations) that read the token and session id from the answers.

- `--soak`: 60 s at 50 connections of lifecycles interleaved with bad and hostile inputs
  (malformed JSON, lone surrogates, heads over the limits, bodies over the limit, broken HTTP);
  the outcome is 0 5xx, 0 dropped connections and flat RSS.
- `--vs-prism`: lifecycles against `prism mock` serving the same calls (npm, temporary folder).
- `--workers`: lifecycles against the served mock with `--workers 2` and `--workers 1`, and with
  one worker on a shared state file (`--state-file`): the cost of sharing apart from the gain.
- `--slowloris`: 1,000 slowloris connections, valid requests' p50/p99 meanwhile.
- `--quick`: short runs of everything asked, to check that it works (not a measurement).

Standalone: `python tools/bench_mock.py --help`; `tools/bench.py` calls `run(argv)`.
"""

from __future__ import annotations

import abc
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
    headers: str = "",
) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if key is not None:
        head += f"X-Api-Key: {key}\r\n"
    head += f"{headers}Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


FIXED = b"{}"  # set in the child process that serves the baseline

# A key whose concurrency never limits a benchmark (sessions the mix opens stay open).
BENCH_KEY = f"{KEY}:600:paid:100000000"

# Bad inputs: each gets a 4xx. (No valid `streaming.new` here: the lifecycles open sessions,
# and stop them; a mix that opened sessions it never stops would grow the state by design.)
SOAK_MIX = [
    request_bytes(b'{"quality": "ultra", "activity_idle_timeout": 5}'),
    request_bytes(b'{"quality": '),
    request_bytes(b'{"voice": {"rate": NaN}}'),
    request_bytes(b"[" * 5000 + b"]" * 5000),
    request_bytes(b'{"quality": "low"}', key=None),
    request_bytes(b'{"quality": "low"}', content_type="text/plain"),
    request_bytes(b"\xff\xfe{}"),
    request_bytes(b"", method="GET"),
    request_bytes(b'{"quality": "low"}', path="/v1/nothing"),
    request_bytes(json.dumps({"quality": "low", "knowledge_base": 7}).encode()),
    request_bytes(b'{"session_id": "nope", "text": "hi"}', path="/v1/streaming.task"),
]

# What a hostile client sends (issue 12): each is refused with a 4xx, none holds the server.
HOSTILE_MIX = [
    request_bytes(b'{"quality":"low","\\ud800":1}'),  # lone surrogates: 400 naming the field
    request_bytes(b'{"quality":"\\ud800"}'),
    request_bytes(b'{"quality":"low","avatar_id":"\\udfff"}'),
    request_bytes(b"{}", headers="X-Big: " + "a" * 40_000 + "\r\n"),  # head over 32 KiB: 431
    request_bytes(b"{}", headers="".join(f"X-H{i}: v\r\n" for i in range(150))),  # 431
    request_bytes(b"{" + b" " * (2 << 20) + b"}"),  # body over the 1 MiB limit: a readable 413
    b"BR@KEN / HTTP/1.1\r\nHost: x\r\n\r\n",  # not HTTP: 400 with the error body
    request_bytes(b"", method="GET", path="/__mock__/requests", key=None),  # a journal page
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


class Traffic(abc.ABC):
    """What one load connection sends: `next()` request, then `after()` sees its answer.

    One per load worker, kept across its reconnections (an answer may close the connection).
    """

    @abc.abstractmethod
    def next(self) -> bytes:
        """The next request, head and body, as bytes."""

    def after(self, status: int, body: bytes) -> None:  # noqa: B027 - optional hook
        """The answer to the last request (body without its head); most traffic ignores it."""


class Cycle(Traffic):
    """The same requests in turn, from `offset`."""

    def __init__(self, requests: list[bytes], offset: int = 0) -> None:
        self.requests, self.index = requests, offset

    def next(self) -> bytes:
        self.index += 1
        return self.requests[(self.index - 1) % len(self.requests)]


LIFECYCLE = ("create_token", "new", "start", "task", "task", "task", "keep_alive", "stop")


def _data(body: bytes, name: str) -> str | None:
    try:
        value = json.loads(body).get("data", {}).get(name)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


class Lifecycles(Traffic):
    """Full session lifecycles, each step after the one before; a step that fails starts over.

    With `mix`, one of its requests goes between every two steps (in turn, from `offset`).
    """

    def __init__(self, mix: list[bytes] | None = None, offset: int = 0) -> None:
        self.mix = Cycle(mix, offset) if mix else None
        self.step = 0
        self.mixed = False  # whether the last request sent was from the mix
        self.token = self.session = ""
        self.lifecycles = 0

    def next(self) -> bytes:
        if self.mix is not None and not self.mixed:
            self.mixed = True
            return self.mix.next()
        self.mixed = False
        name = LIFECYCLE[self.step]
        if name == "create_token":
            return request_bytes(b"{}", path="/v1/streaming.create_token")
        bearer = f"Authorization: Bearer {self.token}\r\n"
        if name == "new":
            return request_bytes(b'{"quality": "low"}', key=None, headers=bearer)
        body: dict[str, Any] = {"session_id": self.session}
        if name == "task":
            body["text"] = "Hello there, how are you today?"
        return request_bytes(
            json.dumps(body).encode(), path=f"/v1/streaming.{name}", key=None, headers=bearer
        )

    def after(self, status: int, body: bytes) -> None:
        if self.mixed:
            return
        name = LIFECYCLE[self.step]
        if status != 200:
            self.step = 0
            return
        if name == "create_token":
            self.token = _data(body, "token") or ""
        elif name == "new":
            self.session = _data(body, "session_id") or ""
        self.step = (self.step + 1) % len(LIFECYCLE)
        self.lifecycles += self.step == 0


class _Conn(asyncio.Protocol):
    """One keep-alive connection sending the next request as soon as an answer is complete."""

    def __init__(self, load: Load, traffic: Traffic, stop: float) -> None:
        self.load, self.traffic, self.stop = load, traffic, stop
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
        self.transport.write(self.traffic.next())

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
            body = self.buffer[end + 4 : end + 4 + length]
            self.buffer = self.buffer[end + 4 + length :]
            now = time.perf_counter()
            status = int(head[9:12])
            self.load.requests += 1
            self.load.statuses[status] += 1
            self.load.latencies.append(now - self.sent_at)
            self.traffic.after(status, body)
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


async def _worker(host: str, port: int, load: Load, traffic: Traffic, stop: float) -> None:
    loop = asyncio.get_running_loop()
    while time.perf_counter() < stop:
        try:
            _, conn = await loop.create_connection(lambda: _Conn(load, traffic, stop), host, port)
        except OSError:
            load.dropped += 1
            await asyncio.sleep(0.01)
            continue
        await conn.done


async def _load(host: str, port: int, connections: int, seconds: float, make: Any) -> Load:
    load = Load()
    started = time.perf_counter()
    stop = started + seconds
    await asyncio.gather(*(_worker(host, port, load, make(i), stop) for i in range(connections)))
    load.seconds = time.perf_counter() - started
    return load


def generate_load(
    port: int,
    *,
    connections: int,
    seconds: float,
    requests: list[bytes] | None = None,
    traffic: Any = None,
    host: str = "127.0.0.1",
) -> Load:
    """Keep `connections` connections busy for `seconds`: cycling through `requests`, or each
    following `traffic(i)` (a Traffic factory, e.g. `Lifecycles`)."""
    make = traffic if traffic is not None else (lambda i: Cycle(requests or [], i))
    return asyncio.run(_load(host, port, connections, seconds, make))


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
    from heygen_streaming_mock.limits import DEFAULT_LIMITS
    from heygen_streaming_mock.server import listen, settle_heap, uvicorn_config

    global FIXED
    FIXED = _mock_answer()
    app = bare_app if kind == "bare" else MockServer(seed=1, api_keys=[BENCH_KEY], clock="real").app
    settle_heap()  # as the served mock does
    sock = listen("127.0.0.1", 0)
    print(sock.getsockname()[1], flush=True)
    # Both under the mock's protocol (its limits are the server's, like uvicorn's settings), so
    # that the ratio measures the app.
    config = uvicorn_config(app, limits=DEFAULT_LIMITS, log_level="error")
    uvicorn.Server(config).run(sockets=[sock])


@dataclass
class Child:
    """A server process and its port."""

    proc: subprocess.Popen[str]
    port: int

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used (Linux `/proc`; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

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
    """Return once the server answers HTTP: a socket accepts connections (the kernel's backlog)
    before the server behind it has started, and a first request would time its start-up."""
    import socket

    deadline = time.monotonic() + timeout
    probe = b"GET /__mock__/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(probe)
                if sock.recv(16).startswith(b"HTTP/1."):
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
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
    cpu: dict[str, list[float]] = {name: [] for name in children}  # µs of server CPU/request
    order = list(children)
    for r in range(rounds):
        for name in order if r % 2 == 0 else reversed(order):
            child = children[name]
            used = child.cpu_seconds()
            load = generate_load(
                child.port, connections=connections, seconds=seconds, requests=requests
            )
            runs[name].append(load)
            served = load.rps * seconds
            cpu[name].append(1e6 * (child.cpu_seconds() - used) / served if served else 0.0)
    out: dict[str, Any] = {"connections": connections, "seconds": seconds, "rounds": rounds}
    out["runs"] = {name: [x.rps for x in loads] for name, loads in runs.items()}
    out["cpu_us_per_request"] = cpu
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
    # Each round loads the two back to back: the median of the rounds' own ratios follows the
    # shared machine's drift less than the ratio of the two medians does.
    pairs = zip(out["runs"]["mock"], out["runs"]["bare"], strict=True)
    out["round_ratios"] = [mock / bare for mock, bare in pairs]
    out["ratio"] = statistics.median(out["round_ratios"])
    # The same comparison in server CPU per request (bare's / mock's): what each request costs
    # the server, which the machine's drift (other tenants, stolen time) moves less than req/s.
    cpu = out["cpu_us_per_request"]
    costs = [b / m for m, b in zip(cpu["mock"], cpu["bare"], strict=True) if m and b]
    out["cpu_ratio"] = statistics.median(costs) if costs else 0.0
    return out


def soak(seconds: float, connections: int, warmup: float) -> dict[str, Any]:
    """Lifecycles interleaved with bad and hostile inputs; 5xx, dropped connections, RSS."""
    mix = SOAK_MIX + HOSTILE_MIX

    def traffic(i: int) -> Lifecycles:
        return Lifecycles(mix, i)

    child = start("mock")
    try:
        generate_load(child.port, connections=connections, seconds=warmup, traffic=traffic)
        rss_warm = child.rss_kib()
        load = generate_load(child.port, connections=connections, seconds=seconds, traffic=traffic)
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


def _lifecycle_load(port: int, seconds: float, connections: int) -> dict[str, Any]:
    traffics: list[Lifecycles] = []

    def traffic(i: int) -> Lifecycles:
        traffics.append(Lifecycles())
        return traffics[-1]

    load = generate_load(port, connections=connections, seconds=seconds, traffic=traffic)
    return {
        "rps": load.rps,
        "lifecycles_per_s": sum(t.lifecycles for t in traffics) / load.seconds,
        "p50_ms": load.percentile(0.50),
        "p99_ms": load.percentile(0.99),
        "non_200": sum(v for k, v in load.statuses.items() if k != 200),
        "dropped": load.dropped,
    }


def lifecycles_side_by_side(
    children: dict[str, Child], rounds: int, seconds: float, connections: int
) -> dict[str, Any]:
    """Lifecycles against each server in turn, `rounds` times (order alternating); medians."""
    for child in children.values():  # warm-up
        _lifecycle_load(child.port, min(2.0, seconds), connections)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in children}
    order = list(children)
    for r in range(rounds):
        for name in order if r % 2 == 0 else reversed(order):
            runs[name].append(_lifecycle_load(children[name].port, seconds, connections))
    out: dict[str, Any] = {"connections": connections, "seconds": seconds, "rounds": rounds}
    for name, results in runs.items():
        out[name] = {
            key: statistics.median(r[key] for r in results)
            for key in ("rps", "lifecycles_per_s", "p50_ms", "p99_ms")
        } | {key: sum(r[key] for r in results) for key in ("non_200", "dropped")}
    return out


def start_served(*args: str) -> Child:
    """The mock's command line (`python -m heygen_streaming_mock`) on a free port."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "heygen_streaming_mock", "--port", "0", "--log-level", "error",
         "--api-key", BENCH_KEY, *args],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()
    port = int(first.split()[3].rsplit(":", 1)[1])
    _wait_ready(port, proc)
    return Child(proc, port)


def workers_side_by_side(rounds: int, seconds: float, connections: int) -> dict[str, Any]:
    """Lifecycles against `--workers 2` (sessions shared through SQLite) and `--workers 1` (in
    memory); and one worker on the shared SQLite file too, which tells the cost of sharing
    from the gain of a second process."""
    with tempfile.TemporaryDirectory(prefix="bench-state-") as folder:
        state = str(Path(folder) / "state.sqlite3")
        children = {
            "workers_1": start_served(),
            "workers_2": start_served("--workers", "2"),
            "workers_1_shared": start_served("--state-file", state),
        }
        try:
            out = lifecycles_side_by_side(children, rounds, seconds, connections)
        finally:
            for child in children.values():
                child.stop()
    out["ratio"] = out["workers_2"]["rps"] / out["workers_1"]["rps"]
    out["ratio_shared"] = out["workers_2"]["rps"] / out["workers_1_shared"]["rps"]
    return out


def vs_prism(rounds: int, seconds: float, connections: int) -> dict[str, Any]:
    """The same lifecycles against `prism mock` (stateless: it answers its examples)."""
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
            out = lifecycles_side_by_side(children, rounds, seconds, connections)
        finally:
            for child in children.values():
                child.stop()
    out["ratio"] = out["mock"]["rps"] / out["prism"]["rps"] if out["prism"]["rps"] else 0.0
    return out


# -- slowloris ------------------------------------------------------------------------------------


async def _slow_one(host: str, port: int) -> float | None:
    """How long the server let one slowloris connection live (None: over 30 s)."""
    reader, writer = await asyncio.open_connection(host, port)
    started = time.monotonic()
    writer.write(b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\n")

    async def drip() -> None:
        for i in range(60):
            await asyncio.sleep(0.5)
            writer.write(b"X-%d: a\r\n" % i)

    dripping = asyncio.ensure_future(drip())
    try:
        await asyncio.wait_for(reader.read(), 30)
        return time.monotonic() - started
    except (ConnectionResetError, BrokenPipeError):
        return time.monotonic() - started
    except TimeoutError:
        return None
    finally:
        dripping.cancel()
        writer.close()


async def _army(host: str, port: int, count: int) -> list[float | None]:
    soldiers: list[asyncio.Future[float | None]] = []
    for first in range(0, count, 50):  # ramped up over about a second, 50 every 50 ms
        soldiers += [
            asyncio.ensure_future(_slow_one(host, port))
            for _ in range(first, min(count, first + 50))
        ]
        await asyncio.sleep(0.05)
    return list(await asyncio.gather(*soldiers))


async def _probe(host: str, port: int, until: asyncio.Future[Any]) -> list[float]:
    """Valid requests, one every 5 ms on a keep-alive connection, until `until` is done."""
    reader, writer = await asyncio.open_connection(host, port)
    request = b"GET /__mock__/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    latencies = []
    while not until.done():
        sent = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - sent)
        await asyncio.sleep(0.005)
    writer.close()
    return latencies


def slowloris(count: int, header_timeout: float) -> dict[str, Any]:
    """`count` slowloris connections (their own process) against the served mock; when each was
    closed, and the latency of valid requests meanwhile."""
    child = start_served("--header-timeout", str(header_timeout))
    try:

        async def scenario() -> tuple[list[float | None], list[float]]:
            army = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--army", str(child.port), str(count),
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            done = asyncio.ensure_future(army.communicate())
            latencies = await _probe("127.0.0.1", child.port, done)
            return json.loads((await done)[0]), latencies

        closed, latencies = asyncio.run(scenario())
    finally:
        child.stop()
    times = [t for t in closed if t is not None]
    ordered = sorted(latencies)
    return {
        "connections": count,
        "header_timeout": header_timeout,
        "never_closed": len(closed) - len(times),
        "longest_lived_s": max(times) if times else None,
        "valid_requests": len(latencies),
        "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
        if ordered
        else None,
    }


def run(argv: list[str]) -> dict[str, Any]:
    """Run the benchmarks named by `argv` and return the figures (and table rows for bench.py)."""
    parser = argparse.ArgumentParser(prog="bench_mock", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short round (a smoke run)")
    parser.add_argument("--seconds", type=float, help="per measurement (default 3, quick 2)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 5, quick 1)")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--soak", action="store_true", help="60 s at 50 connections, mixed bodies")
    parser.add_argument("--soak-seconds", type=float, default=60.0)
    parser.add_argument("--vs-prism", action="store_true", help="also `prism mock` (node/npm)")
    parser.add_argument(
        "--workers", action="store_true", help="lifecycles: --workers 2 vs --workers 1"
    )
    parser.add_argument(
        "--slowloris", action="store_true", help="1,000 slowloris connections, p99 meanwhile"
    )
    args = parser.parse_args(argv)
    seconds = args.seconds or (2.0 if args.quick else 3.0)
    rounds = args.rounds or (1 if args.quick else 5)
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
        ],
        [
            "server CPU µs per request, mock (bare's / mock's)",
            f"{statistics.median(load['cpu_us_per_request']['mock']):.0f}",
            f"bare ASGI {statistics.median(load['cpu_us_per_request']['bare']):.0f}",
            f"{load['cpu_ratio']:.2f}",
            "(steadier)",
        ],
    ]
    if args.vs_prism:
        report["prism"] = prism = vs_prism(rounds, seconds, args.connections)
        if "skipped" not in prism:
            rows.append(
                [
                    "lifecycles: mock vs prism mock req/s",
                    f"{prism['mock']['rps']:.0f}",
                    f"prism {prism['prism']['rps']:.0f} (p50 {prism['prism']['p50_ms']:.1f} ms)",
                    f"{prism['ratio']:.2f}",
                    ">= 4",
                ]
            )
    if args.workers:
        report["workers"] = w = workers_side_by_side(rounds, seconds, args.connections)
        rows.append(
            [
                "lifecycles: --workers 2 vs 1 req/s",
                f"{w['workers_2']['rps']:.0f}",
                f"1 worker {w['workers_1']['rps']:.0f}",
                f"{w['ratio']:.2f}",
                ">= 1.5",
            ]
        )
        rows.append(
            [
                "lifecycles: --workers 2 vs 1 on the shared file",
                f"{w['workers_2']['rps']:.0f}",
                f"1 worker {w['workers_1_shared']['rps']:.0f}",
                f"{w['ratio_shared']:.2f}",
                "(scaling of the shared store)",
            ]
        )
    if args.slowloris:
        report["slowloris"] = sl = slowloris(200 if args.quick else 1000, 2.0)
        rows.append(
            [
                f"{sl['connections']} slowloris, head timeout 2 s",
                f"longest lived {sl['longest_lived_s']:.2f} s, never closed {sl['never_closed']}",
                f"{sl['valid_requests']} valid: p50 {sl['p50_ms']:.2f} ms",
                f"p99 {sl['p99_ms']:.2f} ms",
                "< 10 ms",
            ]
        )
    if args.soak:
        soak_seconds = 5.0 if args.quick else args.soak_seconds
        # The warm-up lets the bounded stores fill (10,000 tokens, 1,000 closed sessions, the
        # journal): their filling is not growth. A 120 s run plateaus from about 80 s on.
        report["soak"] = s = soak(soak_seconds, 50, warmup=2.0 if args.quick else 30.0)
        rows.append(
            [
                f"soak {s['seconds']:.0f} s, 50 conns, lifecycles + bad + hostile",
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
    if args[:1] == ["--army"]:  # the slowloris army, in its own process
        print(json.dumps(asyncio.run(_army("127.0.0.1", int(args[1]), int(args[2])))))
        return 0
    report = run(args)
    for row in report.pop("rows"):
        print(" | ".join(row))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
