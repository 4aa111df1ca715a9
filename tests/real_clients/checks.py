"""What every real-client test checks: the client ran, the mock's journal shows what it sent, and
every request and answer is valid under the exact spec the mock serves (if a real client sends
something the spec refuses, or refuses what the spec answers, the spec is wrong).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
from heygen_streaming.spec_model import SpecModel

__all__ = [
    "RUN_TIMEOUT",
    "answer_errors",
    "assert_exactly_valid",
    "mock_sessions",
    "run",
    "sent",
]

RUN_TIMEOUT = 120


def run(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, mock: Any = None
) -> Any:
    """The JSON object a client's script printed last; a failure shows its stderr and, given the
    mock, what the mock answered to each request."""
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False, env=env, cwd=cwd
    )
    answered = [] if mock is None else [(e["method"], e["path"], e["status"]) for e in sent(mock)]
    assert proc.returncode == 0, f"{proc.stderr[-3000:]}\nthe mock answered: {answered}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sent(mock: Any) -> list[dict[str, Any]]:
    """The journal, oldest first: method, path, status, headers and body of each request."""
    return [entry.to_dict() for entry in mock.journal.entries()]


def assert_exactly_valid(model: SpecModel, entries: list[dict[str, Any]]) -> None:
    """Every request a real client sent is valid under the exact spec, and was answered 2xx."""
    for entry in entries:
        op = model.route(entry["method"], entry["path"])
        assert op is not None, entry["path"]
        assert 200 <= entry["status"] < 300, entry
        if op.request_schema is not None and entry["body"] not in (None, ""):
            errors = [str(e) for e in model.validator(op.request_schema).errors(entry["body"])]
            assert errors == [], (op.operation_id, errors)


def answer_errors(model: SpecModel, operation_id: str, status: int, body: Any) -> list[str]:
    """Why `body` is not a valid `status` answer of the operation (empty: it is)."""
    validator = model.operation(operation_id).response_validator(status)
    assert validator is not None, (operation_id, status)
    return [str(e) for e in validator.errors(body)]


def mock_sessions(mock: Any) -> dict[str, dict[str, Any]]:
    """The mock's sessions by id, from its own `/__mock__/sessions` endpoint."""
    answer = httpx.get(f"{mock.base_url}/__mock__/sessions", timeout=10)
    assert answer.status_code == 200, answer.text
    return {s["id"]: s for s in answer.json()["sessions"]}
