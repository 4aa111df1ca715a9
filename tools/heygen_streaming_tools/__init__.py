"""heygen_streaming_tools: the spec tooling (generation, compat), dev-only, not in the wheel.

`tools/*.py` are the thin entry points nox runs. Specs are read only through
`heygen_streaming.spec_model` and `heygen_streaming.spec`.
"""

__all__: list[str] = []
