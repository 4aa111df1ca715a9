"""What one conformance unit does, as schemathesis config: its phase, data mode, budget and
checks, the document it judges (`--operation` narrows it) and the per-operation adjustments the
spec's extensions call for."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from heygen_streaming.spec_model import Operation, SpecModel
from schemathesis.config import SchemathesisConfig

from .rules import Rules
from .st_checks import NAME as OWN_CHECK  # importing it registers the check with schemathesis

__all__ = [
    "CHECKS",
    "LIVE_CHECKS",
    "Profile",
    "api_key_header",
    "build_config",
    "default_units",
    "has_links",
    "narrowed",
]

Phase = Literal["examples", "coverage", "fuzzing", "stateful"]
PHASES: tuple[Phase, ...] = ("examples", "coverage", "fuzzing", "stateful")
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
    OWN_CHECK,  # ours (harness/st_checks.py): a wrong-state refusal must name the state
)
# schemathesis' default for positive_data_acceptance (config/_checks.py), extended per operation.
POSITIVE_STATUSES = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")
# Against a live, billable server: no check that sends extra requests of its own.
LIVE_CHECKS: tuple[str, ...] = (*CHECKS[:5], "positive_data_acceptance")  # the answer checks


@dataclass(frozen=True, slots=True)
class Profile:
    """One unit of a conformance run: a phase, a data mode, a case budget and a seed offset."""

    phase: Phase
    mode: Mode = "all"
    max_examples: int = 100
    seed_offset: int = 0
    shrink: bool = True
    operations: tuple[str, ...] = ()  # operationIds to run (`--operation`); () = every one

    @property
    def label(self) -> str:
        if self.phase == "fuzzing":
            return f"fuzzing-{self.mode}-{self.seed_offset}"
        if self.phase == "stateful":
            return f"stateful-{self.seed_offset}"
        return f"{self.phase}-{self.mode}"


def default_units(
    fuzz_cases: int = 880,
    chunks: int = 4,
    *,
    shrink: bool = True,
    stateful: int = 0,
    operations: tuple[str, ...] = (),
) -> list[Profile]:
    """The default suite: every example, the whole coverage phase, fuzzing split into chunks
    (`fuzz_cases` per operation) alternating positive and negative, and `stateful` scenarios
    in two halves: each unit has its own seed, so pytest-xdist spreads them over the cores."""
    per_chunk = max(1, fuzz_cases // max(1, chunks))
    unit = partial(Profile, shrink=shrink, operations=operations)
    units = [unit("examples"), unit("coverage")]
    for i in range(chunks):
        mode: Mode = "positive" if i % 2 == 0 else "negative"
        units.append(unit("fuzzing", mode, per_chunk, seed_offset=i))
    halves = [n for n in (stateful - stateful // 2, stateful // 2) if n > 0]
    for i, scenarios in enumerate(halves):
        units.append(unit("stateful", "positive", scenarios, seed_offset=100 + i))
    return units


def api_key_header(model: SpecModel) -> str:
    """The header the spec's API-key scheme names."""
    scheme = next((s for s in model.security_schemes.values() if s.type == "apiKey"), None)
    return scheme.header if scheme is not None else "X-Api-Key"


def _not_judged(model: SpecModel, op: Operation, keep: tuple[str, ...]) -> list[str]:
    """The schemathesis checks that cannot judge `op`. For an operation only a session token
    authenticates (the suite gets one through a link alone), `ignored_auth` takes the link's
    valid token for a generated one, and `missing_required_header` wants 401 for a missing
    Authorization where the spec may document another status (`unauthenticated`). An operation
    whose `requires` has the closed state answers after the session closes (a DELETE that
    closes it leaves it readable), which `use_after_free` takes for a bug. With `keep`
    (`--operation`), a path's other methods are left out of the document, so the method checks
    would call them undocumented."""
    rules = Rules.of(model)
    off: list[str] = []
    if op.security and "apiKey" not in {s.type for alt in op.security for s in alt}:
        refused = rules.errors.get("unauthenticated")
        off.append("ignored_auth")
        if refused and refused.status != 401:
            off.append("missing_required_header")
    if rules.closed in (op.lifecycle.requires or ()):
        off.append("use_after_free")
    kept = {o.method for o in model.operations if o.path == op.path and o.operation_id in keep}
    if keep and set(model.allowed_methods(op.path)) != kept:
        off += ["unsupported_method", "allow_header_conformance"]
    return off


def narrowed(model: SpecModel, keep: tuple[str, ...]) -> dict[str, Any]:
    """A copy of the document with only the operations `keep` and the links between them.

    Not `schema.include(...)`: schemathesis 4.32 ignores that filter as soon as the config has
    per-operation settings (which `build_config` adds).
    """
    document = copy.deepcopy(model.document)
    paths: dict[str, Any] = {}
    for op in (op for op in model.operations if op.operation_id in keep):
        node = document["paths"][op.path][op.method.lower()]
        for response in (node.get("responses") or {}).values():
            links = model.resolve(response).get("links") if isinstance(response, dict) else None
            if isinstance(links, dict) and "$ref" not in response:
                response["links"] = {
                    name: link
                    for name, link in links.items()
                    if model.resolve(link).get("operationId") in keep
                }
        paths.setdefault(op.path, {})[op.method.lower()] = node
    document["paths"] = paths
    return document


def has_links(model: SpecModel, keep: tuple[str, ...]) -> bool:
    """Do the spec's links join any two of the operations `keep` (the stateful phase's need)?"""
    return any(
        isinstance(response, dict) and response.get("links")
        for item in narrowed(model, keep)["paths"].values()
        for node in item.values()
        for response in (node.get("responses") or {}).values()
    )


def build_config(
    profile: Profile, model: SpecModel, *, seed: int, api_key: str, base_url: str | None = None
) -> SchemathesisConfig:
    """The schemathesis configuration of one unit (no example database, seeded, one worker).

    A valid body may rightly be refused for the session's state (x-lifecycle `requires`), so
    positive_data_acceptance accepts the statuses of `Rules.session_refusals` for the operation;
    the lifecycle checks judge whether such a refusal is right.
    """
    rules = Rules.of(model)
    data: dict[str, Any] = {
        "seed": seed + profile.seed_offset,
        "workers": 1,
        "continue-on-failure": True,
        "request-timeout": 10.0,
        "headers": {api_key_header(model): api_key},
        "generation": {
            "mode": profile.mode,
            "max-examples": profile.max_examples,
            "database": "none",
            "no-shrink": not profile.shrink,
        },
        "phases": {phase: {"enabled": phase == profile.phase} for phase in PHASES},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    }
    operations = []
    for op in model.operations:
        off = _not_judged(model, op, profile.operations)
        checks: dict[str, Any] = {name: {"enabled": False} for name in off}
        refusals = sorted({kind.status for kind in rules.session_refusals(op)})
        if refusals:
            expected = [*POSITIVE_STATUSES, *map(str, refusals)]
            checks["positive_data_acceptance"] = {"expected-statuses": expected}
        if checks:
            operations.append({"include-operation-id": op.operation_id, "checks": checks})
    if operations:
        data["operations"] = operations
    if base_url is not None:
        data["base-url"] = base_url
    return SchemathesisConfig.from_dict(data)
