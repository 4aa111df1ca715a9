"""Answers taken from the spec itself: a documented status of an operation with its example
(`Prefer: code=`/`example=`, the error rate)."""

from __future__ import annotations

from heygen_streaming.spec_model import Operation

from .generate import generate
from .prefer import Preferences
from .wire import Reply

__all__ = ["documented_reply", "preferred_status"]


def documented_reply(op: Operation, status: int, example: str | None = None) -> Reply:
    """`status` with its named example (or its first), else `{code, message: description}`."""
    response = op.responses.get(status)
    examples = dict(response.examples) if response is not None else {}
    if example is not None and example not in examples:
        names = ", ".join(examples) or "none"
        return Reply.error(
            400, f"Prefer: example={example[:40]} is not an example of {status} ({names})"
        )
    value = examples[example] if example else next(iter(examples.values()), None)
    if value is None and response is not None and response.schema is not None:
        value = generate(op.model.deref(response.schema))
        if isinstance(value, dict) and {"code", "message"} <= set(value):
            value.update(code=status, message=response.description or "error")
    if value is None:
        value = {"code": status, "message": (response.description if response else "") or "error"}
    headers: tuple[tuple[bytes, bytes], ...] = ()
    if response is not None and "retry-after" in response.headers:
        headers = ((b"retry-after", b"1"),)
    return Reply.json(status, value, headers)


def preferred_status(op: Operation, prefs: Preferences) -> int | Reply:
    """The status `Prefer: code=`/`example=` asks for, or the 400 when the spec lacks it."""
    statuses = op.statuses
    status = prefs.code
    if status is None:  # `example=NAME` alone: the first status that has it
        status = next(
            (s for s in statuses if prefs.example in op.responses[s].examples), op.success_status
        )
    if status not in statuses:
        listed = ", ".join(map(str, statuses))
        return Reply.error(400, f"Prefer: code={status} is not documented ({listed})")
    return status
