"""The mock over a real loopback socket: answers, faults, body limit, admin guard, and signals."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from heygen_streaming.spec import SchemaValidator, load_spec
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.asgi import MockApp
from heygen_streaming_mock.server import RunningMock, running

from .conftest import KEY, PATH, message

VALID = b'{"quality": "low"}'


@pytest.fixture
def live() -> Iterator[RunningMock]:
    with running(MockServer(seed=2, max_body=1000, max_stall=0.3)) as server:
        yield server


def send(live: RunningMock, **headers: str) -> httpx.Response:
    return send_to(live.url, 30, **headers)


def send_to(url: str, timeout: float, **headers: str) -> httpx.Response:
    sent = {"x-api-key": KEY, "content-type": "application/json", **headers}
    return httpx.post(url + PATH, content=VALID, headers=sent, timeout=timeout)


def raw(url: str, request: bytes) -> bytes:
    """Send bytes as they are, return whatever comes back before the server closes."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        # The server may answer and close before taking the whole upload.
        with contextlib.suppress(OSError):
            conn.sendall(request)
        chunks = []
        with contextlib.suppress(ConnectionResetError):
            while chunk := conn.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)


def test_a_session_over_a_socket_matches_the_spec(live: RunningMock) -> None:
    response = send(live)
    assert response.status_code == 200
    assert SchemaValidator(load_spec(), "NewSessionResponse").errors(response.json()) == []
    assert live.server.journal.last().headers["x-api-key"] == "***"


def test_keep_alive_connections_serve_many_requests(live: RunningMock) -> None:
    with httpx.Client(base_url=live.url) as client:
        headers = {"x-api-key": KEY, "content-type": "application/json"}
        codes = {client.post(PATH, content=VALID, headers=headers).status_code for _ in range(50)}
    assert codes == {200}


def test_two_pipelined_requests_get_two_whole_answers_in_order(live: RunningMock) -> None:
    def post(body: bytes, close: bool = False) -> bytes:
        head = (
            f"POST {PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {KEY}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        ).encode()
        return head + (b"Connection: close\r\n" if close else b"") + b"\r\n" + body

    answer = raw(live.url, post(VALID) + post(b'{"quality": "bad"}', close=True))
    answers = answer.split(b"HTTP/1.1 ")[1:]
    assert [a[:3] for a in answers] == [b"200", b"400"]
    assert all(a.endswith(b"}") for a in answers)  # each with its whole body


def test_a_declared_oversized_body_is_refused_and_the_connection_closed(live: RunningMock) -> None:
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {KEY}\r\n"
        "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
    ).encode()
    answer = raw(live.url, head + b"{" + b" " * 5000)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert answer.endswith(b'{"code":413,"message":"body: larger than the limit of 1000 bytes"}')


def test_a_chunked_oversized_body_is_refused_while_reading(live: RunningMock) -> None:
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {KEY}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"200\r\n" + b" " * 512 + b"\r\n"
    answer = raw(live.url, head + chunk * 4)  # 2048 bytes and no final chunk: never a whole body
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_deeply_nested_body_is_a_400_over_a_socket(live: RunningMock) -> None:
    body = b"[" * 200_000
    headers = {"x-api-key": KEY, "content-type": "application/json"}
    response = httpx.post(live.url + PATH, content=body, headers=headers, timeout=30)
    assert response.status_code == 413  # over this server's 1000-byte limit first
    with running(MockServer(max_body=1 << 20)) as server:
        response = httpx.post(server.url + PATH, content=body, headers=headers, timeout=30)
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
            timeout=httpx.Timeout(30, read=0.1),
        )


def test_a_stall_is_bounded_by_the_server(live: RunningMock) -> None:
    # The client would wait 30 s; max_stall is 0.3 s, after which the server cuts the answer.
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        send(live, prefer="fault=stall")


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


def test_an_invalid_http_request_is_answered_400_and_closed(live: RunningMock) -> None:
    # Granian's parser answers it itself, with an empty body (no app sees the request).
    answer = raw(live.url, b"BR@KEN / HTTP/1.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ")


def test_stopping_does_not_wait_for_a_stalled_answer() -> None:
    mock = MockServer(max_stall=3600)
    outcome: list[object] = []

    def stalled(url: str) -> None:
        try:
            outcome.append(send_to(url, 3600, prefer="fault=stall").status_code)
        except httpx.HTTPError as exc:
            outcome.append(exc)

    with running(mock) as live:
        client = threading.Thread(target=stalled, args=(live.url,))
        client.start()
        deadline = time.monotonic() + 60
        while len(mock.journal) == 0:  # the stalled request has reached the mock
            assert time.monotonic() < deadline, "the request never reached the mock"
            time.sleep(0.01)
    assert not live._thread.is_alive()  # stopped, without the hour-long stall
    client.join(60)
    assert outcome, "the stalled client is still waiting"


