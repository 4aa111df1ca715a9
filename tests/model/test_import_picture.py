"""The import picture: no circle among the hand-written modules, and adapters depend on the core.

Only imports that run when a module is imported count: those at module level, outside
`if TYPE_CHECKING:`. A circle there is what breaks an import; a function-level import is not.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "heygen_streaming": ROOT / "overrides" / "heygen_streaming",
    "heygen_streaming_mock": ROOT / "contract_tests" / "heygen_streaming_mock",
    "harness": ROOT / "contract_tests" / "harness",
    "heygen_streaming_tools": ROOT / "tools" / "heygen_streaming_tools",
}
# Which package may import which: the client layer is the core; everything else adapts it.
ALLOWED = {
    "heygen_streaming": set(),
    "heygen_streaming_mock": {"heygen_streaming"},
    "harness": {"heygen_streaming", "heygen_streaming_mock"},
    "heygen_streaming_tools": {"heygen_streaming", "heygen_streaming_mock"},
}


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
            found.extend(n for n in node.body if isinstance(n, ast.Import | ast.ImportFrom))
    return found


def import_graph(packages: dict[str, Path]) -> dict[str, set[str]]:
    """Module name -> the hand-written modules it imports at import time."""
    files = {
        (pkg if path.stem == "__init__" else f"{pkg}.{path.stem}"): path
        for pkg, folder in packages.items()
        for path in folder.glob("*.py")
    }
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        pkg = name.split(".")[0]
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in files)
                continue
            base = node.module or ""
            if node.level:
                base = f"{pkg}.{base}" if base else pkg
            for alias in node.names:
                target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
                if target in files and target != name:
                    graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle, as the path that closes it (depth-first search, colours)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def test_no_hand_written_module_imports_itself_in_a_circle() -> None:
    assert circles(import_graph(PACKAGES)) == []


def test_each_package_imports_only_the_layers_below_it() -> None:
    wrong = sorted(
        (name, target)
        for name, targets in import_graph(PACKAGES).items()
        for target in targets
        if target.split(".")[0] != name.split(".")[0]
        and target.split(".")[0] not in ALLOWED[name.split(".")[0]]
    )
    assert wrong == []


def test_a_circle_is_found_when_two_modules_import_each_other(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from .b import B\nA = 1\n")
    (tmp_path / "b.py").write_text("from .a import A\nB = 2\n")
    (tmp_path / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n"
    )
    graph = import_graph({"pkg": tmp_path})
    assert graph["pkg.c"] == set()  # a TYPE_CHECKING import is no circle
    assert circles(graph) == [["pkg.a", "pkg.b", "pkg.a"]]
