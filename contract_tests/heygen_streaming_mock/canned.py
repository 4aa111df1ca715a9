"""Answers taken from the spec itself: a documented status with its example (Prefer, error rate)."""

from __future__ import annotations

from .contract import Contract
from .prefer import Preferences
from .wire import Reply

__all__ = ["documented_reply", "preferred_status"]


def documented_reply(contract: Contract, status: int, example: str | None = None) -> Reply:
    """`status` with its named example (or its first), else `{code, message: description}`."""
    examples = contract.examples(status)
    if example is not None and example not in examples:
        names = ", ".join(examples) or "none"
        return Reply.error(
            400, f"Prefer: example={example[:40]} is not an example of {status} ({names})"
        )
    value = examples[example] if example else next(iter(examples.values()), None)
    if value is None:
        value = {"code": status, "message": contract.description(status) or "error"}
    headers: tuple[tuple[bytes, bytes], ...] = ()
    if contract.documents_header(status, "Retry-After"):
        headers = ((b"retry-after", b"1"),)
    return Reply.json(status, value, headers)


def preferred_status(contract: Contract, prefs: Preferences) -> int | Reply:
    """The status `Prefer: code=`/`example=` asks for, or the 400 when the spec lacks it."""
    statuses = contract.statuses
    status = prefs.code
    if status is None:  # `example=NAME` alone: the first status that has it
        status = next((s for s in statuses if prefs.example in contract.examples(s)), 200)
    if status not in statuses:
        listed = ", ".join(map(str, statuses))
        return Reply.error(400, f"Prefer: code={status} is not documented ({listed})")
    return status
