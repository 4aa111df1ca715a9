"""Every session the suite opens, a cap on how many, and a guarantee that each one gets stopped.

Against a live server each session may be billed, so `SessionLedger` refuses to open past its
budget, remembers each id, and `close_all()` (from a `finally`: also on a failure or Ctrl-C)
stops whatever is still open. The report lists each session and how it ended.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from heygen_streaming.spec_model import Operation

from .caller import Account, Caller, Exchange
from .rules import Rules

__all__ = ["BudgetExhausted", "Session", "SessionLedger", "send", "stop_sessions", "unwrap"]


class BudgetExhausted(RuntimeError):
    """Opening one more session would exceed `--live-max-sessions`."""


@dataclass(slots=True)
class Session:
    """One session the suite opened: its id, the account that owns it and how it ended."""

    id: str
    account: Account
    check: str
    closed_how: str | None = None
    token: str | None = field(default=None, repr=False)  # bound to it (creates + issues-token)

    @property
    def open(self) -> bool:
        return self.closed_how is None or self.closed_how.startswith("STILL OPEN")


def unwrap(rules: Rules, operation: str, body: Any) -> Any:
    """The part of a 2xx body the operation's `x-unwrap` names (the whole body without one)."""
    prop = rules.model.operation(operation).extensions.get("x-unwrap")
    if prop and isinstance(body, Mapping):
        return body.get(str(prop))
    return body


def send(
    caller: Caller,
    rules: Rules,
    op: Operation,
    session: Session | None,
    account: Account | None = None,
    *,
    params: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Exchange:
    """Call `op`, on `session` where it names one (`session-from`: the body field, the path
    parameter), as `account` (default: the session's owner, with the session's own token where
    `rules.token_scheme` says the operation takes it)."""
    if session is None:
        return caller.call(op, account, caller.body_for(op, **fields), params=params)
    who, places, scheme = account or session.account, rules.session_from(op), rules.token_scheme(op)
    if session.token and who is session.account and scheme is not None:
        who = Account("session token", scheme, session.token)
    if "body" in places:
        fields[rules.session_field] = session.id
    path = {rules.session_field: session.id} if "path" in places else {}
    return caller.call(op, who, caller.body_for(op, **fields), params=params, path=path)


def stop_sessions(caller: Caller, rules: Rules, account: Account, ids: list[str]) -> list[str]:
    """Stop each session id with the closing operation; the ids whose stop was not accepted."""
    op = rules.closing
    if op is None:
        return []
    stops = {i: send(caller, rules, op, Session(i, account, "")) for i in dict.fromkeys(ids)}
    return [session_id for session_id, exchange in stops.items() if not exchange.ok]


@dataclass
class SessionLedger:
    """Opens sessions within a budget and closes every one of them in the end."""

    caller: Caller
    rules: Rules
    budget: int | None = None  # None: no cap (the local mock)
    sessions: list[Session] = field(default_factory=list)

    @property
    def opened(self) -> int:
        return len(self.sessions)

    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget - self.opened

    def open(self, account: Account, check: str, **fields: Any) -> Session | Exchange:
        """Open a session (the `creates` operation); the refusal's exchange when not accepted."""
        op = self.rules.creating
        if op is None:
            raise RuntimeError("the spec has no operation with x-lifecycle creates: true")
        if self.budget is not None and self.opened >= self.budget:
            raise BudgetExhausted(f"the session budget of {self.budget} is spent")
        exchange = self.caller.call(op, account, self.caller.body_for(op, **fields))
        data = unwrap(self.rules, op.operation_id, exchange.body) if exchange.ok else None
        data = data if isinstance(data, Mapping) else {}
        session_id, token = data.get(self.rules.session_field), None
        if op.lifecycle.issues_token:  # minted with its session, bound to it
            token = data.get(self.rules.token_field)
            token = token if isinstance(token, str) else None
            self.caller.secrets += (token,) if token else ()
        if not isinstance(session_id, str):
            if exchange.ok:  # opened, but we cannot name it: say so rather than lose it silently
                self.sessions.append(
                    Session("<no session id in answer>", account, check, "unknown")
                )
            return exchange
        session = Session(session_id, account, check, token=token)
        self.sessions.append(session)
        return session

    def stop(self, session: Session, how: str = "stopped by the check") -> Exchange | None:
        """Stop `session` with the closing operation and record how it ended."""
        op = self.rules.closing
        if op is None or not session.open:
            return None
        exchange = send(self.caller, self.rules, op, session)
        session.closed_how = how if exchange.ok else f"{how}: refused with {exchange.status}"
        return exchange

    def mark_closed(self, session: Session, how: str) -> None:
        if session.open:
            session.closed_how = how

    def close_all(self, how: str = "stopped at clean-up") -> None:
        """Stop every session still open (never raises: clean-up must reach the last one)."""
        for session in filter(lambda s: s.open, self.sessions):
            try:
                self.stop(session, how)
            except Exception as exc:
                session.closed_how = f"{how}: FAILED ({type(exc).__name__}: {exc})"

    def still_listed(self, sessions: list[Session]) -> list[Session]:
        """The closed `sessions` the active list still shows, after a short bounded poll (a
        server may take a moment); each is marked STILL OPEN. A 2xx stop is not proof enough."""
        lister = self.rules.lister("active")
        if lister is None:
            return []
        closed = [s for s in sessions if not s.open and s.closed_how != "unknown"]
        left: list[Session] = []
        for attempt in range(4 if closed else 0):
            time.sleep(0.1 * attempt)
            listed = {
                a.label: self.caller.call(lister.op, a, params=lister.params)
                for a in {s.account: 0 for s in closed}
            }
            left = [s for s in closed if lister.shows(listed[s.account.label].body, s.id)]
            if not left:
                break
        for session in left:
            session.closed_how = f"STILL OPEN (listed after: {session.closed_how})"
        return left

    def report(self) -> list[dict[str, str]]:
        return [
            {
                "session_id": s.id,
                "account": s.account.label,
                "check": s.check,
                "closed": s.closed_how or "STILL OPEN",
            }
            for s in self.sessions
        ]
