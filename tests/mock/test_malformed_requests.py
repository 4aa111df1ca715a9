"""Every malformed request gets a precise 4xx with the documented error body, never a 500."""

from __future__ import annotations

import httpx
import pytest
from heygen_streaming_mock import MockServer

from .conftest import KEY, PATH, message, post


def test_a_body_that_is_not_json_is_a_400_saying_where(client: httpx.Client) -> None:
    response = post(client, content=b'{"quality": medium}')
    assert response.status_code == 400
    assert message(response) == "body: not valid JSON: Expecting value at line 1 column 13"


def test_invalid_utf8_is_a_400_naming_the_byte(client: httpx.Client) -> None:
    response = post(client, content=b'{"avatar_id": "\xff"}')
    assert response.status_code == 400
    assert message(response) == "body: not valid UTF-8 (byte 0xff at offset 15)"


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"[]", "an array"), (b'"x"', "a string"), (b"12", "a number"), (b"null", "null")],
)
def test_json_that_is_not_an_object_is_a_400(
    client: httpx.Client, content: bytes, kind: str
) -> None:
    response = post(client, content=content)
    assert response.status_code == 400
    assert message(response) == f"body: expected a JSON object, got {kind}"


def test_an_empty_body_is_a_400(client: httpx.Client) -> None:
    response = post(client, content=b"")
    assert response.status_code == 400
    assert message(response) == "body: is empty, expected a JSON object"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(client: httpx.Client, constant: str) -> None:
    response = post(client, content=f'{{"voice": {{"rate": {constant}}}}}'.encode())
    assert response.status_code == 400
    assert message(response) == f"body: {constant} is not valid JSON (numbers must be finite)"


def test_a_float_overflowing_to_infinity_is_refused(client: httpx.Client) -> None:
    response = post(client, content=b'{"voice": {"rate": 1e999}}')
    assert response.status_code == 400
    assert message(response) == "body: 1e999 is out of the range of a number"


def test_an_absurdly_long_integer_is_refused_without_parsing_it(client: httpx.Client) -> None:
    response = post(client, content=b'{"activity_idle_timeout": 1' + b"0" * 100_000 + b"}")
    assert response.status_code == 400
    assert message(response) == "body: a number with 100001 digits is too large"


def test_deep_nesting_is_a_400_not_a_recursion_error(client: httpx.Client) -> None:
    deep = b'{"voice": {"elevenlabs_settings": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
    response = post(client, content=deep)
    assert response.status_code == 400
    assert message(response) == "body: nested deeper than 64 levels"


def test_brackets_inside_strings_do_not_count_as_nesting(client: httpx.Client) -> None:
    response = post(client, {"quality": "low", "knowledge_base": "[{" * 500})
    assert response.status_code == 200


def test_a_missing_content_type_is_a_415(client: httpx.Client) -> None:
    response = client.post(PATH, content=b'{"quality": "low"}', headers={"x-api-key": KEY})
    assert response.status_code == 415
    assert message(response) == "Content-Type: header is missing, expected application/json"


