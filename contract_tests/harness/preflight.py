"""What is wrong with the setup, said in one line before anything runs (a --base-url target).

A refused key or an unreachable server would otherwise come back as a list of server failures,
and a server in the mock's strict profile refuses the extra properties the exact spec allows
in the suite's positive cases: those failures would read like server bugs. Nothing here opens a
session: the probes are an active-list call, and a session call naming a session that does not
exist, sent with and without one extra property.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import pytest
from heygen_streaming.spec_model import SpecModel

from .caller import Account, Caller, Exchange
from .rules import Rules

__all__ = ["STRICT_HINT", "check_setup"]

STRICT_HINT = (
    "hint: the server refuses properties the spec allows (the mock's strict profile?): the "
    "suite's positive cases carry such extras, so expect positive_data_acceptance failures"
)
_PROBE_ID = "contract-suite-no-such-session"


def check_setup(model: SpecModel, base_url: str, api_key: str, *, live: bool) -> str | None:
    """Raise a one-line `pytest.UsageError` for a refused key or no server; a hint, or None."""
    rules = Rules.of(model)
    caller = Caller(model, base_url=base_url, secrets=(api_key,))
    account = caller.account("suite", api_key)
    try:
        lister = rules.lister("active")
        if lister is not None:
            answer = caller.call(lister.op, account, params=lister.params)
            if answer.status in (401, 403):
                raise pytest.UsageError(
                    f"the server at {base_url} refused the API key ({answer.status} on "
                    f"{lister.op.operation_id}): check --api-key"
                )
        return None if live else _strict_hint(caller, rules, account)
    except httpx.HTTPError as exc:
        raise pytest.UsageError(
            f"no server answers at {base_url} ({type(exc).__name__}): is it running?"
        ) from None
    finally:
        caller.close()


def _answer(exchange: Exchange) -> tuple[int, object]:
    code = exchange.body.get("code") if isinstance(exchange.body, Mapping) else None
    return exchange.status, code


def _strict_hint(caller: Caller, rules: Rules, account: Account) -> str | None:
    """The hint when an extra property turns a valid request's answer into a refusal."""
    for op in (op for op in rules.session_operations if "body" in rules.session_from(op)):
        schema = rules.model.deref(op.request_schema) if op.request_schema else None
        if not isinstance(schema, Mapping) or schema.get("additionalProperties") is False:
            continue
        body = caller.body_for(op, **{rules.session_field: _PROBE_ID}) or {}
        plain = caller.call(op, account, body)
        extra = caller.call(op, account, {**body, "contract_suite_probe": 1})
        return STRICT_HINT if _answer(plain) != _answer(extra) else None
    return None
