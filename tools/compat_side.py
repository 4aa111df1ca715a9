"""One side of a compat round trip, in its own process: see heygen_streaming_tools.side."""

from heygen_streaming_tools.side import main

if __name__ == "__main__":
    raise SystemExit(main())
