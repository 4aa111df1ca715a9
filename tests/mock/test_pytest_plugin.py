"""The `heygen_mock` fixture every installer of the wheel gets, and the async transport."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.heygen_mock(admin_key="fixture-admin-key")
def test_the_served_fixture_takes_an_admin_key(heygen_mock: HeygenMock) -> None:
    url = heygen_mock.base_url + "/__mock__/health"
    assert httpx.get(url).status_code == 403
    assert httpx.get(url, headers={"x-mock-admin-key": "fixture-admin-key"}).status_code == 200


def test_the_plugin_imports_without_the_mock_extra() -> None:
    code = (
        "import sys; sys.modules['granian'] = None; sys.modules['uvicorn'] = None\n"
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


def _run_pytest(tmp_path: Path, test_code: str, *, block_server: bool = False) -> str:
    """Run pytest on one test file in a subprocess (the plugin loads from its entry point)."""
    (tmp_path / "test_it.py").write_text(test_code, "utf-8")
    block = "import sys; sys.modules['granian'] = None\n"
    code = (block if block_server else "") + (
        "import sys, pytest\n"
        f"sys.exit(pytest.main([{str(tmp_path / 'test_it.py')!r}, '-q', '-p', 'no:randomly',"
        " '-p', 'no:cacheprovider', '-n', '0', '-rA']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    return done.stdout + done.stderr


USES_BOTH = """
import httpx

def test_served(heygen_mock):
    pass

def test_in_process(heygen_mock_inprocess):
    with httpx.Client(transport=heygen_mock_inprocess.transport(),
                      base_url=heygen_mock_inprocess.base_url) as client:
        response = client.post("/v1/streaming.new", json={"quality": "low"},
                               headers={"x-api-key": heygen_mock_inprocess.api_key})
    assert response.status_code == 200
"""


def test_without_granian_the_served_fixture_says_what_to_install_in_one_line(
    tmp_path: Path,
) -> None:
    out = _run_pytest(tmp_path, USES_BOTH, block_server=True)
    assert (
        "heygen_mock: the mock server needs granian: "
        'pip install "heygen-streaming[mock]" (or use heygen_mock_inprocess)'
    ) in out
    assert "ModuleNotFoundError" not in out
    assert "Traceback" not in out
    assert "1 passed, 1 error" in out  # the in-process fixture works without the extra


def test_an_unknown_marker_option_fails_listing_the_valid_ones(tmp_path: Path) -> None:
    out = _run_pytest(
        tmp_path,
        "import pytest\n\n@pytest.mark.heygen_mock(strikt=True)\n"
        "def test_it(heygen_mock_inprocess):\n    pass\n",
    )
    assert "@pytest.mark.heygen_mock: unknown option(s) strikt; valid options: " in out
    assert "api_keys" in out
    assert "error_statuses" in out
    assert "TypeError" not in out


def test_a_bad_option_value_fails_with_the_reason(heygen_mock_inprocess: HeygenMock) -> None:
    # (the fixture itself is fine here; the reason comes from MockServer's own check)
    with pytest.raises(ValueError, match=r"error_statuses \[418\] are not in the spec"):
        MockServer(error_statuses=(418,))


@pytest.mark.heygen_mock(error_rate=1.0, error_statuses=(503,), seed=3)
def test_error_statuses_choose_the_injected_errors(heygen_mock_inprocess: HeygenMock) -> None:
    with httpx.Client(
        transport=heygen_mock_inprocess.transport(), base_url=heygen_mock_inprocess.base_url
    ) as client:
        response = client.post(
            PATH, json={"quality": "low"}, headers={"x-api-key": heygen_mock_inprocess.api_key}
        )
    assert response.status_code == 503


def test_the_plugin_documents_error_statuses() -> None:
    from heygen_streaming_mock import pytest_plugin

    assert pytest_plugin.__doc__ is not None
    assert "`error_statuses` (the statuses those errors take," in pytest_plugin.__doc__


def test_the_in_process_fixture_has_a_manual_clock(heygen_mock_inprocess: HeygenMock) -> None:
    before = heygen_mock_inprocess.clock.now()
    heygen_mock_inprocess.advance(120)
    assert heygen_mock_inprocess.clock.now() == before + 120
