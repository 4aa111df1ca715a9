"""`nox -s demo`: a session's whole lifecycle from the command line against the in-process mock.

Runs `heygen-streaming session` (open a session, start it, make it speak, stop it; arguments go
to it) with the mock behind its httpx transport, then shows what the mock received. No key, no
network: the mock runs in this process, with its documented local key.
"""

from __future__ import annotations

import json
import sys

from heygen_streaming import cli
from heygen_streaming_mock import DEFAULT_KEY, MockServer

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    mock = MockServer(seed=42)
    connection = ["--api-key", DEFAULT_KEY, "--base-url", "http://mock.local"]
    argv = sys.argv[1:] if argv is None else argv
    argv = argv or ["--text", "Hello! I am your avatar."]
    status = cli.main(["session", *connection, *argv], transport=mock.transport())
    print("What the mock received (journal, secrets masked):")
    for entry in mock.journal.entries():
        print(f"  {entry.method} {entry.path} -> {entry.status}  {json.dumps(entry.body)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
