"""Hand-written code never names what a spec states: the specs alone drive it.

Issue 8's rule, widened by issue 19: after `nox -s generate`, an operation added to a spec works
end to end with no edit outside `openapi/` and `generated/`, and a second or third API costs no
code. So the client layer, the mock, the contract harness and the tools may read the specs'
extensions, but nothing in their code (docstrings and comments aside, which explain with
examples) names, for any of the specs:

- a path (anywhere in a string or byte string; also `streaming.new`, a path's last segment
  when it is not a plain word);
- a schema or generated model name (an identifier, an import; in a string when it has more than
  one word: `Error` or `Message` in a string is English, `SessionToken` is not);
- an operationId or a field name (a request/response property or a parameter) written as an
  identifier of more than one word (`new_session`, `activity_idle_timeout`): as a word of a string
  or byte string, an attribute, a keyword argument or a function's name. One-word names (`text`,
  `code`, `type`) are English and JSON Schema's own words, so they are not scanned; nor are the
  clients' own arguments (`base_url`), nor, as an attribute or a keyword, the spec model's own
  words (`lifecycle.session_id`);
- an error code of `x-session-lifecycle.errors` or `x-envelope.error-codes` (an integer; those
  equal to an HTTP status are statuses, which code may use). `x-envelope.success`'s code is not
  scanned: LiveAvatar's, 1000, is also every millisecond factor and size limit.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming import StreamingClient
from heygen_streaming.lifecycle import OperationLifecycle, SessionLifecycle
from heygen_streaming.listing import ListMapping
from heygen_streaming.spec import load_spec
from heygen_streaming.spec_model import Operation, SpecModel

ROOT = Path(__file__).resolve().parents[2]
SPECS = [
    ROOT / "openapi" / "streaming.yaml",
    ROOT / "openapi" / "liveavatar.yaml",
    *[p for p in [ROOT / "tests" / "spine" / "third.yaml"] if p.is_file()],  # la-harness's
]
FOLDERS = [
    ROOT / "overrides" / "heygen_streaming",
    ROOT / "contract_tests" / "heygen_streaming_mock",
    ROOT / "contract_tests" / "harness",
    ROOT / "tools",
]
# The debt left when this scan was widened (issue 19), by file: names of a spec that these files
# still use as their own attribute or variable names (the mock's session record and key
# profile, the harness's report fields). A file may name these and nothing new; shrink the list.
KNOWN: dict[str, set[str]] = {
    "contract_tests/harness/ledger.py": {"session_id"},
    "contract_tests/harness/report.py": {"session_id"},
    "contract_tests/heygen_streaming_mock/cli.py": {"session_duration_limit"},
    "contract_tests/heygen_streaming_mock/core.py": {"is_paid"},
    "contract_tests/heygen_streaming_mock/listing.py": {"created_at"},
    "contract_tests/heygen_streaming_mock/roles.py": {"duration_ms", "task_id"},
    "contract_tests/heygen_streaming_mock/sessions.py": {
        "access_token",
        "ice_servers",
        "ice_servers2",
        "is_paid",
        "livekit_agent_token",
        "livekit_settings",
        "realtime_endpoint",
        "session_duration_limit",
        "session_id",
    },
    "contract_tests/heygen_streaming_mock/stateful.py": {
        "api_key_type",
        "created_at",
        "next_pagination_token",
        "page_size",
        "session_duration_limit",
    },
    "contract_tests/heygen_streaming_mock/store.py": {"created_at"},
    "overrides/heygen_streaming/_async_client.py": {"session_id"},
    "overrides/heygen_streaming/_client.py": {"session_id"},
    "tools/heygen_streaming_tools/generation.py": {"session_id"},
}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ONE_WORD = re.compile(r"[A-Z]?[a-z0-9]+")


class Forbidden:
    """What the specs state, by how code could name it."""

    def __init__(self, models: list[SpecModel]) -> None:
        self.paths: set[str] = set()
        self.schemas: set[str] = set()
        self.words: set[str] = set()  # operationIds and field names of more than one word
        self.codes: set[int] = set()
        for model in models:
            for op in model.operations:
                last = op.path.rsplit("/", 1)[-1]
                self.paths |= {op.path} | ({last} if not last.isalpha() else set())
                self.words |= {op.operation_id} | {p.name for p in op.parameters}
            components = model.document.get("components") or {}
            self.schemas |= set(components.get("schemas") or {})
            self.words |= set(_properties(model.document))
            self.codes |= set(_codes(model.document))
        self.words = {w for w in self.words if not w.isalpha()}
        self.words -= set(inspect.signature(StreamingClient).parameters)
        self.own: set[str] = set()
        for cls in (SpecModel, Operation, SessionLifecycle, OperationLifecycle, ListMapping):
            self.own |= {n for n in dir(cls) if not n.startswith("_")}
        self.paths.discard("")
        self.codes = {c for c in self.codes if not 100 <= c <= 599}

    def in_text(self, text: str) -> list[str]:
        found = [p for p in self.paths if p in text] if len(text) < 400 else []
        found += [text] if text in self.schemas and not _ONE_WORD.fullmatch(text) else []
        return found + sorted(set(_WORD.findall(text)) & self.words)

    def in_node(self, node: ast.AST, docstrings: set[int]) -> list[str]:
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            value = node.value
            if isinstance(value, bytes):
                return self.in_text(value.decode("latin-1"))
            if isinstance(value, str):
                return self.in_text(value)
            if isinstance(value, int) and not isinstance(value, bool) and value in self.codes:
                return [str(value)]
            return []
        names: list[str] = []
        if isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.alias):
            names = [node.asname or node.name]
        elif isinstance(node, ast.Attribute):
            attr = node.attr
            return [attr] if attr in self.schemas or attr in self.words - self.own else []
        elif isinstance(node, ast.keyword):
            return [node.arg] if node.arg in self.words - self.own else []
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return [node.name] if node.name in self.words else []
        return [n for n in names if n in self.schemas]


def _properties(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield from map(str, node["properties"])
        for value in node.values():
            yield from _properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value)


def _codes(document: dict[str, Any]) -> Iterator[int]:
    errors = (document.get("x-session-lifecycle") or {}).get("errors") or {}
    yield from (e["code"] for e in errors.values() if isinstance(e.get("code"), int))
    envelope = document.get("x-envelope") or {}
    yield from (c for c in (envelope.get("error-codes") or {}).values() if isinstance(c, int))


@cache
def forbidden() -> Forbidden:
    return Forbidden([SpecModel(load_spec(p)) for p in SPECS])


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def scan(source: str, names: Forbidden) -> list[tuple[int, str]]:
    """(line, name) of every name of the specs in `source`."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [
        (getattr(node, "lineno", 0), name)
        for node in ast.walk(tree)
        for name in names.in_node(node, skip)
    ]


