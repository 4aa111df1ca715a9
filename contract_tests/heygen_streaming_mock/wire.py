"""The pipeline's messages: the request head, a checked body, and the reply (or a fault)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from heygen_streaming.envelope import Envelope

__all__ = ["FAULTS", "JSON_HEADERS", "Checked", "Head", "Reply", "ascii_header", "encode_json"]

# What a `Prefer: fault=KIND` does instead of answering (asgi.py, transport.py): `reset` closes
# the connection without an answer; `stall` never answers, until the client gives up (bounded);
# `malformed` is a 200 whose JSON body is cut short; `empty` a 200 with an empty body.
FAULTS = frozenset({"reset", "stall", "malformed", "empty"})

JSON_HEADERS: tuple[tuple[bytes, bytes], ...] = ((b"content-type", b"application/json"),)
_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_json(value: Any) -> bytes:
    return _encoder.encode(value).encode("utf-8")


def ascii_header(text: str, limit: int = 2000) -> bytes:
    """A header value safe to send: ASCII, no control characters, bounded length."""
    # Warnings name fields the caller invented, so they may hold anything; escape rather than drop.
    safe = text.encode("ascii", "backslashreplace").decode("ascii")
    safe = "".join(c if 32 <= ord(c) < 127 else f"\\x{ord(c):02x}" for c in safe)
    if len(safe) > limit:
        safe = safe[: limit - 3] + "..."
    return safe.encode("ascii")


@dataclass(slots=True)
class Checked:
    """A request body that passed validation, as the mock reads it, and what was forgiven."""

    body: dict[str, Any]
    warnings: tuple[str, ...] = ()
    query: dict[str, Any] = field(default_factory=dict)  # the declared query parameters, parsed
    path: dict[str, str] = field(default_factory=dict)  # the path parameters' values


class Head:
    """The request line and raw headers (names lower-case bytes), from any server or transport.

    Headers stay bytes as ASGI gives them: only the few the mock reads are decoded (latin-1),
    the journal decodes the rest when read.
    """

    __slots__ = ("first", "headers", "method", "path", "query")

    def __init__(
        self, method: str, path: str, headers: list[tuple[bytes, bytes]], query: str = ""
    ) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query  # the raw query string, without "?"
        # Name to first raw value (`get` decodes it).
        self.first = dict(reversed(headers))

    def __repr__(self) -> str:
        return f"Head(method={self.method!r}, path={self.path!r}, headers=<{len(self.headers)}>)"

    def get(self, name: bytes) -> str | None:
        """The first value of header `name` (lower-case bytes), decoded; None when absent."""
        value = self.first.get(name)
        return None if value is None else value.decode("latin-1")

    def get_all(self, name: bytes) -> list[str]:
        """Every value of header `name`, in order."""
        if name not in self.first:
            return []
        return [value.decode("latin-1") for key, value in self.headers if key == name]


@dataclass(slots=True)
class Reply:
    """One HTTP answer, fully encoded, or a `fault` that replaces it."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = JSON_HEADERS
    fault: str | None = None
    # Seconds to wait before answering (Prefer delay, --latency).
    delay: float = 0.0
    warnings: tuple[str, ...] = field(default=())

    @classmethod
    def json(cls, status: int, value: Any, headers: tuple[tuple[bytes, bytes], ...] = ()) -> Reply:
        return cls(status, encode_json(value), JSON_HEADERS + headers)

    @classmethod
    def error(
        cls,
        envelope: Envelope,
        status: int,
        message: str,
        headers: tuple[tuple[bytes, bytes], ...] = (),
        code: int | None = None,
    ) -> Reply:
        """The spec's error body (`x-envelope`): `code` given, else the status's own code."""
        return cls.json(status, envelope.error_body(status, message, code), headers)
