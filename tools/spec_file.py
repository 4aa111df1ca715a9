"""The hand-authored spec as the build tools read it: with the package's own loader, by path.

`nox -s generate` runs before any client exists, so the tools cannot import `heygen_streaming`
(its `__init__` imports the generated code). `overrides/heygen_streaming/spec.py` imports nothing
of the package, so it is loaded here on its own: one loader, one set of errors, for the package,
the mock and the tools alike.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

__all__ = ["SpecError", "read_spec"]

_SOURCE = Path(__file__).resolve().parent.parent / "overrides" / "heygen_streaming" / "spec.py"
_NAME = "_heygen_streaming_spec_for_tools"


def _module() -> Any:
    if _NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(_NAME, _SOURCE)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[_NAME]


SpecError: type[ValueError] = _module().SpecError


def read_spec(path: Path) -> dict[str, Any]:
    """The OpenAPI document at `path` (YAML or JSON); `SpecError` names the file, line, column."""
    return dict(_module().load_spec(path))
