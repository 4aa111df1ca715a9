"""Keep the API key out of everything the harness prints or writes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from heygen_streaming.redact import secret_field_names

__all__ = ["MASK", "mask_text"]

MASK = "***"
# A credential header in a curl command (`-H 'X-Api-Key: ...'`) or a header dump (`X-Api-Key: ...`).
_HEADER = re.compile(
    r"(?i)((?:x-api-key|authorization|proxy-authorization|cookie)\s*[:=]\s*)([^'\"\r\n]*)"
)


@cache
def _secret_fields() -> re.Pattern[str]:
    """Fields the spec marks `x-secret: true` (session tokens), as they appear in a JSON text."""
    names = "|".join(sorted(re.escape(n) for n in secret_field_names()))
    return re.compile(rf'("(?:{names})"\s*:\s*")((?:[^"\\]|\\.)*)(")')


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with credential headers, secret JSON fields and every given secret masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    text = _HEADER.sub(lambda m: m.group(1) + (MASK if m.group(2).strip() else m.group(2)), text)
    return _secret_fields().sub(lambda m: m.group(1) + MASK + m.group(3), text)
