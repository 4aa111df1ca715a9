"""Small misbehaving HTTP servers on 127.0.0.1, and a probe that drives the client against them.

Each server runs an asyncio loop in a thread, answers every connection with one behaviour, and is
bounded: a connection lives at most `MAX_CONNECTION_SECONDS`, and every endless behaviour stops
after a fixed number of bytes. The client runs in a child process (tests/hostile_servers/probe.py)
so that its peak RSS can be measured alone, a runaway allocation hits an address-space limit
instead of the machine, and a hung call can be killed.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import threading
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PROBE = Path(__file__).with_name("probe.py")
MAX_CONNECTION_SECONDS = 30.0
# The client's timeout (the read timeout, hence the per-attempt deadline) where the deadline is
# what a test checks: a server that drips forever meets it however loaded the machine is.
TIMEOUT = 1.5
# Everywhere else the server answers at once and the timeout is only a bound: long enough that a
# loaded machine cannot turn "answered" into "timed out", below the tests' hang limit (30 s).
ANSWER_TIMEOUT = 20.0
# How long the parent waits for the child beyond the deadline before killing it: only a hang
# (imports and start take seconds at load 10).
CHILD_GRACE = 60.0

# Fresh secrets per run; none shorter than 12 characters, so that any 12-character window found
# in the output is a leak.
API_KEY = "hg-hostile-" + secrets.token_hex(16)
SENT_TOKEN = "lk-sent-" + secrets.token_urlsafe(24)  # a token the client sends (x-secret)


def _jwt() -> str:
    return "eyJhbGciOiJIUzI1NiJ9." + secrets.token_urlsafe(30) + "." + secrets.token_urlsafe(20)


ACCESS_TOKEN = _jwt()  # tokens the server sends back
AGENT_TOKEN = _jwt()
PLAIN_TOKEN = "lk-plain-" + secrets.token_urlsafe(24)  # a token that does not look like a JWT
SECRETS = (API_KEY, SENT_TOKEN, ACCESS_TOKEN, AGENT_TOKEN, PLAIN_TOKEN)

Request = dict[str, Any]
Behaviour = Callable[["Conn"], Awaitable[None]]


@dataclass
class Conn:
    """One accepted connection: the request as read, and a counted writer."""

    request: Request
    writer: asyncio.StreamWriter
    sent: int = 0

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        self.sent += len(data)
        await self.writer.drain()


@dataclass
class HostileServer:
    """Serves `behaviour` on 127.0.0.1 until closed; records what each connection was sent."""

    behaviour: Behaviour
    url: str = ""
    connections: list[Conn] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    def __enter__(self) -> HostileServer:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            server = loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
            self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
            ready.set()
            try:
                loop.run_forever()
            finally:
                server.close()
                loop.run_until_complete(_cancel_handlers())
                loop.close()

        self._thread = threading.Thread(target=run, name="hostile-server", daemon=True)
        self._thread.start()
        assert ready.wait(10), "the hostile server did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None
        assert self._thread is not None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def bytes_sent(self) -> int:
        return sum(c.sent for c in self.connections)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(MAX_CONNECTION_SECONDS):
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                conn = Conn({"line": lines[0], "headers": headers, "body": body}, writer)
                self.connections.append(conn)
                await self.behaviour(conn)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away, or the connection's time is up: both are expected
        except asyncio.CancelledError:
            pass  # the server is closing (asyncio's stream callback would log a cancelled task)
        finally:
            writer.close()


async def _cancel_handlers() -> None:
    """Cancel the connections still being served, and wait until they are gone."""
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


# -- behaviours ---------------------------------------------------------------------------------


def _head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def _answer(status: str, body: bytes, **headers: str) -> Behaviour:
    async def behave(conn: Conn) -> None:
        head = {"Content-Type": "application/json", "Content-Length": str(len(body)), **headers}
        await conn.send(_head(status, head) + body)

    return behave


def _session_data() -> dict[str, Any]:
    return {
        "session_id": "3b1f2a9c-0000-4000-8000-000000000001",
        "url": "wss://heygen-feapp.livekit.cloud",
        "access_token": ACCESS_TOKEN,
        "livekit_agent_token": AGENT_TOKEN,
        "session_duration_limit": 600,
        "is_paid": True,
        "realtime_endpoint": "wss://webrtc-signaling.heygen.io/v2-alpha/interactive-avatar/x",
        "sdp": None,
        "ice_servers": None,
        "ice_servers2": None,
    }


def _success_text() -> str:
    return json.dumps({"code": 100, "message": "success", "data": _session_data()})


async def drip_headers(conn: Conn) -> None:
    """The status line and headers, one byte every 0.5 s: each read gets data, none is complete."""
    for byte in _head("200 OK", {"Content-Length": "2"}) + b"{}":
        await conn.send(bytes([byte]))
        await asyncio.sleep(0.5)


async def drip_body(conn: Conn) -> None:
    """Complete headers, then the body one byte every 0.5 s."""
    await conn.send(_head("200 OK", {"Content-Length": "1000"}))
    for _ in range(1000):
        await conn.send(b" ")
        await asyncio.sleep(0.5)


GZIP_BOMB_BYTES = 2 * 1024**3  # decoded size: 2 GiB of zeros, about 2 MB on the wire


async def gzip_bomb(conn: Conn) -> None:
    """2 GiB of zeros, gzip'ed as it is sent: one 1 MiB block compressed at a time, never whole."""
    head = {"Content-Encoding": "gzip", "Transfer-Encoding": "chunked"}
    await conn.send(_head("200 OK", {"Content-Type": "application/json", **head}))
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    for _ in range(GZIP_BOMB_BYTES // len(block)):
        data = compressor.compress(block)
        if data:
            await conn.send(b"%x\r\n%s\r\n" % (len(data), data))
    tail = compressor.flush()
    await conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(tail), tail))


