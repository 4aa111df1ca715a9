"""The session rules of the spec: the root `x-session-lifecycle` extension, read once.

Every number, state and error code the stateful mock uses comes from here; the defaults are the
ones CONVENTIONS.md documents, used only for keys a spec leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from heygen_streaming.spec_model import SpecModel

__all__ = ["ErrorRule", "Rules", "rules_of"]


@dataclass(frozen=True, slots=True)
class ErrorRule:
    """One documented error: the HTTP status and the `code` of the body."""

    status: int
    code: int


_DEFAULT_ERRORS = {
    "wrong-state": ErrorRule(400, 400006),
    "unknown-session": ErrorRule(400, 400006),
    "concurrency": ErrorRule(429, 429),
}


@dataclass(frozen=True, slots=True)
class Rules:
    """What `x-session-lifecycle` says, with its defaults filled in."""

    session_id: str = "session_id"
    token_field: str = "token"  # noqa: S105 - a field name
    states: tuple[str, ...] = ("new", "connecting", "connected", "closed")
    initial: str = "new"
    closed: str = "closed"
    errors: Mapping[str, ErrorRule] = field(default_factory=lambda: dict(_DEFAULT_ERRORS))
    idle_field: str = "activity_idle_timeout"
    idle_disable_field: str = "disable_idle_timeout"
    idle_default: float = 120.0
    duration_field: str = "session_duration_limit"
    concurrency: Mapping[str, int] = field(default_factory=lambda: {"trial": 3, "paid": 100})
    words_per_second: float = 2.5
    # "session": a token opens one session and then serves only it (and the lists);
    # "account": a token acts as its account's key.
    token_scope: str = "session"  # noqa: S105 - a rule name

    def error(self, name: str) -> ErrorRule:
        return self.errors.get(name) or _DEFAULT_ERRORS[name]


def _error(raw: Any, default: ErrorRule) -> ErrorRule:
    if not isinstance(raw, Mapping):
        return default
    status = raw.get("status", default.status)
    code = raw.get("code", status)
    return ErrorRule(int(status), int(code))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def rules_of(model: SpecModel) -> Rules:
    """The rules of `model` (all defaults when the spec has no `x-session-lifecycle`)."""
    raw = model.extension("x-session-lifecycle")
    if not isinstance(raw, Mapping):
        return Rules()
    base = Rules()
    idle = _mapping(raw.get("idle-timeout"))
    duration = _mapping(raw.get("duration-limit"))
    errors_raw = _mapping(raw.get("errors"))
    errors = {name: _error(errors_raw.get(name), rule) for name, rule in _DEFAULT_ERRORS.items()}
    for name, value in errors_raw.items():
        if name not in errors:
            errors[str(name)] = _error(value, ErrorRule(400, 400))
    concurrent = raw.get("concurrent-sessions")
    return Rules(
        session_id=str(raw.get("session-id", base.session_id)),
        token_field=str(raw.get("token-field", base.token_field)),
        states=tuple(str(s) for s in raw.get("states", base.states)),
        initial=str(raw.get("initial", base.initial)),
        closed=str(raw.get("closed", base.closed)),
        errors=errors,
        idle_field=str(idle.get("field", base.idle_field)),
        idle_disable_field=str(idle.get("disable-field", base.idle_disable_field)),
        idle_default=float(idle.get("default", base.idle_default)),
        duration_field=str(duration.get("field", base.duration_field)),
        concurrency=(
            {str(k): int(v) for k, v in concurrent.items()}
            if isinstance(concurrent, Mapping)
            else dict(base.concurrency)
        ),
        words_per_second=float(raw.get("talk-words-per-second", base.words_per_second)),
        token_scope=str(raw.get("token-scope", base.token_scope)),
    )
