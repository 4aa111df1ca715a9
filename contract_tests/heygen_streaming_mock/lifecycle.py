"""The session rules the stateful mock enforces: the spec model's typed `x-session-lifecycle`.

No parsing and no defaults here (the spec model reads the extension once): a key the spec leaves
out is a `LifecycleError` naming it when the mock first needs it.
"""

from __future__ import annotations

from typing import Any

from heygen_streaming.lifecycle import SessionLifecycle, need
from heygen_streaming.spec_model import SpecModel

__all__ = ["Rules", "rules_of"]


class Rules:
    """`rules.session_id` is the spec's `session-id` (each attribute of the spec model, with `_`
    for `-`), required where it is read; `spec` is the whole extension, `concurrency` its
    `concurrent-sessions` (may be empty)."""

    def __init__(self, spec: SessionLifecycle) -> None:
        self.spec = spec
        self.concurrency = spec.concurrent_sessions

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle probe for these before `spec` exists
            raise AttributeError(name)
        return need(getattr(self.spec, name), name.replace("_", "-"))


def rules_of(model: SpecModel) -> Rules:
    """The mock's view of `model.lifecycle`."""
    return Rules(model.lifecycle)
