"""The API key and the spec's x-secret tokens never show in a repr, an error or a log line."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from heygen_streaming import APIStatusError, HeyGenError, Session, StreamingClient
from heygen_streaming.redact import secret_field_names

LIVEKIT_TOKEN = "lk-caller-token-5f2e9a"


def _secrets(kit: Any) -> list[str]:
    data = kit.example("200", "success")["data"]
    return [kit.API_KEY, LIVEKIT_TOKEN, data["access_token"], data["livekit_agent_token"]]


def _client(kit: Any, recorder: Any) -> StreamingClient:
    return StreamingClient(
        api_key=kit.API_KEY, transport=recorder.transport(), sleep=lambda s: None
    )


def test_the_spec_marks_the_three_tokens_secret() -> None:
    assert {"access_token", "livekit_agent_token", "token"} <= secret_field_names()


def test_client_repr_and_str_hide_the_key(kit: Any) -> None:
    client = _client(kit, kit.Recorder())
    for shown in (repr(client), str(client)):
        assert kit.API_KEY not in shown
        assert "***" in shown
    # The httpx client holds no credential (each request carries its own headers).
    assert kit.API_KEY not in repr(client._http)
    assert kit.API_KEY not in repr(vars(client._http))


def test_session_repr_and_str_mask_every_secret_field(kit: Any) -> None:
    session = _client(kit, kit.Recorder()).new_session()
    for shown in (repr(session), str(session), f"{session}"):
        for secret in _secrets(kit)[2:]:
            assert secret not in shown
        assert "session_id='3b1f2a9c" in shown
        assert "access_token='***'" in shown
    assert session.access_token == kit.example("200", "success")["data"]["access_token"]


def test_session_masks_secrets_in_unknown_nested_fields(kit: Any) -> None:
    session = Session.from_dict(
        {**kit.example("200", "success")["data"], "extra": {"token": "nested-secret-value"}}
    )
    assert "nested-secret-value" not in repr(session)


def test_debug_log_has_one_line_per_request_and_response_and_no_secret(
    kit: Any, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = kit.Recorder(httpx.ConnectError, kit.ok())
    with caplog.at_level(logging.DEBUG, logger="heygen_streaming"):
        _client(kit, recorder).new_session(livekit_settings={"token": LIVEKIT_TOKEN})
    ours = [r for r in caplog.records if r.name == "heygen_streaming"]
    text = "\n".join(r.getMessage() for r in ours)
    assert sum(r.getMessage().startswith("request ") for r in ours) == 2
    assert sum(r.getMessage().startswith("response ") for r in ours) == 2
    assert "x-api-key" in text
    assert "access_token" in text
    for secret in _secrets(kit):
        assert secret not in text
    assert all(r.levelno == logging.DEBUG for r in ours)


def test_an_error_body_echoing_the_key_or_a_token_is_scrubbed(
    kit: Any, caplog: pytest.LogCaptureFixture
) -> None:
    echo = f"bad key {kit.API_KEY} for token {LIVEKIT_TOKEN}"
    recorder = kit.Recorder(kit.reply(401, json_body={"code": 401, "message": echo}))
    with (
        caplog.at_level(logging.DEBUG, logger="heygen_streaming"),
        pytest.raises(APIStatusError) as info,
    ):
        _client(kit, recorder).new_session(livekit_settings={"token": LIVEKIT_TOKEN})
    shown = [str(info.value), repr(info.value), info.value.message, caplog.text]
    for secret in (kit.API_KEY, LIVEKIT_TOKEN):
        assert not any(secret in s for s in shown)
    assert "bad key ***" in str(info.value)


def test_a_connection_error_never_carries_the_key(kit: Any) -> None:
    recorder = kit.Recorder(httpx.ReadTimeout)
    with pytest.raises(HeyGenError) as info:
        _client(kit, recorder).new_session()
    assert kit.API_KEY not in str(info.value) + repr(info.value)
    assert not hasattr(info.value, "request")


KEY = "hg-test-key-0123456789abcdef"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoiYWJjIn0.c2lnbmF0dXJlLXNlY3JldA"


def test_redact_uses_the_one_x_secret_walk_of_the_spec_model() -> None:
    from heygen_streaming.spec_model import packaged_model, packaged_models

    # Every packaged spec in use (a LiveAvatar client's tokens are masked in any log line).
    names = frozenset().union(*(m.secret_fields for m in packaged_models()))
    assert secret_field_names() == names
    assert packaged_model().secret_fields <= names
    assert packaged_model("liveavatar_api").secret_fields <= secret_field_names()


@pytest.mark.parametrize(
    "text",
    [
        '{"code":100,"data":{"session_id":"s","access_token":"' + JWT[:25],  # cut mid-token
        '{"message": "{\\"token\\":\\"lk-nested-secret-123\\"}"}',  # JSON escaped in a string
        "upstream said token=lk-plain-secret-123; retry",
        "{'livekit_agent_token': 'lk-repr-secret-123'}",
        f"<html>refreshed {JWT} ok</html>",  # a JWT anywhere
        "Authorization: Bearer lk-bearer-secret-123",
    ],
)
def test_mask_text_masks_secret_fields_and_tokens_in_any_raw_text(text: str) -> None:
    from heygen_streaming.redact import mask_text

    masked = mask_text(text)
    for secret in ("lk-nested-secret", "lk-plain-secret", "lk-repr-secret", "lk-bearer-secret"):
        assert secret not in masked
    assert JWT[:12] not in masked
    assert "***" in masked


def test_safe_text_masks_a_key_straddling_the_cut_before_cutting() -> None:
    from heygen_streaming.redact import safe_text

    shown = safe_text("x" * 490 + KEY + "y" * 100, [KEY])
    assert not any(KEY[i : i + 6] in shown for i in range(len(KEY) - 5))
    assert shown.startswith("x" * 490 + "***")
    assert len(shown) < 600


@pytest.mark.parametrize("text", [f"the key was {KEY[:15]}", f"{KEY[-12:]} was the key"])
def test_a_key_cut_at_either_end_of_a_body_is_masked(text: str) -> None:
    from heygen_streaming.redact import mask_text

    masked = mask_text(text, [KEY])
    assert KEY[:8] not in masked
    assert KEY[-8:] not in masked


def test_safe_text_escapes_lone_surrogates_so_the_text_can_be_printed() -> None:
    from heygen_streaming.redact import safe_text

    assert safe_text('{"\ud800": 1}') == '{"\\ud800": 1}'


def test_mask_headers_masks_credential_headers_and_values_that_echo_a_secret() -> None:
    from heygen_streaming.redact import mask_headers

    shown = mask_headers(
        {"X-Echo": f"got {KEY}", "Set-Cookie": "sid=abc", "Content-Type": "application/json"},
        [KEY],
    )
    assert shown == {"X-Echo": "got ***", "Set-Cookie": "***", "Content-Type": "application/json"}


def test_masking_json_nested_deeper_than_the_recursion_limit_does_not_raise() -> None:
    import json

    from heygen_streaming.redact import mask_json, secret_values

    deep = json.loads("[" * 900 + '{"token": "lk-deep-secret-123"}' + "]" * 900)
    assert "lk-deep-secret" not in json.dumps(mask_json(deep))
    assert secret_values(deep) == {"lk-deep-secret-123"}


def test_the_log_filter_masks_the_key_in_httpx_and_httpcore_records(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from heygen_streaming.logfilter import install_log_filter, register_secret

    assert install_log_filter() is install_log_filter()  # idempotent: one filter
    register_secret(KEY)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("httpx").info('HTTP Request: POST %s "HTTP/1.1 500 bad key %s"', "u", KEY)
        logging.getLogger("httpcore.http11").debug(
            "receive_response_headers.complete return_value=%r",
            (b"HTTP/1.1", 500, b"OK", [(b"X-Echo", KEY.encode()), (b"X-Token", JWT.encode())]),
        )
        try:
            raise RuntimeError(f"echo {KEY}")
        except RuntimeError:
            logging.getLogger("httpcore.connection").exception("failed")
    assert len(caplog.records) == 3
    assert KEY not in caplog.text
    assert JWT[:20] not in caplog.text
    assert "bad key ***" in caplog.text


def test_a_rule_about_a_secret_field_is_not_masked_as_if_it_were_its_value() -> None:
    from heygen_streaming import redact

    text = "data.livekit_agent_token: is required; access_token: is not of type 'string'"
    assert redact.safe_text(text, set()) == text
    # ...while a value after the same names still is.
    leaked = 'livekit_agent_token: eyJhbGciOiJIUzI1NiJ9.abcdefgh.ijkl, "access_token": "tok-123456"'
    shown = redact.safe_text(leaked, set())
    assert "eyJhbGci" not in shown
    assert "tok-123456" not in shown
