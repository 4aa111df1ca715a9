"""A schemathesis check of our own: a valid request refused for its session's state says so.

`positive_data_acceptance` accepts the statuses of `Rules.session_refusals` (profiles.build_config):
a valid request on a session not yet started is rightly refused. So that a status refusing valid
*data* does not pass too, a positive case answered with one must carry its documented code.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from heygen_streaming.spec_model import SpecModel

from .rules import Rules, matches

__all__ = ["NAME", "state_refusal_names_the_state"]

NAME = "state_refusal_names_the_state"


# raw schema's id -> (the raw schema, kept alive so the id stays its own; its rules)
_MODELS: dict[int, tuple[Any, Rules]] = {}


def _of(case: Any) -> Rules:
    raw = case.operation.schema.raw_schema
    found = _MODELS.get(id(raw))
    if found is None or found[0] is not raw:
        found = _MODELS[id(raw)] = (raw, Rules.of(SpecModel(raw)))
    return found[1]


@schemathesis.check
def state_refusal_names_the_state(ctx: Any, response: Any, case: Any) -> bool | None:
    """Valid data refused with a session refusal's status must carry that refusal's code."""
    meta = getattr(case, "meta", None)
    if meta is None or not meta.generation.mode.is_positive:
        return None
    rules = _of(case)
    op = rules.model.route(str(case.operation.method), str(case.operation.path))
    refusals = rules.session_refusals(op) if op is not None else ()
    kinds = [k for k in refusals if k.status == response.status_code]
    if not kinds:
        return None
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        body = None
    if not any(matches(kind, response.status_code, body) for kind in kinds):
        raise AssertionError(
            f"Valid data refused with {response.status_code} but not as a refusal of its "
            f"session: expected code {' or '.join(str(k.code) for k in kinds)} "
            "(x-session-lifecycle errors wrong-state, no-session), got "
            f"{body.get('code') if isinstance(body, dict) else body!r}"
        )
    return True
