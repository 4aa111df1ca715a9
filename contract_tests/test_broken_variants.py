"""The suite is not vacuous: each deliberately broken mock fails it, caught by the named check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from contract_tests.harness.broken import VARIANTS
from contract_tests.harness.options import Options
from contract_tests.harness.profiles import default_units
from contract_tests.harness.runner import RunResult, Target, run_unit
from contract_tests.harness.targets import MockFactory, variant_factory

pytestmark = pytest.mark.mock_only

# Every phase, a smaller fuzzing budget and no shrinking: enough to meet each bug, quickly.
VARIANT_UNITS = default_units(fuzz_cases=120, chunks=2, shrink=False)


def run_suite(
    factory: MockFactory, spec: Mapping[str, Any], options: Options, key: str
) -> RunResult:
    app = factory(api_key=key, seed=options.seed)
    total = RunResult(label="variant")
    for unit in VARIANT_UNITS:
        result = run_unit(spec, Target(app=app), unit, seed=options.seed, api_key=key)
        total.cases += result.cases
        total.failures += result.failures
        total.errors += result.errors
    return total


def caught_by(name: str, spec: Mapping[str, Any], options: Options) -> set[str]:
    variant = next(v for v in VARIANTS if v.name == name)
    result = run_suite(variant_factory(name), spec, options, options.api_key)
    assert not result.errors, result.explain()
    assert variant.caught_by in result.failed_checks, (
        f"{variant.bug}: expected {variant.caught_by}, the suite reported "
        f"{sorted(result.failed_checks) or 'nothing'}"
    )
    return result.failed_checks


def test_unbroken_strict_mock_passes_the_budget_the_variants_fail(
    server_spec: Mapping[str, Any], contract_options: Options, mock_factory: MockFactory
) -> None:
    """The control: with no bug, the same units find nothing, so each failure below is the bug."""
    result = run_suite(mock_factory, server_spec, contract_options, contract_options.api_key)
    assert result.cases > 300
    assert result.ok, result.explain()


def test_broken_mock_accepting_short_timeout_is_caught_by_negative_data_rejection(
    server_spec: Mapping[str, Any], contract_options: Options
) -> None:
    caught = caught_by("accepts_short_timeout", server_spec, contract_options)
    assert caught == {"negative_data_rejection"}


def test_broken_mock_returning_is_paid_as_string_is_caught_by_response_schema_conformance(
    server_spec: Mapping[str, Any], contract_options: Options
) -> None:
    caught = caught_by("is_paid_as_string", server_spec, contract_options)
    assert caught == {"response_schema_conformance"}


def test_broken_mock_dropping_session_id_is_caught_by_response_schema_conformance(
    server_spec: Mapping[str, Any], contract_options: Options
) -> None:
    caught = caught_by("drops_session_id", server_spec, contract_options)
    assert caught == {"response_schema_conformance"}


def test_broken_mock_answering_500_to_unknown_emotion_is_caught_by_not_a_server_error(
    server_spec: Mapping[str, Any], contract_options: Options
) -> None:
    caught = caught_by("server_error_on_unknown_emotion", server_spec, contract_options)
    assert caught <= {"not_a_server_error", "negative_data_rejection"}


def test_broken_mock_ignoring_the_api_key_is_caught_by_ignored_auth(
    server_spec: Mapping[str, Any], contract_options: Options
) -> None:
    caught = caught_by("ignores_api_key", server_spec, contract_options)
    assert caught <= {"ignored_auth", "missing_required_header"}


def test_broken_mock_returning_an_undocumented_status_is_caught_by_status_code_conformance(
    server_spec: Mapping[str, Any], contract_options: Options
) -> None:
    caught = caught_by("undocumented_status", server_spec, contract_options)
    assert caught <= {"status_code_conformance", "negative_data_rejection"}


def test_every_variant_has_a_test_naming_its_check() -> None:
    names = {v.name for v in VARIANTS}
    assert len(names) == 6
    assert {v.caught_by for v in VARIANTS} == {
        "negative_data_rejection",
        "response_schema_conformance",
        "not_a_server_error",
        "ignored_auth",
        "status_code_conformance",
    }


def test_lenient_mock_is_flagged_by_negative_data_rejection_which_is_why_the_suite_is_strict(
    server_spec: Mapping[str, Any], contract_options: Options
) -> None:
    """Lenient mode accepts unknown fields and nulls on purpose; the suite would rightly flag it."""
    from heygen_streaming_mock import create_app

    def lenient(*, api_key: str, seed: int) -> Any:
        return create_app(strict=False, api_keys=[api_key], seed=seed)

    result = run_suite(lenient, server_spec, contract_options, contract_options.api_key)
    assert result.failed_checks == {"negative_data_rejection"}
