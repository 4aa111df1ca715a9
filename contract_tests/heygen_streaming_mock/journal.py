"""The request journal: the last requests and answers, secrets masked, bounded in count and bytes.

(What an entry keeps, and how it is masked and escaped: `journal_cut`.)

Each entry keeps at most `max_body` bytes of the body, `max_header_bytes` of headers and
`max_warning_bytes` of warnings, each marked as cut when it was; so the whole journal holds at
most about `maxlen * (max_body + max_header_bytes + max_warning_bytes)` bytes, whatever comes in.
`render_page` answers `GET /__mock__/requests` one bounded page at a time.

In memory by default; with `path`, a SQLite file that every worker process of one served mock
shares (`journal_store.SqliteStore`).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import parse_qs

from heygen_streaming import redact

from .journal_cut import (
    cap_headers,
    cap_warnings,
    escape_unencodable,
    escaped,
    mask,
    mask_headers,
    mask_text,
)

__all__ = [
    "DEFAULT_PAGE",
    "MAX_PAGE",
    "Entry",
    "Journal",
    "escape_unencodable",
    "mask_text",
    "render_page",
]

DEFAULT_PAGE = 50
MAX_PAGE = 500
_CUT = " [cut]"
_NONE: tuple[tuple[str, ...], bool] = ((), False)  # no warnings, none cut
_SHARED_HEADS = 256  # the most sets of headers the journal shares (4 KiB at most each)


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
    headers_size: int = 0  # bytes of every header name and value as received
    headers_truncated: bool = False  # headers past the journal's byte cap were cut or dropped
    warnings_truncated: bool = False  # the last warning says how many more were dropped

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies every value, the bulk of a page's cost.
        return {name: getattr(self, name) for name in _FIELDS} | {"warnings": list(self.warnings)}


_FIELDS = tuple(item.name for item in fields(Entry))


class _MemoryStore:
    """Raw entries in a ring buffer; the sequence number is a counter.

    An entry's number is not stored: the buffer holds the last entries in order, so the
    number of the one at index i is `total - len + 1 + i`, added when entries are read.
    """

    def __init__(self, maxlen: int) -> None:
        self._raw: deque[tuple[Any, ...]] = deque(maxlen=maxlen)
        self.total = 0

    def add(self, raw: tuple[Any, ...]) -> None:
        self.total += 1
        self._raw.append(raw)

    def window(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        raws = self._raw
        first = self.total - len(raws) + 1  # the number of raws[0]
        if offset >= len(raws):
            return []
        # Indexing a deque costs the distance from its nearer end in blocks of 64: cheap here.
        stop = min(len(raws), offset + limit)
        return [(first + i, *raws[i]) for i in range(offset, stop)]

    def last(self) -> tuple[Any, ...] | None:
        return (self.total, *self._raw[-1]) if self._raw else None

    def clear(self) -> int:
        cleared = len(self._raw)
        self._raw.clear()
        return cleared

    def __len__(self) -> int:
        return len(self._raw)


class Journal:
    """The last `maxlen` requests; memory stays bounded whatever the load.

    Recording is on the hot path, so it only keeps references and bounded slices (body,
    headers, warnings); masking and decoding happen when entries are read.
    """

    def __init__(
        self,
        maxlen: int = 1000,
        *,
        max_body: int = 4096,
        secrets: frozenset[str] = frozenset(),
        max_header_bytes: int = 4096,
        max_warning_bytes: int = 2048,
        path: str | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self.maxlen = maxlen
        self.max_body = max_body
        self.max_header_bytes = max_header_bytes
        self.max_warning_bytes = max_warning_bytes
        self.secrets = secrets
        self.path = path
        self._secret_bytes = tuple(name.encode() for name in secrets)
        # A set of headers -> (the one copy entries hold, its size, False: not cut).
        self._shared: dict[Any, tuple[Any, int, bool]] = {}
        self._store: Any
        if path is None:
            self._store = _MemoryStore(maxlen)
        else:
            from .journal_store import SqliteStore

            self._store = SqliteStore(path, maxlen)

    @property
    def total(self) -> int:
        """Every request recorded since start (by every worker sharing it), evicted included."""
        return int(self._store.total)

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
        size = len(body)
        small = size <= self.max_body
        # One copy of each set of headers seen within the cap (a client sends the same ones
        # again and again), not one per entry, and capped once: the server's fresh objects are
        # freed with the request, while they are in the cache, not a thousand requests later.
        key = tuple(headers)
        shared = self._shared
        capped = shared.get(key)
        if capped is None:
            capped = cap_headers(key, self.max_header_bytes)
            if not capped[2]:  # a set cut short is not kept: it may be huge
                if len(shared) >= _SHARED_HEADS:
                    shared.clear()  # bounded, whatever the clients send
                shared[key] = capped
        heads, head_size, heads_cut = capped
        notes, notes_cut = cap_warnings(warnings, self.max_warning_bytes) if warnings else _NONE
        # One tuple, built once. Only whether the body parsed, not the parsed object: reads
        # parse the bytes again; holding a thousand dicts would make each eviction free cold
        # memory, on the hot path.
        raw = (
            time.time(), method[:32], path[:2048], heads, body if small else body[: self.max_body],
            size, small and parsed is not None, status, notes, fault, head_size, heads_cut,
            notes_cut,
        )  # fmt: skip
        lock = self._lock  # acquire/release rather than `with`: half the cost, per request
        lock.acquire()
        try:
            self._store.add(raw)
        finally:
            lock.release()

    def _entry(self, raw: tuple[Any, ...]) -> Entry:
        (seq, when, method, path, headers, kept, size, is_json, status, warnings, fault) = raw[:11]
        head_size, heads_cut, notes_cut = raw[11:]
        truncated = size > len(kept)
        body: Any
        if is_json:
            parsed = json.loads(kept)  # it parsed once, under stricter rules than json's
            if b"\\u" in kept:
                parsed = escape_unencodable(parsed)
            named = any(name in kept for name in self._secret_bytes)
            body = redact.mask_json(parsed, self.secrets) if named else parsed
        else:
            text = kept.decode("utf-8", "replace")
            body = mask(mask_text(text, self.secrets) if self.secrets else text)
        shown = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        if heads_cut and shown:
            shown[-1] = (shown[-1][0], shown[-1][1] + _CUT)
        return Entry(
            seq=seq,
            time=when,
            method=method,
            path=path,
            headers=mask_headers(shown),
            body=body,
            body_size=size,
            body_truncated=truncated,
            status=status,
            warnings=escaped(warnings),
            fault=fault,
            headers_size=head_size,
            headers_truncated=heads_cut,
            warnings_truncated=notes_cut,
        )

    def page(self, offset: int = 0, limit: int | None = None) -> list[Entry]:
        """Entries oldest first from `offset` (negative: from the end), at most `limit`."""
        with self._lock:
            kept = len(self._store)
            start = max(0, kept + offset) if offset < 0 else offset
            raws = self._store.window(start, kept if limit is None else limit)
        return [self._entry(r) for r in raws]

    def entries(self) -> list[Entry]:
        """A snapshot, oldest first."""
        return self.page()

    def last(self) -> Entry:
        with self._lock:
            raw = self._store.last()
        if raw is None:
            raise LookupError("the journal is empty")
        return self._entry(raw)

    def clear(self) -> int:
        """Forget every entry (`total` keeps counting); how many were forgotten."""
        with self._lock:
            self._shared.clear()  # the headers they shared (API keys among them) go too
            return int(self._store.clear())

    def to_json(self, offset: int = 0, limit: int | None = None) -> dict[str, Any]:
        """One page of the journal as `GET /__mock__/requests` answers it (all when no limit)."""
        with self._lock:
            kept = len(self._store)
        entries = self.page(offset, limit)
        start = max(0, kept + offset) if offset < 0 else offset
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

    def render_page(self, query: str = "") -> tuple[int, bytes]:
        """`GET /__mock__/requests?limit=&offset=` as (status, JSON bytes); see `render_page`."""
        return render_page(self, query)

    def __len__(self) -> int:
        with self._lock:
            return len(self._store)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())


def _error(message: str) -> tuple[int, bytes]:
    return 400, json.dumps({"code": 400, "message": message}).encode()


def _integer(params: dict[str, list[str]], name: str, default: int) -> int | str:
    values = params.get(name)
    if not values:
        return default
    text = values[-1].strip()
    if not text.lstrip("-").isdigit() or len(text) > 12:
        return f"{name}: expected an integer, got {text[:40]!r}"
    return int(text)


def render_page(journal: Journal, query: str = "") -> tuple[int, bytes]:
    """The answer to `GET /__mock__/requests` for a raw query string: (status, JSON body).

    `limit` (default 50, at most 500) entries from `offset` (default 0, oldest first; negative
    counts from the newest: `offset=-10` is the last ten). 200 with `total`, `kept`, `maxlen`,
    `offset`, `limit`, `next_offset` (null on the last page) and `requests`; 400 with the spec's
    error body when a parameter is not an integer in range. Never fails on an entry's content.
    """
    params = parse_qs(query[:1000], keep_blank_values=True)
    limit = _integer(params, "limit", DEFAULT_PAGE)
    offset = _integer(params, "offset", 0)
    if isinstance(limit, str):
        return _error(limit)
    if isinstance(offset, str):
        return _error(offset)
    if not 1 <= limit <= MAX_PAGE:
        return _error(f"limit: expected 1..{MAX_PAGE}, got {limit}")
    page = journal.to_json(offset, limit)
    text = json.dumps(page, ensure_ascii=False, separators=(",", ":"))
    try:
        return 200, text.encode("utf-8")
    except UnicodeEncodeError:  # a safety net: entries are escaped when read
        return 200, json.dumps(escape_unencodable(page), separators=(",", ":")).encode()
