"""The public surface of `heygen_streaming`, pinned (like httpx's own test)."""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
import subprocess
import sys
import types

import heygen_streaming

PUBLIC = [
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


def test_all_imports_are_exported() -> None:
    names = [
        name
        for name, value in vars(heygen_streaming).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    ]
    # __version__ is computed on first access (importlib.metadata is slow to import).
    names.append("__version__")
    assert heygen_streaming.__all__ == sorted(names) == PUBLIC


def test_version_comes_from_the_distribution_metadata_only() -> None:
    assert heygen_streaming.__version__ == importlib.metadata.version("heygen-streaming")
    assert "__version__" not in vars(heygen_streaming)


def test_public_classes_present_themselves_as_top_level_names() -> None:
    for name in PUBLIC[:-1]:
        assert getattr(heygen_streaming, name).__module__ == "heygen_streaming"


def test_every_module_has_a_one_line_docstring_and_all() -> None:
    for info in pkgutil.iter_modules(heygen_streaming.__path__):
        module = importlib.import_module(f"heygen_streaming.{info.name}")
        doc = (module.__doc__ or "").strip()
        assert doc, info.name
        assert "\n" not in doc.split("\n\n")[0], info.name
        assert isinstance(getattr(module, "__all__", None), list), info.name


def test_importing_the_package_stays_light() -> None:
    code = (
        "import sys, heygen_streaming; "
        "print(sorted(m for m in ('jsonschema_rs', 'yaml', 'heygen_streaming.cli', "
        "'heygen_streaming._cli_fields') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
