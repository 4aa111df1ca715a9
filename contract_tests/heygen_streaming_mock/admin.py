"""The mock's own endpoints under `/__mock__/`: the journal and a health check for readiness."""

from __future__ import annotations

from typing import Any

from .journal import Journal
from .wire import Reply

__all__ = ["ADMIN_PREFIX", "admin_reply"]

ADMIN_PREFIX = "/__mock__/"
_METHODS = {"requests": ("GET", "DELETE"), "health": ("GET",)}


def admin_reply(method: str, path: str, journal: Journal, health: dict[str, Any]) -> Reply | None:
    """The answer to `/__mock__/...`, None for any other path (admin requests are not journaled).

    `GET /__mock__/requests` lists the journal, `DELETE` clears it; `GET /__mock__/health`
    answers `health` once the server accepts requests.
    """
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
        return Reply.json(200, health)
    if method == "DELETE":
        cleared = len(journal)
        journal.clear()
        return Reply.json(200, {"cleared": cleared})
    return Reply.json(200, journal.to_json())
