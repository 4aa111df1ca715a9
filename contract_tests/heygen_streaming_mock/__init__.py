"""heygen_streaming_mock: a local, stateful, spec-driven mock of any API its spec describes.

    mock = MockServer(seed=1)            # the Streaming API, key "mock-key", profile "exact"
    mock = MockServer(api="liveavatar")  # a packaged API by name; spec="file.yaml": any spec
    client = StreamingClient(api_key="mock-key", base_url="http://mock",
                             transport=mock.transport())   # sync or async, no socket
    mock.clock.advance(121)              # time the test controls (clock="manual")
    mock.journal.entries()               # what it received, secrets masked

Everything comes from the spec (routing, security, schemas, statuses, `x-envelope`,
`x-session-lifecycle`, `x-lifecycle` roles). Hooks for broken variants: `handlers={role: fn}`
and the pipeline steps `authenticate`, `validate_request`, `session_data`, `respond`,
`owner_check` (override in a subclass, or pass a function that gets the default first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .asgi import MockApp
    from .auth import Account
    from .clock import Clock
    from .journal import Entry, Journal
    from .mock import MockServer
    from .sessions import DEFAULT_KEY, KeyProfile
    from .transport import MockTransport
    from .wire import Checked, Reply

__all__ = [
    "DEFAULT_KEY",
    "Account",
    "Checked",
    "Clock",
    "Entry",
    "Journal",
    "KeyProfile",
    "MockServer",
    "MockTransport",
    "Reply",
    "create_app",
]

# Imported on first use: the pytest plugin imports this package in every pytest run of anyone
# who installs the wheel, so importing it must stay cheap and must not need the `mock` extra.
_MODULES = {
    "auth": ("Account",),
    "clock": ("Clock",),
    "journal": ("Entry", "Journal"),
    "mock": ("MockServer",),
    "sessions": ("DEFAULT_KEY", "KeyProfile"),
    "transport": ("MockTransport",),
    "wire": ("Checked", "Reply"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def create_app(**options: Any) -> MockApp:
    """The mock as an ASGI app (`.journal`, `.server`); options are MockServer's keywords."""
    from .mock import MockServer

    return MockServer(**options).app
