"""What the client computes once per operation sends exactly what building it per call would."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from heygen_streaming import APIStatusError, StreamingClient
from heygen_streaming._plan import plan_of
from heygen_streaming_api.api import ENDPOINTS


def _examples() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for endpoint in ENDPOINTS:
        plan = plan_of(endpoint)
        for name, example in plan.operation.request_examples.items():
            body = {**plan.defaults, **example}
            if endpoint.body is not None and plan.validator and plan.validator.is_valid(body):
                out.append((f"{endpoint.operation_id}:{name}", body))
    return out


@pytest.mark.parametrize(("name", "body"), _examples(), ids=[n for n, _ in _examples()])
def test_a_checked_body_is_sent_as_the_generated_model_would_send_it(
    kit: Any, name: str, body: dict[str, Any]
) -> None:
    operation = name.partition(":")[0]
    endpoint = next(e for e in ENDPOINTS if e.operation_id == operation)
    assert endpoint.body is not None
    assert plan_of(endpoint).direct  # the generated build takes the checked dict as it is
    recorder = kit.Recorder(lambda request: httpx.Response(500, json={"code": 500}))
    client = StreamingClient(api_key=kit.API_KEY, transport=recorder.transport(), max_retries=0)
    with pytest.raises(APIStatusError):  # a 500: only what was sent matters here
        getattr(client, operation)(**body)
    assert recorder.body() == endpoint.body.from_dict(body).to_dict()


def test_a_base_url_with_a_path_prefix_keeps_it_on_every_call(kit: Any) -> None:
    recorder = kit.Recorder()
    client = StreamingClient(
        api_key=kit.API_KEY,
        base_url="https://proxy.example/heygen/",
        transport=recorder.transport(),
    )
    client.new_session()
    client.new_session(quality="low")
    urls = [str(r.url) for r in recorder.requests]
    assert urls == ["https://proxy.example/heygen/v1/streaming.new"] * 2


def test_the_cached_headers_of_one_client_never_reach_another(kit: Any) -> None:
    first, second = kit.Recorder(), kit.Recorder()
    StreamingClient(api_key="first-key-0123456789", transport=first.transport()).new_session()
    StreamingClient(api_key="second-key-0123456789", transport=second.transport()).new_session()
    assert first.requests[0].headers["X-Api-Key"] == "first-key-0123456789"
    assert second.requests[0].headers["X-Api-Key"] == "second-key-0123456789"


def test_a_per_call_timeout_still_reaches_the_request(kit: Any) -> None:
    recorder = kit.Recorder()
    client = StreamingClient(api_key=kit.API_KEY, transport=recorder.transport())
    client.new_session(timeout=3.5)
    client.new_session()
    timeouts = [r.extensions["timeout"]["read"] for r in recorder.requests]
    assert timeouts == [3.5, 30.0]
