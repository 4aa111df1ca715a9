"""Realistic, reproducible session data: UUIDs, LiveKit room URLs and JWT-shaped access tokens."""

from __future__ import annotations

import binascii
import itertools
import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_KEY", "KeyProfile", "SessionFactory", "parse_key"]

DEFAULT_KEY = "mock-key"
# With a seed, token times count from this instant (2025-01-01T00:00:00Z) instead of the clock.
_SEEDED_EPOCH = 1_735_689_600


@dataclass(frozen=True, slots=True)
class KeyProfile:
    """What the mock answers to one API key: its plan, as HeyGen would report it."""

    session_duration_limit: int = 600
    is_paid: bool = True


def parse_key(text: str) -> tuple[str, KeyProfile]:
    """`KEY`, `KEY:LIMIT` or `KEY:LIMIT:paid|free`, as `--api-key` and HEYGEN_MOCK_API_KEYS take."""
    key, *rest = text.strip().split(":")
    if not key:
        raise ValueError(f"an API key must not be empty: {text!r}")
    if len(rest) > 2:
        raise ValueError(f"expected KEY[:LIMIT[:paid|free]], got {text!r}")
    limit = int(rest[0]) if rest and rest[0] else 600
    if limit <= 0:
        raise ValueError(f"the session limit of {key!r} must be positive, got {limit}")
    plan = rest[1].lower() if len(rest) > 1 else "paid"
    if plan not in {"paid", "free"}:
        raise ValueError(f"the plan of {key!r} must be paid or free, got {plan!r}")
    return key, KeyProfile(session_duration_limit=limit, is_paid=plan == "paid")


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _b64(data: bytes) -> str:
    """base64url without padding, as JWTs use (binascii directly: this runs per request)."""
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").translate(_URLSAFE).decode()


_JWT_HEADER = _b64(b'{"alg":"HS256","typ":"JWT"}')
# Byte 8 of a UUID carries the variant: its top two bits are 10, so its first hex digit is 8..b.
_VARIANT = tuple("89ab"[(byte >> 4) & 3] for byte in range(256))
# Per session: 16 bytes of UUID, 4 of host name, 43 of token signatures: 86 hex digits, 43 for
# each token, as long as an HS256 signature in base64url (whose alphabet holds the hex digits).
_DRAW = 16 + 4 + 43


class SessionFactory:
    """Makes the `data` of a created session; the same seed and calls give the same results."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._rng = random.Random(seed)  # noqa: S311 - reproducible on purpose
        # No lock: next() on a count and one randbytes() call are each atomic, so threads
        # sharing the sync transport still get distinct sessions.
        self._count = itertools.count(1)

    def _parts(
        self, request: Mapping[str, Any], profile: KeyProfile
    ) -> tuple[str, str, str, str | None]:
        # One draw per session, from the seeded generator rather than os.urandom. Signatures are
        # random bytes, not an HMAC: nobody can verify a mock's token anyway, and hashing twice
        # per request would cost more than the rest of the answer.
        raw = self._rng.randbytes(_DRAW)
        count = next(self._count)
        now = _SEEDED_EPOCH + count if self.seed is not None else int(time.time())
        h = raw[:16].hex()
        # Version 4 UUID layout: version digit 4, variant digit 8..b.
        session_id = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[raw[8]]}{h[17:20]}-{h[20:]}"
        livekit = request.get("livekit_settings")
        # A dict, as validated JSON is (isinstance against an ABC costs more per request).
        own_url = livekit.get("url") if isinstance(livekit, dict) else None
        room = f'"{session_id}"'  # hex and dashes: nothing to escape
        if own_url and isinstance(livekit, dict) and livekit.get("room"):
            room = json.dumps(str(livekit["room"]))
        # Both tokens share all but their subject and grant. A template rather than json.dumps:
        # this runs on every request. `room` is JSON already.
        shared = f'-{h[:8]}","video":{{"room":{room},"roomJoin":true,'
        times = f'}},"iat":{now},"nbf":{now},"exp":{now + profile.session_duration_limit}}}'
        sig = raw[20:].hex()
        claims = f'{{"iss":"heygen-mock","sub":"user{shared}"canPublish":true{times}'
        access = f"{_JWT_HEADER}.{_b64(claims.encode())}.{sig[:43]}"
        if own_url:
            return session_id, str(own_url), access, None
        claims = f'{{"iss":"heygen-mock","sub":"agent{shared}"agent":true{times}'
        agent = f"{_JWT_HEADER}.{_b64(claims.encode())}.{sig[43:]}"
        return session_id, f"wss://heygen-{raw[16:20].hex()}.livekit.cloud", access, agent

    def session(self, request: Mapping[str, Any], profile: KeyProfile) -> dict[str, Any]:
        """The `data` object of the response to `request` (already validated)."""
        session_id, url, access, agent = self._parts(request, profile)
        data: dict[str, Any] = {
            "session_id": session_id,
            "url": url,
            "access_token": access,
            "session_duration_limit": profile.session_duration_limit,
            "is_paid": profile.is_paid,
        }
        if agent is not None:
            data["livekit_agent_token"] = agent
        return data

    def session_json(self, request: Mapping[str, Any], profile: KeyProfile) -> bytes:
        """`session()` already encoded as JSON (the same object), for the hot path."""
        session_id, url, access, agent = self._parts(request, profile)
        # A managed URL is letters, digits and dots; only a caller's own URL (no agent token
        # then) needs escaping.
        url_json = f'"{url}"' if agent is not None else json.dumps(url, ensure_ascii=False)
        tail = "" if agent is None else f',"livekit_agent_token":"{agent}"'
        return (
            f'{{"session_id":"{session_id}","url":{url_json},'
            f'"access_token":"{access}","session_duration_limit":'
            f'{profile.session_duration_limit},"is_paid":{"true" if profile.is_paid else "false"}'
            f"{tail}}}"
        ).encode()
