"""heygen_streaming: a thin, safe client layer over the generated clients of HeyGen's live APIs.

The public names load on first use (PEP 562): `import heygen_streaming` alone (what the mock and
the tools need) costs no httpx and no generated models. The first one asked for loads them all,
so every public class presents itself as `heygen_streaming.X` from then on.
"""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from ._async_client import (
        AsyncLiveAvatarClient,
        AsyncSessionHandle,
        AsyncStreamingClient,
        async_client_class,
    )
    from ._client import LiveAvatarClient, SessionHandle, StreamingClient, client_class
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
    from .logfilter import install_log_filter

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncLiveAvatarClient",
    "AsyncSessionHandle",
    "AsyncStreamingClient",
    "AuthenticationError",
    "BadRequestError",
    "HeyGenError",
    "InternalServerError",
    "LiveAvatarClient",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "Session",
    "SessionHandle",
    "StreamingClient",
    "ValidationError",
    "__version__",
    "async_client_class",
    "client_class",
    "install_log_filter",
]

# Where each public name lives (a submodule of this package).
_WHERE = {
    "AsyncLiveAvatarClient": "_async_client",
    "AsyncSessionHandle": "_async_client",
    "AsyncStreamingClient": "_async_client",
    "async_client_class": "_async_client",
    "LiveAvatarClient": "_client",
    "SessionHandle": "_client",
    "StreamingClient": "_client",
    "client_class": "_client",
    "Session": "_models",
    "install_log_filter": "logfilter",
    **{name: "errors" for name in __all__ if name.endswith("Error")},
}


def _load() -> None:
    """Every public name into the package namespace, each shown as `heygen_streaming.X`."""
    for name, module in _WHERE.items():
        value = getattr(_importlib.import_module(f".{module}", __name__), name)
        value.__module__ = __name__  # as httpx does for its public names (tracebacks, reprs)
        globals()[name] = value


def __getattr__(name: str) -> _typing.Any:
    if name in _WHERE:
        _load()
        return globals()[name]
    # The version lives in pyproject.toml only, read from the installed distribution's metadata;
    # lazily, because importlib.metadata costs more to import than the rest of this package.
    if name == "__version__":
        from importlib.metadata import version

        return version("heygen-streaming")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
