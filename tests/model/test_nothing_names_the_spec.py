"""Hand-written code never names a path or a model of the spec: the spec alone drives it.

Issue 8's rule: after `nox -s generate`, an operation added to the spec works end to end with no
edit outside `openapi/` and `generated/`. So the client layer, the mock and the contract harness
may read the spec's extensions, but no string or identifier in their code (docstrings and
comments aside, which explain with examples) is a path, a schema name or a generated model name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from heygen_streaming.spec_model import packaged_model

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [
    ROOT / "overrides" / "heygen_streaming",
    ROOT / "contract_tests" / "heygen_streaming_mock",
    ROOT / "contract_tests" / "harness",
]


def _forbidden() -> tuple[set[str], set[str]]:
    """(path-like strings, model identifiers) of the packaged spec."""
    model = packaged_model()
    paths = {op.path for op in model.operations}
    # `streaming.new` alone names the path too.
    paths |= {p.rsplit("/", 1)[-1] for p in paths}
    schemas = set((model.document.get("components") or {}).get("schemas") or {})
    return paths, schemas


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _names(source: str) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value
        elif isinstance(node, ast.Name):
            yield node.lineno, node.id
        elif isinstance(node, ast.Attribute):
            yield node.lineno, node.attr
        elif isinstance(node, ast.alias):
            yield node.lineno, node.asname or node.name


def _files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in folder.rglob("*.py"))


def test_the_scan_covers_the_three_hand_written_packages() -> None:
    assert {p.parent.name for p in _files()} >= {"heygen_streaming", "heygen_streaming_mock"}


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_hand_written_module_names_a_path_or_a_model_of_the_spec(path: Path) -> None:
    paths, models = _forbidden()
    found = []
    for line, text in _names(path.read_text("utf-8")):
        if text in models or any(p in text for p in paths if len(text) < 400):
            found.append(f"{path.name}:{line}: {text[:80]!r}")
    assert not found, "names of the spec in hand-written code:\n" + "\n".join(found)


def test_the_check_is_not_vacuous(tmp_path: Path) -> None:
    paths, models = _forbidden()
    planted = f'X = "{sorted(paths)[0]}"\nfrom m import {sorted(models)[0]}\n'
    hits = [t for _, t in _names(planted) if t in models or any(p in t for p in paths)]
    assert len(hits) == 2
