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

from .limits import DEFAULT_LIMITS, Limits
from .sessions import DEFAULT_KEY, parse_key

__all__ = [
    "ADMIN_KEY_ENV",
    "EXIT_OK",
    "EXIT_USAGE",
    "INSTALL_HINT",
    "KEYS_ENV",
    "build_parser",
    "limits_from_args",
    "main",
    "missing_extra",
    "options_from_args",
    "run",
]

KEYS_ENV = "HEYGEN_MOCK_API_KEYS"
ADMIN_KEY_ENV = "HEYGEN_MOCK_ADMIN_KEY"
INSTALL_HINT = 'pip install "heygen-streaming[mock]"'
EXIT_OK = 0
EXIT_USAGE = 2
_EPILOG = f"""\
exit codes:
  {EXIT_OK}  stopped by Ctrl-C or SIGTERM
  {EXIT_USAGE}  a bad option, a spec file that cannot be read, a port that cannot be bound,
     or the [mock] extra missing ({INSTALL_HINT})
"""
# What serving over a socket needs beyond the client's own dependencies: the `mock` extra.
_SERVER_MODULES = ("granian",)


def missing_extra() -> str | None:
    """One line saying what to install when the `mock` extra is missing, else None."""
    missing = [name for name in _SERVER_MODULES if _absent(name)]
    if not missing:
        return None
    return f"the mock server needs {' and '.join(missing)}: {INSTALL_HINT}"


def _absent(name: str) -> bool:
    if name in sys.modules:  # also a module blocked with sys.modules[name] = None
        return sys.modules[name] is None
    try:
        return importlib.util.find_spec(name) is None
    except (ImportError, ValueError):
        return True


