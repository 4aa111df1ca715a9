"""The mock over a real loopback socket: answers, faults, body limit, and shutdown on signals."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from heygen_streaming.spec import SchemaValidator, load_spec
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.server import RunningMock, listen, running

from .conftest import KEY, PATH, message

VALID = b'{"quality": "low"}'


@pytest.fixture
def live() -> Iterator[RunningMock]:
    with running(MockServer(seed=2, max_body=1000, max_stall=0.3)) as server:
        yield server


def send(live: RunningMock, **headers: str) -> httpx.Response:
    sent = {"x-api-key": KEY, "content-type": "application/json", **headers}
    return httpx.post(live.url + PATH, content=VALID, headers=sent, timeout=5)


def raw(live: RunningMock, request: bytes) -> bytes:
    """Send bytes as they are, return whatever comes back before the server closes."""
    host, port = live.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        # The server may answer and close before taking the whole upload.
        with contextlib.suppress(OSError):
            conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_session_over_a_socket_matches_the_spec(live: RunningMock) -> None:
    response = send(live)
    assert response.status_code == 200
    assert SchemaValidator(load_spec(), "NewSessionResponse").errors(response.json()) == []
    assert live.server.journal.last().headers["x-api-key"] == "***"


def test_the_listening_socket_is_tcp_so_asyncio_disables_nagle() -> None:
    # asyncio sets TCP_NODELAY only on sockets whose proto is TCP; without it, every answer
    # written in two parts waits for a delayed ACK (40 ms per request on Linux).
    with listen("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP


def test_keep_alive_connections_serve_many_requests(live: RunningMock) -> None:
    with httpx.Client(base_url=live.url) as client:
        headers = {"x-api-key": KEY, "content-type": "application/json"}
        codes = {client.post(PATH, content=VALID, headers=headers).status_code for _ in range(50)}
    assert codes == {200}


def test_a_declared_oversized_body_is_refused_and_the_connection_closed(live: RunningMock) -> None:
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {KEY}\r\n"
        "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
    ).encode()
    answer = raw(live, head + b"{" + b" " * 5000)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert answer.endswith(b'{"code":413,"message":"body: larger than the limit of 1000 bytes"}')


def test_a_chunked_oversized_body_is_refused_while_reading(live: RunningMock) -> None:
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {KEY}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"200\r\n" + b" " * 512 + b"\r\n"
    answer = raw(live, head + chunk * 4)  # 2048 bytes and no final chunk: never a whole body
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_deeply_nested_body_is_a_400_over_a_socket(live: RunningMock) -> None:
    body = b"[" * 200_000
    response = httpx.post(
        live.url + PATH,
        content=body,
        headers={"x-api-key": KEY, "content-type": "application/json"},
    )
    assert response.status_code == 413  # over this server's 1000-byte limit first
    big = MockServer(max_body=1 << 20)
    with running(big) as server:
        response = httpx.post(
            server.url + PATH,
            content=body,
            headers={"x-api-key": KEY, "content-type": "application/json"},
        )
    assert message(response) == "body: nested deeper than 64 levels"


def test_a_reset_fault_drops_the_connection(live: RunningMock) -> None:
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        send(live, prefer="fault=reset")
    assert send(live).status_code == 200  # the server itself is fine


def test_a_stall_fault_holds_until_the_client_gives_up(live: RunningMock) -> None:
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            live.url + PATH,
            content=VALID,
            headers={"x-api-key": KEY, "content-type": "application/json", "prefer": "fault=stall"},
            timeout=httpx.Timeout(5, read=0.1),
        )


def test_a_stall_is_bounded_by_the_server(live: RunningMock) -> None:
    started = time.monotonic()
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        send(live, prefer="fault=stall")  # the client would wait 5 s; max_stall is 0.3 s
    assert time.monotonic() - started < 4


def test_a_malformed_fault_over_a_socket(live: RunningMock) -> None:
    response = send(live, prefer="fault=malformed")
    assert response.status_code == 200
    with pytest.raises(ValueError, match=r"Expecting|Unterminated|delimiter"):
        response.json()


def test_the_journal_is_served_over_http(live: RunningMock) -> None:
    send(live)
    listed = httpx.get(live.url + "/__mock__/requests").json()
    assert listed["kept"] == 1
    assert listed["requests"][0]["status"] == 200


def start_cli(*args: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HEYGEN_MOCK_API_KEYS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "heygen_streaming_mock", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # printed once the socket listens
    assert first.startswith("heygen-streaming mock: serving http://127.0.0.1:"), first
    url = first.split()[3]
    deadline = time.monotonic() + 15
    while True:  # ready when the health endpoint answers
        try:
            if httpx.get(url + "/__mock__/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.02)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_server_stops_cleanly_on_a_signal(sig: signal.Signals) -> None:
    proc, url = start_cli("--api-key", "k1", "--seed", "4")
    try:
        response = httpx.post(
            url + PATH,
            content=VALID,
            headers={"x-api-key": "k1", "content-type": "application/json"},
        )
        assert response.status_code == 200
        proc.send_signal(sig)
        proc.wait(timeout=15)
        assert proc.stdout is not None
        out = proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "  accepted API key(s): k1\n" in out
    assert out.rstrip().endswith("heygen-streaming mock: stopped")
    assert "Traceback" not in out


def test_a_busy_port_is_an_error_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "heygen_streaming_mock", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_stops_the_served_mock_within_a_second(workers: str) -> None:
    proc, url = start_cli("--workers", workers)
    try:
        httpx.get(url + "/__mock__/health")  # served, and its connection closed again
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert took < 1.0, f"SIGTERM took {took:.2f} s"


def test_an_invalid_http_request_is_logged_with_its_reason() -> None:
    proc, url = start_cli()
    try:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            conn.sendall(b"BR@KEN / HTTP/1.1\r\n\r\n")
            answer = conn.recv(65536)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        assert proc.stdout is not None
        out = proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.endswith(
        b'{"code": 400, "message": "request: not valid HTTP/1.1 (Invalid method encountered)"}'
    )
    assert "Invalid HTTP request received from 127.0.0.1:" in out
    assert ": Invalid method encountered (answered 400)" in out
    assert "Invalid HTTP request received.\n" not in out  # uvicorn's bare line


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _workers_of(pid: int) -> list[int]:
    """The worker processes of a served mock (multiprocessing also starts a resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


async def _lifecycle(client: httpx.AsyncClient, url: str) -> list[int]:
    """create_token, new, start, task, stop: each on a new connection (any worker takes it)."""
    statuses = []
    token = await client.post(url + "/v1/streaming.create_token", headers={"x-api-key": KEY})
    statuses.append(token.status_code)
    bearer = {"authorization": f"Bearer {token.json()['data']['token']}"}
    new = await client.post(url + PATH, json={"quality": "low"}, headers=bearer)
    statuses.append(new.status_code)
    session = {"session_id": new.json()["data"]["session_id"]}
    for operation, extra in (("start", {}), ("task", {"text": "hello"}), ("stop", {})):
        answer = await client.post(
            f"{url}/v1/streaming.{operation}", json={**session, **extra}, headers=bearer
        )
        statuses.append(answer.status_code)
    return statuses


def test_two_workers_share_sessions_tokens_and_the_journal() -> None:
    proc, url = start_cli("--workers", "2")
    try:
        workers = _workers_of(proc.pid)
        assert len(workers) == 2
        cpu_before = [_cpu_seconds(w) for w in workers]

        async def run() -> list[list[int]]:
            # No keep-alive: every request is a new connection, which either worker may accept.
            limits = httpx.Limits(max_keepalive_connections=0)
            async with httpx.AsyncClient(limits=limits, timeout=30) as client:
                lifecycles: list[list[int]] = []
                for _ in range(10):  # 10 rounds of 20 concurrent lifecycles
                    lifecycles += await asyncio.gather(
                        *(_lifecycle(client, url) for _ in range(20))
                    )
                return lifecycles

        lifecycles = asyncio.run(run())
        cpu_used = [_cpu_seconds(w) - before for w, before in zip(workers, cpu_before, strict=True)]
        sessions = httpx.get(url + "/__mock__/sessions").json()
        journal = httpx.get(url + "/__mock__/requests", params={"limit": 1}).json()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
    assert lifecycles == [[200] * 5] * 200  # a session made by one worker, driven by both
    assert min(cpu_used) > 0.2, f"the load did not reach both workers: {cpu_used} CPU seconds"
    listed = sessions["sessions"] if isinstance(sessions, dict) else sessions
    assert len(listed) == 200
    assert {s["state"] for s in listed} == {"closed"}
    assert journal["total"] == 1000  # every request, whichever worker served it
