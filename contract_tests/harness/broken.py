"""Deliberately broken servers, one bug each: wire wrappers, and mocks serving a changed contract.

Two kinds. The first six wrap any conformant ASGI app on the wire (request body, headers,
response), so they break the mock, the reference app or any other ASGI server the same way. The
lifecycle bugs are the mock itself serving a copy of the spec whose `x-lifecycle` /
`x-session-lifecycle` rules were changed (no code of the mock is edited), judged against the
original spec; the operations concerned are found by their lifecycle role, never by name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from heygen_streaming.spec_model import packaged_model

from .broken_spec import (
    SpecEdit,
    edited_spec,
    idle_field_ignored,
    keep_alive_ignored,
    one_account,
    speaks_before_start,
    stop_keeps_open,
    stop_not_repeatable,
    token_opens_tokens,
    token_scope_account,
    unlimited_sessions,
)
from .profiles import CHECKS as ANSWER_CHECKS
from .reference_app import ASGIApp, Message, Receive, Scope, Send
from .rules import Rules

__all__ = ["VARIANTS", "Variant"]

Json = Any
RequestEdit = Callable[[Json], tuple[Json, int | None]]
ResponseEdit = Callable[[int, Json], tuple[int, Json]]
_ENUM_EMOTIONS = {"Excited", "Serious", "Friendly", "Soothing", "Broadcaster"}


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body"))
    return b"".join(chunks)


def _replay(raw: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    return receive


async def _send_json(send: Send, status: int, body: Json, headers: list[Any]) -> None:
    raw = json.dumps(body).encode()
    dropped = {b"content-length", b"content-type"}
    kept = [(k, v) for k, v in headers if k.lower() not in dropped]
    kept.append((b"content-type", b"application/json"))
    kept.append((b"content-length", str(len(raw)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": kept})
    await send({"type": "http.response.body", "body": raw})


def _on_request(edit: RequestEdit) -> Callable[[ASGIApp], ASGIApp]:
    """Rewrite a JSON request body before the app sees it, or answer in its place."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            raw = await _read_body(receive)
            try:
                body = json.loads(raw)
            except ValueError:
                await app(scope, _replay(raw), send)
                return
            body, status = edit(body)
            if status is not None:
                await _send_json(send, status, {"code": status, "message": "broken"}, [])
                return
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
            new = json.dumps(body).encode()
            headers.append((b"content-length", str(len(new)).encode()))
            await app({**scope, "headers": headers}, _replay(new), send)

        return wrapped

    return wrap


