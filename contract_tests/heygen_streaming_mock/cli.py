"""`heygen-streaming mock` and `python -m heygen_streaming_mock`: the mock's command line.

Every option is checked before anything starts: a bad value is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import math
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from heygen_streaming._suggest import closest
from heygen_streaming.spec import APIS

from .clock import CLOCK_MODES
from .limits import DEFAULT_LIMITS, Limits
from .router import PROFILES
from .sessions import DEFAULT_KEY, parse_key

__all__ = ["build_parser", "limits_from_args", "main", "missing_extra", "options_from_args", "run"]

KEYS_ENV = "HEYGEN_MOCK_API_KEYS"
ADMIN_KEY_ENV = "HEYGEN_MOCK_ADMIN_KEY"
INSTALL_HINT = 'pip install "heygen-streaming[mock]"'
EXIT_USAGE = 2
# Options passed on as the MockServer keyword of the same name, when given.
_SERVER_OPTIONS: tuple[str, ...] = ("clock", "seed", "latency", "error_rate", "max_body")
_SERVER_OPTIONS += ("journal_size", "spec", "api", "state_path")
_EPILOG = f"""\
exit codes:
  0  stopped by Ctrl-C or SIGTERM
  {EXIT_USAGE}  a bad option, a spec file that cannot be read, a port that cannot be bound,
     or the [mock] extra missing ({INSTALL_HINT})
"""


def missing_extra() -> str | None:
    """One line saying what to install when the `mock` extra (granian) is missing, else None."""
    try:
        found = importlib.util.find_spec("granian") is not None
    except (ImportError, ValueError):  # ValueError: blocked with sys.modules["granian"] = None
        found = False
    return None if found else f"the mock server needs granian: {INSTALL_HINT}"


def _number(kind: Callable[[str], float], rule: str, ok: Callable[[float], bool]) -> Any:
    """An argparse type: `kind(text)` when finite and `ok`, else an error saying `rule`."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {rule}, got {text!r}") from None
        if not math.isfinite(value) or not ok(value):
            raise argparse.ArgumentTypeError(f"expected {rule}, got {text!r}")
        return value

    return parse


def _host(text: str) -> str:
    host = "127.0.0.1" if text == "localhost" else text
    try:
        ipaddress.ip_address(host)
    except ValueError:
        hint = "such as 127.0.0.1, 0.0.0.0 or ::1"
        raise argparse.ArgumentTypeError(f"expected an IP address {hint}, got {text!r}") from None
    return host


