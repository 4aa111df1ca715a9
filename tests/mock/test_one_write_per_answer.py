"""The served mock writes an answer's head together with its body: one send, one packet.

uvicorn writes them apart; the mock's protocol holds the head until the body's first piece (or
the loop's next turn), so a client is woken once per answer. Driven here through the protocol
with a transport that records every write, so the number of writes is what is asserted.
"""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from heygen_streaming_mock import MockServer
from heygen_streaming_mock.protocol import MockHttpProtocol
from heygen_streaming_mock.server import uvicorn_config
from uvicorn.server import ServerState

from .conftest import KEY, PATH

App = Callable[[Any, Any, Any], Awaitable[None]]


class Recording(asyncio.Transport):
    """A transport that keeps what is written to it, one item per write() call."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def get_write_buffer_size(self) -> int:
        return 0


async def _writes(
    app: App, data: bytes, turns: int = 20, transport: Recording | None = None
) -> tuple[list[bytes], Recording]:
    config = uvicorn_config(app, log_level="error", lifespan="off")
    config.load()
    protocol = MockHttpProtocol(config, ServerState(), {}, asyncio.get_running_loop())
    transport = transport or Recording()
    protocol.connection_made(transport)
    protocol.data_received(data)
    for _ in range(turns):  # the app's task, then the held head's flush: a few turns
        await asyncio.sleep(0)
    protocol.connection_lost(None)
    return transport.writes, transport


def _post(body: bytes, *extra: bytes) -> bytes:
    head = [
        b"POST " + PATH.encode() + b" HTTP/1.1",
        b"Host: 127.0.0.1",
        b"Content-Type: application/json",
        b"X-Api-Key: " + KEY.encode(),
        b"Content-Length: %d" % len(body),
        *extra,
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def test_the_mocks_answer_is_written_in_one_piece() -> None:
    body = json.dumps({"quality": "low"}).encode()
    writes, _ = asyncio.run(_writes(MockServer(seed=1).app, _post(body)))
    assert len(writes) == 1
    head, _, answer = writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert json.loads(answer)["data"]["session_id"]


def test_two_pipelined_requests_get_two_whole_answers_in_order() -> None:
    first = _post(b'{"quality": "low"}')
    second = _post(b'{"quality": "bad"}')
    writes, _ = asyncio.run(_writes(MockServer(seed=1).app, first + second))
    assert [w[:12] for w in writes] == [b"HTTP/1.1 200", b"HTTP/1.1 400"]
    assert all(w.endswith(b"}") for w in writes)  # each with its body


def test_a_head_whose_body_is_late_still_goes_out_on_the_next_turn() -> None:
    release = asyncio.Event()

    async def slow_body(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await release.wait()  # the body never comes within the test's turns

    async def scenario() -> list[bytes]:
        writes, _ = await _writes(slow_body, b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
        release.set()
        return writes

    writes = asyncio.run(scenario())
    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert writes[0].endswith(b"\r\n\r\n")  # the head alone: not held back for the body


def test_100_continue_is_sent_at_once_not_held_for_the_answer() -> None:
    seen: list[list[bytes]] = []
    recording = Recording()

    async def reads_body(scope: Any, receive: Any, send: Any) -> None:
        receiving = asyncio.ensure_future(receive())
        await asyncio.sleep(0)
        seen.append(list(recording.writes))  # what the client has by now
        receiving.cancel()

    request = _post(b"")[:-4].replace(b"Content-Length: 0", b"Content-Length: 10")
    expect = request + b"\r\nExpect: 100-continue\r\n\r\n"
    asyncio.run(_writes(reads_body, expect, transport=recording))
    assert seen == [[b"HTTP/1.1 100 Continue\r\n\r\n"]]


def test_a_served_worker_exempts_its_start_up_heap_from_garbage_collection() -> None:
    # The first full collection would otherwise stall the first burst of requests (bench:
    # slowloris p99). A process embedding the mock is left as it is.
    code = (
        "import gc; from heygen_streaming_mock.server import app_from_env; app_from_env();"
        "print(gc.get_freeze_count())"
    )
    frozen = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert int(frozen.stdout) > 10_000
    MockServer(seed=1)
    assert gc.get_freeze_count() == 0
