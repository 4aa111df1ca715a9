"""A logging filter that masks the API key and session tokens in httpx's and httpcore's records.

Their lines print what a server sent (a reason phrase, a header). Every client puts the one
`SecretFilter` on each logger in `LOGGERS` (a filter sees only its very logger's records); it
masks each record's message, exception and stack text, and never drops a record.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from .redact import SCRUB_MIN_LENGTH, mask_text, pieces

__all__ = ["LOGGERS", "SecretFilter", "forget_secret", "install_log_filter", "register_secret"]

# Every logger httpx and httpcore (and hpack, under HTTP/2) create records on.
LOGGERS = (
    "heygen_streaming",
    "httpx",
    *(f"httpcore{m}" for m in ("", ".connection", ".http11", ".http2", ".proxy", ".socks")),
    *(f"hpack{m}" for m in ("", ".hpack", ".table")),
)
# Tokens: the most recent only, each dropped when its session stops; API keys are pinned.
# Every call may register tokens, logging on or off, so registering is one dict entry: the
# pieces of the values (`redact.pieces`) are built when a record is next filtered.
_REGISTRY_SIZE = 256
_tokens: OrderedDict[str, None] = OrderedDict()
_keys: dict[str, None] = {}
_pieces_of: dict[str, frozenset[str]] = {}
_snapshot: tuple[frozenset[str], frozenset[str]] | None = None
_lock = threading.Lock()


def register_secret(value: str, *, pinned: bool = False) -> None:
    """Have every `SecretFilter` mask `value` (a key or a token) from now on; `pinned` (an API
    key): for the life of the process, whatever else is registered."""
    global _snapshot
    if not isinstance(value, str) or len(value) < SCRUB_MIN_LENGTH:
        return
    with _lock:
        if value in _keys:
            return
        if pinned:
            _tokens.pop(value, None)
            _keys[value] = None
        elif value in _tokens:
            _tokens.move_to_end(value)
            return
        else:
            _tokens[value] = None
            if len(_tokens) > _REGISTRY_SIZE:
                _tokens.popitem(last=False)
        _snapshot = None


def forget_secret(value: str) -> None:
    """Stop masking `value` (the token of a session that stopped); pinned keys stay."""
    global _snapshot
    with _lock:
        if _tokens.pop(value, 0) is None:
            _snapshot = None


def _registered() -> tuple[frozenset[str], frozenset[str]]:
    """The registered values, and the pieces of all of them (each value's computed once)."""
    global _snapshot
    with _lock:
        if _snapshot is None:
            values = frozenset(_keys).union(_tokens)
            for gone in _pieces_of.keys() - values:
                del _pieces_of[gone]
            for value in values - _pieces_of.keys():
                _pieces_of[value] = frozenset(pieces(value))
            _snapshot = values, frozenset().union(*(_pieces_of[v] for v in values))
        return _snapshot


class SecretFilter(logging.Filter):
    """Masks credentials in a record's message and exception text; keeps every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets, grams = _registered()
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        masked = mask_text(message, secrets, grams)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # What the handler would print, masked now (Formatter.format reuses exc_text).
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text, secrets, grams)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info, secrets, grams)
        return True


_installed = SecretFilter()


def install_log_filter() -> SecretFilter:
    """Put the one `SecretFilter` on every logger in `LOGGERS` (idempotent); return it."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _installed not in logger.filters:
            logger.addFilter(_installed)
    return _installed
