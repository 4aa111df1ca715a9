"""What one conformance run does: phases, data modes, budget and checks, as schemathesis config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from schemathesis.config import SchemathesisConfig

from .st_checks import NAME as OWN_CHECK  # importing it registers the check with schemathesis

__all__ = [
    "CHECKS",
    "LIVE_CHECKS",
    "Phase",
    "Profile",
    "build_config",
    "default_units",
]

Phase = Literal["examples", "coverage", "fuzzing", "stateful"]
Mode = Literal["positive", "negative", "all"]

# Every check schemathesis has (`st run -c all`). The last three judge sequences of calls and
# only find something in the stateful phase, which follows the spec's OpenAPI links.
CHECKS: tuple[str, ...] = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
    "object_level_authorization",
    # Our own (harness/st_checks.py): the wrong-state 400 a valid request may get is one.
    OWN_CHECK,
)
# schemathesis' default for positive_data_acceptance (config/_checks.py), extended per operation.
POSITIVE_STATUSES = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")
# Against a live, billable server: no check that sends extra requests of its own.
LIVE_CHECKS: tuple[str, ...] = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",
)


@dataclass(frozen=True, slots=True)
class Profile:
    """One unit of a conformance run: a phase, a data mode, a case budget and a seed offset."""

    phase: Phase
    mode: Mode = "all"
    max_examples: int = 100
    seed_offset: int = 0
    shrink: bool = True
    checks: tuple[str, ...] = CHECKS
    operations: tuple[str, ...] = ()  # operationIds to run (`--operation`); () = every one

    @property
    def label(self) -> str:
        if self.phase == "fuzzing":
            return f"fuzzing-{self.mode}-{self.seed_offset}"
        if self.phase == "stateful":
            return f"stateful-{self.seed_offset}"
        return f"{self.phase}-{self.mode}"

    def scaled(self, max_examples: int) -> Profile:
        return replace(self, max_examples=max_examples)


def default_units(
    fuzz_cases: int = 880,
    chunks: int = 4,
    *,
    shrink: bool = True,
    stateful: int = 0,
    operations: tuple[str, ...] = (),
) -> list[Profile]:
    """The default suite: every example, the whole coverage phase, fuzzing split into chunks.

    Fuzzing alternates positive and negative chunks, each with its own seed, so pytest-xdist can
    spread them over the cores and the progress line moves while a long run works. `fuzz_cases`
    is per operation (schemathesis' max-examples is); `stateful` scenarios follow the spec's links.
    """
    per_chunk = max(1, fuzz_cases // max(1, chunks))
    units = [
        Profile("examples", shrink=shrink, operations=operations),
        Profile("coverage", shrink=shrink, operations=operations),
    ]
    for i in range(chunks):
        mode: Mode = "positive" if i % 2 == 0 else "negative"
        units.append(
            Profile("fuzzing", mode, per_chunk, seed_offset=i, shrink=shrink, operations=operations)
        )
    # The stateful phase in two halves with their own seeds, so both cores share its cost.
    halves = [n for n in (stateful - stateful // 2, stateful // 2) if n > 0]
    for i, scenarios in enumerate(halves):
        units.append(
            Profile(
                "stateful", "positive", scenarios, 100 + i, shrink=shrink, operations=operations
            )
        )
    return units


def build_config(
    profile: Profile,
    *,
    seed: int,
    api_key: str,
    base_url: str | None = None,
    request_timeout: float = 10.0,
    auth_header: str = "X-Api-Key",
    state_refusals: Mapping[str, tuple[int, ...]] | None = None,
    not_judged: Mapping[str, tuple[str, ...]] | None = None,
) -> SchemathesisConfig:
    """The schemathesis configuration of one unit (no example database, seeded, one worker).

    `auth_header` is the API-key scheme's header, as the spec's securitySchemes name it.
    `state_refusals` maps an operationId to statuses that answer valid data in the wrong
    session state (x-lifecycle requires): positive_data_acceptance accepts those for it, since
    a valid body on a session that is not started is rightly refused. The lifecycle checks judge
    whether such a refusal is right. `not_judged` maps an operationId to checks turned off for
    it (see `runner._not_judged`).
    """
    phases = {
        name: {"enabled": name == profile.phase}
        for name in ("examples", "coverage", "fuzzing", "stateful")
    }
    data: dict[str, Any] = {
        "seed": seed + profile.seed_offset,
        "workers": 1,
        "continue-on-failure": True,
        "request-timeout": request_timeout,
        "headers": {auth_header: api_key},
        "generation": {
            "mode": profile.mode,
            "max-examples": profile.max_examples,
            "database": "none",
            "no-shrink": not profile.shrink,
        },
        "phases": phases,
        "checks": {"enabled": False, **{name: {"enabled": True} for name in profile.checks}},
    }
    operations: dict[str, dict[str, Any]] = {}
    for op_id, statuses in (state_refusals or {}).items():
        expected = [*POSITIVE_STATUSES, *map(str, statuses)]
        operations.setdefault(op_id, {})["positive_data_acceptance"] = {
            "expected-statuses": expected
        }
    for op_id, names in (not_judged or {}).items():
        operations.setdefault(op_id, {}).update({name: {"enabled": False} for name in names})
    if operations:
        data["operations"] = [
            {"include-operation-id": op_id, "checks": checks}
            for op_id, checks in sorted(operations.items())
        ]
    if base_url is not None:
        data["base-url"] = base_url
    return SchemathesisConfig.from_dict(data)
