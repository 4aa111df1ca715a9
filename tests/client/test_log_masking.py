"""A client masks its credentials and the tokens it receives in every log line, by default."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from heygen_streaming import StreamingClient, install_log_filter
from heygen_streaming.logfilter import LOGGERS, SecretFilter
from heygen_streaming_mock import MockServer

KEY = "log-masking-key-0123456789"


def _client(mock: MockServer) -> StreamingClient:
    return StreamingClient(api_key=KEY, base_url="http://mock", transport=mock.transport())


def test_building_a_client_installs_the_log_filter_on_every_logger() -> None:
    _client(MockServer(api_keys=[KEY], seed=1)).close()
    installed = install_log_filter()
    assert isinstance(installed, SecretFilter)
    for name in LOGGERS:
        assert installed in logging.getLogger(name).filters, name


def test_the_key_of_a_client_is_masked_in_a_foreign_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    _client(MockServer(api_keys=[KEY], seed=1)).close()
    with caplog.at_level(logging.INFO, logger="httpx"):
        logging.getLogger("httpx").info("server echoed %s", KEY)
    assert KEY not in caplog.text
    assert "server echoed ***" in caplog.text


def test_a_token_the_server_returned_is_masked_in_later_log_lines(
    kit: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Opaque tokens: a JWT-shaped one would be masked by its shape alone, registered or not.
    body = kit.example("200", "success")
    opaque = {"access_token": "opaque-access-0123456789", "livekit_agent_token": "opaque-agent-987"}
    body["data"].update(opaque)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    with StreamingClient(api_key=KEY, base_url="http://mock", transport=transport) as client:
        client.new_session()
    with caplog.at_level(logging.INFO, logger="httpcore.http11"):
        for token in opaque.values():
            logging.getLogger("httpcore.http11").info("header value %s seen", token)
    for token in opaque.values():
        assert token not in caplog.text
    assert caplog.text.count("header value *** seen") == len(opaque)


def test_a_token_the_client_sends_is_masked_in_log_lines_before_any_answer(
    kit: Any, caplog: pytest.LogCaptureFixture
) -> None:
    sent = "opaque-livekit-0123456789"
    seen: list[str] = []

    def echo(request: httpx.Request) -> httpx.Response:
        # What httpcore would log of a server echoing the token in a header, mid-call.
        logging.getLogger("httpcore.http11").info("response header X-Debug: %s", sent)
        seen.append(request.method)
        return httpx.Response(200, json=kit.example("200", "success"))

    livekit = {"room": "room-1", "url": "wss://livekit.example", "token": sent}
    with (
        caplog.at_level(logging.INFO, logger="httpcore.http11"),
        StreamingClient(
            api_key=KEY, base_url="http://mock", transport=httpx.MockTransport(echo)
        ) as client,
    ):
        client.new_session(livekit_settings=livekit)
    assert seen == ["POST"]
    assert sent not in caplog.text
    assert "response header X-Debug: ***" in caplog.text
