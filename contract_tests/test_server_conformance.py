"""Server conformance: schemathesis' checks against the mock (in-process, HTTP) or --base-url."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel

from contract_tests.harness.live import run_live
from contract_tests.harness.options import LIVE, Options
from contract_tests.harness.profiles import CHECKS, Profile, default_units
from contract_tests.harness.runner import RunResult, Target, run_unit
from contract_tests.harness.serve import served
from contract_tests.harness.targets import MockFactory, build_target


def test_server_conforms_to_the_spec(
    unit: Profile,
    server_spec: Mapping[str, Any],
    unit_target: Target,
    contract_options: Options,
    record_run: Callable[[RunResult, str], None],
    progress: Callable[[str], None],
) -> None:
    if unit is LIVE:
        assert unit_target.base_url is not None
        result = run_live(
            server_spec,
            unit_target.base_url,
            api_key=contract_options.api_key,
            max_cases=contract_options.live_max_cases,
            progress=progress,
        )
    else:
        result = run_unit(
            server_spec,
            unit_target,
            unit,
            seed=contract_options.seed,
            api_key=contract_options.api_key,
            progress=progress,
        )
    record_run(result, "server")
    if result.cases == 0:
        pytest.fail(f"{unit.label}: no case reached the server", pytrace=False)
    if not result.ok:
        # pytrace=False: the findings, not pytest's dump of this test's source.
        pytest.fail(result.brief(), pytrace=False)


@pytest.mark.mock_only
def test_every_check_judges_cases_in_the_default_suite(
    server_spec: Mapping[str, Any], unit_target: Target, contract_options: Options
) -> None:
    """A check that never runs proves nothing: each must judge at least one case."""
    judged: dict[str, int] = {}
    units = default_units(fuzz_cases=20, chunks=2, stateful=10)
    for unit in [*units[:2], units[-1]]:  # examples, coverage and the stateful phase
        result = run_unit(
            server_spec,
            unit_target,
            unit,
            seed=contract_options.seed,
            api_key=contract_options.api_key,
        )
        for name, count in result.checks.items():
            judged[name] = judged.get(name, 0) + count.ran
    assert {name for name in CHECKS if judged.get(name, 0) == 0} == set()


@pytest.mark.mock_only
def test_mock_served_over_real_http_on_loopback_conforms(
    server_spec: Mapping[str, Any],
    mock_factory: MockFactory,
    contract_options: Options,
    record_run: Callable[[RunResult, str], None],
) -> None:
    """What only a socket shows: real headers, content length, connection handling."""
    o = contract_options
    app = build_target(mock_factory, api_key=o.api_key, seed=o.seed, spec=o.model)
    total = RunResult(label="over-http")
    with served(app) as base_url:
        units = default_units(fuzz_cases=12, chunks=2, operations=contract_options.operations)
        for unit in [units[0], *units[2:]]:  # the coverage phase runs in-process only
            result = run_unit(
                server_spec,
                Target(base_url=base_url),
                unit,
                seed=contract_options.seed,
                api_key=contract_options.api_key,
            )
            total.merge(result)
    record_run(total, "http")
    kept = len(set(o.operations)) or len(SpecModel(server_spec).operations)
    assert total.cases >= 13 * kept  # examples and 12 fuzzed cases per operation, at least
    if not total.ok:
        pytest.fail(total.brief(), pytrace=False)
