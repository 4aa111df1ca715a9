"""Fixtures of the compat tests: the working spec, and trees generated from variants of it.

The tools package is importable because pytest puts `tools/` on sys.path (`pythonpath` in
pyproject.toml), as `python tools/compat.py` does by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming_tools.roundtrip import tree_spec

from tests.compat.support.mutations import MUTATIONS, mutated
from tests.compat.support.trees import tree_from_spec

ROOT = Path(__file__).resolve().parents[2]
Spec = dict[str, Any]


@pytest.fixture(scope="session")
def base_spec() -> Spec:
    """The contract the working tree's generated client and mock use."""
    return tree_spec(ROOT)


@pytest.fixture(scope="session")
def tree(tmp_path_factory: pytest.TempPathFactory, base_spec: Spec) -> Callable[[str], Path]:
    """`tree(name)`: a generated tree, once per session. `base` is the working spec; a
    mutation's name gives its new side; `name:old` its old side (when it has a `before`)."""
    built: dict[str, Path] = {"working": ROOT}
    folder = tmp_path_factory.mktemp("trees")

    def build(name: str) -> Path:
        if name not in built:
            if name == "base":
                spec = base_spec
            else:
                mutation = next(m for m in MUTATIONS if m.name == name.removesuffix(":old"))
                old, new, _ = mutated(base_spec, mutation)
                spec = old if name.endswith(":old") else new
            dest = folder / name.replace(" ", "-").replace(":", "-").replace("'", "")
            built[name] = tree_from_spec(spec, dest, ROOT)
        return built[name]

    return build
