"""The request pipeline of `MockCore`: the steps an adapter drives, from the head to the journal.

`admin(head)`, `before_body(head)`, `after_body(head, who, body)`, `early(head, reply, body)` and
`too_large(head)` are functions of the core (`MockCore` binds them as its methods), so that
core.py holds the mock's configuration and behaviour and this module the order of the steps.
Every status they answer on an operation of the spec is one the spec documents for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .admin import ADMIN_PREFIX, NEEDS_BODY, admin_reply
from .auth import Account
from .checks import warned
from .decode import BodyError, check_content_type, parse_body
from .prefer import NO_PREFERENCES, PreferError, parse_prefer
from .sessions import KeyProfile
from .wire import Head, Reply

if TYPE_CHECKING:
    from .core import MockCore
    from .router import Route

__all__ = [
    "ADMIN",
    "admin",
    "after_body",
    "before_body",
    "early",
    "health",
    "too_large",
]

# The "who" of an admin request whose answer needs its body (POST /__mock__/clock).
ADMIN = Account("", KeyProfile())
_CLOSE = ((b"connection", b"close"),)


def admin(core: MockCore, head: Head) -> Reply | None:
    """The answer to `/__mock__/...`, None for any other path (or when it needs the body)."""
    if not head.path.startswith(ADMIN_PREFIX):
        return None
    reply = admin_reply(core, head.method, head.path, head.query, None)
    return None if reply is NEEDS_BODY else reply


def health(core: MockCore) -> dict[str, Any]:
    return {
        "status": "ok",
        "profile": core.profile,
        "strict": core.strict,
        "seed": core.seed,
        "clock": core.clock.mode,
        "operations": len(core.router.routes),
    }


def before_body(core: MockCore, head: Head) -> tuple[Reply | None, Account | None]:
    """An early answer (route, auth, media type, declared size), or who is calling."""
    if head.path.startswith(ADMIN_PREFIX):
        return None, ADMIN
    route = core.router.find(head.method, head.path)
    if isinstance(route, Reply):
        return route, None
    who = core.authenticate(route, head)
    if isinstance(who, Reply):
        return who, None
    content_type = head.get(b"content-type")
    if route.validator is not None and (content_type is not None or route.body_required):
        problem = check_content_type(content_type)
        if problem is not None:
            # 415 where the operation documents it, else its documented 400: the mock
            # answers only with the statuses of the operation it routed to.
            documented = 415 in route.op.responses or 400 not in route.op.responses
            return Reply.error(415 if documented else 400, problem), None
    length = head.first.get(b"content-length")  # bytes: isdigit() is ASCII digits only
    if length is not None and length.strip().isdigit() and int(length) > core.max_body:
        return too_large(core, head), None
    return None, who


def too_large(core: MockCore, head: Head | None = None) -> Reply:
    """The answer to a body over the limit: 413 where the operation documents it, else its 400
    (an operation that takes no body, a list, documents no 413)."""
    # `connection: close`, so the server never drains the rest of an oversized upload.
    route = None if head is None else core.router.routes.get((head.method, head.path))
    if route is None or 413 in route.op.responses or 400 not in route.op.responses:
        return Reply.error(413, f"body: larger than the limit of {core.max_body} bytes", _CLOSE)
    return Reply.error(
        400, f"body: {route.op.method} {route.op.path} takes no body this large", _CLOSE
    )


def after_body(core: MockCore, head: Head, who: Account, body: bytes) -> Reply:
    """The answer to the operation once its body is read (within the limit); journaled."""
    if who is ADMIN:
        reply = admin_reply(core, head.method, head.path, head.query, body)
        if reply is None or reply is NEEDS_BODY:
            return Reply.error(404, "no such path")
        return reply
    route = core.router.routes[(head.method, head.path)]
    parsed: dict[str, Any] | None = None
    answer: Reply | None = None
    if route.validator is not None and (route.body_required or body.strip()):
        try:
            parsed = parse_body(body)
        except BodyError as exc:
            answer = Reply.error(400, str(exc))
    if answer is None:
        answer = _answer(core, head, route, who, parsed)
    core.record(head, body, parsed, answer)
    return answer


def _answer(
    core: MockCore, head: Head, route: Route, who: Account, parsed: dict[str, Any] | None
) -> Reply:
    checked = core.validate_request(route, parsed)
    if isinstance(checked, Reply):
        return checked
    if route.query:
        query = core.checks.query(route, head)
        if isinstance(query, Reply):
            return query
        checked.query = query
    prefer = head.get_all(b"prefer")
    try:
        prefs = parse_prefer(prefer, max_delay=core.max_delay) if prefer else NO_PREFERENCES
    except PreferError as exc:
        return Reply.error(400, str(exc))
    reply = core.respond(route, checked, who, prefs)
    delay = prefs.delay + core._latency()
    if checked.warnings or delay or prefs.fault:
        reply = warned(reply, checked.warnings)
        return Reply(reply.status, reply.body, reply.headers, prefs.fault, delay, reply.warnings)
    return reply


def latency(core: MockCore) -> float:
    """Seconds every answer waits (`latency`: one value, or drawn from the seeded range)."""
    low, high = core.latency
    if high <= 0:
        return 0.0
    return low if low == high else core.chaos.uniform(low, high)


def early(core: MockCore, head: Head, reply: Reply, body: bytes = b"") -> Reply:
    """Journal an answer given before the body was used, with the latency every answer has."""
    if not head.path.startswith(ADMIN_PREFIX):
        core.record(head, body, None, reply)  # the body as sent (text): it was never read
    delay = core._latency()
    return reply if not delay else Reply(reply.status, reply.body, reply.headers, delay=delay)


def record(core: MockCore, head: Head, body: bytes, parsed: Any, reply: Reply) -> None:
    status = None if reply.fault in {"reset", "stall"} else reply.status
    core.journal.record(
        head.method, head.path, head.headers, body, parsed, status, reply.warnings, reply.fault
    )
