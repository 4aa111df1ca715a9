"""The exceptions the client raises, and the one function that maps an HTTP status to them.

Hierarchy::

    HeyGenError
     ├── ValidationError               (also a ValueError) refused before any network I/O
     ├── APIConnectionError            the server could not be reached or did not answer
     │    └── APITimeoutError          a timeout (connect, read, write or pool)
     ├── APIResponseValidationError    the response is unusable: a 2xx that is not the documented
     │                                 body, or any response past a limit (`limit` names it)
     └── APIStatusError                any non-2xx response (plain for unlisted statuses,
          │                            and for statuses outside 100-599, which HTTP does not define)
          ├── BadRequestError          400
          ├── AuthenticationError      401
          ├── PermissionDeniedError    403
          ├── NotFoundError            404
          ├── RateLimitError           429
          └── InternalServerError      500-599

The HTTP status decides the class. HeyGen's envelope `code` is informational (the documentation says
200, HeyGen's own SDK shows 100): any integer is accepted and kept on `APIStatusError.code`.
No exception keeps the request or its headers, so none can show the API key.

Limits (see heygen_streaming._limits): a response larger than `max_response_bytes` (after
decompression, or on the wire) or with a corrupt or unsupported `Content-Encoding` is an
`APIResponseValidationError` whose `limit` is `"max_response_bytes"` or `"content-encoding"`; an
attempt past its deadline is an `APITimeoutError` whose `limit` is `"deadline"`. Anything else a
broken server can provoke while its answer is decoded (JSON nested too deeply, text that is not
valid Unicode, a lone surrogate) is an `APIResponseValidationError` too (`foreign_error`), with
no traceback chain back to the request. One whose body names a session carries its id
(`session_id`).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from .spec import FieldError

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "HeyGenError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ValidationError",
    "foreign_error",
    "status_error",
    "truncate",
]


def truncate(text: str, limit: int = 500) -> str:
    """`text` cut to `limit` characters (raw error bodies in messages and logs), with a marker."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text) - limit} more chars)"


class HeyGenError(Exception):
    """Base of every error this package raises.

    `session_id`: the session the error concerns, when one is known: the one an unusable create
    answer named, or the one a `client.session()` block stopped because of this error.
    """

    session_id: str | None = None


class ValidationError(HeyGenError, ValueError):
    """The request breaks a rule of the spec; raised before anything is sent."""

    def __init__(self, errors: list[FieldError]) -> None:
        from .spec import format_errors

        self.errors = errors
        super().__init__(f"invalid request: {format_errors(errors)}")


class APIConnectionError(HeyGenError):
    """The request could not be completed at the transport level."""

    def __init__(self, message: str, *, request_sent: bool) -> None:
        # False only when the failure provably happened before the request left (nothing created).
        self.request_sent = request_sent
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired, or the attempt's deadline passed."""

    def __init__(self, message: str, *, request_sent: bool, limit: str | None = None) -> None:
        self.limit = limit  # "deadline" when the per-attempt deadline, not one timeout, expired
        super().__init__(message, request_sent=request_sent)


class APIResponseValidationError(HeyGenError):
    """A 2xx whose body is not the documented one, or a response past a limit (`limit` says which).

    After a 2xx the server has acted (a session may exist: `session_id` names it when the body
    did). `limit` is None for an off-spec body, else `"max_response_bytes"` or `"content-encoding"`.
    """

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        limit: str | None = None,
        session_id: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.message = message
        self.limit = limit
        # The session the answer names, when one could be read: it exists and is billed until
        # stopped (`client.session()` stops it before raising).
        self.session_id = session_id
        what = "unexpected response body" if limit is None else "response refused"
        created = "" if session_id is None else f" (session {session_id} was created)"
        super().__init__(f"HTTP {status_code}: {what}: {message}{created}")


class APIStatusError(HeyGenError):
    """The server answered with a non-2xx status."""

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status_code = status_code
        self.code = code  # HeyGen's envelope code, when the body had one; informational only
        self.message = message
        self.retry_after = retry_after  # seconds, from a Retry-After header
        super().__init__(message)

    def __str__(self) -> str:
        code = "" if self.code is None or self.code == self.status_code else f", code {self.code}"
        return f"HTTP {self.status_code}{code}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, code={self.code!r}, "
            f"message={self.message!r})"
        )


class BadRequestError(APIStatusError):
    """400: the server refused the request's content."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or not valid."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such endpoint (check the base URL)."""


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` says how long to wait, when the server said."""


class InternalServerError(APIStatusError):
    """5xx: the server failed; after a 500 the session may or may not exist."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error(
    status_code: int,
    message: str,
    *,
    code: int | None = None,
    retry_after: float | None = None,
) -> APIStatusError:
    """The typed error for an HTTP status: the only place a status picks a class.

    A status outside 100-599 (600, 999: HTTP defines none) is a plain `APIStatusError`, never an
    `InternalServerError`, whose documented meaning (the server failed) it does not have.
    """
    cls = _BY_STATUS.get(status_code)
    if cls is None:
        cls = InternalServerError if 500 <= status_code <= 599 else APIStatusError
    return cls(status_code, message, code=code, retry_after=retry_after)


# What decoding a hostile answer can raise besides the typed errors: JSON nested deeper than the
# interpreter's recursion limit, a lone surrogate that jsonschema-rs or an encoder refuses, bytes
# that are not UTF-8, a corrupt compressed body. httpx.DecodingError also carries the request.
_FOREIGN: dict[type[BaseException], str] = {
    RecursionError: "JSON nested too deeply to parse",
    UnicodeEncodeError: "text with characters that cannot be encoded (a lone surrogate?)",
    UnicodeDecodeError: "bytes that are not valid text in the declared encoding",
    UnicodeError: "text that is not valid Unicode",
    httpx.DecodingError: "a body that cannot be decoded as its Content-Encoding says",
    zlib.error: "a corrupt compressed body",
}
FOREIGN_ERRORS: tuple[type[BaseException], ...] = tuple(_FOREIGN)


def foreign_error(exc: BaseException, status_code: int) -> APIResponseValidationError:
    """The documented error for one of `FOREIGN_ERRORS`; keeps nothing of `exc` but its class name.

    Raise the result OUTSIDE the `except` block that caught `exc` (assign it there, raise after
    the `try` statement): raised inside, even `from None`, `__context__` would still lead to `exc`.
    """
    why = next(text for cls, text in _FOREIGN.items() if isinstance(exc, cls))
    return APIResponseValidationError(status_code, f"{why} ({type(exc).__name__})")
