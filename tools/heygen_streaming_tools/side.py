"""One side of a compat round trip: one process per tree, running that tree's own code.

Run as `python tools/compat_side.py --root TREE` with PYTHONPATH set to the tree's
`overrides:generated:contract_tests`, so two versions of the same packages never share a process.
The process serves its tree's mock (for the other tree's client) and drives its tree's client
(against the other tree's mock). It imports first and only then reads its work from stdin, one
JSON line at a time, so that compat can start it before it has planned anything:

1. the server plan (`plan.server_plan`, or `null`: serve nothing); it answers `PORT WHICH`;
2. `{"base_url": ..., "plan": ...}` (or `null`: drive nothing); it answers one JSON line;
3. end of input: it stops its server and exits.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .side_tree import isolate

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True, help="the tree this side runs")
    parser.add_argument("--key", default="compat-key")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    isolate(root)
    # Imported after isolate(): these must come from the tree, not from an editable install.
    from .side_client import drive, warm
    from .side_server import serve

    warm(root)
    plan = json.loads(sys.stdin.readline() or "null")
    served = None if plan is None else serve(root, args.key, plan)
    print(*(["-", "none"] if served is None else [served.port, served.which]), flush=True)
    try:
        job = json.loads(sys.stdin.readline() or "null")
        if job is not None:
            result = drive(root, job["base_url"], args.key, job["plan"])
            print(json.dumps(result, default=str), flush=True)
        sys.stdin.read()  # until compat is done with this tree's server too
    finally:
        if served is not None:
            served.stop()
    return 0
