"""The session rules the stateful mock enforces: the spec model's typed `x-session-lifecycle`.

No parsing and no defaults here (the spec model reads the extension once): a key the spec leaves
out is a `LifecycleError` naming it when the mock first needs it. A plan without a
`concurrent-sessions` entry gets the key's own limit, else 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from heygen_streaming.lifecycle import ErrorKind, SessionLifecycle, need
from heygen_streaming.spec_model import SpecModel

__all__ = ["Rules", "rules_of"]

T = TypeVar("T")


class _Needed(Generic[T]):
    """A key the mock requires, read where it is used: `_Needed("idle_timeout", "field")` is
    `idle-timeout.field` (each attribute of the spec model is its key with `-` as `_`)."""

    def __init__(self, *path: str) -> None:
        self.path = path

    def __get__(self, rules: Rules, owner: Any = None) -> T:
        value: Any = rules.spec
        for depth, name in enumerate(self.path, 1):
            key = ".".join(self.path[:depth]).replace("_", "-")
            value = need(getattr(value, name), key)
        return cast(T, value)


@dataclass(frozen=True, slots=True)
class Rules:
    """The keys of `x-session-lifecycle` the mock reads, each required where it is used."""

    spec: SessionLifecycle

    session_id = _Needed[str]("session_id")
    token_field = _Needed[str]("token_field")
    initial = _Needed[str]("initial")
    closed = _Needed[str]("closed")
    token_scope = _Needed[str]("token_scope")
    words_per_second = _Needed[float]("talk_words_per_second")

    @property
    def concurrency(self) -> Mapping[str, int]:
        return self.spec.concurrent_sessions

    def error(self, name: str) -> ErrorKind:
        return self.spec.error(name)


def rules_of(model: SpecModel) -> Rules:
    """The mock's view of `model.lifecycle`."""
    return Rules(model.lifecycle)
