"""The client's settings: each resolved (argument, environment, default) and checked before any I/O.

A setting that cannot work is refused at construction with a `ValueError` naming the argument:
sent, `base_url="notaurl"` would fail as a connection error that cannot tell whether a session
was created. Credentials come from the environment only when neither argument is given, so an
argument always wins, whichever credential it is.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import httpx

from .api_info import ApiInfo
from .errors import HeyGenError

__all__ = [
    "CONNECT_TIMEOUT",
    "MAX_RETRIES",
    "READ_TIMEOUT",
    "Settings",
    "TimeoutTypes",
    "check_timeout",
    "resolve_settings",
    "seconds",
]

# Seconds. Connecting should be quick; creating a session can take a while server-side.
# Write and pool waits use the read timeout.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
# Retries of requests that provably created nothing (see heygen_streaming._retry).
MAX_RETRIES = 2

TimeoutTypes = float | httpx.Timeout


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a client was configured with, checked."""

    api_key: str | None
    session_token: str | None
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    max_response_bytes: int
    deadline: float | None


def seconds(name: str, value: object) -> float:
    """`value` as seconds > 0, else a ValueError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{name} must be a number of seconds, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be > 0 seconds, got {value!r}")
    return float(value)


def check_timeout(value: object, name: str = "timeout") -> httpx.Timeout | None:
    """`value` as an `httpx.Timeout` (None stays None); a phase <= 0 is a ValueError naming it."""
    if value is None:
        return None
    if isinstance(value, httpx.Timeout):
        for phase, limit in value.as_dict().items():
            if limit is not None:
                seconds(f"{name}.{phase}", limit)
        return value
    return httpx.Timeout(seconds(name, value))


def _base_url(value: str | None, api: ApiInfo) -> str:
    raw = value or os.environ.get(api.base_url_env) or api.base_url
    name = "base_url" if value else f"base_url (from ${api.base_url_env})"
    try:
        url = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError) as exc:
        problem: str | None = str(exc)
    else:
        problem = None if url.scheme in {"http", "https"} and url.host else "no http(s) scheme/host"
    if problem is not None:
        raise ValueError(f"{name}: {raw!r} is not an http:// or https:// URL ({problem})")
    return raw.rstrip("/")


def _count(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def resolve_settings(
    owner: str,
    api: ApiInfo,
    *,
    api_key: str | None,
    session_token: str | None,
    base_url: str | None,
    timeout: object,
    max_retries: object,
    max_response_bytes: object,
    deadline: object,
) -> Settings:
    """The checked settings of a client named `owner` (for messages) of the API `api`."""
    if not (api_key or session_token):
        api_key = os.environ.get(api.api_key_env) or None
        session_token = os.environ.get(api.session_token_env) or None
    if not (api_key or session_token):
        raise HeyGenError(
            f"no credentials: pass api_key=... (or session_token=...) to {owner}(), "
            f"or set the {api.api_key_env} (or {api.session_token_env}) environment variable"
        )
    default = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    return Settings(
        api_key=api_key or None,
        session_token=session_token or None,
        base_url=_base_url(base_url, api),
        timeout=check_timeout(timeout) or default,
        max_retries=_count("max_retries", max_retries, 0),
        max_response_bytes=_count("max_response_bytes", max_response_bytes, 1),
        deadline=None if deadline is None else seconds("deadline", deadline),
    )
