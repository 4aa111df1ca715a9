"""The `Prefer` request header: Prism's `code=` and `example=`, plus `delay=MS` and `fault=KIND`."""

from __future__ import annotations

from dataclasses import dataclass

from .wire import FAULTS

__all__ = ["NO_PREFERENCES", "PreferError", "Preferences", "parse_prefer"]


class PreferError(ValueError):
    """A `Prefer` value the mock cannot honour; `str()` is the message of the 400."""


@dataclass(frozen=True, slots=True)
class Preferences:
    """What one request asked the mock to do instead of its usual answer."""

    code: int | None = None
    example: str | None = None
    delay: float = 0.0  # seconds
    fault: str | None = None


NO_PREFERENCES = Preferences()


def parse_prefer(values: list[str], *, max_delay: float) -> Preferences:
    """Every `Prefer` header of a request, merged; unknown preferences are ignored (RFC 7240)."""
    code: int | None = None
    example: str | None = None
    delay = 0.0
    fault: str | None = None
    for value in values:
        for token in value.replace(";", ",").split(","):
            name, sep, arg = token.partition("=")
            name, arg = name.strip().lower(), arg.strip().strip('"')
            if not sep:
                continue
            if name == "code":
                if not arg.isdigit() or len(arg) != 3:
                    raise PreferError(f"Prefer: code={arg[:20]} is not an HTTP status")
                code = int(arg)
            elif name == "example":
                example = arg
            elif name == "delay":
                try:
                    ms = float(arg)
                except ValueError:
                    raise PreferError(f"Prefer: delay={arg[:20]} is not a number of ms") from None
                if not 0 <= ms <= max_delay * 1000:
                    raise PreferError(
                        f"Prefer: delay={arg[:20]} is outside 0..{max_delay * 1000:g} ms"
                    )
                delay = ms / 1000
            elif name == "fault":
                if arg not in FAULTS:
                    raise PreferError(
                        f"Prefer: fault={arg[:20]} is not one of {', '.join(sorted(FAULTS))}"
                    )
                fault = arg
    if code is None and example is None and not delay and fault is None:
        return NO_PREFERENCES
    return Preferences(code=code, example=example, delay=delay, fault=fault)
