"""`python -m heygen_streaming_mock`: serve the mock (same options as `heygen-streaming mock`)."""

from __future__ import annotations

import sys

from .cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
