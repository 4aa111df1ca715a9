"""The contract suite's command-line options, parsed and checked (the loopback guard lives here)."""

from __future__ import annotations

import ipaddress
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from heygen_streaming.spec import APIS, SpecError, load_spec
from heygen_streaming.spec_model import SpecModel

from .profiles import Profile, default_units, has_links
from .targets import ClientTarget

__all__ = ["LIVE", "LOCAL_KEY", "LOCAL_KEY_2", "Options", "add_options", "parse_options"]

DEFAULT_SEED = 20251125
MIN_CASES_PER_OPERATION = 125  # a full run's floor; the default budget gives 136 to 250 each
LOCAL_KEY = "contract-suite-local-key"
LOCAL_KEY_2 = "contract-suite-second-account"
LIVE = Profile("examples", "positive", max_examples=0)


@dataclass
class Options:
    """The suite's parsed command-line options."""

    base_url: str | None
    api_key: str = field(repr=False)  # never in a repr: pytest prints fixtures in tracebacks
    api_key_2: str | None = field(repr=False)
    live: bool
    live_max_cases: int
    live_max_sessions: int
    real_wait: float
    operations: tuple[str, ...]
    stateful: int
    seed: int
    fuzz_cases: int
    fuzz_chunks: int
    client_examples: int
    model: SpecModel = field(repr=False)  # --api's packaged spec, or --spec's file
    mock_factory: str
    client: ClientTarget | None  # None: no generated package for this spec
    reports: Path
    min_cases: int
    clock: str = "manual"
    hint: str | None = None  # what the preflight saw (a strict server), said once

    @property
    def units(self) -> list[Profile]:
        if self.live:
            return [LIVE]
        return default_units(
            self.fuzz_cases, self.fuzz_chunks, stateful=self.stateful, operations=self.operations
        )

    @property
    def target_label(self) -> str:
        return self.base_url or f"in-process mock ({self.mock_factory}, {self.clock} clock)"


def add_options(parser: pytest.Parser, root: Path) -> None:
    """Register the suite's command-line options (`nox -s contract -- --help` lists them)."""
    env = os.environ.get
    add = parser.getgroup("contract", "HeyGen contract suite").addoption
    add("--base-url", help="run server conformance against this server")
    add("--api-key", help="key sent to --base-url (or <PREFIX>_API_KEY)")
    add("--api-key-2", help="a second account's key, for cross-account (or <PREFIX>_API_KEY_2)")
    add("--live", action="store_true", help="allow a non-loopback --base-url (billable)")
    add("--live-max-cases", type=int, default=3, help="cap on live requests (default 3)")
    add("--live-max-sessions", type=int, default=1, help="with --live: sessions in all (default 1)")
    add(
        "--lifecycle-real-wait",
        type=float,
        default=0.0,
        help="seconds of real waiting allowed for idle-timeout checks on a server without a "
        "controllable clock (default 0: skip them there)",
    )
    add("--operation", action="append", default=[], metavar="ID", help="only this operationId")
    add("--stateful", type=int, default=100, help="stateful scenarios (default 100; 0: none)")
    add("--seed", type=int, default=int(env("HEYGEN_CONTRACT_SEED", DEFAULT_SEED)))
    add("--fuzz-cases", type=int, default=48, help="fuzzing cases per operation (default 48)")
    add("--fuzz-chunks", type=int, default=4, help="fuzzing units (xdist spreads them)")
    add("--client-examples", type=int, default=100, help="hypothesis examples per test")
    add("--api", choices=sorted(APIS), help="the packaged API judged (default streaming)")
    add("--spec", metavar="FILE", help="judge against this spec file instead")
    add("--clock", choices=("manual", "real"), default="manual", help="the in-process mock's")
    add(
        "--mock-factory",
        default=env("HEYGEN_CONTRACT_MOCK", "contract_tests.harness.targets:default_mock"),
        help="module:callable building the ASGI server under test (api_key=, seed=)",
    )
    add("--client-package", default=env("HEYGEN_CONTRACT_CLIENT", "heygen_streaming"))
    add("--client-api-package", help="the client's generated package (default: the API's)")
    add("--reports-dir", default=str(root / "reports"))
    add("--min-cases", type=int, help="fail a full run below this (default: 125 per operation)")


