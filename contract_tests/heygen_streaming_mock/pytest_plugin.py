"""pytest plugin of the mock: the `heygen_mock`, `liveavatar_mock` and `heygen_mock_inprocess`
fixtures, and `served_mock()` for a mock of any spec (`spec=` a file, a dict or a SpecModel).

The first two serve a fresh mock on a free 127.0.0.1 port for one test (the `mock` extra);
the last has no socket (pass its `transport()` to the client). Options:
`@pytest.mark.heygen_mock(**options)`, MockServer's keywords plus, when served, `limits` and
`admin_key`; an unknown one fails the test, listing the valid ones. Among them `error_rate`
(the share of valid requests answered with an error instead) and
`error_statuses` (the statuses those errors take, drawn from the seed; default (500, 503)).
Loaded for everyone who installs the wheel: it imports the mock only when a fixture is used.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .clock import Clock
    from .journal import Journal
    from .mock import MockServer
    from .transport import MockTransport

__all__ = [
    "HeygenMock",
    "heygen_mock",
    "heygen_mock_inprocess",
    "liveavatar_mock",
    "mock_options",
    "served_mock",
]

INPROCESS_URL = "http://heygen-mock"
# Options of the served fixture that are not MockServer's.
_SERVED_ONLY = ("limits", "admin_key")


@dataclass(frozen=True)
class HeygenMock:
    """A mock: `base_url` (a placeholder in process), `api_key`, `journal`, `server`, `clock`."""

    base_url: str
    server: MockServer

    @property
    def api_key(self) -> str:
        """The mock's first accepted key."""
        from .sessions import DEFAULT_KEY

        return next(iter(self.server.keys), DEFAULT_KEY)

    @property
    def journal(self) -> Journal:
        return self.server.journal

    @property
    def clock(self) -> Clock:
        """The mock's clock: manual in the fixtures, so `advance` is the only way time passes."""
        return self.server.clock

    def advance(self, seconds: float) -> None:
        """Move the mock's time on: idle timeouts and duration limits fire as they would."""
        self.server.clock.advance(seconds)

    def transport(self) -> MockTransport:
        """The same mock with no socket (sync)."""
        return self.server.transport()

    def async_transport(self) -> MockTransport:
        """The same mock with no socket (async)."""
        return self.server.async_transport()


def mock_options(request: pytest.FixtureRequest, *, served: bool) -> dict[str, Any]:
    """The marker's options, or a test failure naming the unknown ones and listing the valid."""
    from .mock import MockServer

    marker = request.node.get_closest_marker("heygen_mock")
    options = dict(marker.kwargs) if marker else {}
    if marker is not None and marker.args:
        pytest.fail(
            f"@pytest.mark.heygen_mock takes keyword options only, got {marker.args!r}",
            pytrace=False,
        )
    parameters = inspect.signature(MockServer).parameters.values()
    valid = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY]
    valid += list(_SERVED_ONLY) if served else []
    unknown = sorted(set(options) - set(valid))
    if unknown:
        pytest.fail(
            f"@pytest.mark.heygen_mock: unknown option(s) {', '.join(unknown)}; "
            f"valid options: {', '.join(sorted(valid))}",
            pytrace=False,
        )
    return options


def _build(options: dict[str, Any]) -> MockServer:
    from .mock import MockServer

    try:
        return MockServer(**options)
    except (TypeError, ValueError) as exc:
        pytest.fail(f"@pytest.mark.heygen_mock: {exc}", pytrace=False)


def served_mock(**options: Any) -> AbstractContextManager[HeygenMock]:
    """A fresh mock served on a free 127.0.0.1 port for the block: `MockServer`'s keywords
    (`spec=` a file, a document or a `SpecModel`; `api=` a packaged API's name), plus
    `limits` and `admin_key`. Needs the `mock` extra (granian)."""
    return _served("served_mock", options)


@contextmanager
def _served(name: str, options: dict[str, Any]) -> Iterator[HeygenMock]:
    from .cli import missing_extra

    missing = missing_extra()
    if missing is not None:
        pytest.fail(f"{name}: {missing} (or use heygen_mock_inprocess)", pytrace=False)
    from .limits import DEFAULT_LIMITS
    from .server import running

    limits = options.pop("limits", DEFAULT_LIMITS)
    admin_key = options.pop("admin_key", None)
    server = _build(options)
    with running(server, limits=limits, admin_key=admin_key) as live:
        yield HeygenMock(live.url, server)


@pytest.fixture
def heygen_mock(request: pytest.FixtureRequest) -> Iterator[HeygenMock]:
    """A fresh mock on a free 127.0.0.1 port; options via `@pytest.mark.heygen_mock`."""
    with _served("heygen_mock", mock_options(request, served=True)) as mock:
        yield mock


@pytest.fixture
def liveavatar_mock(request: pytest.FixtureRequest) -> Iterator[HeygenMock]:
    """`heygen_mock` serving LiveAvatar's packaged spec (`api="liveavatar"`)."""
    options = mock_options(request, served=True)
    if "spec" not in options:
        options.setdefault("api", "liveavatar")
    with _served("liveavatar_mock", options) as mock:
        yield mock


@pytest.fixture
def heygen_mock_inprocess(request: pytest.FixtureRequest) -> HeygenMock:
    """The mock with no socket and no extra: `StreamingClient(..., transport=m.transport())`."""
    return HeygenMock(INPROCESS_URL, _build(mock_options(request, served=False)))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "heygen_mock(**options): MockServer options of the heygen_mock fixtures (see the plugin)",
    )
