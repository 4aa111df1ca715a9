"""The request journal: the last requests and answers, secrets masked, bounded in count and bytes.

Recording keeps slices (at most `max_body` bytes of the body, `max_header_bytes` of headers,
`max_warning_bytes` of warnings, each marked when cut) and decodes nothing; reading masks
credentials and escapes strings no encoder can write (lone surrogates), so no entry can make
reading fail or leak. A page (`render_page`) holds at most `page_bytes`, what 50 entries at their
caps hold (at least one entry), so the largest page costs no more than a default one (< 50 ms).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Sequence
from itertools import islice
from typing import Any
from urllib.parse import parse_qs

from heygen_streaming import redact

from .journal_cut import Entry, cap_headers, cap_warnings, escape_unencodable

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
        # A default page of entries at their caps (with room for the "[cut]" notes).
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
        return [_shown(kept, self.secrets) for kept in chosen]

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
        offset, limit = numbers["offset"], numbers["limit"]
        if not 1 <= limit <= MAX_PAGE:
            raise ValueError(f"limit: expected 1..{MAX_PAGE}, got {limit}")
        kept = len(self)
        start = max(0, kept + offset) if offset < 0 else offset
        entries = self.page(offset, limit, self.page_bytes)
        end = start + len(entries)
        page = {
            "total": self.total,
            "kept": kept,
            "maxlen": self.maxlen,
            "offset": start,
            "limit": limit,
            "next_offset": end if end < kept else None,
            "requests": [e.to_dict() for e in entries],
        }
        return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode()

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)


@functools.cache
def _triggers() -> tuple[str, ...]:
    """Lower-case words without which `redact.mask_text` finds nothing to mask. Searching for
    them runs in C; the masking regexes cost about 1 ms per 10 KiB, too much for every page."""
    names = {*redact.SECRET_HEADERS, *redact.secret_field_names(), "bearer", "eyj"}
    return tuple(sorted(name.lower() for name in names))


def _mask(text: str) -> str:
    """`redact.mask_text(text)`, skipped when the text holds none of its trigger words."""
    lowered = text.lower()
    return redact.mask_text(text) if any(w in lowered for w in _triggers()) else text


def _mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """Credential headers masked by name, and any header that echoes one of their credentials
    (or holds a credential `redact` recognises)."""
    secret = {k for k in headers if k.lower() in redact.SECRET_HEADERS}
    # Each credential of a secret header (repeated ones were joined with ", " when recorded),
    # and the token of "Bearer TOKEN".
    known = {part.strip() for k in secret for part in headers[k].split(",")}
    known |= {value.split()[-1] for value in known if value.split()}
    # One search (in C) over all the other values: nearly always none needs masking, and
    # masking each costs more than the rest of the page.
    others = "\n".join(v for k, v in headers.items() if k not in secret)
    n = redact.SCRUB_MIN_LENGTH  # what `scrub` hides: a known value, or its first or last n+
    ends = {part for value in known if len(value) >= n for part in (value[:n], value[-n:])}
    lowered = others.lower()
    if any(part in others for part in ends) or any(word in lowered for word in _triggers()):
        return {
            k: redact.MASK if k in secret else _mask(redact.scrub(v, known))
            for k, v in headers.items()
        }
    return {k: redact.MASK if k in secret else v for k, v in headers.items()}


def _shown(kept: Entry, secrets: frozenset[str]) -> Entry:
    """The entry as a reader sees it: decoded, secrets masked, unencodable strings escaped."""
    body: Any = kept.body
    if isinstance(body, bytes):  # a JSON object, parsed once under stricter rules than json's
        body = json.loads(body)
        if b"\\u" in kept.body:  # the only way to a string UTF-8 cannot encode
            body = escape_unencodable(body)
        if any(name.encode() in kept.body for name in secrets):
            body = redact.mask_json(body, secrets)
    else:
        # Secrets masked in a body that is not JSON: `"token": "x"` becomes `"token": "***"`.
        for name in secrets:
            pattern = rf'("{re.escape(name)}"\s*:\s*)"(?:[^"\\]|\\.)*"?'
            body = re.sub(pattern, rf'\1"{redact.MASK}"', body)
        body = _mask(body)
    return dataclasses.replace(kept, headers=_mask_headers(kept.headers), body=body)
