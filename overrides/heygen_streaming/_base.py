"""What the sync and async clients share: configuration, request building, response handling."""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

import httpx
from heygen_streaming_api.api.streaming import new_session as _endpoint
from heygen_streaming_api.client import AuthenticatedClient
from heygen_streaming_api.models import ErrorResponse, NewSessionRequest

from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    CONNECT_TIMEOUT,
    DEFAULT_BASE_URL,
    LOGGER_NAME,
    READ_TIMEOUT,
)
from ._models import Session
from ._request import build_request, request_body
from ._retry import RetryPolicy, parse_retry_after, request_not_sent
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    HeyGenError,
    status_error,
    truncate,
)
from .redact import MASK, mask_headers, mask_json, scrub, secret_field_names, secret_values
from .spec import format_errors, schema_validator

__all__ = ["BaseClient", "Prepared", "TimeoutTypes", "logger"]

logger = logging.getLogger(LOGGER_NAME)

TimeoutTypes = float | httpx.Timeout


def _timeout(value: TimeoutTypes | None, default: httpx.Timeout) -> httpx.Timeout:
    if value is None:
        return default
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(float(value))


class _Api(AuthenticatedClient):
    """The generated client, unchanged except that its repr no longer prints the key."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r}, token={MASK!r})"


class Prepared:
    """One call's request, built and validated once, sent once per attempt."""

    __slots__ = ("_key", "_secrets", "body", "kwargs")

    def __init__(self, kwargs: dict[str, Any], body: dict[str, Any], key: str) -> None:
        self.kwargs = kwargs
        self.body = body
        self._key = key
        self._secrets: set[str] | None = None

    @property
    def secrets(self) -> set[str]:
        """Values to scrub from anything the server writes back (found only when needed)."""
        if self._secrets is None:
            self._secrets = {self._key, *secret_values(self.body)}
        return self._secrets


class BaseClient:
    """Configuration and the I/O-free halves of `new_session`."""

    _api: _Api

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: TimeoutTypes | None,
        max_retries: int,
        retry_on_server_errors: bool,
        httpx_args: dict[str, Any],
    ) -> None:
        key = api_key if api_key else os.environ.get(API_KEY_ENV)
        if not key:
            raise HeyGenError(
                f"no API key: pass api_key=... to {type(self).__name__}() "
                f"or set the {API_KEY_ENV} environment variable"
            )
        self._key = key
        self.base_url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = _timeout(timeout, httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT))
        self.max_retries = max_retries
        self._policy = RetryPolicy(
            max_retries=max_retries, retry_on_server_errors=retry_on_server_errors
        )
        self._api = _Api(
            base_url=self.base_url,
            token=key,
            prefix="",  # HeyGen takes the bare key
            auth_header_name="X-Api-Key",
            timeout=self.timeout,
            raise_on_unexpected_status=False,
            httpx_args=httpx_args,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key={MASK!r}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries!r})"
        )

    def _prepare(
        self, request: NewSessionRequest | None, fields: dict[str, Any], timeout: Any
    ) -> Prepared:
        model = build_request(request, fields)
        # The generated endpoint builds method, path, JSON body and headers; we only add a
        # per-call timeout, which its sync()/asyncio() functions cannot take. Without one, the
        # httpx client's own applies: the generated client was built with `self.timeout`.
        kwargs = _endpoint._get_kwargs(body=model)
        if timeout is not None:
            kwargs["timeout"] = _timeout(timeout, self.timeout)
        body = kwargs["json"] if request is None else request_body(model)
        return Prepared(kwargs, body, self._key)

    def _log_request(self, request: httpx.Request, prepared: Prepared, attempt: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "request %s %s attempt=%d headers=%s body=%s",
                request.method,
                request.url,
                attempt + 1,
                mask_headers(request.headers),
                json.dumps(mask_json(prepared.body)),
            )

    def _log_failure(self, exc: Exception, prepared: Prepared) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            text = scrub(f"{type(exc).__name__}: {exc}", prepared.secrets)
            logger.debug("response none: %s", text)

    def _log_response(self, response: httpx.Response, prepared: Prepared, started: float) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            try:
                shown = json.dumps(mask_json(response.json()))
            except ValueError:
                shown = repr(truncate(response.text))
            logger.debug(
                "response %d %s %s elapsed=%.1fms headers=%s body=%s",
                response.status_code,
                response.request.method,
                response.request.url,
                (time.perf_counter() - started) * 1000,
                mask_headers(response.headers),
                scrub(shown, prepared.secrets),
            )

    def _log_retry(self, delay: float, why: str, retry: int) -> None:
        logger.debug("retry %d/%d in %.2fs after %s", retry + 1, self.max_retries, delay, why)

    def _connection_error(self, exc: httpx.TransportError, prepared: Prepared) -> HeyGenError:
        sent = not request_not_sent(exc)
        detail = scrub(str(exc) or type(exc).__name__, prepared.secrets)
        message = f"{type(exc).__name__}: {detail}"
        if sent:
            message += " (the request was sent: the session may have been created)"
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        return cls(message, request_sent=sent)

    def _outcome(self, response: httpx.Response, prepared: Prepared) -> Session | APIStatusError:
        """The session of a 2xx response, or the typed error of any other (returned, not raised)."""
        if response.is_success:
            return self._session(response, prepared)
        try:
            payload: Any = response.json()
        except ValueError:
            payload = None
        if schema_validator("ErrorResponse").is_valid(payload):
            parsed = ErrorResponse.from_dict(payload)
            code: int | None = parsed.code
            message = parsed.message
        else:  # not JSON, or not the documented envelope: keep the raw text
            code = None
            message = truncate(response.text.strip()) or response.reason_phrase or "(empty body)"
        return status_error(
            response.status_code,
            scrub(message, prepared.secrets),
            code=code,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )

    def _session(self, response: httpx.Response, prepared: Prepared) -> Session:
        try:
            payload: Any = response.json()
        except ValueError:
            text = scrub(truncate(response.text), prepared.secrets)
            raise APIResponseValidationError(response.status_code, f"not JSON: {text!r}") from None
        errors = schema_validator("NewSessionResponse").errors(payload, hide=secret_field_names())
        if errors:
            raise APIResponseValidationError(
                response.status_code, scrub(format_errors(errors), prepared.secrets)
            )
        # Session is the generated SessionData with a repr that masks the tokens; the envelope
        # (code, message) is informational and was validated above.
        return Session.from_dict(payload["data"])
