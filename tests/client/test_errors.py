"""Every error status gives its typed error, whatever the body; the HTTP status decides."""

from __future__ import annotations

from typing import Any

import heygen_streaming
import httpx
import pytest
from heygen_streaming import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    HeyGenError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StreamingClient,
)
from heygen_streaming import errors as errors_module
from heygen_streaming.errors import status_error

STATUSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (429, RateLimitError),
    (500, InternalServerError),
    (502, InternalServerError),
    (503, InternalServerError),
    (413, APIStatusError),
    (415, APIStatusError),
    (418, APIStatusError),
]


def _raise_for(outcome: Any) -> HeyGenError:
    client = StreamingClient(api_key="k", max_retries=0, transport=httpx.MockTransport(outcome))
    with pytest.raises(HeyGenError) as info:
        client.new_session()
    return info.value


@pytest.mark.parametrize(("status", "cls"), STATUSES)
def test_each_status_maps_to_its_typed_error_with_code_and_message(
    kit: Any, status: int, cls: type[APIStatusError]
) -> None:
    error = _raise_for(kit.reply(status, json_body={"code": status, "message": "why"}))
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert (error.status_code, error.code, error.message) == (status, status, "why")
    assert str(error) == f"HTTP {status}: why"


@pytest.mark.parametrize(("status", "cls"), STATUSES)
def test_a_non_json_body_still_gives_the_typed_error_with_the_raw_text(
    kit: Any, status: int, cls: type[APIStatusError]
) -> None:
    error = _raise_for(kit.reply(status, text="<html>Bad Gateway</html>"))
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert error.code is None
    assert error.message == "<html>Bad Gateway</html>"


def test_an_off_schema_json_body_gives_the_typed_error_with_the_raw_text(kit: Any) -> None:
    error = _raise_for(kit.reply(401, json_body={"error": {"message": "bad key"}}))
    assert isinstance(error, AuthenticationError)
    assert error.code is None
    assert "bad key" in error.message


def test_an_empty_error_body_falls_back_to_the_reason_phrase(kit: Any) -> None:
    error = _raise_for(kit.reply(404, text=""))
    assert isinstance(error, NotFoundError)
    assert error.message == "Not Found"


def test_a_long_raw_body_is_truncated(kit: Any) -> None:
    error = _raise_for(kit.reply(500, text="x" * 5000))
    assert isinstance(error, APIStatusError)
    assert len(error.message) < 600
    assert error.message.endswith("(4500 more chars)")


def test_the_http_status_decides_and_any_envelope_code_is_kept(kit: Any) -> None:
    error = _raise_for(kit.reply(400, json_body={"code": 100, "message": "bad"}))
    assert isinstance(error, BadRequestError)
    assert error.code == 100
    assert str(error) == "HTTP 400, code 100: bad"


def test_an_integral_float_code_is_the_integer_json_means(kit: Any) -> None:
    error = _raise_for(kit.reply(400, json_body={"code": 1000.0, "message": "bad"}))
    assert error.code == 1000
    assert _raise_for(kit.reply(400, json_body={"code": 1.5, "message": "bad"})).code is None


def test_one_function_maps_statuses_to_classes() -> None:
    assert type(status_error(401, "m")) is AuthenticationError
    assert type(status_error(599, "m")) is InternalServerError
    assert type(status_error(409, "m")) is APIStatusError
    assert status_error(429, "m", retry_after=3.0).retry_after == 3.0


def test_a_read_timeout_is_an_api_timeout_error_that_says_a_session_may_exist(kit: Any) -> None:
    error = _raise_for(kit.Recorder(httpx.ReadTimeout))
    assert isinstance(error, APITimeoutError)
    assert isinstance(error, APIConnectionError)
    assert error.request_sent is True
    assert "may have been created" in str(error)


def test_a_refused_connection_is_an_api_connection_error_with_nothing_sent(kit: Any) -> None:
    error = _raise_for(kit.Recorder(httpx.ConnectError))
    assert type(error) is APIConnectionError
    assert error.request_sent is False
    assert "may have been created" not in str(error)


@pytest.mark.parametrize(
    "body",
    [None, {"code": 200, "message": "success"}, {"code": 200, "message": "ok", "data": {"url": 1}}],
)
def test_a_2xx_without_a_documented_session_is_a_response_validation_error(
    kit: Any, body: Any
) -> None:
    outcome = kit.reply(200, text="not json") if body is None else kit.reply(200, json_body=body)
    error = _raise_for(outcome)
    assert isinstance(error, APIResponseValidationError)
    assert error.status_code == 200


def test_the_error_tree_is_drawn_in_the_errors_docstring() -> None:
    doc = errors_module.__doc__ or ""
    exceptions = [n for n in errors_module.__all__ if n[0].isupper()]
    assert exceptions
    for name in exceptions:
        assert name in doc
        assert issubclass(getattr(errors_module, name), HeyGenError)
        assert getattr(heygen_streaming, name) is getattr(errors_module, name)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert all(issubclass(cls, APIStatusError) for _, cls in STATUSES)


@pytest.mark.parametrize("status", [600, 999])
def test_a_status_outside_100_to_599_is_a_plain_api_status_error(status: int) -> None:
    error = status_error(status, "weird")
    assert type(error) is APIStatusError
    assert error.status_code == status


def test_the_errors_docstring_says_internal_server_error_is_500_to_599_only() -> None:
    doc = errors_module.__doc__ or ""
    assert "InternalServerError      500-599" in doc
    assert "outside 100-599" in doc


def test_limit_errors_name_their_limit() -> None:
    too_big = APIResponseValidationError(200, "body too large", limit="max_response_bytes")
    late = APITimeoutError("deadline passed", request_sent=True, limit="deadline")
    assert (too_big.limit, late.limit) == ("max_response_bytes", "deadline")
    assert "response refused" in str(too_big)
    assert APIResponseValidationError(200, "off-spec").limit is None


def _deep_json() -> Any:
    import json

    return json.loads("[" * 100_000 + "]" * 100_000)


def _lone_surrogate() -> Any:
    return "\ud800".encode()


def _not_utf8() -> Any:
    return b"\xff\xfe".decode("utf-8")


def _corrupt_gzip() -> Any:
    request = httpx.Request("POST", "http://127.0.0.1/", headers={"X-Api-Key": "hg-secret-key-123"})
    raise httpx.DecodingError("Error -3 while decompressing data", request=request)


@pytest.mark.parametrize(
    ("fn", "says"),
    [
        (_deep_json, "nested too deeply"),
        (_lone_surrogate, "cannot be encoded"),
        (_not_utf8, "not valid text"),
        (_corrupt_gzip, "cannot be decoded"),
    ],
)
def test_foreign_errors_map_to_the_tree_and_keep_nothing_of_the_original(
    fn: Any, says: str
) -> None:
    from heygen_streaming.errors import FOREIGN_ERRORS, foreign_error

    try:
        fn()
    except FOREIGN_ERRORS as exc:
        error = foreign_error(exc, 200)
    assert says in str(error)
    assert error.status_code == 200
    assert error.__context__ is None
    assert error.__cause__ is None
    assert "hg-secret-key-123" not in repr(vars(error)) + str(error)
