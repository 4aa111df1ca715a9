"""Who is calling: the account a request's credentials name, under its operation's security.

An `apiKey` scheme takes the account keys; an `http` bearer scheme takes the session tokens the
`issues-token` operation minted. The header names come from `securitySchemes`, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from heygen_streaming.spec_model import SecurityScheme

from .router import Route, credential_label
from .sessions import KeyProfile
from .wire import Head

__all__ = ["ANONYMOUS", "Account", "authenticate"]


@dataclass(frozen=True, slots=True)
class Account:
    """Who made a request: the account key that owns its sessions, and the key's plan."""

    owner: str
    profile: KeyProfile
    token: str | None = None  # the session token it authenticated with, if any


# The "who" of an operation with no security at all.
ANONYMOUS = Account("anonymous", KeyProfile())


def authenticate(
    route: Route,
    head: Head,
    keys: Mapping[str, KeyProfile],
    token_owner: Callable[[str], str | None],
    token_scope: str,
) -> Account | str:
    """The account the request's credentials name (any of the operation's alternatives), or
    why none does (the caller answers it as the spec's `unauthenticated` kind)."""
    if not route.security:
        return ANONYMOUS
    # The first alternative whose credentials are all present decides (in the spec's order:
    # with both an X-Api-Key and a Bearer token, the key decides).
    for alternative in route.security:
        values = [head.get(header) for header, _ in alternative]
        if None in values:
            continue
        owner: str | None = None
        token: str | None = None
        for (_, scheme), raw in zip(alternative, values, strict=True):
            assert raw is not None
            found, why = _credential(scheme, raw, keys, token_owner)
            if found is None:
                return why
            owner = found
            if scheme.type != "apiKey" and token_scope == "session":  # noqa: S105
                token = scheme.credential(raw)
        if owner is not None:
            return Account(owner, keys[owner], token)
    return f"Unauthorized: {' or '.join(route.headers)} is missing"


def _credential(
    scheme: SecurityScheme,
    raw: str,
    keys: Mapping[str, KeyProfile],
    token_owner: Callable[[str], str | None],
) -> tuple[str | None, str]:
    """The account a credential names, or None and why not."""
    credential = scheme.credential(raw)
    label = credential_label(scheme)
    if credential is None:
        return None, f"Unauthorized: the {scheme.header} header is not a {label}"
    if not credential.strip():
        return None, f"Unauthorized: the {label} is empty"
    if scheme.type == "apiKey":
        if credential in keys:
            return credential, ""
        return None, f"Unauthorized: the {label} is not a valid key"
    owner = token_owner(credential)
    if owner is not None and owner in keys:
        return owner, ""
    return None, f"Unauthorized: the {label} is not valid"
