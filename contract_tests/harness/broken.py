"""Deliberately broken servers, one bug each, and the check that must catch each one.

Two kinds. The wire bugs wrap any conformant ASGI app (`broken_wire`). The lifecycle bugs are
the mock itself serving a copy of the spec with one `x-lifecycle` / `x-session-lifecycle` rule
changed (the edits below; no code of the mock is edited), judged against the original spec.
Each edit finds what it changes by its role, never by name: any spec has them all.
Cross-account access has no spec rule to change, so it uses the mock's `owner_check` hook.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import SpecModel, packaged_model

from . import broken_wire as wires
from .profiles import CHECKS as ANSWER_CHECKS
from .rules import Rules
from .wire import ASGIApp

__all__ = ["VARIANTS", "Variant"]

Document = dict[str, Any]


def _ops_with(document: Document, rule: str) -> list[Document]:
    """The raw operation nodes of `document` whose x-lifecycle has `rule` (edited in place)."""
    ops = SpecModel(document).operations
    return [document["paths"][op.path][op.method.lower()] for op in ops if op.lifecycle.get(rule)]


def wrong_state_accepted(document: Document) -> None:
    """Accepts an operation in a state its x-lifecycle requires excludes."""
    rules = Rules.of(SpecModel(document))
    reachable = rules.reachable()
    for op in rules.model.operations:
        missing = [s for s in reachable if s not in (op.lifecycle.requires or reachable)]
        if missing and not op.lifecycle.closes:
            node = document["paths"][op.path][op.method.lower()]["x-lifecycle"]
            node["requires"] = [*node["requires"], missing[0]]
            return


def stop_does_not_close(document: Document) -> None:
    """Answers the closing operation with success but leaves the session open."""
    for node in _ops_with(document, "closes"):
        node["x-lifecycle"].pop("closes")
        node["x-lifecycle"].pop("moves-to", None)


def keep_alive_ignored(document: Document) -> None:
    """Accepts the keep-alive but does not reset the idle timer."""
    for node in _ops_with(document, "activity"):
        if not node["x-lifecycle"].get("speaks"):  # the pure keep-alive, not the task
            node["x-lifecycle"].pop("activity")


def unlimited_sessions(document: Document) -> None:
    """Never refuses a session for the concurrency limit."""
    limits = document["x-session-lifecycle"]["concurrent-sessions"]
    for plan in limits:
        limits[plan] = 1_000_000


def token_creates_tokens(document: Document) -> None:
    """Accepts a session token (Bearer) on the token-issuing operation."""
    schemes = document["components"]["securitySchemes"]
    token_schemes = [name for name, s in schemes.items() if s.get("type") != "apiKey"]
    for node in _ops_with(document, "issues-token"):
        node["security"] = [*node.get("security", []), *({n: []} for n in token_schemes)]


def stop_not_repeatable(document: Document) -> None:
    """Refuses a second stop (on a closed session) with the wrong-state error."""
    closed = document["x-session-lifecycle"]["closed"]
    for node in _ops_with(document, "closes"):
        rule = node["x-lifecycle"]
        rule["requires"] = [s for s in rule.get("requires", []) if s != closed]


def token_drives_any_session(document: Document) -> None:
    """Lets a session token drive every session of its account."""
    document["x-session-lifecycle"]["token-scope"] = "account"


def idle_timeout_ignored(document: Document) -> None:
    """Ignores the idle timeout (keeps idle sessions open past it)."""
    idle = document["x-session-lifecycle"]["idle-timeout"]
    if idle.get("field"):
        idle["field"] = "no_such_field"
    else:
        idle["default"] = idle["default"] * 10


def cross_account_access(api_key: str, api_key_2: str | None) -> dict[str, Any]:
    """Lets a second account see and act on the first account's sessions."""
    return {"owner_check": lambda default, session, account: True}


@dataclass(frozen=True, slots=True)
class Variant:
    """One broken server: the function making its bug (its name names the variant, its
    docstring's first line says the bug), the check that must catch it, and how that function
    applies: `wire` wraps a conformant app, `spec` edits the copy of the contract the mock
    serves, `hook` gives the mock options. `applies`: can the bug be made on a spec at all?"""

    make_bug: Callable[..., Any]
    caught_by: str
    how: str = "spec"
    applies: Callable[[Rules], bool] = lambda rules: True

    @property
    def name(self) -> str:
        return self.make_bug.__name__

    @property
    def bug(self) -> str:
        return str(self.make_bug.__doc__).strip().splitlines()[0].rstrip(".")

    @property
    def lifecycle(self) -> bool:
        """Is the bug one of state (caught by a lifecycle check), not of one answer?"""
        return self.how != "wire" or self.caught_by not in ANSWER_CHECKS

    def make(
        self, api_key: str, seed: int, api_key_2: str | None = None, spec: Any = None
    ) -> ASGIApp:
        """The broken mock serving `spec` (a `SpecModel`; default the packaged one)."""
        from heygen_streaming_mock import create_app

        model = spec if isinstance(spec, SpecModel) else SpecModel(spec) if spec else None
        model = model or packaged_model()
        keys = [k for k in (api_key, api_key_2) if k]
        options: dict[str, Any] = {"api_keys": keys, "seed": seed, "spec": model}
        if self.how == "spec":
            options["spec"] = copy.deepcopy(model.document)
            self.make_bug(options["spec"])
        if self.how == "hook":
            options.update(self.make_bug(api_key, api_key_2))
        app: ASGIApp = create_app(**options)
        return self.make_bug(model)(app, api_key) if self.how == "wire" else app


def _states_shown(rules: Rules) -> bool:
    return bool((shown := rules.lister("active")) and shown.state_field)


def _tokens_unbound(rules: Rules) -> bool:
    # A token minted with its session is bound to it and can open no other, documented or not.
    return not any(op.lifecycle.creates for op in rules.with_rule("issues-token"))


VARIANTS: tuple[Variant, ...] = (
    Variant(wires.accepts_below_minimum, "negative_data_rejection", "wire"),
    Variant(wires.field_of_wrong_type, "response_schema_conformance", "wire"),
    Variant(wires.drops_session_id, "response_schema_conformance", "wire"),
    Variant(wires.server_error_on_refused_body, "not_a_server_error", "wire"),
    Variant(wires.ignores_api_key, "ignored_auth", "wire"),
    Variant(wires.undocumented_status, "status_code_conformance", "wire"),
    Variant(wrong_state_accepted, "wrong_state_refused"),
    Variant(stop_does_not_close, "closed_session_refuses_everything"),
    Variant(keep_alive_ignored, "activity_keeps_session_alive"),
    Variant(cross_account_access, "other_account_isolated", "hook"),
    Variant(unlimited_sessions, "concurrency_limit_holds"),
    Variant(token_creates_tokens, "token_only_where_documented", applies=_tokens_unbound),
    Variant(idle_timeout_ignored, "idle_session_expires"),
    Variant(wires.duration_not_enforced, "duration_limit_enforced", "wire"),
    Variant(wires.list_shows_wrong_state, "active_list_shows_each_state", "wire", _states_shown),
    Variant(wires.history_forgets_closed, "history_holds_closed_sessions", "wire"),
    Variant(wires.stop_spares_started, "closed_session_refuses_everything", "wire"),
    Variant(stop_not_repeatable, "closed_session_refuses_everything"),
    Variant(token_drives_any_session, "token_drives_only_its_session"),
)
