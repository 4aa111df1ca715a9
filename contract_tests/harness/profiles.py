"""What one conformance run does: phases, data modes, budget and checks, as schemathesis config."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from schemathesis.config import SchemathesisConfig

__all__ = [
    "CHECKS",
    "LIVE_CHECKS",
    "Phase",
    "Profile",
    "build_config",
    "default_units",
]

Phase = Literal["examples", "coverage", "fuzzing"]
Mode = Literal["positive", "negative", "all"]

# Every check that applies to a single non-idempotent operation. The stateful checks
# (use_after_free, ensure_resource_availability, object_level_authorization) need more than one
# operation; allow_header_conformance is not part of this contract.
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
    "ignored_auth",
)
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

    @property
    def label(self) -> str:
        if self.phase == "fuzzing":
            return f"fuzzing-{self.mode}-{self.seed_offset}"
        return f"{self.phase}-{self.mode}"

    def scaled(self, max_examples: int) -> Profile:
        return replace(self, max_examples=max_examples)


def default_units(fuzz_cases: int = 880, chunks: int = 4, *, shrink: bool = True) -> list[Profile]:
    """The default suite: every example, the whole coverage phase, fuzzing split into chunks.

    Fuzzing alternates positive and negative chunks, each with its own seed, so pytest-xdist can
    spread them over the cores and the progress line moves while a long run works.
    """
    per_chunk = max(1, fuzz_cases // max(1, chunks))
    units = [Profile("examples", shrink=shrink), Profile("coverage", shrink=shrink)]
    for i in range(chunks):
        mode: Mode = "positive" if i % 2 == 0 else "negative"
        units.append(Profile("fuzzing", mode, per_chunk, seed_offset=i, shrink=shrink))
    return units


def build_config(
    profile: Profile,
    *,
    seed: int,
    api_key: str,
    base_url: str | None = None,
    request_timeout: float = 10.0,
) -> SchemathesisConfig:
    """The schemathesis configuration of one unit (no example database, seeded, one worker)."""
    phases = {
        name: {"enabled": name == profile.phase} for name in ("examples", "coverage", "fuzzing")
    }
    data: dict[str, Any] = {
        "seed": seed + profile.seed_offset,
        "workers": 1,
        "continue-on-failure": True,
        "request-timeout": request_timeout,
        "headers": {"X-Api-Key": api_key},
        "generation": {
            "mode": profile.mode,
            "max-examples": profile.max_examples,
            "database": "none",
            "no-shrink": not profile.shrink,
        },
        "phases": {**phases, "stateful": {"enabled": False}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in profile.checks}},
    }
    if base_url is not None:
        data["base-url"] = base_url
    return SchemathesisConfig.from_dict(data)
