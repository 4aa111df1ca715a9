"""The mock's own endpoints under `/__mock__/` (never journaled):

- `GET /__mock__/requests?limit=&offset=` pages through the journal, `DELETE` clears it;
- `GET /__mock__/health` answers once the server accepts requests;
- `GET /__mock__/clock` is the mock's time; `POST /__mock__/clock {"advance": SECONDS}` moves it;
- `GET /__mock__/sessions` lists every session (owner masked, state, timestamps, why it closed);
  `DELETE` forgets them all.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from .store import Session
from .wire import Reply

if TYPE_CHECKING:
    from .core import MockCore

__all__ = ["ADMIN_PREFIX", "NEEDS_BODY", "admin_reply", "mask_owner", "session_view"]

ADMIN_PREFIX = "/__mock__/"
_METHODS = {
    "requests": ("GET", "DELETE"),
    "health": ("GET",),
    "clock": ("GET", "POST"),
    "sessions": ("GET", "DELETE"),
}
# `admin_reply` says so when the answer needs the request body, which is read afterwards.
NEEDS_BODY = Reply(0)


def mask_owner(owner: str) -> str:
    """An account key as the admin endpoints show it: enough to tell keys apart, no more."""
    return owner[:4] + "***" if len(owner) > 8 else "***"


def session_view(session: Session) -> dict[str, object]:
    view = session.to_dict()
    view["owner"] = mask_owner(session.owner)
    view.pop("facts", None)
    return view


def _advance(core: MockCore, body: bytes) -> Reply:
    try:
        value = json.loads(body or b"null")
    except ValueError:
        value = None
    seconds = value.get("advance") if isinstance(value, dict) else None
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
        or seconds < 0
    ):
        return Reply.error(400, 'body: expected {"advance": SECONDS} with SECONDS >= 0')
    core.clock.advance(float(seconds))
    return Reply.json(200, core.clock.to_json())


def admin_reply(
    core: MockCore, method: str, path: str, query: str, body: bytes | None
) -> Reply | None:
    """The answer to `/__mock__/...`, None for any other path; `NEEDS_BODY` until `body` is read."""
    if not path.startswith(ADMIN_PREFIX):
        return None
    name = path[len(ADMIN_PREFIX) :]
    methods = _METHODS.get(name)
    if methods is None:
        return Reply.error(404, f"{path[:200]}: no such path")
    if method not in methods:
        allow = ((b"allow", ", ".join(methods).encode()),)
        return Reply.error(405, f"method {method[:20]}: not allowed on {path}", allow)
    if name == "health":
        return Reply.json(200, core.health())
    if name == "clock":
        if method == "GET":
            return Reply.json(200, core.clock.to_json())
        return NEEDS_BODY if body is None else _advance(core, body)
    if name == "sessions":
        if method == "DELETE":
            return Reply.json(200, {"cleared": core.store.reset()})
        sessions = core.store.all(core.clock.now())
        return Reply.json(
            200, {"now": core.clock.now(), "sessions": [session_view(s) for s in sessions]}
        )
    journal = core.journal
    if method == "DELETE":
        cleared = len(journal)
        journal.clear()
        return Reply.json(200, {"cleared": cleared})
    render = getattr(journal, "render_page", None)
    if render is not None:
        status, raw = render(query)
        return Reply(status, raw)
    return Reply.json(200, journal.to_json())
