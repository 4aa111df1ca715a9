"""Request bytes to a JSON object, refusing every malformed input with a precise reason."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_DEPTH", "MAX_NUMBER_DIGITS", "BodyError", "check_content_type", "parse_body"]

MAX_DEPTH = 64
# More digits than any 64-bit integer or double needs; longer literals are refused, not parsed.
MAX_NUMBER_DIGITS = 40
_TYPE_NAMES = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}


class BodyError(ValueError):
    """The body is not a JSON object; `str()` is the message of the 400 (or 415)."""


def check_content_type(value: str | None) -> str | None:
    """None when `value` is JSON in UTF-8, else the 415 message."""
    if value is None or not value.strip():
        return "Content-Type: header is missing, expected application/json"
    media, _, params = value.partition(";")
    if media.strip().lower() != "application/json":
        return f"Content-Type: expected application/json, got {media.strip()[:100]}"
    for param in params.split(";"):
        name, _, arg = param.partition("=")
        charset = arg.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in {"utf-8", "utf8"}:
            return f"Content-Type: charset {arg.strip()[:40]} is not supported, use utf-8"
    return None


def _reject_constant(name: str) -> Any:
    raise BodyError(f"body: {name} is not valid JSON (numbers must be finite)")


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_DIGITS:
        raise BodyError(f"body: a number with {len(text)} digits is too large")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS + 10:
        raise BodyError(f"body: a number with {len(text)} characters is too large")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise BodyError(f"body: {text[:50]} is out of the range of a number")
    return value


_decoder = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_int, parse_float=_float)


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in a parsed value (iterative: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


# A `\uD800`-`\uDFFF` escape: the only way a lone surrogate gets into a parsed string (raw
# surrogate bytes are invalid UTF-8, refused before parsing). Pairs are fine; lone ones are not.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _lone(text: str) -> str | None:
    """`U+D800`, the first code point of `text` that UTF-8 cannot encode; None if there is none."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"U+{ord(text[exc.start]):04X}"
    return None


def find_unencodable(value: Any, path: str = "") -> str | None:
    """The message naming the first field (name or value) UTF-8 cannot encode, or None.

    Such strings come from lone-surrogate escapes (`"\\ud800"`): valid JSON, but no validator,
    encoder or journal can write them, so they are refused before anything else reads them.
    """
    if isinstance(value, str):
        bad = _lone(value)
        return (
            None if bad is None else f"{path or 'body'}: not valid Unicode (lone surrogate {bad})"
        )
    if not isinstance(value, dict | list):
        return None
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        if isinstance(key, int):
            where = f"{path}[{key}]"
        else:
            name = key.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            where = f"{path}.{name[:100]}" if path else name[:100]
            bad = _lone(key)
            if bad is not None:
                return f"{where}: field name is not valid Unicode (lone surrogate {bad})"
        found = find_unencodable(item, where)
        if found is not None:
            return found
    return None


def parse_body(body: bytes) -> dict[str, Any]:
    """The body as a JSON object, or BodyError naming what is wrong with it."""
    if not body or body.isspace():
        raise BodyError("body: is empty, expected a JSON object")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError(
            f"body: not valid UTF-8 (byte 0x{body[exc.start]:02x} at offset {exc.start})"
        ) from None
    try:
        value = _decoder.decode(text)
    except BodyError:
        raise
    except RecursionError:  # deeper than json's own limit (about 1,000 levels)
        raise BodyError(f"body: nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise BodyError(
            f"body: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except ValueError as exc:  # int() refusing a literal, for one
        raise BodyError(f"body: not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        kind = _TYPE_NAMES.get(type(value), "a number")
        raise BodyError(f"body: expected a JSON object, got {kind}")
    # Fewer brackets than the limit cannot nest deeper: counting them runs in C.
    if body.count(b"[") + body.count(b"{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise BodyError(f"body: nested deeper than {MAX_DEPTH} levels")
    if b"\\u" in body and _SURROGATE_ESCAPE.search(body):
        problem = find_unencodable(value)
        if problem is not None:
            raise BodyError(problem)
    return value
