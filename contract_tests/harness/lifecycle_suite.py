"""Put the lifecycle checks together against one target: accounts, clock, ledger, and a run.

`LifecycleTarget` binds the checks to one server; `run(name)` runs one registered check and
always stops every session it opened, then verifies through the active list that each is gone. The
in-process mock gives each check a target of its own (its own account and clock: no check meets
another's sessions or time); a --base-url target is built once, so its ledger is shared and
`--live-max-sessions` caps the whole run. `close()` stops anything still open and verifies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from heygen_streaming.spec_model import SpecModel

from . import checks_access, checks_state, checks_time
from .caller import Caller
from .ledger import SessionLedger
from .lifecycle import CHECKS, Clock, LifecycleCheck, LifecycleContext, Skip
from .results import FailureReport
from .rules import Rules
from .transports import sync_transport_for

__all__ = ["CHECKS", "LifecycleTarget", "Outcome", "run_check"]

# Imported for their registrations; named so that linters see them used.
_MODULES = (checks_state, checks_access, checks_time)
# The order a live run spends its session budget in: the most telling check first.
PRIORITY = (
    "wrong_state_refused",
    "closed_session_refuses_everything",
    "token_only_where_documented",
    "other_account_isolated",
    "idle_session_expires",
    "activity_keeps_session_alive",
    "concurrency_limit_holds",
    "duration_limit_enforced",
    "active_list_shows_each_state",
    "history_holds_closed_sessions",
    "token_drives_only_its_session",
)


@dataclass
class Outcome:
    """What one check found (or why it was skipped), and the sessions it opened."""

    check: str
    findings: list[FailureReport] = field(default_factory=list)
    skipped: str | None = None
    error: str | None = None
    sessions: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_check(check: LifecycleCheck, ctx: LifecycleContext) -> Outcome:
    """Run one check; every session it opened is stopped before this returns (or re-raises)."""
    ctx.check = check.name
    ctx.findings, ctx.notes = [], []
    outcome = Outcome(check.name)
    remaining = ctx.ledger.remaining()
    if not ctx.rules.declared:
        outcome.skipped = "the spec declares no x-session-lifecycle with a creating operation"
    elif remaining is not None and check.sessions > remaining:
        outcome.skipped = (
            f"needs {check.sessions} sessions, {remaining} left of --live-max-sessions"
        )
    if outcome.skipped:
        return outcome
    first, calls = ctx.ledger.opened, len(ctx.caller.exchanges)
    try:
        check.function(ctx)
    except Skip as exc:
        outcome.skipped = str(exc)
    except httpx.HTTPError as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    except BaseException:  # a failure or Ctrl-C: stop what this check opened, then let it go
        ctx.ledger.close_all("stopped at clean-up after an error or interrupt")
        raise
    finally:
        ctx.ledger.close_all("stopped at clean-up")
        left = ctx.ledger.still_listed(ctx.ledger.sessions[first:])
        outcome.sessions = ctx.ledger.report()[first:]
    if left:
        ids = ", ".join(s.id for s in left[:5])
        ctx.fail(
            ctx.rules.closing,
            f"{len(left)} session(s) stopped with success are still listed as open: {ids}",
        )
    others = {e.operation for e in ctx.caller.exchanges[calls:]} - set(ctx.selected)
    if ctx.selected and others:
        ctx.notes.append(f"also calls {', '.join(sorted(others))}")
    outcome.findings, outcome.notes = list(ctx.findings), list(ctx.notes)
    outcome.skipped = None if outcome.findings else outcome.skipped
    return outcome


@dataclass
class LifecycleTarget:
    """The lifecycle checks bound to one server (an ASGI app in-process, or a base URL)."""

    context: LifecycleContext

    @classmethod
    def build(
        cls,
        model: SpecModel,
        *,
        api_key: str,
        api_key_2: str | None = None,
        base_url: str | None = None,
        app: Any = None,
        budget: int | None = None,
        real_wait: float = 0.0,
        operations: tuple[str, ...] = (),
    ) -> LifecycleTarget:
        transport = sync_transport_for(app) if app is not None else None
        secrets = tuple(k for k in (api_key, api_key_2) if k)
        caller = Caller(model, base_url=base_url, transport=transport, secrets=secrets)
        rules = Rules.of(model)
        context = LifecycleContext(
            model,
            rules,
            caller,
            SessionLedger(caller, rules, budget),
            caller.account("account 1", api_key),
            caller.account("account 2", api_key_2) if api_key_2 else None,
            Clock(caller, real_wait),
            frozenset(operations),
        )
        return cls(context)

    @staticmethod
    def names(model: SpecModel | None = None, operations: tuple[str, ...] = ()) -> list[str]:
        """The checks in run order; with `operations`, those judging one of them."""
        names = [n for n in PRIORITY if n in CHECKS] + sorted(set(CHECKS) - set(PRIORITY))
        if model is None or not operations:
            return names
        rules = Rules.of(model)
        about = {n: CHECKS[n].about for n in names}  # () judges every operation
        return [n for n in names if not about[n] or rules.about(about[n]) & set(operations)]

    def run(self, name: str) -> Outcome:
        return run_check(CHECKS[name], self.context)

    def close(self) -> list[dict[str, str]]:
        """Stop every session still open; the ledger's report of every session opened."""
        ledger = self.context.ledger
        ledger.close_all("stopped at the end of the run")
        ledger.still_listed(ledger.sessions)
        self.context.caller.close()
        return ledger.report()
