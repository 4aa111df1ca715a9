"""Spec fixtures: the working spec and one patched copy per kind of change, with its verdict."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CASES", "ROOT", "Case", "base_spec", "case"]

ROOT = Path(__file__).resolve().parents[2]
Spec = dict[str, Any]


def base_spec() -> Spec:
    return dict(yaml.safe_load((ROOT / "openapi" / "streaming.yaml").read_text("utf-8")))


def _schemas(spec: Spec) -> dict[str, Any]:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def _add_greeting(spec: Spec, *, required: bool) -> None:
    request = _schemas(spec)["NewSessionRequest"]
    request["properties"]["greeting"] = {"type": "string", "description": "First words."}
    if required:
        request["required"].append("greeting")


def _drop_broadcaster(spec: Spec) -> None:
    _schemas(spec)["VoiceSetting"]["properties"]["emotion"]["enum"].remove("Broadcaster")


def _narrow_timeout(spec: Spec) -> None:
    _schemas(spec)["NewSessionRequest"]["properties"]["activity_idle_timeout"]["maximum"] = 1800


def _rename_knowledge_base(spec: Spec) -> None:
    props = _schemas(spec)["NewSessionRequest"]["properties"]
    props["knowledge_base_prompt"] = props.pop("knowledge_base")


def _retype_rate(spec: Spec) -> None:
    rate = _schemas(spec)["VoiceSetting"]["properties"]["rate"]
    rate["type"] = "string"
    del rate["default"]
    rate["examples"] = ["fast"]


def _with_status(spec: Spec, *extra: str) -> None:
    """A response enum in both versions (the real spec has none): `SessionData.status`."""
    data = _schemas(spec)["SessionData"]
    data["properties"]["status"] = {"type": "string", "enum": ["active", "pending", *extra]}


def _add_region(spec: Spec) -> None:
    _schemas(spec)["SessionData"]["properties"]["region"] = {"type": "string"}


class Case:
    """Two versions of the spec and the verdict `nox -s compat` must reach on them."""

    def __init__(
        self,
        name: str,
        new: Callable[[Spec], None],
        breaking: bool,
        old: Callable[[Spec], None] | None = None,
        where: str = "",
    ) -> None:
        self.name, self.breaking, self.where = name, breaking, where
        self._old, self._new = old, new

    def specs(self) -> tuple[Spec, Spec]:
        old = base_spec()
        if self._old is not None:
            self._old(old)
        new = copy.deepcopy(old)
        self._new(new)
        return old, new

    def __repr__(self) -> str:
        return self.name


CASES = [
    Case(
        "new optional request field",
        lambda s: _add_greeting(s, required=False),
        False,
        where="request greeting",
    ),
    Case(
        "new required request field",
        lambda s: _add_greeting(s, required=True),
        True,
        where="request greeting",
    ),
    Case("request enum value removed", _drop_broadcaster, True, where="request voice.emotion"),
    Case(
        "response enum value added",
        lambda s: _with_status(s, "queued"),
        True,
        old=_with_status,
        where="response 200 data.status",
    ),
    Case("narrowed range", _narrow_timeout, True, where="request activity_idle_timeout"),
    Case("renamed request field", _rename_knowledge_base, True, where="request knowledge_base"),
    Case("changed type", _retype_rate, True, where="request voice.rate"),
    Case("new optional response field", _add_region, False, where="response 200 data.region"),
]


def case(name: str) -> Case:
    """The fixture case called `name`."""
    return next(c for c in CASES if c.name == name)