# -- the admin routes' guard ---------------------------------------------------------------


def call_app(app: MockApp, client: tuple[str, int] | None, **headers: str) -> tuple[int, Any]:
    """GET /__mock__/health through the ASGI app as a server would, from `client`."""
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/__mock__/health",
        "query_string": b"",
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
        "client": client,
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send_(message: Any) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send_))
    return sent[0]["status"], json.loads(sent[1]["body"])


def test_admin_routes_refuse_a_caller_that_is_not_loopback() -> None:
    status, body = call_app(MockApp(MockServer()), ("203.0.113.5", 40000))
    assert status == 403
    assert body["code"] == 403
    assert "loopback callers only" in body["message"]
    assert "--admin-key" in body["message"]


@pytest.mark.parametrize("client", [("127.0.0.1", 1), ("127.8.9.10", 1), ("::1", 1)])
def test_admin_routes_answer_a_loopback_caller(client: tuple[str, int]) -> None:
    assert call_app(MockApp(MockServer()), client)[0] == 200


def test_with_an_admin_key_a_caller_from_anywhere_with_the_key_is_answered() -> None:
    app = MockApp(MockServer(), admin_key="s3cret-admin")
    assert call_app(app, ("203.0.113.5", 1), x_mock_admin_key="s3cret-admin")[0] == 200


@pytest.mark.parametrize("client", [("203.0.113.5", 1), ("127.0.0.1", 1)])
@pytest.mark.parametrize("given", [{}, {"x_mock_admin_key": "wrong"}])
def test_with_an_admin_key_a_call_without_it_is_refused_even_from_loopback(
    client: tuple[str, int], given: dict[str, str]
) -> None:
    status, body = call_app(MockApp(MockServer(), admin_key="s3cret-admin"), client, **given)
    assert status == 403
    assert "X-Mock-Admin-Key" in body["message"]
    assert "s3cret-admin" not in body["message"]


def test_over_a_socket_the_admin_key_guards_the_admin_routes() -> None:
    with running(MockServer(), admin_key="s3cret-admin") as server:
        refused = httpx.get(server.url + "/__mock__/health")
        answered = httpx.get(
            server.url + "/__mock__/health", headers={"x-mock-admin-key": "s3cret-admin"}
        )
    assert (refused.status_code, answered.status_code) == (403, 200)


def test_the_in_process_transport_counts_as_loopback() -> None:
    with httpx.Client(transport=MockServer().transport(), base_url="http://m") as client:
        assert client.get("/__mock__/health").status_code == 200


# -- the command line's server -------------------------------------------------------------


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
    first = proc.stdout.readline()  # printed once the server accepts connections
    assert first.startswith("heygen-streaming mock: serving http://127.0.0.1:"), first
    return proc, first.split()[3]


def stopped(proc: subprocess.Popen[str], sig: signal.Signals) -> str:
    """Send `sig`, wait for the process to exit (generously), return the rest of its output."""
    try:
        proc.send_signal(sig)
        proc.wait(timeout=60)
        assert proc.stdout is not None
        return proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_server_stops_cleanly_on_a_signal(sig: signal.Signals) -> None:
    proc, url = start_cli("--api-key", "k1", "--seed", "4")
    headers = {"x-api-key": "k1", "content-type": "application/json"}
    with httpx.Client() as client:  # its connection stays open (keep-alive) across the signal
        assert client.post(url + PATH, content=VALID, headers=headers).status_code == 200
        out = stopped(proc, sig)
    assert proc.returncode == 0
    assert "  accepted API key(s): k1\n" in out
    assert out.rstrip().endswith("heygen-streaming mock: stopped")
    assert "Traceback" not in out
    assert "panicked" not in out


def test_after_sigterm_the_port_is_free() -> None:
    proc, url = start_cli()
    host, port = url.removeprefix("http://").split(":")
    stopped(proc, signal.SIGTERM)
    assert proc.returncode == 0
    with socket.socket() as again:  # nothing listens there any more: the port binds
        again.bind((host, int(port)))


def test_a_busy_port_is_an_error_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "heygen_streaming_mock", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.startswith(f"heygen-streaming mock: cannot listen on 127.0.0.1:{port}: ")
    assert len(done.stderr.splitlines()) == 1


def test_a_port_another_mock_serves_is_busy_too() -> None:
    proc, url = start_cli()
    try:
        port = url.rsplit(":", 1)[1]
        done = subprocess.run(
            [sys.executable, "-m", "heygen_streaming_mock", "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        stopped(proc, signal.SIGTERM)
    assert done.returncode == 2
    assert "cannot listen on" in done.stderr
