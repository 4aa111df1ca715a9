"""Lifecycle checks: small registered functions that judge sequences of calls, like schemathesis'.

A check takes a `LifecycleContext`, reports with `ctx.fail(...)` and raises `Skip` (saying why)
when it cannot run on this target. `@lifecycle_check("name", sessions=N, about=ROLES)`: the N
sessions it opens (the live budget skips a check needing more than is left), the ROLES it judges
(`Rules.about`, what `--operation` selects by), `alone=True` if it fills an account or moves a
clock (it then shares a --base-url target with no other test).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from heygen_streaming.spec_model import Operation, SpecModel

from .caller import Account, Caller, Exchange
from .ledger import BudgetExhausted, Session, SessionLedger, send
from .results import FailureReport
from .rules import Rules, matches

__all__ = [
    "CHECKS",
    "Clock",
    "LifecycleCheck",
    "LifecycleContext",
    "Skip",
    "lifecycle_check",
]

CLOCK_PATH = "/__mock__/clock"  # the mock's test clock (README, "Test controls")


class Skip(Exception):
    """The check cannot run against this target; the message says why."""


class Clock:
    """Time for idle-timeout checks: the mock's controllable clock, or a bounded real wait."""

    def __init__(self, caller: Caller, real_wait_max: float) -> None:
        self.caller, self.real_wait_max, self.waited = caller, real_wait_max, 0.0
        self.controllable = caller.admin("POST", CLOCK_PATH, {"advance": 0}) is not None

    @property
    def label(self) -> str:
        if self.controllable:
            return f"the target's controllable clock ({CLOCK_PATH})"
        return f"real time (waits of at most {self.real_wait_max:g} s in all)"

    def can_pass(self, seconds: float) -> bool:
        return self.controllable or self.waited + seconds <= self.real_wait_max

    def advance(self, seconds: float) -> None:
        if self.controllable:
            self.caller.admin("POST", CLOCK_PATH, {"advance": seconds})
            return
        if not self.can_pass(seconds):
            raise Skip(f"a real wait of {seconds:g} s exceeds --lifecycle-real-wait")
        self.waited += seconds
        time.sleep(seconds)  # the server's idle timer runs on real time: nothing to poll


@dataclass
class LifecycleContext:
    """What a check works with: the spec's rules, the target, the accounts and the ledger."""

    model: SpecModel
    rules: Rules
    caller: Caller
    ledger: SessionLedger
    account: Account
    other: Account | None
    clock: Clock
    selected: frozenset[str] = frozenset()  # --operation; empty: every operation
    check: str = ""
    findings: list[FailureReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(
        self,
        op: Operation | str | None,
        message: str,
        exchange: Exchange | None = None,
        check: str = "",
    ) -> None:
        """A finding of this check (or `check`) about `op` (an operation, its id; None: "?")."""
        name = op.operation_id if isinstance(op, Operation) else op or "?"
        curl = exchange.curl if exchange is not None else ""
        self.findings.append(FailureReport(check or self.check, message, "", curl, name))

    def judges(self, op: Operation) -> bool:
        """Is `op` among the operations this run judges (`--operation`)?"""
        return not self.selected or op.operation_id in self.selected

    def judge(self, op: Operation, exchange: Exchange) -> None:
        """Every answer a check gets is also held to the spec: documented status, valid body."""
        status = exchange.status
        if status not in op.responses:
            documented = ", ".join(map(str, op.statuses))
            why = f"answered {status}, which it does not document ({documented})"
            self.fail(op, why, exchange, "status_code_conformance")
            return
        validator = op.response_validator(status)
        errors = validator.errors(exchange.body, hide=self.model.secret_fields) if validator else []
        if errors:
            why = f"{status} body does not match the spec: " + "; ".join(map(str, errors[:3]))
            self.fail(op, why, exchange, "response_schema_conformance")

    def call(
        self,
        op: Operation,
        session: Session | None,
        account: Account | None = None,
        *,
        params: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Exchange:
        """`op` on `session` (as `ledger.send` names it and authenticates), judged."""
        who = account or (None if session is not None else self.account)
        exchange = send(self.caller, self.rules, op, session, who, params=params, **fields)
        self.judge(op, exchange)
        return exchange

    def open(self, account: Account | None = None, **fields: Any) -> Session:
        """A new session, or `Skip`/a failed check when the server will not open one."""
        try:
            opened = self.ledger.open(account or self.account, self.check, **fields)
        except BudgetExhausted as exc:
            raise Skip(str(exc)) from None
        if isinstance(opened, Session):
            return opened
        self.fail(
            self.rules.creating, f"could not open a session: answered {opened.status}", opened
        )
        raise Skip("no session could be opened (reported as a finding)")

    def drive(self, session: Session, state: str) -> bool:
        """Take a new session to `state` by the spec's `moves-to` rules; False if refused."""
        steps = self.rules.path_to(state)
        for op in steps or ():
            exchange = self.call(op, session)
            if not exchange.ok:
                why = f"refused ({exchange.status}) while taking a session to {state!r}"
                self.fail(op, why, exchange)
                return False
        return steps is not None

    def refused_with(self, exchange: Exchange, names: Iterable[str]) -> bool:
        rules = [self.rules.errors[n] for n in names if n in self.rules.errors]
        if not rules:  # the spec documents no such error: any refusal will do
            return 400 <= exchange.status < 500
        return any(matches(rule, exchange.status, exchange.body) for rule in rules)

    def expected(self, names: Iterable[str]) -> str:
        found = [str(self.rules.errors[n]) for n in names if n in self.rules.errors]
        return " or ".join(found) or "a 4xx"

    def refuses(self, op: Operation, exchange: Exchange, names: tuple[str, ...], why: str) -> None:
        """A finding unless `exchange` (a call `why`) was refused with an error of `names`."""
        if not self.refused_with(exchange, names):
            expected = f"expected {self.expected(names)}, got {exchange.status}"
            self.fail(op, f"{why}: {expected}", exchange)

    def listed(self, session: Session) -> bool | None:
        """Does its owner's active-sessions list show `session`? None without a list."""
        lister = self.rules.lister("active")
        if lister is None:
            return None
        exchange = self.call(lister.op, None, session.account, params=lister.params)
        return exchange.ok and lister.shows(exchange.body, session.id)

    def alive(self, session: Session) -> bool:
        """Is the session open? By the active list, else by an activity call being accepted."""
        listed = self.listed(session)
        if listed is not None:
            return listed
        probe = next(self.rules.with_rule("activity"), None)
        return probe is not None and self.call(probe, session).ok


Check = Callable[[LifecycleContext], None]


@dataclass(frozen=True, slots=True)
class LifecycleCheck:
    """A registered check: its name, what it proves, the sessions it opens, what it judges."""

    name: str
    proves: str
    sessions: int
    function: Check
    about: tuple[str, ...] = ()
    alone: bool = False


CHECKS: dict[str, LifecycleCheck] = {}


def lifecycle_check(
    name: str, *, sessions: int, about: tuple[str, ...] = (), alone: bool = False
) -> Callable[[Check], Check]:
    """Register a lifecycle check under `name` (its docstring's first line says what it proves)."""

    def register(function: Check) -> Check:
        doc = (function.__doc__ or name).strip().splitlines()[0]
        CHECKS[name] = LifecycleCheck(name, doc, sessions, function, about, alone)
        return function

    return register
