"""A logging filter that masks the API key and session tokens in httpx's and httpcore's records.

httpx's and httpcore's lines print what a server sent (a reason phrase, a header). Every client
calls `install_log_filter()`, which puts one `SecretFilter` on each logger in `LOGGERS` (a filter
sees only its very logger's records); it rewrites each record's message, exception and stack
text with `redact.mask_text`, and never drops a record.
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
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack",
    "hpack.hpack",
    "hpack.table",
)
# Tokens: the most recent only, each dropped when its session stops; API keys are pinned.
# Registering costs one dict entry (every call may register tokens, logging on or off); the
# pieces of each value (`redact.pieces`) are computed once, and joined only when a record is
# filtered after a change, so a record costs one look-up per character, whatever is registered.
_REGISTRY_SIZE = 256
_registry: OrderedDict[str, None] = OrderedDict()
_pinned: dict[str, None] = {}
_pieces_of: dict[str, frozenset[str]] = {}
_snapshot: tuple[frozenset[str], frozenset[str]] | None = None
_lock = threading.Lock()
_installed: SecretFilter | None = None


def register_secret(value: str, *, pinned: bool = False) -> None:
    """Have every `SecretFilter` mask `value` (a key or a token) from now on.

    `pinned` (an API key): kept for the life of the process, whatever else is registered.
    """
    global _snapshot
    if not isinstance(value, str) or len(value) < SCRUB_MIN_LENGTH:
        return
    with _lock:
        if value in _pinned:
            return
        if value in _registry and not pinned:
            _registry.move_to_end(value)
            return
        _snapshot = None
        if pinned:
            _registry.pop(value, None)
            _pinned[value] = None
            return
        _registry[value] = None
        while len(_registry) > _REGISTRY_SIZE:
            _pieces_of.pop(_registry.popitem(last=False)[0], None)


def forget_secret(value: str) -> None:
    """Stop masking `value` (the token of a session that stopped); pinned keys stay."""
    global _snapshot
    with _lock:
        if _registry.pop(value, 0) is None:
            _snapshot = None
            _pieces_of.pop(value, None)


def _registered() -> tuple[frozenset[str], frozenset[str]]:
    """The registered values, and the pieces of all of them."""
    global _snapshot
    with _lock:
        if _snapshot is None:
            values = frozenset(_pinned).union(_registry)
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
            record.exc_text = mask_text(
                logging.Formatter().formatException(record.exc_info), secrets, grams
            )
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text, secrets, grams)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info, secrets, grams)
        return True


def install_log_filter() -> SecretFilter:
    """Put the one `SecretFilter` on every logger in `LOGGERS` (idempotent); return it."""
    global _installed
    with _lock:
        if _installed is None:
            _installed = SecretFilter()
        installed = _installed
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if installed not in logger.filters:
            logger.addFilter(installed)
    return installed
