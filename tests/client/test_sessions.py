"""`with client.session(...)`: the session is stopped whatever happens, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from heygen_streaming import APIStatusError, AsyncStreamingClient, StreamingClient
from heygen_streaming_mock import MockServer


class Boom(Exception):
    pass


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=1)


def _paths(mock: MockServer) -> list[str]:
    return [e.path.rsplit(".", 1)[-1] for e in mock.journal.entries()]


@pytest.fixture(params=["sync", "async"])
def opened(request: pytest.FixtureRequest, mock: MockServer) -> Any:
    """`opened(body, transport=None)`: `body(handle)` inside client.session(), either client."""

    def run(body: Any, transport: Any = None, **fields: Any) -> None:
        if request.param == "sync":
            with (
                StreamingClient(
                    api_key="mock-key",
                    base_url="http://mock",
                    transport=transport or mock.transport(),
                ) as client,
                client.session(quality="low", **fields) as handle,
            ):
                body(handle)
            return

        async def scenario() -> None:
            async with (
                AsyncStreamingClient(
                    api_key="mock-key",
                    base_url="http://mock",
                    transport=transport or mock.async_transport(),
                ) as client,
                client.session(quality="low", **fields) as handle,
            ):
                result = body(handle)
                if asyncio.iscoroutine(result):
                    await result

        asyncio.run(scenario())

    run.kind = request.param  # type: ignore[attr-defined]
    return run


def test_a_session_is_opened_started_and_stopped_on_normal_exit(opened: Any, mock: Any) -> None:
    seen: list[Any] = []
    opened(seen.append)
    assert _paths(mock) == ["new", "start", "stop"]
    assert seen[0].session_id == seen[0].session.session_id


def test_the_handle_speaks_with_its_session_id_bound(opened: Any, mock: Any) -> None:
    async def speak_async(handle: Any) -> None:
        await handle.task("Hello there")
        await handle.keep_alive()

    def speak(handle: Any) -> Any:
        if opened.kind == "async":
            return speak_async(handle)
        handle.task("Hello there")
        handle.keep_alive()
        return None

    opened(speak)
    assert _paths(mock) == ["new", "start", "task", "keep_alive", "stop"]
    entries = mock.journal.entries()
    ids = {e.body["session_id"] for e in entries[1:]}
    assert len(ids) == 1


def test_the_session_is_stopped_when_the_body_raises(opened: Any, mock: Any) -> None:
    def fail(handle: Any) -> None:
        raise Boom("in the block")

    with pytest.raises(Boom):
        opened(fail)
    assert _paths(mock)[-1] == "stop"
    assert mock.journal.last().status == 200


def test_the_session_is_stopped_on_keyboard_interrupt(opened: Any, mock: Any) -> None:
    def interrupt(handle: Any) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        opened(interrupt)
    assert _paths(mock) == ["new", "start", "stop"]


def test_the_session_is_stopped_when_start_fails(opened: Any, mock: Any) -> None:
    inner = mock.transport() if opened.kind == "sync" else mock.async_transport()

    def failing_start(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".start"):
            return httpx.Response(400, json={"code": 400006, "message": "not ready"})
        return inner.handle_request(request)  # type: ignore[union-attr]

    async def failing_start_async(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".start"):
            return httpx.Response(400, json={"code": 400006, "message": "not ready"})
        return await inner.handle_async_request(request)  # type: ignore[union-attr]

    handler = failing_start if opened.kind == "sync" else failing_start_async
    with pytest.raises(APIStatusError, match="not ready"):
        opened(lambda handle: None, transport=httpx.MockTransport(handler))
    assert _paths(mock) == ["new", "stop"]


def test_a_failed_stop_is_attached_to_the_error_in_flight_and_never_hides_it(
    mock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    inner = mock.transport()

    def failing_stop(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".stop"):
            return httpx.Response(400, json={"code": 400, "message": "stop refused"})
        return inner.handle_request(request)

    client = StreamingClient(
        api_key="mock-key", base_url="http://mock", transport=httpx.MockTransport(failing_stop)
    )
    with pytest.raises(Boom) as info, client.session() as handle:
        raise Boom("first")
    notes = getattr(info.value, "__notes__", [])
    assert any("stop refused" in note and handle.session_id in note for note in notes)
    assert "stop refused" in caplog.text
    assert "mock-key" not in " ".join(notes) + caplog.text


def test_a_failed_stop_after_a_clean_block_is_raised(mock: Any) -> None:
    def failing_stop(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".stop"):
            return httpx.Response(400, json={"code": 400, "message": "stop refused"})
        return mock.transport().handle_request(request)

    client = StreamingClient(
        api_key="mock-key", base_url="http://mock", transport=httpx.MockTransport(failing_stop)
    )
    with pytest.raises(APIStatusError, match="stop refused"), client.session():
        pass


def test_stopping_inside_the_block_is_not_repeated_on_exit(mock: Any) -> None:
    client = StreamingClient(api_key="mock-key", base_url="http://mock", transport=mock.transport())
    with client.session() as handle:
        handle.stop()
    assert _paths(mock) == ["new", "start", "stop"]
    assert handle.stopped
