"""The live API drifts: `client.session()` never leaks a billed session over an answer it can't use.

A fake server (the mock, its answers to the session-creating call rewritten) answers without each
documented field, with a new one, with a field of the wrong type, with an undocumented 2xx status
or a lone surrogate. In every case `client.session()` either runs its body or raises an error
carrying the session id, and either way the stop is seen on the wire.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from heygen_streaming import APIResponseValidationError, AsyncStreamingClient, StreamingClient
from heygen_streaming.spec_model import packaged_model
from heygen_streaming_mock import MockServer

MODEL = packaged_model()
CREATES = next(op for op in MODEL.operations if op.lifecycle.get("creates"))
CLOSES = next(op for op in MODEL.operations if op.lifecycle.get("closes"))
SID = MODEL.extension("x-session-lifecycle")["session-id"]
UNWRAP = CREATES.extensions["x-unwrap"]
_ENVELOPE = MODEL.deref(CREATES.responses[CREATES.success_status].schema)
FIELDS = sorted(_ENVELOPE["properties"][UNWRAP]["properties"])
OTHER_FIELDS = [f for f in FIELDS if f != SID]

Edit = Callable[[dict[str, Any]], tuple[int, bytes]]


class Drifting:
    """The mock, with its answers to the creating call passed through `edit` (status, body)."""

    def __init__(self, edit: Edit) -> None:
        self.mock = MockServer(seed=1)
        self.inner = self.mock.transport()
        self.edit = edit
        self.stopped: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = self.inner.handle_request(request)
        answer.read()
        if request.url.path == CLOSES.path:
            self.stopped.append(json.loads(request.content)[SID])
        if request.url.path != CREATES.path or answer.status_code >= 300:
            return answer
        status, body = self.edit(answer.json())
        return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})


def _edited(change: Callable[[dict[str, Any]], None], status: int = 200) -> Edit:
    def edit(body: dict[str, Any]) -> tuple[int, bytes]:
        change(body[UNWRAP])
        return status, json.dumps(body).encode()

    return edit


def _run(server: Drifting, kind: str = "sync", **options: Any) -> tuple[list[str], Any]:
    """Open a session through `server`; (the ids the body saw, the error raised or None)."""
    seen: list[str] = []
    try:
        if kind == "sync":
            with (
                StreamingClient(
                    api_key="mock-key",
                    base_url="http://mock",
                    transport=httpx.MockTransport(server),
                    **options,
                ) as client,
                client.session(quality="low") as handle,
            ):
                seen.append(getattr(handle, SID))
        else:

            async def scenario() -> None:
                async def handler(request: httpx.Request) -> httpx.Response:
                    await request.aread()
                    return server(request)

                async with (
                    AsyncStreamingClient(
                        api_key="mock-key",
                        base_url="http://mock",
                        transport=httpx.MockTransport(handler),
                        **options,
                    ) as client,
                    client.session(quality="low") as handle,
                ):
                    seen.append(getattr(handle, SID))

            asyncio.run(scenario())
    except APIResponseValidationError as exc:
        return seen, exc
    return seen, None


def _stopped_whatever_happened(server: Drifting, seen: list[str], error: Any) -> None:
    if error is None:
        assert seen
        assert server.stopped == seen
    else:
        assert error.session_id
        assert error.session_id in str(error)
        assert server.stopped == [error.session_id]


@pytest.mark.parametrize("field", OTHER_FIELDS)
def test_an_answer_without_a_documented_field_runs_the_body_and_stops_the_session(
    field: str, caplog: pytest.LogCaptureFixture
) -> None:
    server = Drifting(_edited(lambda data: data.pop(field)))
    with caplog.at_level(logging.WARNING, logger="heygen_streaming"):
        seen, error = _run(server)
    assert error is None
    _stopped_whatever_happened(server, seen, error)
    assert f"{UNWRAP}.{field}: is required" in caplog.text


@pytest.mark.parametrize("field", OTHER_FIELDS)
def test_a_field_of_the_wrong_type_the_handle_does_not_use_is_read_leniently(field: str) -> None:
    server = Drifting(_edited(lambda data: data.update({field: [["wrong"]]})))
    seen, error = _run(server)
    _stopped_whatever_happened(server, seen, error)
    assert error is None


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_an_answer_with_a_new_field_runs_the_body_and_stops_the_session(kind: str) -> None:
    server = Drifting(_edited(lambda data: data.update({"brand_new_field": {"x": 1}})))
    seen, error = _run(server, kind)
    assert error is None
    _stopped_whatever_happened(server, seen, error)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_strict_responses_refuse_a_missing_field_and_stop_the_session_it_names(kind: str) -> None:
    server = Drifting(_edited(lambda data: data.pop(OTHER_FIELDS[0])))
    seen, error = _run(server, kind, strict_responses=True)
    assert error is not None
    assert seen == []
    _stopped_whatever_happened(server, seen, error)


@pytest.mark.parametrize("status", [201, 202, 204, 206, 299])
def test_an_undocumented_success_status_raises_with_the_session_id_and_stops_it(
    status: int,
) -> None:
    server = Drifting(_edited(lambda data: None, status=status))
    seen, error = _run(server)
    assert isinstance(error, APIResponseValidationError)
    assert f"status {status} is not documented" in str(error)
    _stopped_whatever_happened(server, seen, error)


def test_an_undocumented_status_with_an_empty_body_is_a_typed_error() -> None:
    server = Drifting(lambda body: (204, b""))
    seen, error = _run(server)
    assert isinstance(error, APIResponseValidationError)
    assert error.session_id is None
    assert seen == []


@pytest.mark.parametrize("where", ["value", "key"])
def test_a_lone_surrogate_in_a_string_is_refused_and_the_session_stopped(where: str) -> None:
    def edit(body: dict[str, Any]) -> tuple[int, bytes]:
        text = json.dumps(body)
        if where == "key":  # a new field, named with a lone surrogate
            return 200, text.replace(f'"{SID}"', '"\\udc80": 1, ' + f'"{SID}"', 1).encode()
        url = json.dumps(body[UNWRAP][OTHER_FIELDS[-1]])
        return 200, text.replace(url, '"\\udc80"', 1).encode()

    server = Drifting(edit)
    seen, error = _run(server)
    assert isinstance(error, APIResponseValidationError)
    assert "lone surrogate" in str(error)
    _stopped_whatever_happened(server, seen, error)


def test_an_answer_without_the_session_id_is_refused_naming_it() -> None:
    server = Drifting(_edited(lambda data: data.pop(SID)))
    _seen, error = _run(server)
    assert isinstance(error, APIResponseValidationError)
    assert f"{UNWRAP}.{SID}: is required" in str(error)
    assert error.session_id is None
    assert server.stopped == []


def test_a_drifted_field_is_warned_about_once_then_logged_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    value = {"drifted": secrets.token_hex(4)}  # a message no other test logged
    server = Drifting(_edited(lambda data: data.update({"url": value})))
    with caplog.at_level(logging.DEBUG, logger="heygen_streaming"):
        _run(server)
        _run(server)
    lines = [r for r in caplog.records if "read leniently" in r.getMessage()]
    assert [r.levelno for r in lines] == [logging.WARNING, logging.DEBUG]
