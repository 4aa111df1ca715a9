"""One classified difference between two versions of the contract, and the words for its impact.

Who a change breaks depends on who produces the data. In a request the caller produces and the
server validates; in a response the server produces and the shipped client validates (the client
layer checks every 2xx body against the spec, so every facet of a response schema is checked).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = [
    "BREAKING",
    "BREAKS_CALLERS",
    "BREAKS_SERVERS",
    "COMPATIBLE",
    "IMPACTS",
    "NEEDS_SERVERS",
    "Change",
]

# Existing callers (released clients, code written against them) fail against new servers.
BREAKS_CALLERS = "breaks callers"
# The new client fails against old servers with something the caller did not ask for.
BREAKS_SERVERS = "breaks servers"
# The new client requires more of an answer than old servers promise (a response that now
# promises more): reported, minor, and a failure only under `--strict-servers`.
NEEDS_SERVERS = "needs servers >= this version"
COMPATIBLE = "compatible"
BREAKING = (BREAKS_CALLERS, BREAKS_SERVERS)
IMPACTS = (BREAKS_CALLERS, BREAKS_SERVERS, NEEDS_SERVERS, COMPATIBLE)


@dataclass(frozen=True)
class Change:
    """One difference: in which operation, where (`side`, dotted `path`), what, whom it breaks.

    `side` is "request", "response 200" (or "response 400,401" when statuses share a schema),
    "operation", "security", "parameter <in> <name>" or "request body"; `operation` is the
    operationId ("" for the document as a whole).
    """

    operation: str
    side: str
    path: str
    what: str
    impact: str
    bump: str  # "major", "minor" or "patch"
    # An addition the new client uses only when the caller asks for it (an optional field without
    # a default, an extra enum value, a wider range or type, a new operation): an old server
    # refusing it is expected.
    opt_in: bool = False

    @property
    def where(self) -> str:
        body = self.side.startswith(("request", "response")) and self.side != "request body"
        location = self.path or ("body" if body else "")
        return " ".join(p for p in (self.operation, self.side, location) if p)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "where": self.where}
