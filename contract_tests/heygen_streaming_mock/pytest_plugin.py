"""pytest plugin of the mock: the `heygen_mock` fixture (a mock served on a loopback port).

Loaded for everyone who installs the wheel, so it imports nothing heavy at module level:
uvicorn and the mock itself are imported when a test first asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .core import MockServer
    from .journal import Journal
    from .transport import AsyncMockTransport, MockTransport

__all__ = ["HeygenMock", "heygen_mock"]


@dataclass(frozen=True)
class HeygenMock:
    """A running mock: `base_url` (http://127.0.0.1:PORT), `api_key`, `journal`, `server`."""

    base_url: str
    api_key: str
    server: MockServer

    @property
    def journal(self) -> Journal:
        return self.server.journal

    def transport(self) -> MockTransport:
        """The same mock with no socket (sync)."""
        return self.server.transport()

    def async_transport(self) -> AsyncMockTransport:
        """The same mock with no socket (async)."""
        return self.server.async_transport()


@pytest.fixture
def heygen_mock(request: pytest.FixtureRequest) -> Iterator[HeygenMock]:
    """A fresh mock on a free 127.0.0.1 port for one test; options via `@pytest.mark.heygen_mock`.

    Example: ``@pytest.mark.heygen_mock(strict=True, seed=7)`` (MockServer keywords).
    """
    try:
        from .core import MockServer
        from .server import running
        from .sessions import DEFAULT_KEY
    except ImportError as exc:  # pragma: no cover - the `mock` extra is missing
        pytest.skip(f"heygen_mock needs heygen-streaming[mock]: {exc}")
    marker = request.node.get_closest_marker("heygen_mock")
    options = dict(marker.kwargs) if marker else {}
    server = MockServer(**options)
    key = next(iter(server.keys), DEFAULT_KEY)
    with running(server) as live:
        yield HeygenMock(base_url=live.url, api_key=key, server=server)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "heygen_mock(**options): MockServer options of the heygen_mock fixture"
    )