def _model(api: str | None, spec: str | None) -> SpecModel:
    if api and spec:
        raise pytest.UsageError("--api and --spec both name the spec: give one of them")
    try:
        return SpecModel(load_spec(spec, api=api or "streaming"))
    except SpecError as exc:
        raise pytest.UsageError(f"--spec: {exc}") from None


def _key(given: str | None, model: SpecModel, suffix: str, base_url: str | None) -> str | None:
    """--api-key(-2), or against --base-url the variable `<x-api env-prefix>_<suffix>`."""
    prefix = (model.extension("x-api") or {}).get("env-prefix")
    return given or (os.environ.get(f"{prefix}_{suffix}") if base_url and prefix else None)


def _check_base_url(base_url: str, live: bool) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise pytest.UsageError(f"--base-url must be an http(s) URL, got {base_url!r}")
    try:
        loopback = parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not live:
        raise pytest.UsageError(
            f"--base-url {parts.hostname} is not a loopback address: every request the suite "
            "sends there may open a billable session. Add --live to run the capped, "
            "positive-only examples against it."
        )


def parse_options(config: pytest.Config, root: Path) -> Options:
    """The parsed options; a non-loopback --base-url without --live is a usage error."""
    get = config.getoption
    model = _model(get("api"), get("spec"))
    base_url = get("base_url")
    if base_url is not None:
        _check_base_url(base_url, get("live"))
    key = _key(get("api_key"), model, "API_KEY", base_url)
    if base_url is not None and not key:
        prefix = (model.extension("x-api") or {}).get("env-prefix")
        raise pytest.UsageError(
            f"--base-url {base_url} needs the server's API key: give --api-key KEY"
            + (f" (or set {prefix}_API_KEY)" if prefix else "")
        )
    key_2 = _key(get("api_key_2"), model, "API_KEY_2", base_url)
    name = get("api") or ((model.extension("x-api") or {}).get("name") if get("spec") else None)
    package = get("client_api_package") or APIS.get(name or "streaming")
    options = Options(
        base_url=base_url.rstrip("/") if base_url else None,
        api_key=key or LOCAL_KEY,
        api_key_2=key_2 or (None if base_url else LOCAL_KEY_2),
        live=bool(get("live")),
        live_max_cases=get("live_max_cases"),
        live_max_sessions=max(0, get("live_max_sessions")),
        real_wait=max(0.0, get("lifecycle_real_wait")),
        operations=tuple(get("operation") or ()),
        stateful=max(0, get("stateful")),
        seed=get("seed"),
        fuzz_cases=get("fuzz_cases"),
        fuzz_chunks=get("fuzz_chunks"),
        client_examples=get("client_examples"),
        model=model,
        mock_factory=get("mock_factory"),
        client=ClientTarget(get("client_package"), package) if package else None,
        reports=Path(get("reports_dir")),
        min_cases=get("min_cases") or MIN_CASES_PER_OPERATION * len(model.operations),
        clock=get("clock"),
    )
    if options.operations:
        _narrow(options)
    return options


def _narrow(options: Options) -> None:
    """--operation: an unknown id is a usage error; the case floor scales with the share of
    operations kept; the stateful phase (about half a full run's cases) runs only if links
    join the operations kept."""
    known = {op.operation_id for op in options.model.operations}
    unknown = sorted(set(options.operations) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise pytest.UsageError(
            f"--operation {', '.join(unknown)}: not in the spec (it has: {listed})"
        )
    share = len(set(options.operations)) / len(known)
    if not has_links(options.model, options.operations):
        options.stateful, share = 0, share / 2
    options.min_cases = math.ceil(options.min_cases * share)
