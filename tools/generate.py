"""`nox -s generate` / `nox -s drift`: see heygen_streaming_tools.generation."""

from heygen_streaming_tools.generation import main

if __name__ == "__main__":
    raise SystemExit(main())
