"""Server conformance: schemathesis' checks against the mock (in-process, HTTP) or --base-url."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from heygen_streaming.spec_model import SpecModel

from contract_tests.harness.options import LIVE, Options
from contract_tests.harness.profiles import CHECKS, Profile, default_units
from contract_tests.harness.runner import RunResult, Target, run_live, run_unit
from contract_tests.harness.targets import MockFactory, build_target
from contract_tests.harness.transports import served

Record = Callable[[RunResult, str], None]


def test_server_conforms_to_the_spec(
    unit: Profile,
    spec_model: SpecModel,
    unit_target: Target,
    contract_options: Options,
    record_run: Record,
) -> None:
    o = contract_options
    if unit is LIVE:
        assert unit_target.base_url is not None
        base_url, cap = unit_target.base_url, o.live_max_cases
        result = run_live(spec_model, base_url, api_key=o.api_key, max_cases=cap)
    else:
        result = run_unit(spec_model, unit_target, unit, seed=o.seed, api_key=o.api_key)
    record_run(result, "server")
    if result.cases == 0:
        pytest.fail(f"{unit.label}: no case reached the server", pytrace=False)
    if not result.ok:
        # pytrace=False: the findings, not pytest's dump of this test's source.
        pytest.fail(result.brief(), pytrace=False)


@pytest.mark.mock_only
def test_every_check_judges_cases_in_the_default_suite(
    spec_model: SpecModel, unit_target: Target, contract_options: Options
) -> None:
    """A check that never runs proves nothing: each must judge at least one case."""
    judged = RunResult(label="every-check")
    units = default_units(fuzz_cases=20, chunks=2, stateful=10)
    o = contract_options
    for unit in [*units[:2], units[-1]]:  # examples, coverage and the stateful phase
        judged.merge(run_unit(spec_model, unit_target, unit, seed=o.seed, api_key=o.api_key))
    assert set(CHECKS) - set(judged.checks) == set()


@pytest.mark.mock_only
def test_mock_served_over_real_http_on_loopback_conforms(
    spec_model: SpecModel, mock_factory: MockFactory, contract_options: Options, record_run: Record
) -> None:
    """What only a socket shows: real headers, content length, connection handling."""
    o = contract_options
    app = build_target(mock_factory, api_key=o.api_key, seed=o.seed, spec=o.model)
    total = RunResult(label="over-http")
    with served(app) as base_url:
        units = default_units(fuzz_cases=12, chunks=2, operations=o.operations)
        for unit in [units[0], *units[2:]]:  # the coverage phase runs in-process only
            target = Target(base_url=base_url)
            total.merge(run_unit(spec_model, target, unit, seed=o.seed, api_key=o.api_key))
    record_run(total, "http")
    kept = len(set(o.operations)) or len(spec_model.operations)
    assert total.cases >= 13 * kept  # examples and 12 fuzzed cases per operation, at least
    if not total.ok:
        pytest.fail(total.brief(), pytrace=False)
