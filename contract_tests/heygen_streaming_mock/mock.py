"""`MockServer`: the mock's core joined to its ways in (ASGI app, httpx transport).

The only module that imports both the core and the adapters, so that neither imports the other.
"""

from __future__ import annotations

from .asgi import MockApp
from .core import MockCore
from .transport import MockTransport

__all__ = ["MockServer"]


class MockServer(MockCore):
    """The mock (see the package docstring): `app`, `transport()`, `async_transport()`."""

    _app: MockApp | None = None

    @property
    def app(self) -> MockApp:
        """The ASGI application (built once)."""
        if self._app is None:
            self._app = MockApp(self)
        return self._app

    def transport(self) -> MockTransport:
        """An httpx transport into this mock, sync and async (no socket, no event loop)."""
        return MockTransport(self)

    def async_transport(self) -> MockTransport:
        """The same transport (one class serves both), kept for existing callers."""
        return MockTransport(self)
