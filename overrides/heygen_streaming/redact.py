"""Masking of credentials: the API key, every field the spec marks `x-secret: true`, session tokens.

JSON is masked by field name (`mask_json`); text a server wrote (`mask_text`) by every means at
hand: known values, even partly echoed; secret fields in any quoting; credential headers; bearer
credentials; JWT-shaped strings. Text is masked BEFORE it is cut to length (`safe_text`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

from .errors import truncate
from .spec_model import packaged_models

__all__ = [
    "MASK",
    "SCRUB_MIN_LENGTH",
    "SECRET_HEADERS",
    "mask_headers",
    "mask_json",
    "mask_text",
    "pieces",
    "safe_text",
    "scrub",
    "secret_field_names",
    "secret_values",
]

MASK = "***"
SCRUB_MIN_LENGTH = 6
# Any run of this many characters of a secret, anywhere in a text, is masked (a partial echo).
PARTIAL_MIN = 8
# Header names compared lower-case; `authorization` too, in case a caller proxies through a gateway.
SECRET_HEADERS = frozenset(
    {"x-api-key", "authorization", "proxy-authorization", "cookie", "set-cookie"}
)
# JSON deeper than this is shown as a placeholder: a hostile server can nest 100,000 levels, and
# masking must never be the thing that raises RecursionError.
MAX_DEPTH = 100
_TOO_DEEP = "(nested too deeply)"

# A value after a secret name: base64url/JWT-ish characters, an escaped slash; stops at a quote,
# a backslash (escaped JSON), a space or a separator. An unterminated value runs to the end.
_VALUE = r"(?:\\/|[^\s\"'\\,;&}\]<>)])+"
_QUOTE = r"(?:\\*[\"'])?"
_HEADER = re.compile(
    rf"(?i)((?<![\w-])(?:{'|'.join(sorted(SECRET_HEADERS, key=len, reverse=True))})"
    rf"{_QUOTE}\s*[:=,]\s*b?{_QUOTE})([^'\"\r\n\\]+)"
)
_BEARER = re.compile(r"(?i)(\bbearer\s+)([A-Za-z0-9._~+/=-]+)")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*)*")


def secret_field_names() -> frozenset[str]:
    """Names of the properties the packaged specs in use mark `x-secret: true` (the spec model's
    walk), so that a log line of any client in the process is masked."""
    return frozenset().union(*(model.secret_fields for model in packaged_models()))


@cache
def _field_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # `field: is required` is a rule about the field, not its value: a token has no spaces, so
    # a rule's first word followed by a space is never one.
    return re.compile(
        rf"((?<![\w-])(?:{alternatives}){_QUOTE}\s*[:=]\s*b?{_QUOTE})"
        rf"(?!(?:is|not|must|null)\s)({_VALUE})"
    )


def mask_json(value: Any, secrets: frozenset[str] | None = None, _depth: int = 0) -> Any:
    """A copy of a JSON value with every secret field's value replaced by `***`."""
    names = secret_field_names() if secrets is None else secrets
    if isinstance(value, Mapping | list) and _depth >= MAX_DEPTH:
        return _TOO_DEEP
    if isinstance(value, Mapping):
        return {
            k: (MASK if k in names and v is not None else mask_json(v, names, _depth + 1))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_json(v, names, _depth + 1) for v in value]
    return value


def mask_headers(headers: Mapping[str, str], values: Iterable[str] = ()) -> dict[str, str]:
    """Headers as a plain dict: credential headers masked, and any value that echoes a secret."""
    known = frozenset(values)
    return {
        k: MASK if k.lower() in SECRET_HEADERS else mask_text(v, known) for k, v in headers.items()
    }


def secret_values(value: Any, secrets: frozenset[str] | None = None) -> set[str]:
    """The string values of every secret field in a JSON value (what `scrub` must hide)."""
    names = secret_field_names() if secrets is None else secrets
    found: set[str] = set()
    stack = [value]  # iterative: the value may be nested deeper than the recursion limit
    while stack:
        node = stack.pop()
        # JSON as parsed or built: dicts and lists (an ABC check here costs the client's floor)
        if isinstance(node, dict):
            for k, v in node.items():
                if k in names and isinstance(v, str) and v:
                    found.add(v)
                else:
                    stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)
    return found


def scrub(text: str, values: Iterable[str], grams: Container[str] | None = None) -> str:
    """`text` with every echo of the given secret values replaced by `***`: a whole value, any
    `PARTIAL_MIN`-character part of one, and one cut to 6 or 7 characters at either end (a cut
    body). Values shorter than `SCRUB_MIN_LENGTH` are left alone (they would mangle words).
    `grams`: the values' `pieces`, when the caller keeps them (the log filter's registry)."""
    kept = frozenset(v for v in values if len(v) >= SCRUB_MIN_LENGTH)
    if not kept or not text:
        return text
    grams = _grams(kept) if grams is None else grams
    if len(text) >= PARTIAL_MIN:
        text = _mask_grams(text, grams)
    for value in sorted(kept, key=len, reverse=True):
        text = text.replace(value, MASK)
        cuts = range(min(len(value) - 1, len(text), PARTIAL_MIN - 1), SCRUB_MIN_LENGTH - 1, -1)
        k = next((k for k in cuts if text.endswith(value[:k])), 0)
        text = text[: len(text) - k] + MASK if k else text
        k = next((k for k in cuts if text.startswith(value[-k:])), 0)
        text = MASK + text[k:] if k else text
    return text


def pieces(value: str) -> set[str]:
    """Every `PARTIAL_MIN`-character piece of a secret: an echo of any of them is masked."""
    return {value[i : i + PARTIAL_MIN] for i in range(len(value) - PARTIAL_MIN + 1)}


@lru_cache(maxsize=16)
def _grams(values: frozenset[str]) -> frozenset[str]:
    """The pieces of a few values (a call's credentials), computed once per set of values."""
    return frozenset().union(*map(pieces, values))


def _mask_grams(text: str, grams: Container[str]) -> str:
    """`text` with each run of characters covered by a piece of a secret replaced by `***`."""
    runs: list[list[int]] = []  # [start, end] of each run, in order
    for i in range(len(text) - PARTIAL_MIN + 1):
        if text[i : i + PARTIAL_MIN] in grams:
            if runs and i <= runs[-1][1]:
                runs[-1][1] = i + PARTIAL_MIN
            else:
                runs.append([i, i + PARTIAL_MIN])
    for start, end in reversed(runs):
        text = text[:start] + MASK + text[end:]
    return text


def _masked(match: re.Match[str]) -> str:
    return match.group(1) + MASK


def mask_text(text: str, values: Iterable[str] = (), grams: Container[str] | None = None) -> str:
    """Any text a server wrote, with every credential we know of or can recognise masked."""
    text = scrub(text, values, grams)
    fields = _field_pattern(secret_field_names())
    if fields is not None:
        text = fields.sub(_masked, text)
    text = _HEADER.sub(_masked, text)
    text = _BEARER.sub(_masked, text)
    return _JWT.sub(MASK, text)


def safe_text(text: str, values: Iterable[str] = ()) -> str:
    """Server-written text fit for a message or a log line: masked, THEN cut to length.

    Lone surrogates (a JSON `"\\ud800"`) are shown escaped: printed as they are, they would make
    a log handler or the terminal raise UnicodeEncodeError.
    """
    masked = mask_text(text, values)
    printable = masked.encode("utf-8", "backslashreplace").decode("utf-8")
    return truncate(printable)
