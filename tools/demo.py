"""`nox -s demo`: open a session through StreamingClient against the in-process mock."""

from __future__ import annotations

import argparse
import json
import sys

from heygen_streaming import HeyGenError, StreamingClient
from heygen_streaming_mock import DEFAULT_KEY, MockServer

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=42, help="the mock's seed (default 42)")
    parser.add_argument("--quality", default="medium", choices=["high", "medium", "low"])
    parser.add_argument("--show-secrets", action="store_true", help="print the tokens unmasked")
    args = parser.parse_args(argv)

    # In-process: no socket, no port, no real key (the mock's documented local key).
    mock = MockServer(seed=args.seed)
    client = StreamingClient(
        api_key=DEFAULT_KEY, base_url="http://heygen-mock.local", transport=mock.transport()
    )
    with client:
        try:
            session = client.new_session(quality=args.quality, voice={"emotion": "Friendly"})
        except HeyGenError as exc:
            print(f"demo: {exc}", file=sys.stderr)
            return 1
    print(f"Session opened against the in-process mock (seed {args.seed}):")
    if args.show_secrets:
        print(json.dumps(session.to_dict(), indent=2))
    else:
        print(f"  {session!r}")
    entry = mock.journal.last()
    print("What the mock received (journal, secrets masked):")
    print(f"  {entry.method} {entry.path} -> {entry.status}")
    print(f"  X-Api-Key: {entry.headers.get('x-api-key')}")
    print(f"  body: {json.dumps(entry.body)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