def _files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in folder.rglob("*.py"))


def test_the_scan_covers_both_specs_and_the_four_hand_written_areas() -> None:
    assert {p.name for p in SPECS} >= {"streaming.yaml", "liveavatar.yaml"}
    scanned = {p.relative_to(ROOT).parts[0] for p in _files()}
    assert scanned == {"overrides", "contract_tests", "tools"}
    assert {p.parent.name for p in _files()} >= {"heygen_streaming_mock", "harness", "tools"}


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_hand_written_module_names_a_path_model_operation_field_or_code_of_a_spec(
    path: Path,
) -> None:
    known = KNOWN.get(path.relative_to(ROOT).as_posix(), set())
    found = [(line, n) for line, n in scan(path.read_text("utf-8"), forbidden()) if n not in known]
    listed = "\n".join(f"{path.relative_to(ROOT)}:{line}: {n[:80]!r}" for line, n in found)
    assert not found, "names of a spec in hand-written code:\n" + listed


def test_the_scan_finds_each_kind_of_name_planted_in_a_module() -> None:
    names = forbidden()
    field = sorted(names.words - names.own)[0]
    planted = (
        f'X = "{sorted(names.paths)[0]}"\n'
        f"from m import {sorted(names.schemas)[0]}\n"
        f"Y = b'{{\"{field}\": 1}}'\n"
        f"Z = f(**{{}}, {field}=1)\n"
        f"W = answer.{field}\n"
        f'V = {{"code": {sorted(names.codes)[0]}}}\n'
        f'U = "the {field} field"\n'
    )
    assert sorted(line for line, _ in scan(planted, names)) == [1, 2, 3, 4, 5, 6, 7]


def test_statuses_one_word_names_and_docstrings_are_not_findings() -> None:
    source = '"""Reads `/v1/streaming.new` and its activity_idle_timeout."""\nX = {"text": 404}\n'
    assert scan(source, forbidden()) == []
