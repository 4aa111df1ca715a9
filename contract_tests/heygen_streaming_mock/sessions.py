"""Accounts (API keys and their plans) and realistic, reproducible session data: UUIDs,
LiveKit room URLs and JWT-shaped access tokens.

The session data fields are those of the reference's `streaming.new` answer; the mock uses
them only when they validate against the spec's own response schema (checked once, at start),
else it generates the data from that schema.
"""

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
    """What the mock answers to one API key: its plan, as HeyGen would report it.

    `concurrency` is the most sessions the account may hold open at once; None takes the spec's
    `x-session-lifecycle.concurrent-sessions` for the plan (`paid`, or `trial` when not paid).
    """

    session_duration_limit: int = 600
    is_paid: bool = True
    concurrency: int | None = None

    @property
    def plan(self) -> str:
        return "paid" if self.is_paid else "trial"


_PLANS = {"paid": True, "free": False, "trial": False}


def parse_key(text: str) -> tuple[str, KeyProfile]:
    """`KEY[:LIMIT[:paid|free[:CONCURRENCY]]]`, as `--api-key` and HEYGEN_MOCK_API_KEYS take.

    LIMIT is the session_duration_limit in seconds (600), paid|free (or trial) the plan (paid),
    CONCURRENCY the most open sessions (the spec's number for the plan).
    """
    key, *rest = text.strip().split(":")
    if not key:
        raise ValueError(f"an API key must not be empty: {text!r}")
    if len(rest) > 3:
        raise ValueError(f"expected KEY[:LIMIT[:paid|free[:CONCURRENCY]]], got {text!r}")
    limit = int(rest[0]) if rest and rest[0] else 600
    if limit <= 0:
        raise ValueError(f"the session limit of {key!r} must be positive, got {limit}")
    plan = rest[1].lower() if len(rest) > 1 and rest[1] else "paid"
    if plan not in _PLANS:
        raise ValueError(f"the plan of {key!r} must be paid or free, got {plan!r}")
    concurrency = int(rest[2]) if len(rest) > 2 and rest[2] else None
    if concurrency is not None and concurrency <= 0:
        raise ValueError(f"the concurrency of {key!r} must be positive, got {concurrency}")
    return key, KeyProfile(limit, is_paid=_PLANS[plan], concurrency=concurrency)


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _b64(data: bytes) -> str:
    """base64url without padding, as JWTs use (binascii directly: this runs per request)."""
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").translate(_URLSAFE).decode()


_JWT_HEADER = _b64(b'{"alg":"HS256","typ":"JWT"}')


def _aligned_b64(text: str) -> str:
    """base64url of the JSON `text`, padded after its `{` (JSON whitespace) to whole 3-byte
    groups: whole 4-character groups, to which the encoding of what follows can be joined."""
    return _b64(("{" + " " * (-len(text) % 3) + text[1:]).encode())


