"""Deliberately broken servers, one bug each, and the check that must catch each one.

Two kinds. The wire bugs wrap any conformant ASGI app (`broken_wire`). The lifecycle bugs are
the mock itself serving a copy of the spec whose `x-lifecycle` / `x-session-lifecycle` rules
were changed (`broken_spec`; no code of the mock is edited), judged against the original spec.
Both find what they break from the spec judged by, never by name: any spec has them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import SpecModel, packaged_model

from . import broken_spec as edit
from . import broken_wire as wires
from .broken_wire import ASGIApp
from .profiles import CHECKS as ANSWER_CHECKS
from .rules import Rules

__all__ = ["VARIANTS", "Variant"]


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
            options["spec"] = edit.edited_spec(self.make_bug, model)
        if self.how == "hook":
            options.update(self.make_bug(api_key, api_key_2))
        app: ASGIApp = create_app(**options)
        return self.make_bug(model)(app, api_key) if self.how == "wire" else app


def _states_shown(rules: Rules) -> bool:
    return bool((shown := rules.lister("active")) and shown.state_field)


def _tokens_unbound(rules: Rules) -> bool:
    # A token minted with its session is bound to it and can open no other, documented or not.
    return not (rules.token_issuer and rules.token_issuer.lifecycle.creates)


VARIANTS: tuple[Variant, ...] = (
    Variant(wires.accepts_below_minimum, "negative_data_rejection", "wire"),
    Variant(wires.field_of_wrong_type, "response_schema_conformance", "wire"),
    Variant(wires.drops_session_id, "response_schema_conformance", "wire"),
    Variant(wires.server_error_on_refused_body, "not_a_server_error", "wire"),
    Variant(wires.ignores_api_key, "ignored_auth", "wire"),
    Variant(wires.undocumented_status, "status_code_conformance", "wire"),
    Variant(edit.wrong_state_accepted, "wrong_state_refused"),
    Variant(edit.stop_does_not_close, "closed_session_refuses_everything"),
    Variant(edit.keep_alive_ignored, "activity_keeps_session_alive"),
    Variant(edit.cross_account_access, "other_account_isolated", "hook"),
    Variant(edit.unlimited_sessions, "concurrency_limit_holds"),
    Variant(edit.token_creates_tokens, "token_only_where_documented", applies=_tokens_unbound),
    Variant(edit.idle_timeout_ignored, "idle_session_expires"),
    Variant(wires.duration_not_enforced, "duration_limit_enforced", "wire"),
    Variant(wires.list_shows_wrong_state, "active_list_shows_each_state", "wire", _states_shown),
    Variant(wires.history_forgets_closed, "history_holds_closed_sessions", "wire"),
    Variant(wires.stop_spares_started, "closed_session_refuses_everything", "wire"),
    Variant(edit.stop_not_repeatable, "closed_session_refuses_everything"),
    Variant(edit.token_drives_any_session, "token_drives_only_its_session"),
)
