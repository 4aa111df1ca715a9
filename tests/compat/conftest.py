"""Makes tools/ (not a package) and the spec fixtures importable, and builds fixture trees."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for folder in (ROOT / "tools", HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from cases import base_spec, case  # noqa: E402
from compat_run import tree_from_spec  # noqa: E402

# The cases the empirical round trip runs on (the structural tests cover them all).
ROUND_TRIP_CASES = ("narrowed range", "new optional request field")


@pytest.fixture(scope="session")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Generated trees, once per session: `base` (the working spec) and one per round-trip case."""
    base = tmp_path_factory.mktemp("trees")
    built = {"base": tree_from_spec(base_spec(), base / "base", ROOT)}
    for name in ROUND_TRIP_CASES:
        _, new_spec = case(name).specs()
        built[name] = tree_from_spec(new_spec, base / name.replace(" ", "-"), ROOT)
    return built
