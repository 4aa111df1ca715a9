"""heygen_streaming_tools: the project's spec tooling as a typed, tested, dev-only package.

`tools/*.py` are the thin entry points nox runs (`python tools/compat.py` puts `tools/` on
`sys.path` by itself; pytest and mypy are configured the same way). The code lives here:

- `generation`: regenerate `generated/` from the spec, or check it is up to date (`drift`);
- `surface`: the generated client's public surface (operations, models, enums) and its diff;
- `changes`, `facets`, `schemadiff`, `specdiff`: the structural diff of two specs, every
  operation matched by method and path, every change classified;
- `examples`, `plan`: request and response bodies drawn from a schema (seeded) and probes;
- `roundtrip`, `side`, `side_client`: the round trip, one process
  per tree, every operation both ways;
- `verdict`, `comparison`, `report`, `compat`: findings, verdict, bump; `nox -s compat` itself.

Test-only support (the corpus compat is graded on, trees from a spec) is in tests/compat/support/.

It is not shipped in the wheel: it works on this repository (git history, `openapi/`,
`generated/`) and needs the generator, none of which a user of the client has. It reads the spec
only through `heygen_streaming.spec_model` (the one `$ref` resolver) and `heygen_streaming.spec`.
"""

__all__: list[str] = []
