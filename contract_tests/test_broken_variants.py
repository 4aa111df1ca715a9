"""The suite is not vacuous: each deliberately broken mock fails it, caught by the named check.

Nineteen variants, one bug each. Six break single answers and are judged by the schemathesis
units; the lifecycle bugs (the mock serving a copy of the spec with one `x-lifecycle` /
`x-session-lifecycle` rule changed, its cross-account hook, or a wire wrapper) are judged by the
lifecycle checks against the original spec. Every lifecycle check has one. The unbroken mock
passes the same budget.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from heygen_streaming.spec_model import SpecModel

from contract_tests.harness.broken import VARIANTS, Variant
from contract_tests.harness.lifecycle_suite import LifecycleTarget
from contract_tests.harness.options import Options
from contract_tests.harness.profiles import default_units
from contract_tests.harness.rules import Rules
from contract_tests.harness.runner import RunResult, Target, run_unit
from contract_tests.harness.targets import MockFactory, build_target, variant_factory

pytestmark = pytest.mark.mock_only

WIRE = [v for v in VARIANTS if not v.lifecycle]
LIFECYCLE = [v for v in VARIANTS if v.lifecycle]


def run_units(factory: MockFactory, model: SpecModel, options: Options) -> RunResult:
    """The six answer bugs all show on the session-creating operation: its examples and the
    whole coverage phase (boundaries, every enum value, wrong types, missing auth), no shrinking."""
    creating = next(op.operation_id for op in model if op.lifecycle.creates)
    total = RunResult(label="variant")
    for unit in default_units(fuzz_cases=0, chunks=0, shrink=False, operations=(creating,)):
        app = build_target(factory, api_key=options.api_key, seed=options.seed, spec=model)
        result = run_unit(model, Target(app=app), unit, seed=options.seed, api_key=options.api_key)
        total.merge(result)
    return total


def run_lifecycle(factory: MockFactory, model: SpecModel, options: Options) -> RunResult:
    app = build_target(
        factory, api_key=options.api_key, seed=options.seed, api_key_2=options.api_key_2, spec=model
    )
    target = LifecycleTarget.build(
        model, api_key=options.api_key, api_key_2=options.api_key_2, app=app
    )
    total = RunResult(label="lifecycle")
    try:
        for name in target.names():
            outcome = target.run(name)
            total.failures += outcome.findings
            if outcome.skipped:
                total.notes.append(f"{name}: {outcome.skipped}")
            if outcome.error:
                total.errors.append(f"{name}: {outcome.error}")
    finally:
        sessions = target.close()
    total.opened = [s["session_id"] for s in sessions if s["closed"].startswith("STILL OPEN")]
    return total


def caught(variant: Variant, model: SpecModel, options: Options) -> set[str]:
    if not variant.applies(Rules.of(model)):
        pytest.skip(f"{variant.bug}: cannot be made on this spec")
    factory = variant_factory(variant.name)
    result = (
        run_lifecycle(factory, model, options)
        if variant.lifecycle
        else run_units(factory, model, options)
    )
    assert not result.errors, result.explain()
    skipped = [n for n in result.notes if n.startswith(f"{variant.caught_by}: ")]
    if skipped and variant.caught_by not in result.failed_checks:
        pytest.skip(f"{variant.bug}: its check does not run on this spec ({skipped[0]})")
    assert variant.caught_by in result.failed_checks, (
        f"{variant.bug}: expected {variant.caught_by}, the suite reported "
        f"{sorted(result.failed_checks) or 'nothing'}"
    )
    return result.failed_checks


def test_unbroken_mock_passes_the_budget_the_variants_fail(
    spec_model: SpecModel, contract_options: Options, mock_factory: MockFactory
) -> None:
    """The control: with no bug, the same units and checks find nothing."""
    units = run_units(mock_factory, spec_model, contract_options)
    assert units.cases > 50
    assert units.ok, units.explain()
    lifecycle = run_lifecycle(mock_factory, spec_model, contract_options)
    assert lifecycle.ok, lifecycle.explain()
    assert lifecycle.opened == []  # clean-up stopped every session, verified through the list


@pytest.mark.parametrize("variant", WIRE, ids=[v.name for v in WIRE])
def test_broken_mock_answering_wrong_is_caught_by_its_schemathesis_check(
    variant: Variant, spec_model: SpecModel, contract_options: Options
) -> None:
    found = caught(variant, spec_model, contract_options)
    # A bug may show in a neighbouring check too (a 500 is also an undocumented status).
    neighbours = {
        "negative_data_rejection",
        "missing_required_header",
        "status_code_conformance",
        "positive_data_acceptance",
    }
    assert found <= {variant.caught_by} | neighbours, found


@pytest.mark.parametrize("variant", LIFECYCLE, ids=[v.name for v in LIFECYCLE])
def test_broken_lifecycle_is_caught_by_its_lifecycle_check(
    variant: Variant, spec_model: SpecModel, contract_options: Options
) -> None:
    found = caught(variant, spec_model, contract_options)
    # The named check, and only lifecycle consequences of the same bug besides.
    assert variant.caught_by in found


def test_every_lifecycle_check_has_a_broken_variant_it_catches() -> None:
    assert len({v.name for v in VARIANTS}) == len(VARIANTS) == 19
    assert {v.caught_by for v in LIFECYCLE} == set(LifecycleTarget.names())


def test_lenient_mock_is_flagged_and_the_report_says_it_is_our_mock_off_profile(
    spec_model: SpecModel, contract_options: Options
) -> None:
    """Lenient mode accepts what the spec forbids, on purpose, and says so in X-Mock-Warnings."""
    from heygen_streaming_mock import create_app

    from contract_tests.harness.report import MOCK_NOTE, console_findings

    def lenient(*, api_key: str, seed: int, spec: SpecModel) -> object:
        return create_app(profile="lenient", api_keys=[api_key], seed=seed, spec=spec)

    result = run_units(lenient, spec_model, contract_options)  # type: ignore[arg-type]
    assert "negative_data_rejection" in result.failed_checks
    assert result.mock_warnings
    lines = console_findings([result.to_properties("server")])
    assert MOCK_NOTE in lines


def test_clean_up_names_each_session_a_successful_stop_left_open(
    spec_model: SpecModel, contract_options: Options
) -> None:
    """A 200 to stop is not trusted: the active list must no longer show the session."""
    result = run_lifecycle(variant_factory("stop_spares_started"), spec_model, contract_options)
    assert result.opened  # reported STILL OPEN in the sessions report
    assert any("still listed as open" in f.title for f in result.failures)


LIVEAVATAR = Path(__file__).resolve().parent.parent / "openapi" / "liveavatar.yaml"


@pytest.mark.parametrize("name", ["wrong_state_accepted", "token_drives_any_session"])
def test_a_broken_lifecycle_is_caught_on_the_liveavatar_spec_too(
    name: str, contract_options: Options
) -> None:
    """The same variants, made on LiveAvatar's spec (a token minted with its session; start
    found by the token), are caught by the same checks."""
    variant = next(v for v in VARIANTS if v.name == name)
    assert variant.caught_by in caught(variant, SpecModel.load(LIVEAVATAR), contract_options)
