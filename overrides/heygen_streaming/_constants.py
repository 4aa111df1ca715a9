"""Every default of the client layer, in one place."""

from __future__ import annotations

__all__ = [
    "API_KEY_ENV",
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "BASE_URL_ENV",
    "CONNECT_TIMEOUT",
    "DEFAULT_BASE_URL",
    "ERROR_TEXT_LIMIT",
    "MAX_RETRIES",
    "READ_TIMEOUT",
    "RETRY_AFTER_CAP",
    "SESSION_TOKEN_ENV",
]

# Where the key and the server come from when no argument gives them.
API_KEY_ENV = "HEYGEN_API_KEY"
SESSION_TOKEN_ENV = "HEYGEN_SESSION_TOKEN"  # noqa: S105 - a variable name, not a token
BASE_URL_ENV = "HEYGEN_BASE_URL"
DEFAULT_BASE_URL = "https://api.heygen.com"

# Seconds. Connecting should be quick; creating a session can take a while server-side.
# Write and pool waits use the read timeout.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0

# Retries of requests that provably created nothing (see heygen_streaming._retry).
MAX_RETRIES = 2
BACKOFF_BASE = 0.5  # seconds: attempt n waits uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2**n))
BACKOFF_CAP = 8.0
# A Retry-After above this many seconds is not waited for: the error is raised at once instead.
RETRY_AFTER_CAP = 60.0

# Raw error bodies are cut to this many characters in exception messages and log lines.
ERROR_TEXT_LIMIT = 500
