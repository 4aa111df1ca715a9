"""The session rules the stateful mock enforces: the spec model's typed `x-session-lifecycle`.

No parsing and no defaults here (the spec model reads the extension once): each property is the
key the mock needs, and a spec that leaves it out gets a `LifecycleError` naming it when the mock
first needs it. A plan without a `concurrent-sessions` entry gets the key's own limit, else 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from heygen_streaming.lifecycle import ErrorKind, SessionLifecycle, need
from heygen_streaming.spec_model import SpecModel

__all__ = ["Rules", "rules_of"]


@dataclass(frozen=True, slots=True)
class Rules:
    """The keys of `x-session-lifecycle` the mock reads, each required where it is used."""

    spec: SessionLifecycle

    @property
    def session_id(self) -> str:
        return need(self.spec.session_id, "session-id")

    @property
    def token_field(self) -> str:
        return need(self.spec.token_field, "token-field")

    @property
    def initial(self) -> str:
        return need(self.spec.initial, "initial")

    @property
    def closed(self) -> str:
        return need(self.spec.closed, "closed")

    @property
    def token_scope(self) -> str:
        return need(self.spec.token_scope, "token-scope")

    @property
    def words_per_second(self) -> float:
        return need(self.spec.talk_words_per_second, "talk-words-per-second")

    @property
    def idle_field(self) -> str:
        return need(need(self.spec.idle_timeout, "idle-timeout").field, "idle-timeout.field")

    @property
    def idle_disable_field(self) -> str:
        idle = need(self.spec.idle_timeout, "idle-timeout")
        return need(idle.disable_field, "idle-timeout.disable-field")

    @property
    def idle_default(self) -> float:
        idle = need(self.spec.idle_timeout, "idle-timeout")
        return need(idle.default, "idle-timeout.default")

    @property
    def duration_field(self) -> str:
        limit = need(self.spec.duration_limit, "duration-limit")
        return need(limit.field, "duration-limit.field")

    @property
    def concurrency(self) -> Mapping[str, int]:
        return self.spec.concurrent_sessions

    def error(self, name: str) -> ErrorKind:
        return self.spec.error(name)


def rules_of(model: SpecModel) -> Rules:
    """The mock's view of `model.lifecycle`."""
    return Rules(model.lifecycle)
