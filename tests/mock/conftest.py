"""Shared fixtures of the mock's tests: an in-process mock and an httpx client wired to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from heygen_streaming.spec import FieldError, SchemaValidator
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.wire import Reply

PATH = "/v1/streaming.new"
KEY = "mock-key"


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=1)


@pytest.fixture
def client(mock: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as c:
        yield c


def post(
    client: httpx.Client,
    body: Any = None,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    key: str | None = KEY,
) -> httpx.Response:
    """POST to the operation: `body` as JSON, or raw `content` sent as application/json."""
    sent: dict[str, str] = {"content-type": "application/json"}
    if key is not None:
        sent["x-api-key"] = key
    sent.update(headers or {})
    raw = content if content is not None else httpx.Request("POST", "/", json=body).content
    return client.post(PATH, content=raw, headers=sent)


def message(response: httpx.Response) -> str:
    """The error message, after checking the body against the spec's ErrorResponse."""
    body = response.json()
    assert SchemaValidator(_spec(), "ErrorResponse").errors(body) == []
    assert body["code"] == response.status_code
    return str(body["message"])


def _spec() -> dict[str, Any]:
    from heygen_streaming.spec import load_spec

    return load_spec()


def answer_errors(
    mock: MockServer, method: str, path: str, status: int, body: Any
) -> list[FieldError]:
    """Why an answer of `mock` does not conform to its spec (empty when it does)."""
    found = mock.router.find(method.upper(), path)
    if isinstance(found, Reply):
        return [FieldError("", f"{method} {path} is not an operation of the spec")]
    route = found[0]
    if status not in route.op.responses:
        listed = ", ".join(map(str, route.op.statuses))
        return [FieldError("", f"status {status} is not documented ({listed})")]
    validator = route.op.response_validator(status)
    return [] if validator is None else validator.errors(body)
