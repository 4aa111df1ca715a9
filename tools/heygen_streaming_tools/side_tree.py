"""What both sides of a compat round trip share: which tree's packages this process imports."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

__all__ = ["from_tree", "isolate"]

_TREE_DIRS = ("overrides", "generated", "contract_tests")


def isolate(root: Path) -> None:
    """Drop other trees' package folders (an editable install's .pth) from sys.path."""
    keep = [p for p in sys.path if Path(p).name not in _TREE_DIRS or Path(p).parent == root]
    sys.path[:] = keep


def from_tree(module: str, root: Path) -> Any | None:
    """`module` imported from `root`, or None when that tree does not have it."""
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return None
    where = Path(getattr(loaded, "__file__", "") or "").resolve()
    return loaded if root.resolve() in where.parents else None
