"""The `Prefer` request header (Prism's `code=` and `example=`, plus `delay=MS` and `fault=KIND`),
and the documented answers it (or the error rate) picks from the spec itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from heygen_streaming.envelope import Envelope
from heygen_streaming.spec_model import Operation

from .generate import generate
from .wire import FAULTS, Reply

__all__ = [
    "NO_PREFERENCES",
    "PreferError",
    "Preferences",
    "documented_reply",
    "parse_prefer",
    "preferred_status",
]


class PreferError(ValueError):
    """A `Prefer` value the mock cannot honour; `str()` is the message of the 400."""


@dataclass(frozen=True, slots=True)
class Preferences:
    """What one request asked the mock to do instead of its usual answer."""

    code: int | None = None
    example: str | None = None
    delay: float = 0.0  # seconds
    fault: str | None = None


NO_PREFERENCES = Preferences()


def parse_prefer(values: list[str], *, max_delay: float) -> Preferences:
    """Every `Prefer` header of a request, merged; unknown preferences are ignored (RFC 7240)."""
    given: dict[str, str] = {}
    for value in values:
        for token in value.replace(";", ",").split(","):
            name, sep, arg = token.partition("=")
            if sep:
                given[name.strip().lower()] = arg.strip().strip('"')
    code, delay, fault = given.get("code"), given.get("delay"), given.get("fault")
    if code is not None and (not code.isdigit() or len(code) != 3):
        raise PreferError(f"Prefer: code={code[:20]} is not an HTTP status")
    ms = 0.0
    if delay is not None:
        try:
            ms = float(delay)
        except ValueError:
            raise PreferError(f"Prefer: delay={delay[:20]} is not a number of ms") from None
        if not 0 <= ms <= max_delay * 1000:
            raise PreferError(f"Prefer: delay={delay[:20]} is outside 0..{max_delay * 1000:g} ms")
    if fault is not None and fault not in FAULTS:
        raise PreferError(f"Prefer: fault={fault[:20]} is not one of {', '.join(sorted(FAULTS))}")
    example = given.get("example")
    return Preferences(int(code) if code else None, example, ms / 1000, fault)


def documented_reply(
    op: Operation, envelope: Envelope, status: int, example: str | None = None
) -> Reply:
    """`status` with its named example (or its first), else a body generated from its schema
    in the envelope (`x-envelope`); PreferError for an example `status` does not have."""
    response = op.responses.get(status)
    examples = dict(response.examples) if response is not None else {}
    if example is not None and example not in examples:
        names = ", ".join(examples) or "none"
        raise PreferError(f"Prefer: example={example[:40]} is not an example of {status} ({names})")
    value = examples[example] if example else next(iter(examples.values()), None)
    description = (response.description if response else "") or "error"
    if value is None and status < 400 and response is not None and response.schema is not None:
        value = generate(op.model.deref(response.schema))
        if isinstance(value, dict):
            value.update(envelope.success)
    if value is None:
        value = envelope.error_body(status, description)
    headers: tuple[tuple[bytes, bytes], ...] = ()
    if response is not None and "retry-after" in response.headers:
        headers = ((b"retry-after", b"1"),)
    return Reply.json(status, value, headers)


def preferred_status(op: Operation, prefs: Preferences) -> int:
    """The status `Prefer: code=`/`example=` asks for; PreferError when the spec lacks it."""
    statuses = op.statuses
    status = prefs.code
    if status is None:  # `example=NAME` alone: the first status that has it
        status = next(
            (s for s in statuses if prefs.example in op.responses[s].examples), op.success_status
        )
    if status not in statuses:
        listed = ", ".join(map(str, statuses))
        raise PreferError(f"Prefer: code={status} is not documented ({listed})")
    return status
