"""Accounts (API keys and their plans) and realistic, reproducible session data: UUIDs, LiveKit
room URLs and JWT-shaped tokens, all from one generator (same seed and calls, same results).
"""

from __future__ import annotations

import base64
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .wire import encode_json

__all__ = ["DEFAULT_KEY", "SEEDED_EPOCH", "KeyProfile", "SessionFactory", "parse_key"]

DEFAULT_KEY = "mock-key"
# With a seed, a manual clock starts at this instant (2025-01-01T00:00:00Z), not at the time.
SEEDED_EPOCH = 1_735_689_600
# The alpha Realtime API's URL form (D-rt docs page), with the session id appended.
_REALTIME = "wss://webrtc-signaling.heygen.io/v2-alpha/interactive-avatar/session/"


@dataclass(frozen=True, slots=True)
class KeyProfile:
    """One API key's plan. `concurrency`: the most open sessions; None takes the spec's
    `x-session-lifecycle.concurrent-sessions` for the plan (`MockCore.plan`)."""

    session_duration_limit: int = 600
    is_paid: bool = True
    concurrency: int | None = None


def parse_key(text: str) -> tuple[str, KeyProfile]:
    """`KEY[:LIMIT[:paid|free[:CONCURRENCY]]]`, as `--api-key` and HEYGEN_MOCK_API_KEYS take."""
    key, *rest = text.strip().split(":")
    if not key:
        raise ValueError(f"an API key must not be empty: {text!r}")
    if len(rest) > 3:
        raise ValueError(f"expected KEY[:LIMIT[:paid|free[:CONCURRENCY]]], got {text!r}")
    limit = int(rest[0]) if rest and rest[0] else 600
    if limit <= 0:
        raise ValueError(f"the session limit of {key!r} must be positive, got {limit}")
    plan = rest[1].lower() if len(rest) > 1 and rest[1] else "paid"
    if plan not in ("paid", "free"):
        raise ValueError(f"the plan of {key!r} must be paid or free, got {plan!r}")
    concurrency = int(rest[2]) if len(rest) > 2 and rest[2] else None
    if concurrency is not None and concurrency <= 0:
        raise ValueError(f"the concurrency of {key!r} must be positive, got {concurrency}")
    return key, KeyProfile(limit, is_paid=plan == "paid", concurrency=concurrency)


def _b64(data: bytes) -> str:
    """base64url without padding, as JWTs use."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _json_b64(value: Any) -> str:
    return _b64(encode_json(value))


_JWT_HEADER = _json_b64({"alg": "HS256", "typ": "JWT"})


class SessionFactory:
    """Makes the `data` of a created session; the same seed and calls give the same results."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - reproducible on purpose

    def _jwt(self, claims: dict[str, Any]) -> str:
        # The signature is random bytes, not an HMAC: nobody can verify a mock's token anyway.
        return f"{_JWT_HEADER}.{_json_b64(claims)}.{_b64(self._rng.randbytes(32))}"

    def session(
        self, request: Mapping[str, Any], profile: KeyProfile, now: float
    ) -> dict[str, Any]:
        """The `data` of the answer to `request`, its tokens issued at `now` (the mock's clock)."""
        session_id = self.ident()
        livekit = request.get("livekit_settings")
        own = livekit if isinstance(livekit, Mapping) and livekit.get("url") else None
        if own is not None:
            url, room = str(own["url"]), str(own.get("room") or session_id)
        else:
            url, room = f"wss://heygen-{self._rng.randbytes(2).hex()}.livekit.cloud", session_id
        issued, limit = int(now), profile.session_duration_limit
        times = {"iat": issued, "nbf": issued, "exp": issued + limit}
        prefix = session_id[:8]
        grant = {"roomJoin": True, "room": room}
        user = {"iss": "heygen-mock", "video": {**grant, "canPublish": True}, **times}
        agent = {"iss": "heygen-mock", "video": {**grant, "agent": True}, **times}
        return {
            "session_id": session_id,
            "url": url,
            "access_token": self._jwt({**user, "sub": f"user-{prefix}"}),
            "session_duration_limit": limit,
            "is_paid": profile.is_paid,
            "livekit_agent_token": self._jwt({**agent, "sub": f"agent-{prefix}"}),
            "realtime_endpoint": _REALTIME + session_id,
            "sdp": None,
            "ice_servers": None,
            "ice_servers2": None,
        }

    def token(self) -> str:
        """A session token (create_token), from the seeded generator."""
        return _b64(self._rng.randbytes(32))

    def ident(self) -> str:
        """A version 4 UUID from the seeded generator (session and task ids)."""
        return str(uuid.UUID(bytes=self._rng.randbytes(16), version=4))