def test_a_wrong_content_type_is_a_415_naming_it(client: httpx.Client) -> None:
    response = post(client, content=b"quality=low", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert message(response) == "Content-Type: expected application/json, got text/plain"


def test_json_with_a_utf8_charset_parameter_is_accepted(client: httpx.Client) -> None:
    headers = {"content-type": "Application/JSON; charset=UTF-8"}
    assert post(client, {"quality": "low"}, headers=headers).status_code == 200


def test_json_in_another_charset_is_a_415(client: httpx.Client) -> None:
    response = post(
        client, {"quality": "low"}, headers={"content-type": "application/json; charset=latin-1"}
    )
    assert response.status_code == 415
    assert message(response) == "Content-Type: charset latin-1 is not supported, use utf-8"


def test_a_declared_length_over_the_limit_is_a_413_before_reading() -> None:
    mock = MockServer(max_body=100)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        response = post(client, {"knowledge_base": "x" * 200})
    assert response.status_code == 413
    assert message(response) == "body: larger than the limit of 100 bytes"
    assert response.headers["connection"] == "close"


def test_a_declared_length_of_non_ascii_digits_is_not_read_as_a_size(
    client: httpx.Client,
) -> None:
    """`²` is a digit to `str.isdigit` but not to `int()`: read as text, it raised out of the
    transport. Read as bytes it is no size at all, and the body is read within the limit."""
    headers = {"x-api-key": KEY, "content-type": "application/json", "content-length": b"\xb2"}
    response = client.post(PATH, content=b'{"quality": "low"}', headers=headers)
    assert response.status_code == 200


def test_a_streamed_body_over_the_limit_stops_being_read_at_the_limit() -> None:
    mock = MockServer(max_body=1000)
    pulled: list[int] = []

    def chunks():  # no Content-Length: the limit is enforced while reading
        for i in range(1000):
            pulled.append(i)
            yield b"x" * 100

    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        response = client.post(
            PATH, content=chunks(), headers={"x-api-key": KEY, "content-type": "application/json"}
        )
    assert response.status_code == 413
    assert message(response) == "body: larger than the limit of 1000 bytes"
    assert len(pulled) == 11  # ten chunks fit, the eleventh crosses the limit, no more are read


def test_a_large_body_on_an_operation_without_one_gets_its_documented_400() -> None:
    """A list documents no 413: a GET declaring a body over the limit gets the list's 400."""
    mock = MockServer(max_body=100)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        for path in ("/v1/streaming.list", "/v2/streaming.list"):
            response = client.request("GET", path, content=b"x" * 200, headers={"x-api-key": KEY})
            assert response.status_code == 400
            assert response.status_code in mock.router.routes[("GET", path)].op.responses
            assert message(response) == f"body: GET {path} takes no body this large"
            assert response.headers["connection"] == "close"


def test_a_large_streamed_body_on_a_list_is_its_documented_400() -> None:
    mock = MockServer(max_body=1000)

    def chunks():  # no Content-Length: the limit is enforced while reading
        yield from (b"x" * 100 for _ in range(20))

    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        response = client.request(
            "GET", "/v1/streaming.list", content=chunks(), headers={"x-api-key": KEY}
        )
    assert response.status_code == 400
    assert response.headers["connection"] == "close"


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "HEAD"])
def test_a_wrong_method_is_a_405_with_allow(client: httpx.Client, method: str) -> None:
    response = client.request(method, PATH)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    if method != "HEAD":
        assert message(response) == f"method {method}: not allowed on {PATH}, use POST"


@pytest.mark.parametrize(
    "path", ["/", "/v1/streaming.new/", "/v1/streaming.nothing", "/V1/streaming.new"]
)
def test_an_unknown_path_is_a_404(client: httpx.Client, path: str) -> None:
    response = client.post(path, json={"quality": "low"}, headers={"x-api-key": KEY})
    assert response.status_code == 404
    assert message(response) == f"{path}: no such path"


def test_every_status_the_mock_returns_here_is_documented(
    mock: MockServer, client: httpx.Client
) -> None:
    """The operation's own answers (not 404/405, which belong to no operation) are in the spec."""
    seen = {
        post(client, content=b"{").status_code,
        post(client, {}, key=None).status_code,
        post(client, content=b"x", headers={"content-type": "text/plain"}).status_code,
        post(client, {"quality": "low"}).status_code,
    }
    assert seen == {400, 401, 415, 200}
    assert seen <= set(mock.model.operation("new_session").statuses)


@pytest.mark.parametrize("content", [b' {"quality": "low"}\n', b'\t{"quality": "low"}', b"{}  "])
def test_whitespace_around_the_object_is_accepted(client: httpx.Client, content: bytes) -> None:
    assert post(client, content=content).status_code == 200


@pytest.mark.parametrize(
    ("content", "where"),
    [(b'{"quality": "low"} x', "column 20"), (b'{"quality": "low"}{}', "column 19")],
)
def test_data_after_the_object_is_a_400_saying_where(
    client: httpx.Client, content: bytes, where: str
) -> None:
    response = post(client, content=content)
    assert response.status_code == 400
    assert message(response) == f"body: not valid JSON: Extra data at line 1 {where}"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            rb'{"quality":"low","\ud800":1}',
            "\\ud800: field name is not valid Unicode (lone surrogate U+D800)",
        ),
        (rb'{"quality":"\ud800"}', "quality: not valid Unicode (lone surrogate U+D800)"),
        (
            rb'{"quality":"low","avatar_id":"\udfff"}',
            "avatar_id: not valid Unicode (lone surrogate U+DFFF)",
        ),
    ],
)
def test_a_lone_surrogate_is_a_400_naming_the_field_before_validation(
    client: httpx.Client, mock: MockServer, content: bytes, expected: str
) -> None:
    response = post(client, content=content)
    assert response.status_code == 400
    assert message(response) == expected
    assert client.get("/__mock__/requests").status_code == 200  # the journal still reads
