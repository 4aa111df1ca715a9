"""Behaviour, keyed by the `x-lifecycle` roles of an operation, composed at start: guards
(`requires`, `requires-silent`) refuse a call on a session in the wrong state; effects
(`silences`, `speaks`, `activity`, `moves-to`, `closes`) change the session; `limited` refuses
a session past its account's concurrency; actions (`creates`, `issues-token`, `lists`) need no
existing session (a token issued with a session it creates is bound to it).

An operation naming a guard or an effect targets the session its request names (`session-from`);
one owned by another account, or not the token's, is answered as an unknown one. No role: the
documented example. A spec copy with other roles is a mock with other behaviour;
`handlers={"requires": fn}` replaces one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from heygen_streaming.lifecycle import OperationLifecycle, need

from .listing import kept
from .store import STOPPED, Session
from .wire import Reply

if TYPE_CHECKING:
    from .core import Account, MockCore
    from .router import Route

__all__ = [
    "HANDLERS",
    "Behaviour",
    "Call",
    "compile_behaviour",
]


@dataclass(slots=True)
class Call:
    """One accepted request on its way through its operation's handlers."""

    core: MockCore
    route: Route
    account: Account
    body: dict[str, Any]
    query: dict[str, Any]
    now: float
    facts: dict[str, Any] = field(default_factory=dict)  # fields of the answer
    data: Any = None  # the whole unwrapped object (creates)
    path: dict[str, str] = field(default_factory=dict)  # the path parameters' values
    created: str | None = None  # the id of the session this call created

    @property
    def rules(self) -> Any:
        return self.core.rules

    def error(self, name: str, message: str) -> Reply:
        """The documented error `name` of x-session-lifecycle.errors."""
        return self.core.refuse(name, message, self.route)


Guard = Callable[[Call, Session], Reply | None]
Effect = Callable[[Call, Session], None]
Action = Callable[[Call], Reply | None]


def _wrong_state(call: Call, session: Session, needs: str) -> Reply:
    return call.error(
        "wrong-state",
        f"Session is not in correct state: session {session.id} is {session.state}, "
        f"{call.route.op.operation_id} needs {needs}",
    )


def requires(call: Call, session: Session) -> Reply | None:
    states = call.route.lifecycle.requires or ()  # the spec model reads a lone state as one
    if session.state in states:
        return None
    return _wrong_state(call, session, " or ".join(map(str, states)) or "no state at all")


def is_open(call: Call, session: Session) -> Reply | None:
    """Implicit for a session call that lists no `requires`: a closed session is refused."""
    return None if session.is_open else _wrong_state(call, session, "an open session")


def requires_silent(call: Call, session: Session) -> Reply | None:
    if call.now >= session.talking_until:
        return None
    left = session.talking_until - call.now
    return call.error(
        "wrong-state",
        f"Session is not in correct state: session {session.id} is talking "
        f"(for {left:.1f} s more), {call.route.op.operation_id} needs it silent",
    )


def silences(call: Call, session: Session) -> None:
    session.talking_until = min(session.talking_until, call.now)


def limited(call: Call, session: Session) -> Reply | None:
    """`limited`: refused while the account holds its limit of sessions counted so (the session
    itself is counted once the call succeeds)."""
    owner, limit = call.account.owner, call.core.limit(call.account)
    if session.counted or call.core.store.counted(owner, call.now) < limit:
        return None
    return call.error(
        "concurrency",
        f"Session concurrency limit reached: this {call.core.plan(call.account)} key already "
        f"runs {limit} session(s); stop one first",
    )


def speaks(call: Call, session: Session) -> None:
    """`speaks: {text, id, duration}`: the request field holding the text, and the answer's
    fields for the task's id and its spoken length (ms)."""
    raw = call.route.lifecycle.get("speaks")
    names = raw if isinstance(raw, Mapping) else {}
    for name in ("text", "id", "duration"):
        need(names.get(name), f"speaks.{name}")
    text = call.body.get(names["text"])
    words = len(text.split()) if isinstance(text, str) else 0
    seconds = words / call.rules.talk_words_per_second
    # Tasks queue: a second one starts when the first has been spoken.
    session.talking_until = max(session.talking_until, call.now) + seconds
    call.facts[names["id"]] = call.core.factory.ident()
    call.facts[names["duration"]] = round(seconds * 1000, 3)


def activity(call: Call, session: Session) -> None:
    session.last_activity = call.now


def moves_to(call: Call, session: Session) -> None:
    target = str(call.route.lifecycle.moves_to)
    if target == call.rules.closed:  # moving to the closed state is closing, with its bookkeeping
        closes(call, session)
        return
    if session.started_at is None and target != call.rules.initial:
        session.started_at = call.now  # the duration limit and idle window count from here
        session.last_activity = call.now
    session.state = target


def closes(call: Call, session: Session) -> None:
    if not session.is_open:
        return  # stopping a closed session again changes nothing (and keeps why it closed)
    session.state = call.rules.closed
    session.closed_at = call.now
    session.close_reason = STOPPED
    session.closed_by = kept(call.body, call.core.work.lists.closing)
    session.talking_until = min(session.talking_until, call.now)


def issues_token(call: Call) -> Reply | None:
    """A new session token, bound to the session this call created (if it created one)."""
    token = call.core.factory.token()
    call.core.store.add_token(token, call.account.owner, call.now, call.created)
    call.facts[call.rules.token_field] = token
    return None


def creates(call: Call) -> Reply | None:
    return call.core.work.create(call)


def lists(call: Call) -> Reply | None:
    call.core.work.lists.page(call)
    return None


# Each role's handler: `handlers={role: fn}` replaces one. Effects run in the order of
# _EFFECTS whatever the order of the keys in the spec.
HANDLERS: dict[str, Callable[..., Any]] = {
    "requires": requires,
    "open": is_open,
    "requires-silent": requires_silent,
    "limited": limited,
    "silences": silences,
    "speaks": speaks,
    "activity": activity,
    "moves-to": moves_to,
    "closes": closes,
    "issues-token": issues_token,
    "creates": creates,
    "lists": lists,
}
_EFFECTS = ("silences", "speaks", "activity", "moves-to", "closes")


@dataclass(frozen=True, slots=True)
class Behaviour:
    """The handlers of one operation, in the order they run."""

    targets_session: bool
    guards: tuple[Guard, ...]
    effects: tuple[Effect, ...]
    actions: tuple[Action, ...]


def compile_behaviour(
    lifecycle: OperationLifecycle, overrides: Mapping[str, Callable[..., Any]] | None = None
) -> Behaviour:
    """The behaviour `x-lifecycle` describes; `overrides` replace handlers by role name."""
    handlers = {**HANDLERS, **(overrides or {})}

    def on(role: str) -> bool:
        value = lifecycle.get(role)
        return value is not None and value is not False

    guards = [handlers[r] for r in ("requires", "requires-silent") if on(r)]
    effects = [handlers[r] for r in _EFFECTS if on(r)]
    targets = bool(guards or effects or lifecycle.session_from)
    if targets and not on("requires"):
        guards.insert(0, handlers["open"])
    if targets and on("limited"):  # a `creates` that is `limited` counts as it creates
        guards.append(handlers["limited"])
    actions = [handlers[r] for r in ("creates", "issues-token", "lists") if on(r)]
    return Behaviour(targets, tuple(guards), tuple(effects), tuple(actions))
