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
import struct
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


def _ascii_json(text: str) -> bytes:
    """`text` as a JSON string, in ASCII (escapes for the rest)."""
    return json.dumps(text).encode()


def _aligned_b64(text: str) -> str:
    """base64url of the JSON `text`, padded after its `{` (JSON whitespace) to whole 3-byte
    groups: whole 4-character groups, to which the encoding of what follows can be joined."""
    return _b64(("{" + " " * (-len(text) % 3) + text[1:]).encode())


# The tokens' payloads are built from pieces that are each whole 3-byte groups, so that each
# piece's base64 is whole 4-character groups and the pieces' encodings join into the payload's:
# the constant beginnings are encoded once here, and one encoding per session covers what the
# two tokens share (room and times) and their two subjects. Keys in any order, as JSON allows.
_GRANTS = '{"iss":"heygen-mock","video":{"roomJoin":true,%s,"room":'
_USER_HEAD = (_JWT_HEADER + "." + _aligned_b64(_GRANTS % '"canPublish":true')).encode()
_AGENT_HEAD = (_JWT_HEADER + "." + _aligned_b64(_GRANTS % '"agent":true')).encode()
# Per session: 16 bytes of UUID, 4 of host name, 43 of token signatures: 126 hex digits, 43 for
# each token, as long as an HS256 signature in base64url (whose alphabet holds the hex digits).
_DRAW = 16 + 4 + 43
_DRAW_BITS = _DRAW * 8
# The draw's hex digits, cut in one call: the UUID's five groups, the host name, two signatures.
_PIECES = struct.Struct("8s4s4s4s12s8s43s43s")
_UUID_GROUPS = struct.Struct("8s4s4s4s12s")
# Version 4 UUID layout, set in the drawn number itself (bytes little-endian): the high nibble of
# byte 6 is the version (4), the top two bits of byte 8 the variant (10: hex digit 8..b).
_UUID_BITS = (0xF << 52) | (0x3 << 70)
_UUID_KEEP = ((1 << _DRAW_BITS) - 1) ^ _UUID_BITS
_UUID_SET = (0x4 << 52) | (0x2 << 70)
# The alpha Realtime API's URL form (D-rt docs page), with the session id appended.
_REALTIME = "wss://webrtc-signaling.heygen.io/v2-alpha/interactive-avatar/session/"
_MANAGED_URL = (b'"wss://heygen-', b'.livekit.cloud"')  # around the drawn host name
# `session()` as JSON, in pieces joined once (one copy; a format would parse its 1 KB per call):
# between them go the session id, the URL (JSON), the access token's payload and signature,
# the plan's numbers, the agent token's payload (two pieces) and signature, the session id.
_ID = b'{"session_id":"'
_URL = b'","url":'
_ACCESS = b',"access_token":"' + _USER_HEAD
_DOT = b"."
_LIMIT = b'","session_duration_limit":'
_PAID = {True: b',"is_paid":true,"livekit_agent_token":"' + _AGENT_HEAD,
         False: b',"is_paid":false,"livekit_agent_token":"' + _AGENT_HEAD}  # fmt: skip
_REALTIME_AT = b'","realtime_endpoint":"' + _REALTIME.encode()
_QUOTES = (b'"', b'"')
_END = b'","sdp":null,"ice_servers":null,"ice_servers2":null}'


class SessionFactory:
    """Makes the `data` of a created session; the same seed and calls give the same results."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._rng = random.Random(seed)  # noqa: S311 - reproducible on purpose
        # No lock: next() on a count and one getrandbits() call are each atomic, so threads
        # sharing the sync transport still get distinct sessions.
        self._count = itertools.count(1)
        # The tokens' time claims, encoded: (issued at, duration limit, the encoding, the limit's).
        self._times: tuple[int, int, bytes, bytes] = (-1, -1, b"", b"")

    def session(
        self, request: Mapping[str, Any], profile: KeyProfile, now: float | None = None
    ) -> dict[str, Any]:
        """The `data` object of the response to `request` (already validated). Its tokens are
        issued at `now` (the mock's clock); without it, at the time (seeded: one second per
        session from 2025-01-01)."""
        return dict(json.loads(self.session_json(request, profile, now)[1]))

    def session_json(
        self,
        request: Mapping[str, Any],
        profile: KeyProfile,
        now: float | None = None,
        around: tuple[bytes, bytes] = (b"", b""),
    ) -> tuple[str, bytes]:
        """The session id and `session(request, profile, now)` encoded as JSON (between the two
        bytes of `around`: a whole answer body): the hot path, built in bytes and joined once."""
        # One draw per session, from the seeded generator rather than os.urandom. Signatures are
        # random bytes, not an HMAC: nobody can verify a mock's token anyway, and hashing twice
        # per request would cost more than the rest of the answer.
        drawn = self._rng.getrandbits(_DRAW_BITS) & _UUID_KEEP | _UUID_SET
        pieces = _PIECES.unpack(binascii.hexlify(drawn.to_bytes(_DRAW, "little")))
        if now is None:
            count = next(self._count)
            now = _SEEDED_EPOCH + count if self.seed is not None else time.time()
        stamp, limit = int(now), profile.session_duration_limit
        times = self._times
        if times[0] != stamp or times[1] != limit:  # on the clock: once a second at most
            times = self._times = (stamp, limit, b'},"iat":%d,"nbf":%d,"exp":%d' % (
                stamp, stamp, stamp + limit
            ), b"%d" % limit)  # fmt: skip
        session_id = b"-".join(pieces[:5])  # joins, not formats: no format string to parse
        livekit = request.get("livekit_settings")
        # A dict, as validated JSON is (isinstance against an ABC costs more per request).
        own_url = livekit.get("url") if isinstance(livekit, dict) else None
        if own_url and isinstance(livekit, dict):
            url = _ascii_json(str(own_url))
            room = _ascii_json(str(livekit["room"])) if livekit.get("room") else None
        else:
            url, room = pieces[5].join(_MANAGED_URL), None
        # Both tokens share all but their subject and grant (see _GRANTS): the room and times,
        # padded to whole 3-byte groups, then each subject, 24 bytes each.
        shared = (room or session_id.join(_QUOTES)) + times[2]
        pad = b"  "[: -len(shared) % 3]
        prefix = pieces[0]  # the session id's first group names both subjects
        subjects = b'%s%s,"sub":"user-%s" },"sub":"agent-%s"}' % (shared, pad, prefix, prefix)
        encoded = binascii.b2a_base64(subjects, newline=False).translate(_URLSAFE)
        cut = (len(shared) + len(pad)) // 3 * 4
        # Sliced out of one encoding: [shared][user subject: 32][agent subject: 32].
        data = b"".join((
            around[0], _ID, session_id, _URL, url, _ACCESS, encoded[: cut + 32], _DOT, pieces[6],
            _LIMIT, times[3], _PAID[profile.is_paid], encoded[:cut], encoded[cut + 32 :],
            _DOT, pieces[7], _REALTIME_AT, session_id, _END, around[1],
        ))  # fmt: skip
        return session_id.decode(), data

    def token(self) -> str:
        """A session token (create_token), from the seeded generator."""
        return _b64(self._rng.randbytes(32))

    def ident(self) -> str:
        """A version 4 UUID from the seeded generator (task ids, session ids of generated data)."""
        drawn = self._rng.getrandbits(128) & _UUID_KEEP | _UUID_SET  # as randbytes(16) draws
        groups = _UUID_GROUPS.unpack(binascii.hexlify(drawn.to_bytes(16, "little")))
        return b"-".join(groups).decode()
