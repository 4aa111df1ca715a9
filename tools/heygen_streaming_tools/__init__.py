"""heygen_streaming_tools: the project's spec tooling (generation, compat) as a dev-only package.

`tools/*.py` are the thin entry points nox runs; the code lives here. Not shipped in the wheel:
it works on this repository (git history, `openapi/`, `generated/`) and needs the generator. It
reads the spec only through `heygen_streaming.spec_model` and `heygen_streaming.spec`. Test-only
support (the corpus compat is graded on, trees from a spec) is in tests/compat/support/.
"""

__all__: list[str] = []
