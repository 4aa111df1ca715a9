"""Shared fixtures of the client tests: a recording in-process transport and spec examples."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from heygen_streaming.spec import load_spec

API_KEY = "hg-test-key-0123456789abcdef"

Outcome = Callable[[httpx.Request], httpx.Response] | type[Exception]


def example(status: str, name: str) -> dict[str, Any]:
    responses = load_spec()["paths"]["/v1/streaming.new"]["post"]["responses"]
    return dict(responses[status]["content"]["application/json"]["examples"][name]["value"])


def ok(body: dict[str, Any] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    payload = example("200", "success") if body is None else body
    return lambda request: httpx.Response(200, json=payload)


def reply(
    status: int,
    *,
    json_body: Any = None,
    text: str | None = None,
    headers: dict[str, str] | None = None,
) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        return httpx.Response(status, json=json_body, headers=headers)

    return respond


class Recorder:
    """An httpx.MockTransport handler replaying outcomes in order (the last one repeats)."""

    def __init__(self, *outcomes: Outcome) -> None:
        self.outcomes = list(outcomes) or [ok()]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        index = min(len(self.requests), len(self.outcomes) - 1)
        self.requests.append(request)
        outcome = self.outcomes[index]
        if isinstance(outcome, type) and issubclass(outcome, Exception):
            raise outcome("simulated failure", request=request)  # type: ignore[call-arg]
        return outcome(request)  # type: ignore[call-arg,return-value]

    @property
    def calls(self) -> int:
        return len(self.requests)

    def body(self, index: int = -1) -> dict[str, Any]:
        return dict(json.loads(self.requests[index].content))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


class Sleeps(list[float]):
    """An injectable sleep that records the delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The developer's own key or server must never leak into a test.
    monkeypatch.delenv("HEYGEN_API_KEY", raising=False)
    monkeypatch.delenv("HEYGEN_BASE_URL", raising=False)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def kit() -> Any:
    """The helpers above, for test modules (importlib mode cannot import conftest by name)."""
    import types

    return types.SimpleNamespace(
        API_KEY=API_KEY, Recorder=Recorder, example=example, ok=ok, reply=reply
    )
