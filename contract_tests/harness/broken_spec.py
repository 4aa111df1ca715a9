"""The lifecycle bugs as changes to a copy of the contract: the mock serves it, unedited.

Each edit finds the operations it changes by their `x-lifecycle` role (closes, activity,
issues-token, requires), never by name, and changes one rule; the suite judges the result
against the original spec. Cross-account access has no spec rule to change, so it uses the
mock's `owner_check` hook instead.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from heygen_streaming.lifecycle import path_to
from heygen_streaming.spec_model import SpecModel

__all__ = [
    "SpecEdit",
    "cross_account_access",
    "edited_spec",
    "idle_timeout_ignored",
    "keep_alive_ignored",
    "stop_does_not_close",
    "stop_not_repeatable",
    "token_creates_tokens",
    "token_drives_any_session",
    "unlimited_sessions",
    "wrong_state_accepted",
]

SpecEdit = Callable[[dict[str, Any]], None]


def _ops_with(document: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    """The raw operation nodes of `document` whose x-lifecycle has `rule` (edited in place)."""
    model = SpecModel(document)
    nodes = []
    for op in model.operations:
        if op.lifecycle.get(rule):
            nodes.append(document["paths"][op.path][op.method.lower()])
    return nodes


def wrong_state_accepted(document: dict[str, Any]) -> None:
    """Accepts an operation in a state its x-lifecycle requires excludes."""
    model = SpecModel(document)
    rules = model.lifecycle
    reachable = [
        s
        for s in rules.states or ()
        if s != rules.closed and path_to(rules, model.operations, s) is not None
    ]
    for op in model.operations:
        missing = [s for s in reachable if s not in (op.lifecycle.requires or reachable)]
        if missing and not op.lifecycle.closes:
            node = document["paths"][op.path][op.method.lower()]["x-lifecycle"]
            node["requires"] = [*node["requires"], missing[0]]
            return


def stop_does_not_close(document: dict[str, Any]) -> None:
    """Answers the closing operation with success but leaves the session open."""
    for node in _ops_with(document, "closes"):
        node["x-lifecycle"].pop("closes")
        node["x-lifecycle"].pop("moves-to", None)


def keep_alive_ignored(document: dict[str, Any]) -> None:
    """Accepts the keep-alive but does not reset the idle timer."""
    for node in _ops_with(document, "activity"):
        if not node["x-lifecycle"].get("speaks"):  # the pure keep-alive, not the task
            node["x-lifecycle"].pop("activity")


def unlimited_sessions(document: dict[str, Any]) -> None:
    """Never refuses a session for the concurrency limit."""
    limits = document["x-session-lifecycle"]["concurrent-sessions"]
    for plan in limits:
        limits[plan] = 1_000_000


def token_creates_tokens(document: dict[str, Any]) -> None:
    """Accepts a session token (Bearer) on the token-issuing operation."""
    schemes = document["components"]["securitySchemes"]
    token_schemes = [name for name, s in schemes.items() if s.get("type") != "apiKey"]
    for node in _ops_with(document, "issues-token"):
        node["security"] = [*node.get("security", []), *({n: []} for n in token_schemes)]


def stop_not_repeatable(document: dict[str, Any]) -> None:
    """Refuses a second stop (on a closed session) with the wrong-state error."""
    closed = document["x-session-lifecycle"]["closed"]
    for node in _ops_with(document, "closes"):
        node["x-lifecycle"]["requires"] = [
            s for s in node["x-lifecycle"].get("requires", []) if s != closed
        ]


def token_drives_any_session(document: dict[str, Any]) -> None:
    """Lets a session token drive every session of its account."""
    document["x-session-lifecycle"]["token-scope"] = "account"


def idle_timeout_ignored(document: dict[str, Any]) -> None:
    """Ignores the idle timeout (keeps idle sessions open past it)."""
    idle = document["x-session-lifecycle"]["idle-timeout"]
    if idle.get("field"):
        idle["field"] = "no_such_field"
    else:
        idle["default"] = idle["default"] * 10


def edited_spec(edit: SpecEdit, model: SpecModel) -> dict[str, Any]:
    document = copy.deepcopy(model.document)
    edit(document)
    return document


def cross_account_access(api_key: str, api_key_2: str | None) -> dict[str, Any]:
    """Lets a second account see and act on the first account's sessions."""
    del api_key, api_key_2
    return {"owner_check": lambda default, session, account: True}
