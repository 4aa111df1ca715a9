"""The exceptions the client raises, and the one function that maps an HTTP status to them.

Hierarchy::

    HeyGenError
     ├── ValidationError               (also a ValueError) refused before any network I/O
     ├── APIConnectionError            the server could not be reached or did not answer
     │    └── APITimeoutError          a timeout (connect, read, write or pool)
     ├── APIResponseValidationError    2xx, but the body is not the documented session
     └── APIStatusError                any non-2xx response (plain for unlisted statuses)
          ├── BadRequestError          400
          ├── AuthenticationError      401
          ├── PermissionDeniedError    403
          ├── NotFoundError            404
          ├── RateLimitError           429
          └── InternalServerError      5xx

The HTTP status decides the class. HeyGen's envelope `code` is informational (the documentation says
200, HeyGen's own SDK shows 100): any integer is accepted and kept on `APIStatusError.code`.
No exception keeps the request or its headers, so none can show the API key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._constants import ERROR_TEXT_LIMIT

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
    "status_error",
    "truncate",
]


def truncate(text: str, limit: int = ERROR_TEXT_LIMIT) -> str:
    """`text` cut to `limit` characters, with a marker saying how much was dropped."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text) - limit} more chars)"


class HeyGenError(Exception):
    """Base of every error this package raises."""


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
    """A connect, read, write or pool timeout expired."""


class APIResponseValidationError(HeyGenError):
    """A 2xx response whose body is not the documented session (the session may exist)."""

    def __init__(self, status_code: int, message: str) -> None:
        self.status_code = status_code
        self.message = message
        super().__init__(f"HTTP {status_code}: unexpected response body: {message}")


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
    """The typed error for an HTTP status: the only place a status picks a class."""
    cls = _BY_STATUS.get(status_code)
    if cls is None:
        cls = InternalServerError if status_code >= 500 else APIStatusError
    return cls(status_code, message, code=code, retry_after=retry_after)
