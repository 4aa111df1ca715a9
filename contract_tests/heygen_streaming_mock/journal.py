"""The request journal: a bounded ring buffer of requests and answers, secrets masked."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from heygen_streaming import redact

__all__ = ["Entry", "Journal", "mask_text"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One request and what the mock did with it."""

    seq: int
    time: float
    method: str
    path: str
    headers: dict[str, str]
    # The JSON body with secrets masked, or its (masked, possibly truncated) text when it is not
    # a JSON object or is larger than the journal keeps.
    body: Any
    body_size: int
    body_truncated: bool
    status: int | None  # None when a fault replaced the answer
    warnings: tuple[str, ...]
    fault: str | None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["warnings"] = list(self.warnings)
        return out


def mask_text(text: str, secrets: frozenset[str]) -> str:
    """Secrets masked in a body that is not JSON: `"token": "x"` becomes `"token": "***"`."""
    for name in secrets:
        text = re.sub(
            rf'("{re.escape(name)}"\s*:\s*)"(?:[^"\\]|\\.)*"?', rf'\1"{redact.MASK}"', text
        )
    return text


class Journal:
    """The last `maxlen` requests; memory stays bounded whatever the load.

    Recording is on the hot path, so it only keeps references and a slice of the body (at most
    `max_body` bytes); masking and decoding happen when entries are read.
    """

    def __init__(
        self, maxlen: int = 1000, *, max_body: int = 4096, secrets: frozenset[str] = frozenset()
    ) -> None:
        self._raw: deque[tuple[Any, ...]] = deque(maxlen=maxlen)
        self.total = 0  # every request recorded since start, evicted ones included
        self._lock = threading.Lock()
        self.maxlen = maxlen
        self.max_body = max_body
        self.secrets = secrets
        self._secret_bytes = tuple(name.encode() for name in secrets)

    def record(
        self,
        method: str,
        path: str,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
        parsed: Any,
        status: int | None,
        warnings: tuple[str, ...] = (),
        fault: str | None = None,
    ) -> None:
        kept = body if len(body) <= self.max_body else body[: self.max_body]
        # Only whether the body parsed, not the parsed object: reads parse the bytes again.
        # Holding a thousand dicts would make each eviction free cold memory, on the hot path.
        is_json = parsed is not None and len(body) <= self.max_body
        when = time.time()
        with self._lock:
            self.total += 1
            # A tuple of headers, not the server's list: an entry holding only immutable atoms
            # is untracked by the garbage collector, which then never rescans the buffer.
            entry = (self.total, when, method, path[:2048], tuple(headers), kept, len(body))
            self._raw.append((*entry, is_json, status, warnings, fault))

    def _entry(self, raw: tuple[Any, ...]) -> Entry:
        (seq, when, method, path, headers, kept, size, is_json, status, warnings, fault) = raw
        truncated = size > len(kept)
        body: Any
        if is_json:
            parsed = json.loads(kept)  # it parsed once, under stricter rules than json's
            named = any(name in kept for name in self._secret_bytes)
            body = redact.mask_json(parsed, self.secrets) if named else parsed
        else:
            text = kept.decode("utf-8", "replace")
            body = mask_text(text, self.secrets) if self.secrets else text
        return Entry(
            seq=seq,
            time=when,
            method=method,
            path=path,
            headers=redact.mask_headers(
                [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
            ),
            body=body,
            body_size=size,
            body_truncated=truncated,
            status=status,
            warnings=warnings,
            fault=fault,
        )

    def entries(self) -> list[Entry]:
        """A snapshot, oldest first."""
        with self._lock:
            raws = list(self._raw)
        return [self._entry(r) for r in raws]

    def last(self) -> Entry:
        with self._lock:
            if not self._raw:
                raise LookupError("the journal is empty")
            raw = self._raw[-1]
        return self._entry(raw)

    def clear(self) -> None:
        with self._lock:
            self._raw.clear()

    def to_json(self) -> dict[str, Any]:
        """What `GET /__mock__/requests` answers."""
        entries = self.entries()
        return {
            "total": self.total,
            "kept": len(entries),
            "maxlen": self.maxlen,
            "requests": [e.to_dict() for e in entries],
        }

    def __len__(self) -> int:
        return len(self._raw)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())