async def stacked_gzip_bomb(conn: Conn) -> None:
    """`Content-Encoding: gzip, gzip`: a gzip bomb gzip'ed again (a few KB for 2 GiB of zeros)."""
    head = {"Content-Encoding": "gzip, gzip", "Transfer-Encoding": "chunked"}
    await conn.send(_head("200 OK", {"Content-Type": "application/json", **head}))
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    outer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    for _ in range(GZIP_BOMB_BYTES // len(block)):
        # Flushed every block: bytes leave at once, so a client that left ends this loop.
        data = outer.compress(inner.compress(block)) + outer.flush(zlib.Z_SYNC_FLUSH)
        await conn.send(b"%x\r\n%s\r\n" % (len(data), data))
        await asyncio.sleep(0)
    tail = outer.compress(inner.flush()) + outer.flush()
    await conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(tail), tail))


ENDLESS_LIMIT = 64 * 1024**2  # the "endless" body ends after 64 MiB: a broken client stays bounded


async def endless_chunked(conn: Conn) -> None:
    """A chunked body that keeps coming (64 KiB chunks), as if it never ended."""
    await conn.send(_head("200 OK", {"Transfer-Encoding": "chunked"}))
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)
    while conn.sent < ENDLESS_LIMIT:
        await conn.send(chunk)
    await conn.send(b"0\r\n\r\n")


BIG_BODY_BYTES = 200 * 1024**2


