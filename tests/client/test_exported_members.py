"""The public surface of `heygen_streaming`, pinned (like httpx's own test)."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import pkgutil
import subprocess
import sys
import types
import typing

import heygen_streaming
from heygen_streaming.spec_model import packaged_model

PUBLIC = [
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
CONSTRUCTOR = [
    "api_key",
    "session_token",
    "base_url",
    "timeout",
    "max_retries",
    "retry_on_server_errors",
    "max_response_bytes",
    "deadline",
    "strict_responses",
    "transport",
    "sleep",
]
OPERATIONS = [
    "create_token",
    "interrupt",
    "keep_alive",
    "list_sessions",
    "list_sessions_v2",
    "new_session",
    "session",
    "start",
    "start_listening",
    "stop",
    "stop_listening",
    "task",
]
HANDLE = ["interrupt", "keep_alive", "start_listening", "stop", "stop_listening", "task"]


def _public(cls: type) -> list[str]:
    return sorted(n for n in dir(cls) if not n.startswith("_"))


def test_all_imports_are_exported() -> None:
    names = [
        name
        for name in dir(heygen_streaming)
        if not name.startswith("_")
        and not isinstance(getattr(heygen_streaming, name), types.ModuleType)
    ]
    # __version__ is computed on first access (importlib.metadata is slow to import).
    names.append("__version__")
    assert heygen_streaming.__all__ == sorted(names) == PUBLIC


def test_version_comes_from_the_distribution_metadata_only() -> None:
    assert heygen_streaming.__version__ == importlib.metadata.version("heygen-streaming")
    assert "__version__" not in vars(heygen_streaming)


def test_public_classes_present_themselves_as_top_level_names() -> None:
    for name in PUBLIC:
        if name != "__version__":
            assert getattr(heygen_streaming, name).__module__ == "heygen_streaming"


def test_both_clients_take_the_same_pinned_settings() -> None:
    for cls in (heygen_streaming.StreamingClient, heygen_streaming.AsyncStreamingClient):
        assert list(inspect.signature(cls).parameters) == CONSTRUCTOR


def test_both_clients_have_one_method_per_operation_of_the_spec_and_session() -> None:
    assert _public(heygen_streaming.StreamingClient) == sorted([*OPERATIONS, "close"])
    assert _public(heygen_streaming.AsyncStreamingClient) == sorted([*OPERATIONS, "aclose"])
    ids = {op.operation_id for op in packaged_model().operations}
    assert ids == set(OPERATIONS) - {"session"}


def test_session_handles_have_the_operations_of_one_session() -> None:
    assert _public(heygen_streaming.SessionHandle) == HANDLE
    assert _public(heygen_streaming.AsyncSessionHandle) == _public(heygen_streaming.SessionHandle)


def test_create_token_returns_the_session_token_model() -> None:
    hints = typing.get_type_hints(heygen_streaming.StreamingClient.create_token)
    assert hints["return"].__name__ == "SessionToken"


def test_every_module_has_a_one_line_docstring_and_all() -> None:
    for info in pkgutil.iter_modules(heygen_streaming.__path__):
        module = importlib.import_module(f"heygen_streaming.{info.name}")
        doc = (module.__doc__ or "").strip()
        assert doc, info.name
        assert "\n" not in doc.split("\n\n")[0], info.name
        assert isinstance(getattr(module, "__all__", None), list), info.name


def test_importing_the_package_stays_light() -> None:
    code = (
        "import sys; from heygen_streaming import StreamingClient; "
        "print(sorted(m for m in ('jsonschema_rs', 'yaml', 'heygen_streaming.cli', "
        "'heygen_streaming._cli_fields') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_package_alone_loads_its_public_names_only_when_one_is_used() -> None:
    code = (
        "import sys, heygen_streaming; print('httpx' in sys.modules); "
        "heygen_streaming.HeyGenError; "
        "print(heygen_streaming.StreamingClient.__module__, 'httpx' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "heygen_streaming", "True"]
