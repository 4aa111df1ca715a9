"""Options, fixtures and reports of the contract suite (see README, "The contract suite")."""

from __future__ import annotations

import fcntl
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from heygen_streaming.spec_model import SpecModel

from contract_tests.harness.lifecycle_suite import CHECKS, LifecycleTarget
from contract_tests.harness.options import Options, add_options, parse_options
from contract_tests.harness.report import PROPERTY, Reporter
from contract_tests.harness.runner import RunResult, Target
from contract_tests.harness.targets import ClientTarget, MockFactory, build_target, load_factory

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["OPTIONS", "Options"]

OPTIONS = pytest.StashKey[Options]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser, ROOT)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    options = config.stash[OPTIONS] = parse_options(config, ROOT)
    config.addinivalue_line("markers", "mock_only: needs the in-process mock (not --base-url)")
    if not hasattr(config, "workerinput"):
        if options.base_url is not None:
            from contract_tests.harness.preflight import check_setup

            options.hint = check_setup(
                options.model, options.base_url, options.api_key, live=options.live
            )
        for stale in options.reports.glob(".sessions-*.json"):  # a crashed run's, not this one's
            stale.unlink()
        if not config.getoption("xmlpath", None):
            config.option.xmlpath = str(options.reports / "contract-junit.xml")
        config.pluginmanager.register(Reporter(options), "contract-reporter")

    from hypothesis import HealthCheck, core, settings

    settings.register_profile(
        "contract",
        database=None,
        deadline=None,
        max_examples=options.client_examples,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile("contract")
    core.global_force_seed = options.seed  # type: ignore[assignment]


def pytest_report_header(config: pytest.Config) -> str:
    o = config.stash[OPTIONS]
    if o.live:
        units = f"live: documented examples, at most {o.live_max_sessions} session(s)"
    else:
        units = f"{len(o.units)} units, {o.fuzz_cases} fuzz cases per operation"
    ops = f", operations {', '.join(o.operations)}" if o.operations else ", every operation"
    head = f"contract: target {o.target_label}, seed {o.seed}, {units}{ops}"
    return head + (f"\n{o.hint}" if o.hint else "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.stash[OPTIONS].base_url is None:
        return
    kept = [i for i in items if i.get_closest_marker("mock_only") is None]
    config.hook.pytest_deselected(items=[i for i in items if i not in kept])
    items[:] = kept


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    o = metafunc.config.stash[OPTIONS]
    if "unit" in metafunc.fixturenames:
        metafunc.parametrize("unit", o.units, ids=[u.label for u in o.units])
    if "lifecycle_check" in metafunc.fixturenames:
        names = LifecycleTarget.names(o.model, o.operations)
        metafunc.parametrize("lifecycle_check", names, ids=names)


@pytest.fixture(scope="session")
def contract_options(pytestconfig: pytest.Config) -> Options:
    return pytestconfig.stash[OPTIONS]


@pytest.fixture(scope="session")
def spec_model(contract_options: Options) -> SpecModel:
    return contract_options.model


@pytest.fixture(scope="session")
def mock_factory(contract_options: Options) -> MockFactory:
    return load_factory(contract_options.mock_factory)


def _app(options: Options, factory: MockFactory, offset: int = 0) -> Any:
    return build_target(
        factory,
        api_key=options.api_key,
        seed=options.seed + offset,
        api_key_2=options.api_key_2,
        clock=options.clock,
        spec=options.model,
    )


@pytest.fixture
def unit_target(contract_options: Options, mock_factory: MockFactory) -> Target:
    """A fresh in-process mock per unit (no unit meets another's sessions), or --base-url."""
    if contract_options.base_url is not None:
        return Target(base_url=contract_options.base_url)
    return Target(app=_app(contract_options, mock_factory))


@pytest.fixture(scope="session")
def lifecycle_targets(
    contract_options: Options, mock_factory: MockFactory, pytestconfig: pytest.Config
) -> Iterator[Callable[[], LifecycleTarget]]:
    """A target per lifecycle check: a fresh mock each (its own account and clock), or the one
    --base-url target. Every session opened is stopped, and verified gone, at the end."""
    o = contract_options
    made: list[LifecycleTarget] = []

    def target() -> LifecycleTarget:
        if made and o.base_url:
            return made[0]
        made.append(
            LifecycleTarget.build(
                o.model,
                api_key=o.api_key,
                api_key_2=o.api_key_2,
                base_url=o.base_url,
                app=None if o.base_url else _app(o, mock_factory, len(made)),
                budget=o.live_max_sessions if o.live else None,  # no cap on the mock
                real_wait=o.real_wait,
                operations=o.operations,
            )
        )
        return made[-1]

    try:
        yield target
    finally:
        # Also on a failed check or Ctrl-C (pytest tears session fixtures down then too). Each
        # process writes its ledger; the controller merges them into the report.
        worker = getattr(pytestconfig, "workerinput", {}).get("workerid", "main")
        ledger = [s for t in made for s in t.close()]
        o.reports.mkdir(parents=True, exist_ok=True)
        (o.reports / f".sessions-{worker}.json").write_text(json.dumps(ledger), "utf-8")


@pytest.fixture(autouse=True)
def one_at_a_time(request: pytest.FixtureRequest, contract_options: Options) -> Iterator[None]:
    """A --base-url target is shared by the xdist workers: a check that fills the account or
    moves the clock (`alone=True`) holds it alone, every other test shares it (a file lock)."""
    if contract_options.base_url is None:
        yield
        return
    check = getattr(request.node, "callspec", None)
    name = check.params.get("lifecycle_check") if check is not None else None
    alone = name in CHECKS and CHECKS[name].alone
    contract_options.reports.mkdir(parents=True, exist_ok=True)
    with open(contract_options.reports / ".target.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        yield


@pytest.fixture(scope="session")
def client_target(contract_options: Options) -> ClientTarget:
    if contract_options.client is None:
        pytest.skip("no generated client package for this spec (give --client-api-package)")
    return contract_options.client


@pytest.fixture
def record_run(request: pytest.FixtureRequest) -> Callable[[RunResult, str], None]:
    """Attach a run's counts to the test report (travels back from xdist workers)."""

    def record(result: RunResult, group: str) -> None:
        props = json.dumps(result.to_properties(group))
        request.node.user_properties.append((PROPERTY, props))

    return record
