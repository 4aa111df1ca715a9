"""Run in a subprocess by test_probe_operation.py: the probe operation through client, mock, suite.

`python probe_driver.py SPEC` with PYTHONPATH = <temporary generated/> + overrides + contract_tests:
the generated package (and its packaged spec) is the one made from SPEC, the client layer, the mock
and the contract harness are the working tree's own, unedited. Prints one JSON object of what it
observed; the test judges it (a failure here is reported, not raised, so the test can name it).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from typing import Any

import httpx

__all__ = ["main"]

KEY = "probe-key-0123456789"
BASE = "http://mock"


def _client_calls(spec: str) -> dict[str, Any]:
    from heygen_streaming import AsyncStreamingClient, HeyGenError, StreamingClient
    from heygen_streaming_mock import MockServer

    mock = MockServer(spec=spec, api_keys=[KEY], seed=1)
    out: dict[str, Any] = {}
    # `Any`: `probe` exists only in the temporary generated package, not in the one mypy sees.
    client: Any
    with StreamingClient(api_key=KEY, base_url=BASE, transport=mock.transport()) as client:
        result = client.probe(name="sync", level=3)
        out["sync"] = {"type": type(result).__name__, "value": result.to_dict()}
        before = len(mock.journal.entries())
        try:
            client.probe(name="too high", level=6)
        except (HeyGenError, ValueError) as exc:
            out["refused"] = {"type": type(exc).__name__, "message": str(exc)}
        out["sent_after_refusal"] = len(mock.journal.entries()) - before

    async def drive() -> Any:
        aclient: Any
        async with AsyncStreamingClient(
            api_key=KEY, base_url=BASE, transport=mock.async_transport()
        ) as aclient:
            return await aclient.probe(name="async", level=5)

    result = asyncio.run(drive())
    out["async"] = {"type": type(result).__name__, "value": result.to_dict()}
    out["journal"] = [
        {"path": e.path, "status": e.status, "body": e.body} for e in mock.journal.entries()
    ]
    return out


def _bad_bodies(spec: str) -> dict[str, Any]:
    """What the mock answers to bodies the probe's schema refuses, sent without the client."""
    from heygen_streaming.spec_model import SpecModel
    from heygen_streaming_mock import MockServer

    path = SpecModel.load(spec).operation("probe").path
    mock = MockServer(spec=spec, api_keys=[KEY], seed=1)
    out: dict[str, Any] = {}
    with httpx.Client(base_url=BASE, transport=mock.transport()) as raw:
        bad = {"level_too_high": {"name": "x", "level": 6}, "no_name": {"level": 2}}
        for name, body in bad.items():
            response = raw.post(path, json=body, headers={"X-Api-Key": KEY})
            out[name] = {"status": response.status_code, "body": response.json()}
    return out


def _contract_suite(spec: str) -> dict[str, Any]:
    """The contract suite's example and coverage phases, narrowed to the probe operation."""
    from harness.profiles import Profile
    from harness.runner import Target, run_unit
    from heygen_streaming.spec_model import SpecModel
    from heygen_streaming_mock import MockServer

    model = SpecModel.load(spec)
    out: dict[str, Any] = {}
    for phase in ("examples", "coverage"):
        mock = MockServer(spec=model.document, api_keys=[KEY], seed=1)
        result = run_unit(
            model.document,
            Target(app=mock.app),
            Profile(phase, operations=("probe",)),
            seed=1,
            api_key=KEY,
        )
        probe = result.coverage.get("probe")
        out[phase] = {
            "probe_cases": probe.cases if probe else 0,
            "probe_statuses": sorted(probe.statuses) if probe else [],
            "failures": [f.render() for f, _ in result.distinct()],
            "errors": result.errors,
            "paths": dict(Counter(e.path for e in mock.journal.entries())),
        }
    return out


def main(argv: list[str]) -> int:
    spec = argv[0]
    report: dict[str, Any] = {}
    for name, step in (
        ("client", _client_calls),
        ("mock", _bad_bodies),
        ("suite", _contract_suite),
    ):
        try:
            report[name] = step(spec)
        except Exception as exc:  # reported to the test, which names the step that failed
            report[name] = {"crashed": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(report, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
