"""Options, fixtures and reports of the contract suite (see README, "The contract suite")."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `pytest` (unlike `python -m pytest`) does not add the root
    sys.path.insert(0, str(ROOT))

from contract_tests.harness.options import Options, add_options, parse_options  # noqa: E402
from contract_tests.harness.report import PROPERTY, render_summary, write_summary  # noqa: E402
from contract_tests.harness.runner import RunResult, Target  # noqa: E402
from contract_tests.harness.targets import ClientTarget, MockFactory, load_factory  # noqa: E402

__all__ = ["OPTIONS", "Options"]

OPTIONS = pytest.StashKey[Options]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser, ROOT)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    options = parse_options(config, ROOT)
    config.stash[OPTIONS] = options
    config.addinivalue_line("markers", "mock_only: needs the in-process mock (not --base-url)")
    if not hasattr(config, "workerinput") and not config.getoption("xmlpath", None):
        config.option.xmlpath = str(options.reports / "contract-junit.xml")

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
    units = "live examples only" if o.live else f"{len(o.units)} units, {o.fuzz_cases} fuzz cases"
    return f"contract: target {o.target_label}, seed {o.seed}, {units}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.stash[OPTIONS].base_url is None:
        return
    kept = [i for i in items if i.get_closest_marker("mock_only") is None]
    config.hook.pytest_deselected(items=[i for i in items if i not in kept])
    items[:] = kept


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "unit" in metafunc.fixturenames:
        units = metafunc.config.stash[OPTIONS].units
        metafunc.parametrize("unit", units, ids=[u.label for u in units])


@pytest.fixture(scope="session")
def contract_options(pytestconfig: pytest.Config) -> Options:
    return pytestconfig.stash[OPTIONS]


@pytest.fixture(scope="session")
def server_spec(contract_options: Options) -> Mapping[str, Any]:
    from heygen_streaming.spec import load_spec

    return load_spec(contract_options.spec)


@pytest.fixture(scope="session")
def mock_factory(contract_options: Options) -> MockFactory:
    return load_factory(contract_options.mock_factory)


@pytest.fixture(scope="session")
def conformance_target(contract_options: Options, mock_factory: MockFactory) -> Target:
    if contract_options.base_url is not None:
        return Target(base_url=contract_options.base_url)
    return Target(app=mock_factory(api_key=contract_options.api_key, seed=contract_options.seed))


@pytest.fixture(scope="session")
def client_target(contract_options: Options) -> ClientTarget:
    return contract_options.client


@pytest.fixture
def record_run(request: pytest.FixtureRequest) -> Callable[[RunResult, str], None]:
    """Attach a run's counts to the test report (travels back from xdist workers)."""

    def record(result: RunResult, group: str) -> None:
        props = json.dumps(result.to_properties(group))
        request.node.user_properties.append((PROPERTY, props))

    return record


@pytest.fixture
def progress(pytestconfig: pytest.Config) -> Callable[[str], None]:
    """A live progress line on the terminal (without xdist; with it, pytest's own progress)."""
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    verbose = pytestconfig.get_verbosity() > 0 and not hasattr(pytestconfig, "workerinput")

    def show(line: str) -> None:
        if verbose and reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(f"    {line}")

    return show


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    config = _CONFIG.get("config")
    if config is None or hasattr(config, "workerinput"):
        return
    options = config.stash[OPTIONS]
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        options.outcomes[report.outcome] += 1
    for name, value in report.user_properties:
        if name == PROPERTY and report.when == "call":
            options.runs.append(json.loads(str(value)))


_CONFIG: dict[str, pytest.Config] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    _CONFIG["config"] = session.config


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if hasattr(config, "workerinput"):
        return
    options = config.stash[OPTIONS]
    full = {u.label for u in options.units}
    mock_runs = [r for r in options.runs if r.get("group") == "server"]
    if not options.live and full <= {r["label"] for r in mock_runs}:
        cases = sum(int(r["cases"]) for r in mock_runs)
        if cases < options.min_cases:
            options.outcomes["below --min-cases"] += 1
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if not options.runs:
        return
    text = render_summary(
        options.runs,
        seed=options.seed,
        target=options.target_label,
        outcomes=options.outcomes,
        secrets=(options.api_key,),
    )
    write_summary(options.reports / "contract-summary.md", text, options.runs)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    options = config.stash[OPTIONS]
    if hasattr(config, "workerinput") or not options.runs:
        return
    by_group = Counter[str]()
    for run in options.runs:
        by_group[str(run.get("group"))] += int(run["cases"])
    totals = ", ".join(f"{g}: {n}" for g, n in sorted(by_group.items()))
    terminalreporter.write_sep("-", "contract suite")
    terminalreporter.write_line(f"generated cases by group: {totals} (seed {options.seed})")
    if options.outcomes.get("below --min-cases"):
        terminalreporter.write_line(
            f"FAILED: the server-conformance suite ran fewer than --min-cases={options.min_cases}"
        )
    terminalreporter.write_line(f"summary: {options.reports / 'contract-summary.md'}")