# The tokens' payloads are built from pieces that are each whole 3-byte groups, so that each
# piece's base64 is whole 4-character groups and the pieces' encodings join into the payload's:
# the constant beginnings are encoded once here, and one encoding per session covers what the
# two tokens share (room and times) and their two subjects. Keys in any order, as JSON allows.
_GRANTS = '{"iss":"heygen-mock","video":{"roomJoin":true,%s,"room":'
_USER_HEAD = _JWT_HEADER + "." + _aligned_b64(_GRANTS % '"canPublish":true')
_AGENT_HEAD = _JWT_HEADER + "." + _aligned_b64(_GRANTS % '"agent":true')
# Byte 8 of a UUID carries the variant: its top two bits are 10, so its first hex digit is 8..b.
_VARIANT = tuple("89ab"[(byte >> 4) & 3] for byte in range(256))
# Per session: 16 bytes of UUID, 4 of host name, 43 of token signatures: 86 hex digits, 43 for
# each token, as long as an HS256 signature in base64url (whose alphabet holds the hex digits).
_DRAW = 16 + 4 + 43
# The alpha Realtime API's URL form (D-rt docs page), with the session id appended.
_REALTIME = "wss://webrtc-signaling.heygen.io/v2-alpha/interactive-avatar/session/"


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
    ) -> tuple[str, str, str, str, bool]:
        # One draw per session, from the seeded generator rather than os.urandom. Signatures are
        # random bytes, not an HMAC: nobody can verify a mock's token anyway, and hashing twice
        # per request would cost more than the rest of the answer.
        # What randbytes() returns, without its Python frame.
        raw = self._rng.getrandbits(_DRAW * 8).to_bytes(_DRAW, "little")
        count = next(self._count)
        now = _SEEDED_EPOCH + count if self.seed is not None else int(time.time())
        hexed = raw.hex()  # one call: the UUID, then the host name, then the signatures
        h = hexed[:32]
        # Version 4 UUID layout: version digit 4, variant digit 8..b.
        session_id = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[raw[8]]}{h[17:20]}-{h[20:]}"
        livekit = request.get("livekit_settings")
        # A dict, as validated JSON is (isinstance against an ABC costs more per request).
        own_url = livekit.get("url") if isinstance(livekit, dict) else None
        room = f'"{session_id}"'  # hex and dashes: nothing to escape
        if own_url and isinstance(livekit, dict) and livekit.get("room"):
            room = json.dumps(str(livekit["room"]))
        # Both tokens share all but their subject and grant (see _GRANTS): the room and times,
        # padded to whole 3-byte groups, then each subject, 24 bytes each.
        iat = str(now)
        shared = f'{room}}},"iat":{iat},"nbf":{iat},"exp":{now + profile.session_duration_limit}'
        shared += "  "[: -len(shared) % 3]
        subjects = f'{shared},"sub":"user-{h[:8]}" }},"sub":"agent-{h[:8]}"}}'.encode()
        encoded = binascii.b2a_base64(subjects, newline=False).translate(_URLSAFE).decode()
        cut = len(shared) // 3 * 4
        sig = hexed[40:]
        # Sliced out of one encoding: [shared][user subject: 32][agent subject: 32].
        access = f"{_USER_HEAD}{encoded[: cut + 32]}.{sig[:43]}"
        agent = f"{_AGENT_HEAD}{encoded[:cut]}{encoded[cut + 32 :]}.{sig[43:]}"
        if own_url:
            return session_id, str(own_url), access, agent, True
        return session_id, f"wss://heygen-{hexed[32:40]}.livekit.cloud", access, agent, False

    def session(self, request: Mapping[str, Any], profile: KeyProfile) -> dict[str, Any]:
        """The `data` object of the response to `request` (already validated)."""
        session_id, url, access, agent, _ = self._parts(request, profile)
        return {
            "session_id": session_id,
            "url": url,
            "access_token": access,
            "session_duration_limit": profile.session_duration_limit,
            "is_paid": profile.is_paid,
            "livekit_agent_token": agent,
            "realtime_endpoint": _REALTIME + session_id,
            # The v1 raw-WebRTC fields, null in a LiveKit (v2) session.
            "sdp": None,
            "ice_servers": None,
            "ice_servers2": None,
        }

    def session_json(self, request: Mapping[str, Any], profile: KeyProfile) -> tuple[str, bytes]:
        """The session id and `session()` already encoded as JSON (the same object): hot path."""
        session_id, url, access, agent, own = self._parts(request, profile)
        # A managed URL is letters, digits and dots; only a caller's own URL needs escaping.
        url_json = json.dumps(url, ensure_ascii=False) if own else f'"{url}"'
        return session_id, (
            f'{{"session_id":"{session_id}","url":{url_json},'
            f'"access_token":"{access}","session_duration_limit":'
            f'{profile.session_duration_limit},"is_paid":{"true" if profile.is_paid else "false"}'
            f',"livekit_agent_token":"{agent}","realtime_endpoint":"{_REALTIME}{session_id}"'
            ',"sdp":null,"ice_servers":null,"ice_servers2":null}'
        ).encode()

    def token(self) -> str:
        """A session token (create_token), from the seeded generator."""
        return _b64(self._rng.randbytes(32))

    def ident(self) -> str:
        """A version 4 UUID from the seeded generator (task ids, session ids of generated data)."""
        h = self._rng.randbytes(16).hex()
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16:18], 16)]}{h[17:20]}-{h[20:]}"
