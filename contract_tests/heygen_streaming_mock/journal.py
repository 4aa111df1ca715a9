"""The request journal: the last requests and answers, secrets masked, bounded in count and bytes.

Each entry (`journal_cut`) keeps at most `max_body` bytes of the body, `max_header_bytes` of
headers and `max_warning_bytes` of warnings, each marked as cut when it was; so the journal holds
at most about `maxlen * (max_body + max_header_bytes + max_warning_bytes)` bytes.
Recording only slices; masking and decoding happen when entries are read.

`GET /__mock__/requests` (`render_page`) answers one page of at most `page_bytes` of kept bytes,
as much as 50 entries at their caps hold (always at least one entry): the largest page costs no
more than a default page of the largest entries (under 50 ms); `next_offset` continues.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Sequence
from itertools import islice
from typing import Any
from urllib.parse import parse_qs

from .journal_cut import Entry, cap_headers, cap_warnings, escape_unencodable, shown

__all__ = ["DEFAULT_PAGE", "MAX_PAGE", "Entry", "Journal"]

DEFAULT_PAGE = 50
MAX_PAGE = 500


class Journal:
    """The last `maxlen` requests; memory stays bounded whatever the load."""

    def __init__(
        self,
        maxlen: int = 1000,
        *,
        max_body: int = 4096,
        secrets: frozenset[str] = frozenset(),
        max_header_bytes: int = 4096,
        max_warning_bytes: int = 2048,
    ) -> None:
        self._lock = threading.Lock()
        self.maxlen = maxlen
        self.max_body = max_body
        self.max_header_bytes = max_header_bytes
        self.max_warning_bytes = max_warning_bytes
        self.secrets = secrets
        # The most bytes of kept bodies, headers and warnings one page renders: a default page
        # of entries at their caps (with room for the "[cut]" notes).
        self.page_bytes = DEFAULT_PAGE * (max_body + max_header_bytes + max_warning_bytes + 256)
        self.total = 0  # every request recorded since start, evicted and cleared included
        self._kept: deque[Entry] = deque(maxlen=maxlen)  # as recorded: neither masked nor decoded

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
        heads, head_size, heads_cut = cap_headers(headers, self.max_header_bytes)
        notes, notes_cut = cap_warnings(warnings, self.max_warning_bytes)
        # The bytes of a whole body that parsed (reading parses them again), else its text.
        kept: bytes | str = body[: self.max_body]
        if len(body) > self.max_body or parsed is None:
            kept = body[: self.max_body].decode("utf-8", "replace")
        with self._lock:
            self.total += 1
            self._kept.append(
                Entry(
                    seq=self.total,
                    time=time.time(),
                    method=method[:32],
                    path=path[:2048],
                    headers=heads,
                    body=kept,
                    body_size=len(body),
                    body_truncated=len(body) > self.max_body,
                    status=status,
                    warnings=tuple(escape_unencodable(list(notes))),
                    fault=fault,
                    headers_size=head_size,
                    headers_truncated=heads_cut,
                    warnings_truncated=notes_cut,
                )
            )

    def page(
        self, offset: int = 0, limit: int | None = None, max_bytes: int | None = None
    ) -> list[Entry]:
        """Entries oldest first from `offset` (negative: from the end), at most `limit`, and at
        most `max_bytes` of kept bytes (but at least one)."""
        with self._lock:
            start = max(0, len(self._kept) + offset) if offset < 0 else offset
            chosen = list(islice(self._kept, start, None if limit is None else start + limit))
        size = 0
        for count, kept in enumerate(chosen):
            size += len(kept.body) + sum(map(len, kept.warnings))
            size += sum(len(k) + len(v) for k, v in kept.headers.items())
            if max_bytes is not None and size > max_bytes and count:
                del chosen[count:]
                break
        return [shown(kept, self.secrets) for kept in chosen]

    def entries(self) -> list[Entry]:
        """A snapshot, oldest first."""
        return self.page()

    def last(self) -> Entry:
        """The newest entry; LookupError when there is none."""
        newest = self.page(-1)
        if not newest:
            raise LookupError("the journal is empty")
        return newest[0]

    def clear(self) -> int:
        """Forget every entry (`total` keeps counting); how many were forgotten."""
        with self._lock:
            cleared = len(self._kept)
            self._kept.clear()
            return cleared

    def to_json(
        self, offset: int = 0, limit: int | None = None, max_bytes: int | None = None
    ) -> dict[str, Any]:
        """One page of the journal as `GET /__mock__/requests` answers it (all when no limit)."""
        kept = len(self)
        start = max(0, kept + offset) if offset < 0 else offset
        entries = self.page(offset, limit, max_bytes)
        end = start + len(entries)
        return {
            "total": self.total,
            "kept": kept,
            "maxlen": self.maxlen,
            "offset": start,
            "limit": limit,
            "next_offset": end if end < kept else None,
            "requests": [e.to_dict() for e in entries],
        }

    def render_page(self, query: str = "") -> bytes:
        """`GET /__mock__/requests?limit=&offset=` as JSON bytes: `limit` (default 50, at most
        500) entries from `offset` (default 0; negative counts from the newest), cut short at
        `page_bytes`; ValueError naming a parameter that is not an integer in range. Never
        fails on an entry's content (strings no encoder can write are escaped when read)."""
        params = parse_qs(query[:1000], keep_blank_values=True)
        numbers = {"limit": DEFAULT_PAGE, "offset": 0}
        for name in numbers:
            text = (params.get(name) or [str(numbers[name])])[-1].strip()
            if not text.lstrip("-").isdigit() or len(text) > 12:
                raise ValueError(f"{name}: expected an integer, got {text[:40]!r}")
            numbers[name] = int(text)
        if not 1 <= numbers["limit"] <= MAX_PAGE:
            raise ValueError(f"limit: expected 1..{MAX_PAGE}, got {numbers['limit']}")
        page = self.to_json(numbers["offset"], numbers["limit"], self.page_bytes)
        return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode()

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)
