"""`nox -s compat -- [REF] [--allow-breaking]`: see heygen_streaming_tools.compat."""

from heygen_streaming_tools.compat import main

if __name__ == "__main__":
    raise SystemExit(main())