def _latency(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    try:
        lo, hi = float(low), float(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected MS or MIN-MAX, got {text!r}") from None
    if not (math.isfinite(hi) and 0 <= lo <= hi):
        raise argparse.ArgumentTypeError(f"expected 0 <= MIN <= MAX, got {text!r}")
    return lo / 1000, hi / 1000


def _key(text: str) -> str:
    try:
        parse_key(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _api(text: str) -> str:
    if text not in APIS:
        known = f"the packaged ones are {', '.join(APIS)}{closest(text, APIS)}"
        raise argparse.ArgumentTypeError(f"unknown API {text!r}; {known}")
    return text


def _admin_key(text: str) -> str:
    if not text or not text.isascii() or not text.isprintable() or " " in text:
        raise argparse.ArgumentTypeError("expected printable ASCII with no spaces (a header value)")
    return text


_PORT = _number(int, "a port within 0..65535", lambda v: 0 <= v <= 65535)
_COUNT = _number(int, "a whole number > 0", lambda v: v > 0)
_SECONDS = _number(float, "seconds > 0", lambda v: v > 0)


class _Parser(argparse.ArgumentParser):
    """No prefix matching; a usage error is one line on stderr, with "did you mean"."""

    flags: list[str]

    def error(self, message: str) -> NoReturn:
        text = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{self.prog}: error: {text} (see {self.prog} --help)\n")


def build_parser(prog: str = "python -m heygen_streaming_mock") -> _Parser:
    """The mock's parser."""
    parser = _Parser(
        prog=prog,
        description="Serve a local, stateful mock of a packaged API (--api, default streaming)"
        " or of any spec that follows the conventions (--spec).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    limits = DEFAULT_LIMITS
    parser.flags = []

    def add(flag: str, help: str, **kwargs: Any) -> None:
        parser.flags.append(flag)
        parser.add_argument(flag, help=help, **kwargs)

    whole = _number(int, "a whole number >= 0", lambda v: v >= 0)
    probability = _number(float, "a probability within 0..1", lambda v: 0 <= v <= 1)
    head_bytes = _number(int, "a whole number >= 8192", lambda v: v >= 8192)
    head_seconds = _number(float, "seconds within 0.001..60", lambda v: 0.001 <= v <= 60)
    add("--host", "an IP address to bind (default 127.0.0.1)", type=_host, default="127.0.0.1")
    add("--port", "0 for any free one (default 4010)", type=_PORT, default=4010)
    add("--api-key", f"an accepted key, repeatable; also ${KEYS_ENV} (comma-separated); default"
        f" {DEFAULT_KEY!r}. LIMIT is its sessions' duration limit in s (600), paid|free its"
        " plan (paid), CONCURRENCY its most sessions at once (the spec's number for the plan)",
        action="append", type=_key, dest="api_keys",
        metavar="KEY[:LIMIT[:paid|free[:CONCURRENCY]]]")  # fmt: skip
    add("--admin-key", "require this key (header X-Mock-Admin-Key) on every /__mock__/ call, from"
        f" any address; also ${ADMIN_KEY_ENV}. Without it, /__mock__/ answers loopback callers"
        " only", type=_admin_key, metavar="KEY")  # fmt: skip
    add("--seed", "same seed and requests, same responses", type=whole, metavar="N")
    add("--profile", "exact (the spec, default), strict or lenient", choices=PROFILES)
    add("--strict", "shortcut for --profile strict", action="store_true")
    add("--clock", "real (default) or manual (moved by POST /__mock__/clock)", choices=CLOCK_MODES,
        default="real")  # fmt: skip
    add("--latency", "added to every answer (a range draws from the seed)", type=_latency,
        default=(0.0, 0.0), metavar="MS|MIN-MAX")  # fmt: skip
    add("--error-rate", "probability of a 500 or 503 instead of an answer", type=probability,
        default=0.0, metavar="P")  # fmt: skip
    add("--max-body", "bytes of a body (413 above; default 1048576)", type=_COUNT,
        default=1 << 20, metavar="BYTES")  # fmt: skip
    add("--journal-size", "requests the journal keeps (default 1000)", type=_COUNT,
        default=1000, metavar="N")  # fmt: skip
    add("--max-header-bytes", f"of a head, at least 8192 (431 above; default"
        f" {limits.max_header_bytes})", type=head_bytes, metavar="BYTES")  # fmt: skip
    add("--header-timeout", "to receive a head, or to wait idle between requests; then"
        f" close (default {limits.header_timeout:g})", type=head_seconds,
        metavar="SECONDS")  # fmt: skip
    add("--body-timeout", f"to receive a body; then 408 and close (default"
        f" {limits.body_timeout:g})", type=_SECONDS, metavar="SECONDS")  # fmt: skip
    add("--state-file", "keep sessions and tokens in this SQLite file (default: in memory)",
        metavar="FILE", dest="state_path")  # fmt: skip
    add("--api", f"the packaged API to serve: {' or '.join(APIS)} (default streaming)", type=_api,
        metavar="NAME")  # fmt: skip
    add("--spec", "an OpenAPI file (JSON or YAML) instead of a packaged API", metavar="FILE")
    add("--log-level", "the server's log level (default error)", default="error",
        choices=("critical", "error", "warning", "info", "debug"))  # fmt: skip
    return parser


def parse(parser: _Parser, argv: list[str]) -> argparse.Namespace:
    """`argv` parsed (the admin key may come from the environment); an unknown option is a
    usage error naming the closest known one."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        hint = closest(extra[0].split("=")[0], parser.flags) if extra[0].startswith("-") else ""
        parser.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    if args.api and args.spec:
        parser.error("--api and --spec: give one of them (the spec to serve)")
    if args.admin_key is None and os.environ.get(ADMIN_KEY_ENV):
        try:
            args.admin_key = _admin_key(os.environ[ADMIN_KEY_ENV])
        except argparse.ArgumentTypeError as exc:
            parser.error(f"${ADMIN_KEY_ENV}: {exc}")
    return args


def options_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """MockServer keyword arguments from parsed args."""
    given = {name: getattr(args, name) for name in _SERVER_OPTIONS}
    options = {name: value for name, value in given.items() if value is not None}
    keys: list[str] = list(args.api_keys or [])
    keys += [k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
    options["api_keys"] = keys or None
    options["profile"] = args.profile or ("strict" if args.strict else None)
    return options


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The connection limits from parsed args (defaults where not given)."""
    return DEFAULT_LIMITS.replace(
        max_header_bytes=args.max_header_bytes,
        header_timeout=args.header_timeout,
        body_timeout=args.body_timeout,
    )


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM; the exit code."""
    missing = missing_extra()  # checked first: serving imports granian only once it starts
    if missing is not None:
        print(f"heygen-streaming mock: {missing}", file=sys.stderr)
        return EXIT_USAGE
    from .server import serve

    try:
        return serve(
            options_from_args(args),
            args.host,
            args.port,
            limits=limits_from_args(args),
            admin_key=args.admin_key,
            log_level=args.log_level,
        )
    except (ValueError, OSError, RuntimeError) as exc:  # RuntimeError: the server did not start
        print(f"heygen-streaming mock: {exc}", file=sys.stderr)
        return EXIT_USAGE


def main(argv: list[str] | None = None, prog: str = "python -m heygen_streaming_mock") -> int:
    """Parse `argv` (default: the process's) and serve; the exit code."""
    parser = build_parser(prog)
    try:
        args = parse(parser, sys.argv[1:] if argv is None else list(argv))
    except SystemExit as exc:  # --help (0), or a usage error already printed on one line
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    return run(args)
