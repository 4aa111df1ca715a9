"""The contract suite's command-line options, parsed and checked (the loopback guard lives here)."""

from __future__ import annotations

import ipaddress
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from heygen_streaming.spec import APIS, SpecError, load_spec
from heygen_streaming.spec_model import SpecModel

from .profiles import Profile, default_units
from .targets import ClientTarget

__all__ = [
    "DEFAULT_SEED",
    "LIVE",
    "LOCAL_KEY",
    "LOCAL_KEY_2",
    "Options",
    "add_options",
    "parse_options",
]

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
    runs: list[dict[str, Any]] = field(default_factory=list, repr=False)
    outcomes: Counter[str] = field(default_factory=Counter, repr=False)
    sessions: list[dict[str, str]] = field(default_factory=list, repr=False)

    @property
    def units(self) -> list[Profile]:
        if self.live:
            return [LIVE]
        return default_units(
            self.fuzz_cases, self.fuzz_chunks, stateful=self.stateful, operations=self.operations
        )

    @property
    def session_budget(self) -> int | None:
        """How many sessions the lifecycle checks may open (None: no cap, the local mock)."""
        return self.live_max_sessions if self.live else None

    @property
    def target_label(self) -> str:
        return self.base_url or f"in-process mock ({self.mock_factory}, {self.clock} clock)"


def add_options(parser: pytest.Parser, root: Path) -> None:
    """Register the suite's command-line options (`nox -s contract -- --help` lists them)."""
    env = os.environ.get
    g = parser.getgroup("contract", "HeyGen contract suite")
    g.addoption("--base-url", default=None, help="run server conformance against this server")
    g.addoption("--api-key", default=None, help="key sent to --base-url (or <PREFIX>_API_KEY)")
    g.addoption(
        "--api-key-2",
        default=None,
        help="a second account's key, for the cross-account check (or <PREFIX>_API_KEY_2)",
    )
    g.addoption("--live", action="store_true", help="allow a non-loopback --base-url (billable)")
    g.addoption("--live-max-cases", type=int, default=3, help="cap on live requests (default 3)")
    g.addoption(
        "--live-max-sessions",
        type=int,
        default=1,
        help="with --live: sessions the lifecycle checks may open in all (default 1)",
    )
    g.addoption(
        "--lifecycle-real-wait",
        type=float,
        default=0.0,
        help="seconds of real waiting allowed for idle-timeout checks on a server without a "
        "controllable clock (default 0: skip them there)",
    )
    g.addoption(
        "--operation",
        action="append",
        default=[],
        metavar="ID",
        help="run only this operationId (repeatable); default: every operation",
    )
    g.addoption(
        "--stateful",
        type=int,
        default=100,
        help="stateful scenarios following the spec's links (default 100; 0 turns it off)",
    )
    g.addoption("--seed", type=int, default=int(env("HEYGEN_CONTRACT_SEED", DEFAULT_SEED)))
    g.addoption(
        "--fuzz-cases", type=int, default=48, help="fuzzing cases per operation (default 48)"
    )
    g.addoption("--fuzz-chunks", type=int, default=4, help="fuzzing units (xdist spreads them)")
    g.addoption("--client-examples", type=int, default=100, help="hypothesis examples per test")
    g.addoption(
        "--api",
        default=None,
        choices=sorted(APIS),
        help="the packaged API judged against (default streaming); PREFIX is its x-api env-prefix",
    )
    g.addoption("--spec", default=None, metavar="FILE", help="judge against this spec file instead")
    g.addoption(
        "--clock",
        choices=("manual", "real"),
        default="manual",
        help="the in-process mock's clock: manual (default, moves only when a check moves it) "
        "or real (wall time)",
    )
    g.addoption(
        "--mock-factory",
        default=env("HEYGEN_CONTRACT_MOCK", "contract_tests.harness.targets:strict_mock"),
        help="module:callable building the ASGI server under test (api_key=, seed=)",
    )
    g.addoption("--client-package", default=env("HEYGEN_CONTRACT_CLIENT", "heygen_streaming"))
    g.addoption(
        "--client-api-package",
        default=None,
        help="the client's generated package (default: the API's; none for a --spec file)",
    )
    g.addoption("--reports-dir", default=str(root / "reports"))
    g.addoption(
        "--min-cases",
        type=int,
        default=None,
        help="fail a full run below this (default 125 per operation of the spec; scaled to the "
        "share of operations --operation keeps)",
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _model(api: str | None, spec: str | None) -> SpecModel:
    if api and spec:
        raise pytest.UsageError("--api and --spec both name the spec: give one of them")
    try:
        return SpecModel(load_spec(spec, api=api or "streaming"))
    except SpecError as exc:
        raise pytest.UsageError(f"--spec: {exc}") from None


def _env(model: SpecModel, suffix: str) -> str | None:
    """The environment variable `<x-api env-prefix>_<suffix>` (None: the spec states no prefix)."""
    prefix = (model.extension("x-api") or {}).get("env-prefix")
    return f"{prefix}_{suffix}" if prefix else None


def parse_options(config: pytest.Config, root: Path) -> Options:
    """The parsed options; a non-loopback --base-url without --live is a usage error."""
    get = config.getoption
    model = _model(get("api"), get("spec"))
    key_env, key_2_env = _env(model, "API_KEY"), _env(model, "API_KEY_2")
    base_url = get("base_url")
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise pytest.UsageError(f"--base-url must be an http(s) URL, got {base_url!r}")
        if not _is_loopback(parts.hostname) and not get("live"):
            raise pytest.UsageError(
                f"--base-url {parts.hostname} is not a loopback address: every request the suite "
                "sends there may open a billable session. Add --live to run the capped, "
                "positive-only examples against it."
            )
    key = get("api_key") or (os.environ.get(key_env) if base_url and key_env else None)
    if base_url is not None and not key:
        raise pytest.UsageError(
            f"--base-url {base_url} needs the server's API key: give --api-key KEY"
            + (f" (or set {key_env})" if key_env else "")
        )
    key_2 = get("api_key_2") or (os.environ.get(key_2_env) if base_url and key_2_env else None)
    name = get("api") or ((model.extension("x-api") or {}).get("name") if get("spec") else None)
    package = get("client_api_package") or APIS.get(name or "streaming")
    return Options(
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
