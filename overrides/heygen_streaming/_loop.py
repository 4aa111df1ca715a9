"""The ONE request loop: a sans-IO state machine that both clients drive.

`request_loop(call, policy)` is a generator. It yields what to do next, `Send()` (one attempt) or
`Sleep(seconds)`, and is sent back what happened: a `Received` response or a `Failed` attempt.
It returns the operation's result or raises its typed error. It decides everything (logging,
retries per operation, waits, which error); the sync and async clients only perform the I/O:

    steps = request_loop(call, policy)
    reply = None
    while True:
        command = steps.send(reply)          # StopIteration carries the result
        reply = sleep(command.seconds) if isinstance(command, Sleep) else send(call)

Errors are raised here, never inside an `except` block of the driver, so no raised exception
keeps an httpx exception (and so the request with its credentials) in `__context__`.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from ._plan import Call, Received, logger
from ._retry import RetryPolicy
from .errors import APIResponseValidationError, APIStatusError, APITimeoutError, HeyGenError

__all__ = ["Failed", "Reply", "Send", "Sleep", "request_loop"]


@dataclass(frozen=True, slots=True)
class Send:
    """Send one attempt of the call and reply with `Received` or `Failed`."""

    attempt: int


@dataclass(frozen=True, slots=True)
class Sleep:
    """Wait this long, then reply None."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Failed:
    """An attempt that produced no response to judge: the typed error, built from plain data.

    `sent` is False only when the request provably never left; `transient` says whether a
    repeat could succeed (a connection or timeout failure: yes; a response over the cap: no).
    """

    error: HeyGenError
    sent: bool
    transient: bool = True


Reply = Received | Failed | None


def request_loop(call: Call, policy: RetryPolicy) -> Generator[Send | Sleep, Reply, Any]:
    """Attempts of `call` until a result, an error that is not retried, or `max_retries`."""
    idempotent = call.plan.idempotent
    retry = 0
    while True:
        left = call.left()
        if left is not None and left <= 0:  # a wait or a clock jump used it up: nothing sent
            raise APITimeoutError(
                f"deadline: the call's deadline of {call.deadline:g} s (deadline=) passed "
                f"before attempt {retry + 1}",
                request_sent=retry > 0,
                limit="deadline",
            )
        call.log_request(retry)
        reply = yield Send(retry)
        delay: float | None = None
        if isinstance(reply, Received):
            outcome = call.outcome(reply)
            if isinstance(outcome, APIResponseValidationError):
                raise outcome
            if not isinstance(outcome, APIStatusError):
                return outcome
            error: HeyGenError = outcome
            delay = policy.after_status(
                outcome.status_code, outcome.retry_after, retry, idempotent=idempotent
            )
            why = f"HTTP {outcome.status_code}"
        elif isinstance(reply, Failed):
            error = reply.error
            call.log_failure(error)
            if reply.transient:
                delay = policy.after_failure(reply.sent, retry, idempotent=idempotent)
            why = type(error).__name__
        else:  # pragma: no cover - a driver bug
            raise TypeError(f"the driver replied {reply!r} to Send")
        left = call.left()
        if delay is not None and left is not None and delay >= left:
            stop = f"the call's deadline of {call.deadline:g} s (deadline=) left no time"
            if isinstance(reply, Failed):  # no answer at all: a timeout of the whole call
                sent = reply.sent or retry > 0
                error = APITimeoutError(
                    f"deadline: {stop} for attempt {retry + 2} after {error}",
                    request_sent=sent,
                    limit="deadline",
                )
            else:
                error.add_note(f"not retried: {stop} to wait {delay:.2f} s")
            delay = None
        if delay is None:
            raise error
        logger.debug("retry %d/%d in %.2fs after %s", retry + 1, policy.max_retries, delay, why)
        yield Sleep(delay)
        retry += 1
