"""Benchmark of the contract suite: cases per second on both cores, and the mock's share of it.

Standalone: `PYTHONPATH=. python tools/bench_contract.py [--cases N] [--workers 2] [--json]`
(the repository root on the path: it imports the suite's harness, `contract_tests.harness`).
From tools/bench.py: `run(argv) -> dict`.

Two figures, measured side by side in one run with the same units, seeds and checks:
- contract cases/s against the strict mock, the suite's units spread over `--workers` processes
  (target: at least 1,000 cases in at most 60 s of wall time on a 2-core machine);
- the mock's cost: cases/s against the mock / cases/s against a trivial always-valid ASGI app
  (the harness's reference app: validates the body, answers fixed JSON; target >= 0.9).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 20251125
KEY = "bench-key"


def _units(cases: int, workers: int) -> list[Any]:
    from heygen_streaming.spec_model import packaged_model

    from contract_tests.harness.profiles import default_units

    # The suite's own shape: every example, the coverage phase, fuzzing in 2 x workers chunks
    # (its case count is per operation).
    per_operation = max(1, cases // max(1, len(packaged_model().operations)))
    return default_units(fuzz_cases=per_operation, chunks=2 * workers)


def _run_share(args: tuple[str, int, int, int]) -> tuple[int, float, int]:
    """In a worker process: run every `workers`-th unit (from `index`) against one target."""
    target_name, cases, workers, index = args
    from heygen_streaming.spec import load_spec

    from contract_tests.harness.runner import Target, run_unit
    from contract_tests.harness.targets import reference, strict_mock

    spec = load_spec()
    factory = strict_mock if target_name == "mock" else reference
    app = factory(api_key=KEY, seed=SEED)
    done, elapsed, failures = 0, 0.0, 0
    for unit in _units(cases, workers)[index::workers]:
        result = run_unit(spec, Target(app=app), unit, seed=SEED, api_key=KEY)
        done += result.cases
        elapsed += result.elapsed
        failures += len(result.failures) + len(result.errors)
    return done, elapsed, failures


def _measure(pool: ProcessPoolExecutor, target: str, cases: int, workers: int) -> dict[str, Any]:
    started = time.perf_counter()
    shares = list(pool.map(_run_share, [(target, cases, workers, i) for i in range(workers)]))
    wall = time.perf_counter() - started
    total = sum(s[0] for s in shares)
    return {
        "cases": total,
        "wall_s": round(wall, 2),
        "cases_per_s": round(total / wall, 1),
        "failures": sum(s[2] for s in shares),
    }


def run(argv: list[str] | None = None) -> dict[str, Any]:
    """Measure and return the figures (a dict, as tools/bench.py expects)."""
    parser = argparse.ArgumentParser(prog="bench_contract", description=__doc__)
    parser.add_argument("--cases", type=int, default=1100, help="cases per target (default 1100)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2: both cores)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--quick", action="store_true", help="300 cases, a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.cases = 300
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        # Warm both targets (imports, compiled validators) so neither pays start-up alone, then
        # alternate the order over two rounds and keep each target's faster round.
        for name in ("mock", "reference"):
            list(pool.map(_run_share, [(name, 200, args.workers, i) for i in range(args.workers)]))
        rounds = [
            _measure(pool, name, args.cases, args.workers)
            for name in ("mock", "reference", "reference", "mock")
        ]
        mock = max((rounds[0], rounds[3]), key=lambda r: r["cases_per_s"])
        baseline = max((rounds[1], rounds[2]), key=lambda r: r["cases_per_s"])
    ratio = mock["cases_per_s"] / baseline["cases_per_s"] if baseline["cases_per_s"] else 0.0
    return {
        "workers": args.workers,
        "contract_vs_mock": mock,
        "contract_vs_trivial_app": baseline,
        "mock_cost_ratio": round(ratio, 3),
        "targets": {
            "cases_in_60s": mock["cases"] >= 1000 and mock["wall_s"] <= 60,
            "mock_cost_ratio_ge_0_9": ratio >= 0.9,
        },
    }


def main(argv: list[str] | None = None) -> int:
    figures = run(argv)
    if "--json" in (sys.argv[1:] if argv is None else argv):
        print(json.dumps(figures, indent=2))
        return 0
    mock, base = figures["contract_vs_mock"], figures["contract_vs_trivial_app"]
    print(f"contract suite on {figures['workers']} processes:")
    for name, row in (("vs mock:       ", mock), ("vs trivial app:", base)):
        print(f"  {name} {row['cases']} cases in {row['wall_s']} s = {row['cases_per_s']}/s")
    print(f"  mock cost ratio (mock / trivial, target >= 0.9): {figures['mock_cost_ratio']}")
    print(f"  targets met: {figures['targets']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
