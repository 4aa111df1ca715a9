"""Deliberately broken servers, one bug each, and the check that must catch each one.

Two kinds. The wire bugs wrap any conformant ASGI app (`broken_wire`), so they break the mock,
the reference app or any other ASGI server the same way. The lifecycle bugs are the mock itself
serving a copy of the spec whose `x-lifecycle` / `x-session-lifecycle` rules were changed
(`broken_spec`; no code of the mock is edited), judged against the original spec. Both find
what they break from the spec judged by, never by name, so every variant is made on any spec.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import SpecModel, packaged_model

from . import broken_spec as edit
from . import broken_wire as wires
from .profiles import CHECKS as ANSWER_CHECKS
from .reference_app import ASGIApp
from .rules import Rules

__all__ = ["VARIANTS", "Variant"]


@dataclass(frozen=True, slots=True)
class Variant:
    """One broken server: its bug, the check that must catch it, and how to build it.

    `wrap` wraps a conformant app serving the spec; `spec_edit` instead changes a copy of the
    contract the mock serves; `mock_options` are extra mock hooks (e.g. for cross-account).
    """

    name: str
    bug: str
    caught_by: str
    wrap: Callable[[SpecModel], wires.Wrap] | None = None
    spec_edit: edit.SpecEdit | None = None
    mock_options: Callable[[str, str | None], dict[str, Any]] | None = None
    applies: Callable[[Rules], bool] = lambda rules: True  # can the bug be made on the spec?

    @property
    def lifecycle(self) -> bool:
        """Is the bug one of state (caught by a lifecycle check), not of one answer?"""
        return self.wrap is None or self.caught_by not in ANSWER_CHECKS

    def make(
        self, api_key: str, seed: int, api_key_2: str | None = None, spec: Any = None
    ) -> ASGIApp:
        """The broken mock serving `spec` (a `SpecModel`; default the packaged one)."""
        from heygen_streaming_mock import create_app

        model = spec if isinstance(spec, SpecModel) else SpecModel(spec) if spec else None
        model = model or packaged_model()
        options: dict[str, Any] = {"api_keys": [k for k in (api_key, api_key_2) if k]}
        options.update(seed=seed, spec=model)
        if self.spec_edit is not None:
            options["spec"] = edit.edited_spec(self.spec_edit, model)
        if self.mock_options is not None:
            options.update(self.mock_options(api_key, api_key_2))
        app: ASGIApp = create_app(**options)
        return self.wrap(model)(app, api_key) if self.wrap is not None else app


VARIANTS: tuple[Variant, ...] = (
    Variant(
        "accepts_below_minimum",
        "accepts a value below a creating field's minimum (raises it to the minimum)",
        "negative_data_rejection",
        wires.bounds_clamped,
    ),
    Variant(
        "field_of_wrong_type",
        "answers a field of the new session's data with the wrong type",
        "response_schema_conformance",
        wires.creating_field_mistyped,
    ),
    Variant(
        "drops_session_id",
        "drops the session's id from the new session's data",
        "response_schema_conformance",
        wires.session_id_dropped,
    ),
    Variant(
        "server_error_on_refused_body",
        "answers 500 to a body its schema refuses",
        "not_a_server_error",
        wires.refused_body_crashes,
    ),
    Variant(
        "ignores_api_key",
        "ignores the API key (serves requests without a valid one)",
        "ignored_auth",
        wires.key_ignored,
    ),
    Variant(
        "undocumented_status",
        "answers 418, a status the spec does not document, to invalid bodies",
        "status_code_conformance",
        wires.refusal_undocumented,
    ),
    Variant(
        "wrong_state_accepted",
        "accepts an operation in a state its x-lifecycle requires excludes",
        "wrong_state_refused",
        spec_edit=edit.wrong_state_accepted,
    ),
    Variant(
        "stop_does_not_close",
        "answers the closing operation with success but leaves the session open",
        "closed_session_refuses_everything",
        spec_edit=edit.stop_keeps_open,
    ),
    Variant(
        "keep_alive_ignored",
        "accepts the keep-alive but does not reset the idle timer",
        "activity_keeps_session_alive",
        spec_edit=edit.keep_alive_ignored,
    ),
    Variant(
        "cross_account_access",
        "lets a second account see and act on the first account's sessions",
        "other_account_isolated",
        mock_options=edit.one_account,
    ),
    Variant(
        "unlimited_sessions",
        "never refuses a session for the concurrency limit",
        "concurrency_limit_holds",
        spec_edit=edit.unlimited_sessions,
    ),
    Variant(
        "token_creates_tokens",
        "accepts a session token (Bearer) on the token-issuing operation",
        "token_only_where_documented",
        spec_edit=edit.token_opens_tokens,
        # A token minted with its session is bound to it and can open no other, documented or not.
        applies=lambda rules: not (rules.token_issuer and rules.token_issuer.lifecycle.creates),
    ),
    Variant(
        "idle_timeout_ignored",
        "ignores the idle timeout (keeps idle sessions open past it)",
        "idle_session_expires",
        spec_edit=edit.idle_timeout_ignored,
    ),
    Variant(
        "duration_not_enforced",
        "states a duration limit (a tenth of the real one) that it does not enforce",
        "duration_limit_enforced",
        wires.limit_understated,
    ),
    Variant(
        "list_shows_wrong_state",
        "reports every open session in the initial state in its lists",
        "active_list_shows_each_state",
        wires.listed_as_initial,
        applies=lambda rules: bool((shown := rules.lister("active")) and shown.state_field),
    ),
    Variant(
        "history_forgets_closed",
        "leaves closed sessions out of the list of closed sessions",
        "history_holds_closed_sessions",
        wires.closed_forgotten,
    ),
    Variant(
        "stop_spares_started",
        "answers the closing operation on a started session with success but leaves it open",
        "closed_session_refuses_everything",
        wires.stop_spares_started,
    ),
    Variant(
        "stop_not_repeatable",
        "refuses a second stop (on a closed session) with the wrong-state error",
        "closed_session_refuses_everything",
        spec_edit=edit.stop_not_repeatable,
    ),
    Variant(
        "token_drives_any_session",
        "lets a session token drive every session of its account",
        "token_drives_only_its_session",
        spec_edit=edit.token_scope_account,
    ),
)
