"""heygen_streaming: a thin, safe client layer over the generated HeyGen Streaming API client."""

from ._async_client import AsyncStreamingClient
from ._client import StreamingClient
from ._models import Session
from .errors import (
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
    ValidationError,
)

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncStreamingClient",
    "AuthenticationError",
    "BadRequestError",
    "HeyGenError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "Session",
    "StreamingClient",
    "ValidationError",
    "__version__",
]

# Shown as heygen_streaming.X in tracebacks and reprs, like httpx does for its public names.
for _name in __all__:
    if _name != "__version__":
        globals()[_name].__module__ = __name__
del _name


def __getattr__(name: str) -> str:
    # The version lives in pyproject.toml only, read from the installed distribution's metadata;
    # lazily, because importlib.metadata costs more to import than the rest of this package.
    if name == "__version__":
        from importlib.metadata import version

        return version("heygen-streaming")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
