"""Realistic, reproducible session data: UUIDs, LiveKit room URLs and JWT-shaped access tokens."""

from __future__ import annotations

import binascii
import json
import random
import threading
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


class SessionFactory:
    """Makes the `data` of a created session; the same seed and calls give the same results."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._rng = random.Random(seed)  # noqa: S311 - reproducible on purpose
        self._lock = threading.Lock()  # the sync transport may be used from several threads
        self._count = 0

    def _draw(self) -> tuple[int, str, int, bytes]:
        with self._lock:
            self._count += 1
            bits = self._rng.getrandbits(128)
            host = f"{self._rng.getrandbits(32):08x}"
            # Signatures are random bytes, not an HMAC: nobody can verify a mock's token anyway,
            # and hashing twice per request would cost more than the rest of the answer.
            signatures = self._rng.randbytes(64)
            now = _SEEDED_EPOCH + self._count if self.seed is not None else int(time.time())
        return bits, host, now, signatures

    @staticmethod
    def _token(sub: str, room: str, now: int, exp: int, extra: str, signature: str) -> str:
        # A template rather than json.dumps: this runs on every request. `room` is JSON already.
        claims = (
            f'{{"iss":"heygen-mock","sub":"{sub}","video":{{"room":{room},'
            f'"roomJoin":true,{extra}}},"iat":{now},"nbf":{now},"exp":{exp}}}'
        )
        return f"{_JWT_HEADER}.{_b64(claims.encode())}.{signature}"

    def _parts(
        self, request: Mapping[str, Any], profile: KeyProfile
    ) -> tuple[str, str, str, str | None]:
        bits, host, now, signatures = self._draw()
        # Version 4 UUID layout, drawn from the seeded generator rather than os.urandom.
        bits = (bits & ~(0xF << 76)) | (4 << 76)
        bits = (bits & ~(0x3 << 62)) | (0x2 << 62)
        h = f"{bits:032x}"
        session_id = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        livekit = request.get("livekit_settings")
        own_url = livekit.get("url") if isinstance(livekit, Mapping) else None
        room = f'"{session_id}"'  # hex and dashes: nothing to escape
        if own_url and isinstance(livekit, Mapping) and livekit.get("room"):
            room = json.dumps(str(livekit["room"]))
        exp = now + profile.session_duration_limit
        url = str(own_url) if own_url else f"wss://heygen-{host}.livekit.cloud"
        # One encoding for both signatures: 43 characters each, as an HS256 signature has.
        sig = _b64(signatures)
        access = self._token(f"user-{h[:8]}", room, now, exp, '"canPublish":true', sig[:43])
        agent = None
        if not own_url:
            agent = self._token(f"agent-{h[:8]}", room, now, exp, '"agent":true', sig[43:86])
        return session_id, url, access, agent

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
