"""Which API a spec describes (root `x-api`): its name, product, env variables and server.

No code defaults to one API's values: a spec without `x-api` is refused where it is needed.
The shape of `x-api` (three non-empty strings) is checked with the other extensions' when the
spec model loads (`extensions.schema.json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ApiInfo"]


@dataclass(frozen=True, slots=True)
class ApiInfo:
    """`x-api: {name, product, env-prefix}` and the spec's first server (`servers[0].url`)."""

    name: str
    product: str
    env_prefix: str
    base_url: str

    @classmethod
    def parse(cls, document: Mapping[str, Any]) -> ApiInfo:
        """The `x-api` of an OpenAPI document; a ValueError naming what is missing."""
        raw = document.get("x-api")  # its shape is checked with the other extensions'
        if raw is None:
            raise ValueError("the spec has no root `x-api` mapping (name, product, env-prefix)")
        servers = document.get("servers")
        first = servers[0] if isinstance(servers, list) and servers else None
        url = first.get("url") if isinstance(first, Mapping) else None
        if not isinstance(url, str) or not url:
            raise ValueError("the spec has no `servers[0].url`: the default base URL")
        return cls(raw["name"], raw["product"], raw["env-prefix"], url)

    # The environment variables of the API key, a session token and the server.
    @property
    def api_key_env(self) -> str:
        return f"{self.env_prefix}_API_KEY"

    @property
    def session_token_env(self) -> str:
        return f"{self.env_prefix}_SESSION_TOKEN"

    @property
    def base_url_env(self) -> str:
        return f"{self.env_prefix}_BASE_URL"
