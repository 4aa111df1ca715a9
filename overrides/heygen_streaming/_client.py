"""`StreamingClient`: the synchronous client."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import httpx
from heygen_streaming_api.models import NewSessionRequest

from ._base import BaseClient, TimeoutTypes
from ._constants import MAX_RETRIES
from ._models import Session

__all__ = ["StreamingClient"]


class StreamingClient(BaseClient):
    """A synchronous client of HeyGen's Streaming API, built on the generated client.

    Every setting follows one order: the argument, then the environment (`HEYGEN_API_KEY`,
    `HEYGEN_BASE_URL`), then the default (`https://api.heygen.com`).

    Args:
        api_key: the HeyGen API key, sent as the `X-Api-Key` header.
        base_url: the server, e.g. a local mock.
        timeout: seconds (all phases) or an `httpx.Timeout`; default 5 s connect, 30 s otherwise.
        max_retries: retries of requests that provably created nothing (see the README's policy).
        retry_on_server_errors: also retry read timeouts, dropped connections and 5xx. This can
            create duplicate, billed sessions: only for callers who prefer that to none.
        transport: an `httpx.BaseTransport` to send through (tests, the in-process mock).
        sleep: how to wait between retries (injectable so tests never sleep).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes | None = None,
        max_retries: int = MAX_RETRIES,
        retry_on_server_errors: bool = False,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_on_server_errors=retry_on_server_errors,
            httpx_args={} if transport is None else {"transport": transport},
        )
        self._sleep = sleep

    def new_session(
        self,
        request: NewSessionRequest | None = None,
        /,
        *,
        timeout: TimeoutTypes | None = None,
        **fields: Any,
    ) -> Session:
        """Open a streaming session (billed) and return it.

        Give either a generated `NewSessionRequest` or its fields as keywords (nested objects as
        dicts, e.g. `voice={"voice_id": "..."}`); a keyword that is None counts as not given.
        The spec's defaults fill the rest. `timeout` overrides the client's for this call.

        Raises:
            ValidationError: the request breaks the spec (nothing was sent).
            APIStatusError: a subclass per status (BadRequestError, RateLimitError, ...).
            APIConnectionError: the server could not be reached or did not answer in time.
        """
        prepared = self._prepare(request, fields, timeout)
        http = self._api.get_httpx_client()
        retry = 0
        while True:
            sent = http.build_request(**prepared.kwargs)
            self._log_request(sent, prepared, retry)
            started = time.perf_counter()
            try:
                response = http.send(sent)
            except httpx.TransportError as exc:
                self._log_failure(exc, prepared)
                delay = self._policy.after_exception(exc, retry)
                if delay is None:
                    raise self._connection_error(exc, prepared) from None
                why = type(exc).__name__
            else:
                self._log_response(response, prepared, started)
                outcome = self._outcome(response, prepared)
                if isinstance(outcome, Session):
                    return outcome
                delay = self._policy.after_status(outcome.status_code, outcome.retry_after, retry)
                if delay is None:
                    raise outcome
                why = f"HTTP {outcome.status_code}"
            self._log_retry(delay, why, retry)
            self._sleep(delay)
            retry += 1

    def close(self) -> None:
        """Close the connection pool."""
        self._api.get_httpx_client().close()

    def __enter__(self) -> Self:
        self._api.get_httpx_client().__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
