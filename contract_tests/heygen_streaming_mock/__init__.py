"""heygen_streaming_mock: a local, stateful, spec-driven mock of the HeyGen Streaming API.

    mock = MockServer(seed=1)            # packaged spec, key "mock-key", profile "exact"
    client = StreamingClient(api_key="mock-key", base_url="http://mock",
                             transport=mock.transport())   # sync or async, no socket
    app = create_app(profile="strict")   # an ASGI app; app.journal, app.server
    mock.clock.advance(121)              # time the test controls (clock="manual")
    mock.journal.entries()               # what it received, secrets masked

Everything comes from the spec (`heygen_streaming.spec_model`): routing (404, 405 + Allow), each
operation's security alternatives, body schema and documented statuses. An operation with no
behaviour answers its 2xx example (`Prefer: example=NAME`) or a body generated from its schema.
Behaviour hangs off each operation's `x-lifecycle` roles (roles.py); every number, state and
error code comes from the root `x-session-lifecycle`.

Profiles: `exact` (default: exactly what the spec accepts), `strict` (refuses what the spec
marks `x-tolerated` or `deprecated`, naming each), `lenient` (accepts more, and says what in
`X-Mock-Warnings`). State: in memory, or `state_path=FILE`, a SQLite file (0600, keys and tokens
only as SHA-256) that a restarted mock reads again. `GET /__mock__/sessions` lists sessions.

Hooks, for deliberately broken variants (the contract harness), with no edit of the mock:
a spec copy with other extensions (`MockServer(spec=...)`); `handlers={role: fn}` replacing one
role's handler (roles.py); and the pipeline steps, each a method of `MockServer` that a subclass
overrides or a constructor argument wraps (the function gets the default first):
``authenticate(route, head)``, ``validate_request(route, body)``, ``session_data(request,
profile)``, ``respond(route, checked, account, prefs)`` and ``owner_check(session, account)``,
e.g. ``MockServer(owner_check=lambda default, session, account: True)``.

Faults (`Prefer: fault=reset|stall|malformed|empty`) keep their meaning over a real socket and
through `transport()`. For a real loopback port in tests: `heygen_streaming_mock.server.running`
or the pytest fixture `heygen_mock`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .asgi import MockApp
    from .auth import Account
    from .clock import Clock
    from .core import MockCore
    from .journal import Entry, Journal
    from .mock import MockServer
    from .prefer import Preferences
    from .router import Route
    from .sessions import DEFAULT_KEY, KeyProfile
    from .store import MemoryStore, Session
    from .transport import AsyncMockTransport, MockTransport
    from .wire import FAULTS, Checked, Head, Reply

__all__ = [
    "DEFAULT_KEY",
    "FAULTS",
    "Account",
    "AsyncMockTransport",
    "Checked",
    "Clock",
    "Entry",
    "Head",
    "Journal",
    "KeyProfile",
    "MemoryStore",
    "MockApp",
    "MockCore",
    "MockServer",
    "MockTransport",
    "Preferences",
    "Reply",
    "Route",
    "Session",
    "create_app",
]

# Imported on first use: the pytest plugin imports this package in every pytest run of anyone
# who installs the wheel, so importing it must stay cheap and must not need the `mock` extra.
_MODULES = {
    "asgi": ("MockApp",),
    "auth": ("Account",),
    "clock": ("Clock",),
    "core": ("MockCore",),
    "journal": ("Entry", "Journal"),
    "mock": ("MockServer",),
    "prefer": ("Preferences",),
    "router": ("Route",),
    "sessions": ("DEFAULT_KEY", "KeyProfile"),
    "store": ("MemoryStore", "Session"),
    "transport": ("AsyncMockTransport", "MockTransport"),
    "wire": ("FAULTS", "Checked", "Head", "Reply"),
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
