"""The `heygen_mock` fixture every installer of the wheel gets, and the async transport."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.pytest_plugin import HeygenMock

from .conftest import PATH


def test_the_fixture_serves_a_mock_on_loopback(heygen_mock: HeygenMock) -> None:
    assert heygen_mock.base_url.startswith("http://127.0.0.1:")
    response = httpx.post(
        heygen_mock.base_url + PATH,
        json={"quality": "low"},
        headers={"x-api-key": heygen_mock.api_key},
    )
    assert response.status_code == 200
    assert heygen_mock.journal.last().status == 200


@pytest.mark.heygen_mock(strict=True, api_keys=["custom"])
def test_the_fixture_takes_options_from_a_marker(heygen_mock: HeygenMock) -> None:
    assert heygen_mock.api_key == "custom"
    response = httpx.post(
        heygen_mock.base_url + PATH,
        json={"quality": "low", "x": 1},
        headers={"x-api-key": "custom"},
    )
    assert response.status_code == 400


def test_the_plugin_imports_without_the_mock_extra() -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None; sys.modules['starlette'] = None\n"
        "import heygen_streaming_mock.pytest_plugin\n"
        "assert 'heygen_streaming_mock.core' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_the_async_transport_reaches_the_same_mock() -> None:
    mock = MockServer(seed=1)

    async def scenario() -> list[int]:
        async with httpx.AsyncClient(transport=mock.async_transport(), base_url="http://m") as c:
            headers = {"x-api-key": "mock-key"}
            ok = await c.post(PATH, json={"quality": "low"}, headers=headers)
            with pytest.raises(httpx.RemoteProtocolError):
                await c.post(
                    PATH, json={"quality": "low"}, headers={**headers, "prefer": "fault=reset"}
                )
            bad = await c.post(PATH, json={"quality": "x"}, headers=headers)
            return [ok.status_code, bad.status_code]

    assert asyncio.run(scenario()) == [200, 400]
    assert [e.status for e in mock.journal.entries()] == [200, None, 400]
