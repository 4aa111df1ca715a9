"""The asyncio client: same wire, same errors, its own lifecycle."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from heygen_streaming import AsyncStreamingClient, BadRequestError, HeyGenError, Session


def test_async_client_opens_a_session_with_the_key_and_the_defaults(kit: Any) -> None:
    recorder = kit.Recorder()

    async def scenario() -> Session:
        async with AsyncStreamingClient(
            api_key=kit.API_KEY, transport=recorder.transport()
        ) as client:
            return await client.new_session(quality="low")

    session = asyncio.run(scenario())
    assert isinstance(session, Session)
    assert recorder.requests[0].headers["X-Api-Key"] == kit.API_KEY
    assert recorder.body()["quality"] == "low"
    assert recorder.body()["activity_idle_timeout"] == 120


def test_async_handlers_are_supported_by_the_transport(kit: Any) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=kit.example("200", "own_livekit"))

    async def scenario() -> Session:
        async with AsyncStreamingClient(
            api_key="k", transport=httpx.MockTransport(handler)
        ) as client:
            return await client.new_session()

    assert asyncio.run(scenario()).livekit_agent_token is not None


def test_async_client_maps_statuses_to_typed_errors(kit: Any) -> None:
    recorder = kit.Recorder(kit.reply(400, text="nope"))

    async def scenario() -> None:
        async with AsyncStreamingClient(api_key="k", transport=recorder.transport()) as client:
            await client.new_session()

    with pytest.raises(BadRequestError, match="nope"):
        asyncio.run(scenario())


def test_async_client_per_call_timeout(kit: Any) -> None:
    recorder = kit.Recorder()

    async def scenario() -> None:
        client = AsyncStreamingClient(api_key="k", transport=recorder.transport())
        await client.new_session(timeout=3.0)
        await client.aclose()
        assert client._http.is_closed

    asyncio.run(scenario())
    # Each phase is also cut to the time left of the per-attempt deadline (default: read timeout).
    for seconds in recorder.requests[0].extensions["timeout"].values():
        assert seconds == pytest.approx(3.0, abs=0.1)


def test_async_client_needs_a_key_too() -> None:
    with pytest.raises(HeyGenError, match="HEYGEN_API_KEY"):
        AsyncStreamingClient()