def _number(
    kind: Callable[[str], float], rule: str, ok: Callable[[float], bool]
) -> Callable[[str], Any]:
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
        raise argparse.ArgumentTypeError(
            f"expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got {text!r}"
        ) from None
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
    """The mock's parser (every dest starts with `mock_`)."""
    parser = _Parser(
        prog=prog,
        description="Serve a local, stateful mock of the HeyGen Streaming API.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    limits = DEFAULT_LIMITS
    parser.flags = []

    def add(flag: str, dest: str, help: str, **kwargs: Any) -> None:
        parser.flags.append(flag)
        parser.add_argument(flag, dest=f"mock_{dest}", help=help, **kwargs)

    add(
        "--host",
        "host",
        "an IP address to bind (default 127.0.0.1)",
        type=_host,
        default="127.0.0.1",
        metavar="HOST",
    )
    add(
        "--port",
        "port",
        "port, 0 for any free one (default 4010)",
        type=_PORT,
        default=4010,
        metavar="PORT",
    )
    add(
        "--api-key",
        "api_keys",
        f"an accepted key, repeatable; also ${KEYS_ENV} (comma-separated); default"
        f" {DEFAULT_KEY!r}. LIMIT is its session_duration_limit (600), paid|free its plan"
        " (paid), CONCURRENCY its most open sessions (the spec's number for the plan)",
        action="append",
        type=_key,
        metavar="KEY[:LIMIT[:paid|free[:CONCURRENCY]]]",
    )
    add(
        "--admin-key",
        "admin_key",
        f"require this key (header X-Mock-Admin-Key) on every /__mock__/ call, which then"
        f" answers callers from any address; also ${ADMIN_KEY_ENV}. Without it, /__mock__/"
        " answers loopback callers only",
        type=_admin_key,
        metavar="KEY",
    )
    add(
        "--seed",
        "seed",
        "same seed and requests, same responses (token times too with --clock manual)",
        type=_number(int, "a whole number >= 0", lambda v: v >= 0),
        metavar="N",
    )
    add(
        "--profile",
        "profile",
        "exact: the spec as it is (default); strict: refuse what the"
        " live API only tolerates; lenient: forgive more, saying so in X-Mock-Warnings",
        choices=("exact", "strict", "lenient"),
    )
    add("--strict", "strict", "shortcut for --profile strict", action="store_true")
    add(
        "--clock",
        "clock",
        "real (default): timeouts follow wall time; manual: time moves"
        ' only by POST /__mock__/clock {"advance": SECONDS}',
        choices=("real", "manual"),
        default="real",
    )
    add(
        "--latency",
        "latency",
        "added to every answer (a range draws from the seed)",
        type=_latency,
        default=(0.0, 0.0),
        metavar="MS|MIN-MAX",
    )
    add(
        "--error-rate",
        "error_rate",
        "probability of a 500 or 503 instead of a session (drawn from the seed)",
        type=_number(float, "a probability within 0..1", lambda v: 0 <= v <= 1),
        default=0.0,
        metavar="P",
    )
    add(
        "--max-body",
        "max_body",
        "bytes of a request body (413 above; default 1048576)",
        type=_COUNT,
        default=1 << 20,
        metavar="BYTES",
    )
    add(
        "--journal-size",
        "journal_size",
        "requests the journal keeps (default 1000)",
        type=_COUNT,
        default=1000,
        metavar="N",
    )
    add(
        "--max-header-bytes",
        "max_header_bytes",
        f"request line and headers (431 above; default {limits.max_header_bytes}); at least 8192",
        metavar="BYTES",
        type=_number(int, "a whole number >= 8192", lambda v: v >= 8192),
    )
    add(
        "--header-timeout",
        "header_timeout",
        "to receive a request's head, or to wait idle"
        f" between requests; then the connection closes (default {limits.header_timeout:g})",
        type=_number(float, "seconds within 0.001..60", lambda v: 0.001 <= v <= 60),
        metavar="SECONDS",
    )
    add(
        "--body-timeout",
        "body_timeout",
        f"to receive a body; then 408 and close (default {limits.body_timeout:g})",
        type=_SECONDS,
        metavar="SECONDS",
    )
    add(
        "--state-file",
        "state_file",
        "keep sessions, tokens and the journal in this SQLite"
        " file, so that they outlive a restart (default: in memory)",
        metavar="FILE",
    )
    add(
        "--spec",
        "spec",
        "an OpenAPI file (JSON or YAML) instead of the packaged spec",
        metavar="FILE",
    )
    add(
        "--log-level",
        "log_level",
        "the server's log level (default error)",
        default="error",
        choices=("critical", "error", "warning", "info", "debug"),
    )
    return parser


def parse(parser: _Parser, argv: list[str]) -> argparse.Namespace:
    """`argv` parsed; an unknown option is a usage error naming the closest known one."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        hint = closest(extra[0].split("=")[0], parser.flags) if extra[0].startswith("-") else ""
        parser.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args


def options_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """MockServer keyword arguments from parsed args."""
    keys: list[str] = list(args.mock_api_keys or [])
    keys += [k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
    options: dict[str, Any] = {
        "api_keys": keys or None,
        "profile": args.mock_profile or ("strict" if args.mock_strict else None),
        "clock": args.mock_clock,
        "seed": args.mock_seed,
        "latency": list(args.mock_latency),
        "error_rate": args.mock_error_rate,
        "max_body": args.mock_max_body,
        "journal_size": args.mock_journal_size,
    }
    if args.mock_spec:
        options["spec"] = args.mock_spec
    if args.mock_state_file:
        options["state_path"] = args.mock_state_file
    return options


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The connection limits from parsed args (defaults where not given)."""
    return DEFAULT_LIMITS.replace(
        max_header_bytes=args.mock_max_header_bytes,
        header_timeout=args.mock_header_timeout,
        body_timeout=args.mock_body_timeout,
    )


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM; the exit code."""
    missing = missing_extra()  # checked first: serving imports granian only once it starts
    if missing is not None:
        print(f"heygen-streaming mock: {missing}", file=sys.stderr)
        return EXIT_USAGE
    from .server import serve

    admin_key = args.mock_admin_key or os.environ.get(ADMIN_KEY_ENV) or None
    try:
        if admin_key is not None and args.mock_admin_key is None:
            _admin_key(admin_key)
    except argparse.ArgumentTypeError as exc:
        print(f"heygen-streaming mock: ${ADMIN_KEY_ENV}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return serve(
            options_from_args(args),
            args.mock_host,
            args.mock_port,
            limits=limits_from_args(args),
            admin_key=admin_key,
            log_level=args.mock_log_level,
        )
    except (ValueError, OSError) as exc:
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
