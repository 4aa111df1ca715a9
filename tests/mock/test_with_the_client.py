"""The project's own client talks to the mock in-process, sync and async, with no port."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from heygen_streaming import AsyncStreamingClient, AuthenticationError, StreamingClient
from heygen_streaming_mock import MockServer


def test_the_sync_client_opens_a_session_through_the_transport() -> None:
    mock = MockServer(seed=1)
    with StreamingClient(
        api_key="mock-key", base_url="http://mock", transport=mock.transport()
    ) as client:
        session = client.new_session(quality="low", voice={"emotion": "Friendly"})
    assert uuid.UUID(session.session_id).version == 4
    entry = mock.journal.last()
    assert entry.body["quality"] == "low"
    assert entry.headers["x-api-key"] == "***"


def test_a_wrong_key_reaches_the_client_as_its_typed_error() -> None:
    mock = MockServer()
    with (
        StreamingClient(api_key="nope", base_url="http://mock", transport=mock.transport()) as c,
        pytest.raises(AuthenticationError, match="not a valid key"),
    ):
        c.new_session(quality="low")


def test_the_async_client_opens_a_session_through_the_async_transport() -> None:
    mock = MockServer(seed=1)

    async def scenario() -> str:
        async with AsyncStreamingClient(
            api_key="mock-key", base_url="http://mock", transport=mock.async_transport()
        ) as client:
            return (await client.new_session(quality="high")).session_id

    assert uuid.UUID(asyncio.run(scenario())).version == 4
