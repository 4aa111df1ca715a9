"""The mock's own endpoints under `/__mock__/` (never journaled): `requests` (GET pages the
journal, DELETE clears it), `health`, `clock` (GET; POST `{"advance": SECONDS}`) and `sessions`
(GET lists them, owner masked; DELETE forgets them).

Over a socket they answer loopback callers only, unless the mock has an admin key: then every
call must carry it in `X-Mock-Admin-Key`, from anywhere. Refusals are 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import math
from typing import TYPE_CHECKING

from .store import Session
from .wire import Head, Reply

if TYPE_CHECKING:
    from .core import MockCore

__all__ = ["ADMIN_PREFIX", "admin_reply", "is_loopback", "refusal"]

ADMIN_PREFIX = "/__mock__/"
_METHODS = {
    "requests": ("GET", "DELETE"),
    "health": ("GET",),
    "clock": ("GET", "POST"),
    "sessions": ("GET", "DELETE"),
}
ADMIN_KEY_HEADER = b"x-mock-admin-key"


def _view(session: Session) -> dict[str, object]:
    """A session as `/__mock__/sessions` shows it: the owner's key cut to tell keys apart."""
    view = session.to_dict()
    view["owner"] = session.owner[:4] + "***" if len(session.owner) > 8 else "***"
    view.pop("facts", None)
    return view


def is_loopback(host: str | None) -> bool:
    """Whether `host` (the peer address of an ASGI scope's `client`) is a loopback address."""
    if host is None:
        return False
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    # An IPv4 peer of a dual-stack socket shows as ::ffff:127.0.0.1.
    mapped = getattr(address, "ipv4_mapped", None)
    return bool((mapped or address).is_loopback)


def refusal(
    core: MockCore, client_host: str | None, head: Head, admin_key: str | None
) -> Reply | None:
    """The 403 for an admin call from `client_host` that may not have an answer; None if it may
    (the admin key, compared in constant time, when there is one; else a loopback caller)."""
    if admin_key is not None:
        given = head.first.get(ADMIN_KEY_HEADER, b"")
        if hmac.compare_digest(given, admin_key.encode()):
            return None
        return core.error(
            403, "admin: send the key given to --admin-key in the X-Mock-Admin-Key header"
        )
    if is_loopback(client_host):
        return None
    return core.error(
        403,
        "admin: answered to loopback callers only (127.0.0.0/8, ::1); to reach it from"
        " elsewhere, start the mock with --admin-key KEY and send X-Mock-Admin-Key: KEY",
    )


def _advance(core: MockCore, body: bytes) -> Reply:
    try:
        seconds = json.loads(body)["advance"]
        if isinstance(seconds, bool) or not 0 <= seconds < math.inf:
            raise ValueError(seconds)
        core.clock.advance(float(seconds))
    except (ValueError, TypeError, KeyError):  # not JSON, not an object, not a number...
        return core.error(400, 'body: expected {"advance": SECONDS} with SECONDS >= 0')
    return Reply.json(200, core.clock.to_json())


def admin_reply(core: MockCore, head: Head, body: bytes) -> Reply:
    """The answer to a request under `/__mock__/`."""
    name = head.path[len(ADMIN_PREFIX) :]
    methods = _METHODS.get(name)
    if methods is None:
        return core.error(404, f"{head.path[:200]}: no such path")
    if head.method not in methods:
        allow = ((b"allow", ", ".join(methods).encode()),)
        return core.error(405, f"method {head.method[:20]}: not allowed on {head.path}", allow)
    if name == "health":
        health = {
            "status": "ok",
            "profile": core.profile,
            "strict": core.strict,
            "seed": core.seed,
            "clock": core.clock.mode,
            "operations": len(core.router.routes),
        }
        return Reply.json(200, health)
    if name == "clock":
        if head.method == "POST":
            return _advance(core, body)
        return Reply.json(200, core.clock.to_json())
    if name == "sessions":
        if head.method == "DELETE":
            return Reply.json(200, {"cleared": core.store.reset()})
        sessions = core.store.all(core.clock.now())
        return Reply.json(200, {"now": core.clock.now(), "sessions": [_view(s) for s in sessions]})
    if head.method == "DELETE":
        return Reply.json(200, {"cleared": core.journal.clear()})
    try:
        return Reply(200, core.journal.render_page(head.query))
    except ValueError as exc:
        return core.error(400, str(exc))
