"""`nox -s demo`: a session's whole lifecycle through StreamingClient against the in-process mock.

Opens a session with the session handle, makes the avatar speak, keeps it alive and leaves the
block, which stops it; then shows what the mock received and the session's final state. No key,
no network: the mock runs in this process, behind its httpx transport.
"""

from __future__ import annotations

import argparse
import json
import sys

from heygen_streaming import HeyGenError, StreamingClient
from heygen_streaming_mock import DEFAULT_KEY, MockServer

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42, help="the mock's seed (default 42)")
    parser.add_argument("--quality", default="medium", choices=["high", "medium", "low"])
    parser.add_argument("--text", default="Hello! I am your avatar.", help="what the avatar says")
    parser.add_argument("--show-secrets", action="store_true", help="print the tokens unmasked")
    args = parser.parse_args(argv)

    # In-process: no socket, no port, no real key (the mock's documented local key).
    mock = MockServer(seed=args.seed)
    client = StreamingClient(
        api_key=DEFAULT_KEY, base_url="http://heygen-mock.local", transport=mock.transport()
    )
    try:
        with client, client.session(quality=args.quality, voice={"emotion": "Friendly"}) as s:
            print(f"Session opened and started against the in-process mock (seed {args.seed}):")
            opened = s.session
            print(f"  {json.dumps(opened.to_dict(), indent=2) if args.show_secrets else opened!r}")
            print(f"  task: {s.task(text=args.text)!r}")
            print(f"  keep_alive: {s.keep_alive()!r}")
            print(f"  open sessions: {client.list_sessions()!r}")
        print("Left the block: the session handle stopped the session.")
    except HeyGenError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    print("What the mock received (journal, secrets masked):")
    for entry in mock.journal.entries():
        print(f"  {entry.method} {entry.path} -> {entry.status}  {json.dumps(entry.body)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