async def big_body(conn: Conn) -> None:
    """A 200 MB body announced by its Content-Length and sent in full unless the client leaves."""
    await conn.send(_head("200 OK", {"Content-Length": str(BIG_BODY_BYTES)}))
    block = b"x" * (1024 * 1024)
    for _ in range(BIG_BODY_BYTES // len(block)):
        await conn.send(block)


DEPTH = 100_000
deep_json = _answer(
    "200 OK", b'{"code":100,"message":"success","data":' + b"[" * DEPTH + b"]" * DEPTH + b"}"
)
corrupt_gzip = _answer(
    "200 OK", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xde\xad\xbe\xef" * 64,
    **{"Content-Encoding": "gzip"},
)  # fmt: skip
# An off-spec 200 (data lacks its required fields) with a lone surrogate as a key: jsonschema-rs
# raises UnicodeEncodeError when it builds the error that names the instance.
lone_surrogate_key = _answer(
    "200 OK", b'{"code": 100, "message": "success", "data": {"\\ud800": 1, "session_id": "s"}}'
)
# A 200 whose body stops in the middle of the access token (Content-Length agrees: HTTP is fine).
_cut = _success_text()
truncated_200 = _answer("200 OK", _cut[: _cut.index(ACCESS_TOKEN) + 30].encode())
token_in_500 = _answer(
    "500 Internal Server Error",
    (
        "<html>upstream failed after issuing "
        f'{{"session": {{"access_token": "{ACCESS_TOKEN}", '
        f'"livekit_agent_token": "{AGENT_TOKEN}"}}}}'
        f" retry with token={PLAIN_TOKEN} later</html>"
    ).encode(),
    **{"Content-Type": "text/html"},
)


async def key_across_cut(conn: Conn) -> None:
    """A 500 whose raw body echoes the key straddling character 500, where messages are cut."""
    key = conn.request["headers"].get("x-api-key", "")
    body = ("x" * (500 - len(key) // 2) + key + "y" * 300).encode()  # half before the cut
    await conn.send(_head("500 Internal Server Error", {"Content-Length": str(len(body))}) + body)


async def key_in_header(conn: Conn) -> None:
    """A 500 that echoes the key (and the token it was sent) in response headers."""
    key = conn.request["headers"].get("x-api-key", "")
    body = b'{"code": 500, "message": "boom"}'
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "X-Echo-Key": key,
        "X-Debug": f"received token {SENT_TOKEN}",
    }
    await conn.send(_head("500 Internal Server Error", headers) + body)


async def key_in_reason(conn: Conn) -> None:
    """A 500 with an empty body whose reason phrase echoes the key."""
    key = conn.request["headers"].get("x-api-key", "")
    await conn.send(_head(f"500 invalid key {key}", {"Content-Length": "0"}))


status_600 = _answer("600 Weird", b'{"code": 600, "message": "weird"}')
status_999 = _answer("999 Weirder", b'{"code": 999, "message": "weirder"}')


# -- the probe ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the child saw: the error (class names, limit, texts), output, timing, memory."""

    report: dict[str, Any]
    server: HostileServer

    @property
    def error(self) -> dict[str, Any]:
        return dict(self.report.get("error") or {})

    @property
    def classes(self) -> list[str]:
        return list(self.error.get("mro", []))

    def all_text(self) -> str:
        """Every string the child produced: exception chain, attributes, logs, stdout, stderr."""
        found: list[str] = []
        stack: list[Any] = [self.report]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, str):
                found.append(node)
        return "\n".join(found)

    def leaks(self) -> list[str]:
        """Each secret of which some 12-character window appears anywhere in the output."""
        text = self.all_text()
        return [
            s[:12] + "..."
            for s in SECRETS
            if any(s[i : i + 12] in text for i in range(len(s) - 11))
        ]


def run_probe(behaviour: Behaviour, mode: str, tmp_path: Path, timeout: float) -> Outcome:
    """Drive the client (`sync`, `async` or `cli`) against `behaviour`; return what it saw."""
    out = tmp_path / f"report-{mode}.json"
    with HostileServer(behaviour) as server:
        config = {
            "mode": mode,
            "url": server.url,
            "key": API_KEY,
            "timeout": timeout,
            "sent_token": SENT_TOKEN,
            "report": str(out),
        }
        env = {k: v for k, v in os.environ.items() if not k.startswith("HEYGEN_")}
        try:
            subprocess.run(
                [sys.executable, str(PROBE), json.dumps(config)],
                env=env,
                timeout=timeout + CHILD_GRACE,
                check=False,
                capture_output=True,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(
                f"the {mode} call was still running {timeout + CHILD_GRACE:.1f} s after it started "
                f"(deadline {timeout} s); server sent {server.bytes_sent} bytes"
            )
    assert out.exists(), "the probe wrote no report"
    return Outcome(json.loads(out.read_text()), server)


@pytest.fixture
def probe(tmp_path: Path) -> Callable[[Behaviour, str, float], Outcome]:
    return lambda behaviour, mode, timeout: run_probe(behaviour, mode, tmp_path, timeout)


@pytest.fixture
def hostile() -> Any:
    """The behaviours and constants, for test modules (importlib mode cannot import conftest)."""
    import types

    class Hostile(types.SimpleNamespace):
        def __repr__(self) -> str:
            return "<hostile servers>"

    return Hostile(**{k: v for k, v in globals().items() if not k.startswith(("_", "@"))})