def _on_response(edit: ResponseEdit) -> Callable[[ASGIApp], ASGIApp]:
    """Rewrite the app's JSON response (status and body) before it goes out."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            start: Message = {}
            chunks: list[bytes] = []

            async def capture(message: Message) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                else:
                    chunks.append(message.get("body", b""))

            await app(scope, receive, capture)
            raw = b"".join(chunks)
            try:
                body = json.loads(raw)
            except ValueError:
                await send(start)
                await send({"type": "http.response.body", "body": raw})
                return
            status, body = edit(int(start["status"]), body)
            await _send_json(send, status, body, list(start.get("headers", [])))

        return wrapped

    return wrap


def _accept_short_timeout(body: Json) -> tuple[Json, int | None]:
    value = body.get("activity_idle_timeout") if isinstance(body, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and value < 30:
        body["activity_idle_timeout"] = 30  # the bug: below the minimum, silently clamped
    return body, None


def _error_on_unknown_emotion(body: Json) -> tuple[Json, int | None]:
    voice = body.get("voice") if isinstance(body, dict) else None
    emotion = voice.get("emotion") if isinstance(voice, dict) else None
    if isinstance(emotion, str) and emotion not in _ENUM_EMOTIONS:
        return body, 500
    return body, None


def _edit_data(edit: Callable[[dict[str, Any]], None]) -> ResponseEdit:
    def apply(status: int, body: Json) -> tuple[int, Json]:
        if status == 200 and isinstance(body, dict) and isinstance(body.get("data"), dict):
            edit(body["data"])
        return status, body

    return apply


def _paid_as_string(data: dict[str, Any]) -> None:
    data["is_paid"] = str(data.get("is_paid")).lower()


def _drop_session_id(data: dict[str, Any]) -> None:
    data.pop("session_id", None)


def _unprocessable(status: int, body: Json) -> tuple[int, Json]:
    if status == 400:
        return 422, {**body, "code": 422} if isinstance(body, dict) else body
    return status, body


def _sessions(body: Json, rules: Rules) -> Iterator[dict[str, Any]]:
    """Every object of a JSON answer that names a session (list items, a new session's data)."""
    if isinstance(body, dict):
        if rules.session_field in body:
            yield body
        body = list(body.values())
    for item in body if isinstance(body, list) else ():
        yield from _sessions(item, rules)


def _on_sessions(edit: Callable[[dict[str, Any], Rules], None]) -> Callable[[ASGIApp], ASGIApp]:
    rules = Rules.of(packaged_model())

    def apply(status: int, body: Json) -> tuple[int, Json]:
        for found in list(_sessions(body, rules)):
            edit(found, rules)
        return status, body

    return _on_response(apply)


def _listed_as_initial(item: dict[str, Any], rules: Rules) -> None:
    for key, value in item.items():
        if value in rules.states and value != rules.closed:
            item[key] = rules.initial


def _understated_limit(item: dict[str, Any], rules: Rules) -> None:
    limit = item.get(rules.duration_field or "")
    if isinstance(limit, int) and not isinstance(limit, bool):
        item[str(rules.duration_field)] = max(1, limit // 10)


def _forget_closed(app: ASGIApp) -> ASGIApp:
    rules = Rules.of(packaged_model())

    def drop(body: Json) -> Json:
        if isinstance(body, dict):
            return {k: drop(v) for k, v in body.items()}
        if isinstance(body, list):
            return [
                drop(i) for i in body if not (isinstance(i, dict) and rules.closed in i.values())
            ]
        return body

    return _on_response(lambda status, body: (status, drop(body)))(app)


def _stop_spares_started(app: ASGIApp) -> ASGIApp:
    """The closing operation answers its success example, doing nothing, on a started session."""
    model = packaged_model()
    rules, started = Rules.of(model), set()

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        op = model.route(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if op is None:
            await app(scope, receive, send)
            return
        raw = await _read_body(receive)
        try:
            session = json.loads(raw).get(rules.session_field)
        except (ValueError, AttributeError):
            session = None
        if op.lifecycle.get("closes") and session in started:
            examples = op.responses[op.success_status].examples
            await _send_json(send, op.success_status, next(iter(examples.values()), {}), [])
            return
        if op.lifecycle.get("moves-to") and session:
            started.add(session)
        await app(scope, _replay(raw), send)

    return wrapped


def _ignore_api_key(api_key: str) -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"x-api-key"]
                headers.append((b"x-api-key", api_key.encode()))
                scope = {**scope, "headers": headers}
            await app(scope, receive, send)

        return wrapped

    return wrap


@dataclass(frozen=True, slots=True)
class Variant:
    """One broken server: its bug, the check that must catch it, and how to build it.

    `build` wraps a conformant app on the wire; `spec_edit` instead changes a copy of the
    contract the mock serves; `mock_options` are extra mock hooks (e.g. for cross-account).
    """

    name: str
    bug: str
    caught_by: str
    build: Callable[[ASGIApp, str], ASGIApp] | None = None
    spec_edit: SpecEdit | None = None
    mock_options: Callable[[str, str | None], dict[str, Any]] | None = None

    @property
    def lifecycle(self) -> bool:
        """Is the bug one of state (caught by a lifecycle check), not of one answer?"""
        return self.build is None or self.caught_by not in ANSWER_CHECKS

    def make(self, api_key: str, seed: int, api_key_2: str | None = None) -> ASGIApp:
        from heygen_streaming_mock import create_app

        keys = [k for k in (api_key, api_key_2) if k]
        options: dict[str, Any] = {"api_keys": keys, "seed": seed}
        if self.spec_edit is not None:
            options["spec"] = edited_spec(self.spec_edit)
        if self.mock_options is not None:
            options.update(self.mock_options(api_key, api_key_2))
        app: ASGIApp = create_app(**options)
        return self.build(app, api_key) if self.build is not None else app


VARIANTS: tuple[Variant, ...] = (
    Variant(
        "accepts_short_timeout",
        "accepts activity_idle_timeout below 30 (e.g. 5)",
        "negative_data_rejection",
        lambda app, key: _on_request(_accept_short_timeout)(app),
    ),
    Variant(
        "is_paid_as_string",
        "returns is_paid as a string",
        "response_schema_conformance",
        lambda app, key: _on_response(_edit_data(_paid_as_string))(app),
    ),
    Variant(
        "drops_session_id",
        "drops session_id from the session data",
        "response_schema_conformance",
        lambda app, key: _on_response(_edit_data(_drop_session_id))(app),
    ),
    Variant(
        "server_error_on_unknown_emotion",
        "answers 500 to an unknown voice.emotion",
        "not_a_server_error",
        lambda app, key: _on_request(_error_on_unknown_emotion)(app),
    ),
    Variant(
        "ignores_api_key",
        "ignores the API key (serves requests without a valid one)",
        "ignored_auth",
        lambda app, key: _ignore_api_key(key)(app),
    ),
    Variant(
        "undocumented_status",
        "answers 422, a status the spec does not document, to invalid bodies",
        "status_code_conformance",
        lambda app, key: _on_response(_unprocessable)(app),
    ),
    Variant(
        "task_before_start",
        "accepts the speaking operation (task) on a session not yet started",
        "wrong_state_refused",
        spec_edit=speaks_before_start,
    ),
    Variant(
        "stop_does_not_close",
        "answers the closing operation (stop) with success but leaves the session open",
        "closed_session_refuses_everything",
        spec_edit=stop_keeps_open,
    ),
    Variant(
        "keep_alive_ignored",
        "accepts keep_alive but does not reset the idle timer",
        "activity_keeps_session_alive",
        spec_edit=keep_alive_ignored,
    ),
    Variant(
        "cross_account_access",
        "lets a second account see and act on the first account's sessions",
        "other_account_isolated",
        mock_options=one_account,
    ),
    Variant(
        "unlimited_sessions",
        "never refuses a session for the concurrency limit",
        "concurrency_limit_holds",
        spec_edit=unlimited_sessions,
    ),
    Variant(
        "token_creates_tokens",
        "accepts a session token (Bearer) on the token-issuing operation (create_token)",
        "token_only_where_documented",
        spec_edit=token_opens_tokens,
    ),
    Variant(
        "idle_timeout_ignored",
        "ignores the idle timeout a session asks for (keeps the default)",
        "idle_session_expires",
        spec_edit=idle_field_ignored,
    ),
    Variant(
        "duration_not_enforced",
        "states a duration limit (a tenth of the real one) that it does not enforce",
        "duration_limit_enforced",
        lambda app, key: _on_sessions(_understated_limit)(app),
    ),
    Variant(
        "list_shows_wrong_state",
        "reports every open session as new in its lists",
        "active_list_shows_each_state",
        lambda app, key: _on_sessions(_listed_as_initial)(app),
    ),
    Variant(
        "history_forgets_closed",
        "leaves closed sessions out of the history",
        "history_holds_closed_sessions",
        lambda app, key: _forget_closed(app),
    ),
    Variant(
        "stop_spares_started",
        "answers stop on a started (connected) session with success but leaves it open",
        "closed_session_refuses_everything",
        lambda app, key: _stop_spares_started(app),
    ),
    Variant(
        "stop_not_repeatable",
        "refuses a second stop (on a closed session) with the wrong-state error",
        "closed_session_refuses_everything",
        spec_edit=stop_not_repeatable,
    ),
    Variant(
        "token_drives_any_session",
        "lets a session token drive every session of its account",
        "token_drives_only_its_session",
        spec_edit=token_scope_account,
    ),
)
