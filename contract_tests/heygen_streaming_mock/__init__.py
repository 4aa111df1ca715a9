"""heygen_streaming_mock: a local, stateful, spec-driven mock of the HeyGen Streaming API.

Three ways in, one pipeline::

    from heygen_streaming_mock import MockServer, create_app

    mock = MockServer(seed=1)                      # packaged spec, key "mock-key", profile "exact"
    client = StreamingClient(api_key="mock-key", base_url="http://mock",
                             transport=mock.transport())        # sync or async, no socket
    app = create_app(profile="strict")             # an ASGI app; app.journal, app.server
    mock.clock.advance(121)                        # time the test controls (clock="manual")
    mock.journal.entries()                         # what it received, secrets masked

Everything comes from the spec (`heygen_streaming.spec_model`): each operation is routed by
method and path (404 unknown path, 405 + Allow), authenticated with ITS security alternatives
(an `apiKey` scheme takes the account keys, an `http bearer` scheme the tokens minted by the
operation marked `x-lifecycle.issues-token`), its body validated with ITS schema, answered with
ITS documented statuses. An operation with no behaviour answers its 2xx example (`Prefer:
example=NAME` picks one) or a body generated from its schema. Behaviour (sessions, states,
timeouts, lists) hangs off the operation's `x-lifecycle` roles through small registered handlers
(roles.py); every number, state and error code comes from the root `x-session-lifecycle`.

Profiles: `exact` (default: accepts exactly what the spec accepts, nulls and `x-tolerated`
forms included; no X-Mock-Warnings), `strict` (`strict=True`: refuses what the spec marks
`x-tolerated` or `deprecated`, naming each refusal), `lenient` (opt-in: accepts more than the
spec, e.g. nulls anywhere and unknown fields, and reports each leniency in `X-Mock-Warnings`).

State: `MemoryStore` by default; `state_path=FILE` keeps sessions and tokens in a SQLite file
(0600, keys and tokens only as their SHA-256) that a restarted mock reads again. `clock="manual"` (default
in-process) stands still until `mock.clock.advance(s)` or `POST /__mock__/clock {"advance": s}`;
`clock="real"` follows wall time. `GET /__mock__/sessions` lists sessions, `DELETE` resets them.

Hooks, for deliberately broken variants (the contract harness), with no edit of the mock:

1. A spec copy (`MockServer(spec=dict_or_path)`) with other extensions changes behaviour:
   `task`'s `x-lifecycle.requires: [new, connected]` accepts a task before start; `stop` without
   `closes: true` never closes; `keep_alive` without `activity` does not reset the idle timer;
   `x-session-lifecycle.concurrent-sessions: {trial: 100000, paid: 100000}` lifts the limit;
   `create_token`'s `security` with `BearerAuth` lets a token mint tokens.
2. `handlers={role: fn}` replaces the handler of one role (roles.py: guards `(call, session) ->
   Reply | None`, effects `(call, session) -> None`, actions `(call) -> Reply | None`), e.g.
   `handlers={"requires": lambda call, session: None}` accepts every call in every state.
3. Pipeline steps, each a method of `MockServer`: override in a subclass, or pass a function to
   the constructor, which receives the default behaviour first so that it can wrap it:
   - ``authenticate(route, head) -> Account | Reply``, e.g. ignore credentials:
     ``MockServer(authenticate=lambda default, route, head: Account("mock-key", KeyProfile()))``
   - ``validate_request(route, body) -> Checked | Reply``, e.g. accept anything:
     ``validate_request=lambda default, route, body: Checked(body or {})``
   - ``session_data(request, profile) -> dict``: the data of a created session
   - ``respond(route, checked, account, prefs) -> Reply``, e.g. an undocumented status
   - ``owner_check(session, account) -> bool``: cross-account access,
     ``owner_check=lambda default, session, account: True`` lets any account drive any session.

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
_WHERE = {
    "MockApp": "asgi",
    "Clock": "clock",
    "Account": "auth",
    "MockCore": "core",
    "Checked": "wire",
    "Head": "wire",
    "MockServer": "mock",
    "Entry": "journal",
    "Journal": "journal",
    "Preferences": "prefer",
    "Route": "router",
    "DEFAULT_KEY": "sessions",
    "KeyProfile": "sessions",
    "MemoryStore": "store",
    "Session": "store",
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
    from .mock import MockServer

    return MockServer(**options).app
