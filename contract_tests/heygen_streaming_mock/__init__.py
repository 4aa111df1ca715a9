"""heygen_streaming_mock: a local, spec-driven mock of the HeyGen Streaming API.

Three ways in, one pipeline (`MockServer`)::

    from heygen_streaming_mock import MockServer, create_app

    mock = MockServer(seed=1)                      # packaged spec, key "mock-key", lenient
    client = StreamingClient(api_key="mock-key", base_url="http://mock",
                             transport=mock.transport())        # sync, no socket, no loop
    AsyncStreamingClient(..., transport=mock.async_transport())  # async, no socket
    app = create_app(strict=True)                  # an ASGI app; app.journal, app.server
    mock.journal.entries()                         # what it received, secrets masked

Everything the mock knows of the API comes from the spec (`Contract`): the route, the
validators, the defaults leniency applies, the documented statuses and their examples.

Hooks, for deliberately broken variants (the contract harness). Each of the four steps of
the pipeline is a method of `MockServer`; override it in a subclass, or pass a function to the
constructor, which receives the default behaviour as its first argument so it can wrap it:

- ``authenticate(key: str | None) -> KeyProfile | Reply``
  e.g. ignore the key: ``MockServer(authenticate=lambda default, key: KeyProfile())``
- ``validate_request(body: dict) -> Checked | Reply``
  e.g. accept anything: ``validate_request=lambda default, body: Checked(body)``;
  500 on an unknown emotion: ``lambda d, b: Reply.error(500, "boom")
  if b.get("voice", {}).get("emotion") == "Angry" else d(b)``
- ``session_data(request: dict, profile: KeyProfile) -> dict``
  e.g. ``lambda d, r, p: {**d(r, p), "is_paid": "yes"}``, or drop ``session_id``
- ``respond(request: dict, profile: KeyProfile, prefs: Preferences) -> Reply``
  e.g. an undocumented status: ``lambda d, r, p, prefs: Reply.error(418, "teapot")``

`MockServer(spec=...)` takes the packaged spec (None), a path, or a dict (copied), so a
variant of the contract needs no code either.

Faults (`Prefer: fault=reset|stall|malformed|empty`) keep their meaning over a real socket
(uvicorn: an RST; a stall bounded by `max_stall`) and through `transport()` /
`async_transport()` (`httpx.RemoteProtocolError`, `httpx.ReadTimeout`). Through a generic
ASGI client such as `httpx.ASGITransport`, which has no connection to drop, `reset` degrades
to a 200 cut short. For a real loopback port in tests: `heygen_streaming_mock.server.running`
(a context manager yielding `.url` and `.server`) or the pytest fixture `heygen_mock`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .asgi import MockApp
    from .contract import Contract
    from .core import MockServer
    from .journal import Entry, Journal
    from .prefer import Preferences
    from .sessions import DEFAULT_KEY, KeyProfile
    from .transport import AsyncMockTransport, MockTransport
    from .wire import FAULTS, Checked, Head, Reply

__all__ = [
    "DEFAULT_KEY",
    "FAULTS",
    "AsyncMockTransport",
    "Checked",
    "Contract",
    "Entry",
    "Head",
    "Journal",
    "KeyProfile",
    "MockApp",
    "MockServer",
    "MockTransport",
    "Preferences",
    "Reply",
    "create_app",
]

# Imported on first use: the pytest plugin imports this package in every pytest run of anyone
# who installs the wheel, so importing it must stay cheap and must not need the `mock` extra.
_WHERE = {
    "MockApp": "asgi",
    "Contract": "contract",
    "Checked": "wire",
    "Head": "wire",
    "MockServer": "core",
    "Entry": "journal",
    "Journal": "journal",
    "Preferences": "prefer",
    "DEFAULT_KEY": "sessions",
    "KeyProfile": "sessions",
    "AsyncMockTransport": "transport",
    "MockTransport": "transport",
    "FAULTS": "wire",
    "Reply": "wire",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def create_app(**options: Any) -> MockApp:
    """The mock as an ASGI app (`.journal`, `.server`); options are MockServer's keywords."""
    from .core import MockServer

    return MockServer(**options).app
