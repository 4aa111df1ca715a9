"""A schemathesis check of our own: a valid request refused for its session's state says so.

`positive_data_acceptance` is told to accept the wrong-state status (400) for operations whose
`x-lifecycle` requires a state (profiles.build_config), because a valid `task` on a session not
yet started is rightly refused. That alone would also let a 400 that refuses valid *data* pass;
this check closes the gap: a positive case answered with that status must carry the documented
wrong-state code (`x-session-lifecycle.errors.wrong-state`), i.e. be a refusal of the state.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from heygen_streaming.lifecycle import ErrorKind
from heygen_streaming.spec_model import SpecModel

from .rules import Rules, matches

__all__ = ["NAME", "state_refusal_names_the_state"]

NAME = "state_refusal_names_the_state"


# raw schema's id -> (the raw schema, kept alive so the id stays its own; model; wrong-state rule)
_MODELS: dict[int, tuple[Any, SpecModel, ErrorKind | None]] = {}


def _of(case: Any) -> tuple[SpecModel, ErrorKind | None]:
    raw = case.operation.schema.raw_schema
    found = _MODELS.get(id(raw))
    if found is None or found[0] is not raw:
        model = SpecModel(raw)
        found = _MODELS[id(raw)] = (raw, model, Rules.of(model).errors.get("wrong-state"))
    return found[1], found[2]


@schemathesis.check
def state_refusal_names_the_state(ctx: Any, response: Any, case: Any) -> bool | None:
    """Valid data refused with the wrong-state status must carry the wrong-state code."""
    meta = getattr(case, "meta", None)
    if meta is None or not meta.generation.mode.is_positive or response.status_code >= 500:
        return None
    if response.status_code < 400:
        return None
    model, wrong = _of(case)
    if wrong is None or response.status_code != wrong.status:
        return None
    op = model.route(str(case.operation.method), str(case.operation.path))
    if op is None or op.lifecycle.get("requires") is None:
        return None
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        body = None
    if not matches(wrong, response.status_code, body):
        raise AssertionError(
            f"Valid data refused with {response.status_code} but not as a wrong-state refusal: "
            f"expected code {wrong.code} (x-session-lifecycle errors.wrong-state), got "
            f"{body.get('code') if isinstance(body, dict) else body!r}"
        )
    return True
