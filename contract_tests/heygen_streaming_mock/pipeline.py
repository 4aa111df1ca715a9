"""The request pipeline: the steps an adapter (asgi.py, transport.py) drives on a `MockCore`.

`before_body(core, head)` gives an early answer or who is calling; `body_limit` how much of the
body to read; `after_body` the answer, journaled. Every status they answer on an operation of
the spec is one the spec documents for it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from .admin import ADMIN_PREFIX, admin_reply
from .auth import Account
from .checks import warned
from .decode import BodyError, check_content_type, parse_body
from .prefer import NO_PREFERENCES, PreferError, parse_prefer
from .sessions import KeyProfile
from .wire import Head, Reply

if TYPE_CHECKING:
    from .core import MockCore
    from .router import Route

__all__ = ["ADMIN", "after_body", "before_body", "body_limit", "latency", "too_large"]

# The "who" of an admin request (its body is read like any other).
ADMIN = Account("", KeyProfile())
_CLOSE = ((b"connection", b"close"),)
# Early answers whose body the journal keeps, with the spec's `unauthenticated` status (413
# must not read it; 415 may be anything).
_KEEP_BODY = frozenset({404, 405})


def before_body(core: MockCore, head: Head) -> tuple[Reply | None, Account | None]:
    """An early answer (route, auth, media type, declared size), or who is calling."""
    if head.path.startswith(ADMIN_PREFIX):
        return None, ADMIN
    found = core.router.find(head.method, head.path)
    if isinstance(found, Reply):
        return found, None
    route = found[0]
    who = core.authenticate(route, head)
    if isinstance(who, Reply):
        return who, None
    content_type = head.get(b"content-type")
    if route.validator is not None and (content_type is not None or route.body_required):
        problem = check_content_type(content_type)
        if problem is not None:
            # 415 where the operation documents it, else its documented 400.
            documented = 415 in route.op.responses or 400 not in route.op.responses
            return core.error(415 if documented else 400, problem), None
    length = head.first.get(b"content-length")  # bytes: isdigit() is ASCII digits only
    if length is not None and length.strip().isdigit() and int(length) > core.max_body:
        return too_large(core, head), None
    return None, who


def body_limit(core: MockCore, head: Head, early: Reply | None) -> int:
    """Bytes of the body to read: to `max_body` for an answer; for an early 404, 405 or
    `unauthenticated` answer what the journal keeps (the body is what a user debugs them
    with); else none."""
    if early is None:
        return core.max_body
    refused = core.rules.spec.errors.get("unauthenticated")
    kept = early.status in _KEEP_BODY or (refused is not None and early.status == refused.status)
    if kept and head.get(b"expect") is None:
        return min(core.max_body, core.journal.max_body) + 1  # + 1: the journal sees the cut
    return 0


def after_body(
    core: MockCore, head: Head, early: Reply | None, who: Account | None, body: bytes, whole: bool
) -> Reply:
    """The answer, once the body is read (`whole`: within the limit); journaled."""
    if early is None and not whole:
        early, body = too_large(core, head), b""
    if early is not None or who is None:
        reply = early or core.error(500, "no answer")
        if not head.path.startswith(ADMIN_PREFIX):
            _record(core, head, body, None, reply)  # the body as sent: it was never read
        delay = latency(core)
        return reply if not delay else dataclasses.replace(reply, delay=delay)
    if who is ADMIN:
        return admin_reply(core, head, body)
    found = core.router.find(head.method, head.path)
    assert not isinstance(found, Reply)  # before_body found it
    route, params = found
    parsed: dict[str, Any] | None = None
    answer: Reply | None = None
    if route.validator is not None and (route.body_required or body.strip()):
        try:
            parsed = parse_body(body)
        except BodyError as exc:
            answer = core.bad_request(route, str(exc))
    if answer is None:
        answer = _answer(core, head, route, params, who, parsed)
    _record(core, head, body, parsed, answer)
    return answer


def too_large(core: MockCore, head: Head) -> Reply:
    """413 where the operation documents it, else its 400 (an operation that takes no body
    documents no 413); `connection: close`, so the server never drains the rest."""
    found = core.router.find(head.method, head.path)
    op = None if isinstance(found, Reply) else found[0].op
    if op is None or 413 in op.responses or 400 not in op.responses:
        return core.error(413, f"body: larger than the limit of {core.max_body} bytes", _CLOSE)
    return core.error(400, f"body: {op.method} {op.path} takes no body this large", _CLOSE)


def _answer(
    core: MockCore,
    head: Head,
    route: Route,
    params: dict[str, str],
    who: Account,
    parsed: dict[str, Any] | None,
) -> Reply:
    checked = core.validate_request(route, parsed)
    if isinstance(checked, Reply):
        return checked
    checked.path = params
    if route.query:
        query = core.checks.query(route, head)
        if isinstance(query, Reply):
            return query
        checked.query = query
    prefer = head.get_all(b"prefer")
    try:
        prefs = parse_prefer(prefer, max_delay=core.max_delay) if prefer else NO_PREFERENCES
        reply = core.respond(route, checked, who, prefs)
    except PreferError as exc:
        return core.bad_request(route, str(exc))
    delay = prefs.delay + latency(core)
    if checked.warnings or delay or prefs.fault:
        reply = warned(reply, checked.warnings)
        return dataclasses.replace(reply, fault=prefs.fault, delay=delay)
    return reply


def latency(core: MockCore) -> float:
    """Seconds every answer waits (`latency`: one value, or drawn from the seeded range)."""
    low, high = core.latency
    if high <= 0:
        return 0.0
    return low if low == high else core.chaos.uniform(low, high)


def _record(core: MockCore, head: Head, body: bytes, parsed: Any, reply: Reply) -> None:
    status = None if reply.fault in {"reset", "stall"} else reply.status
    core.journal.record(
        head.method, head.path, head.headers, body, parsed, status, reply.warnings, reply.fault
    )
