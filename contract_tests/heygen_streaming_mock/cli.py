"""`heygen-streaming mock` and `python -m heygen_streaming_mock`: the mock's command line."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from typing import Any

from .limits import DEFAULT_LIMITS, Limits
from .sessions import DEFAULT_KEY, parse_key

__all__ = [
    "INSTALL_HINT",
    "KEYS_ENV",
    "configure_parser",
    "limits_from_args",
    "main",
    "missing_extra",
    "options_from_args",
    "run",
]

KEYS_ENV = "HEYGEN_MOCK_API_KEYS"
INSTALL_HINT = 'pip install "heygen-streaming[mock]"'
# What serving over a socket needs beyond the client's own dependencies: the `mock` extra.
_SERVER_MODULES = ("uvicorn", "httptools")


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


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
        return value

    return parse


def _latency(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    try:
        lo, hi = float(low), float(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected MS or MIN-MAX, got {text!r}") from None
    if not 0 <= lo <= hi:
        raise argparse.ArgumentTypeError(f"expected 0 <= MIN <= MAX, got {text!r}")
    return lo / 1000, hi / 1000


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a probability, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a probability within 0..1, got {text!r}")
    return value


def _key(text: str) -> str:
    try:
        parse_key(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the mock's options to `parser` (every dest starts with `mock_`, to share a namespace)."""
    add = parser.add_argument
    add(
        "--host",
        dest="mock_host",
        metavar="HOST",
        default="127.0.0.1",
        help="interface (default 127.0.0.1)",
    )
    add(
        "--port",
        dest="mock_port",
        metavar="PORT",
        type=int,
        default=4010,
        help="port, 0 for any (default 4010)",
    )
    add(
        "--api-key",
        dest="mock_api_keys",
        action="append",
        type=_key,
        metavar="KEY[:LIMIT[:paid|free[:CONCURRENCY]]]",
        help=f"an accepted key, repeatable; also ${KEYS_ENV} (comma-separated); "
        f"default {DEFAULT_KEY!r}. LIMIT is its session_duration_limit (600), paid|free its "
        "plan (paid), CONCURRENCY its most open sessions (the spec's number for the plan)",
    )
    add(
        "--seed",
        dest="mock_seed",
        metavar="N",
        type=int,
        help="same seed and requests, same responses (token times too with --clock manual)",
    )
    add(
        "--profile",
        dest="mock_profile",
        choices=("exact", "strict", "lenient"),
        help="exact: the spec as it is (default); strict: refuse what the live API only "
        "tolerates; lenient: forgive more, saying so in X-Mock-Warnings",
    )
    add("--strict", dest="mock_strict", action="store_true", help="shortcut for --profile strict")
    add(
        "--clock",
        dest="mock_clock",
        choices=("real", "manual"),
        default="real",
        help="real (default): timeouts follow wall time; manual: time moves only by "
        'POST /__mock__/clock {"advance": SECONDS}',
    )
    add(
        "--workers",
        dest="mock_workers",
        metavar="N",
        type=int,
        default=1,
        help="processes sharing sessions, tokens and journal through a SQLite file (default 1)",
    )
    add(
        "--latency",
        dest="mock_latency",
        type=_latency,
        default=(0.0, 0.0),
        metavar="MS|MIN-MAX",
        help="added to every answer (a range draws from the seed)",
    )
    add(
        "--error-rate",
        dest="mock_error_rate",
        type=_rate,
        default=0.0,
        metavar="P",
        help="probability of a 500 or 503 instead of a session (drawn from the seed)",
    )
    add(
        "--max-body",
        dest="mock_max_body",
        metavar="BYTES",
        type=int,
        default=1 << 20,
        help="bytes (413 above)",
    )
    add(
        "--journal-size",
        dest="mock_journal_size",
        metavar="N",
        type=int,
        default=1000,
        help="entries kept",
    )
    limits = DEFAULT_LIMITS
    add(
        "--max-header-bytes",
        dest="mock_max_header_bytes",
        metavar="BYTES",
        type=_positive(int),
        help=f"request line and headers (431 above; default {limits.max_header_bytes})",
    )
    add(
        "--max-headers",
        dest="mock_max_headers",
        metavar="N",
        type=_positive(int),
        help=f"header fields per request (431 above; default {limits.max_headers})",
    )
    add(
        "--header-timeout",
        dest="mock_header_timeout",
        metavar="SECONDS",
        type=_positive(float),
        help=f"to receive a request's head; then 408 and close (default {limits.header_timeout:g})",
    )
    add(
        "--body-timeout",
        dest="mock_body_timeout",
        metavar="SECONDS",
        type=_positive(float),
        help=f"to receive a body; then 408 and close (default {limits.body_timeout:g})",
    )
    add(
        "--state-file",
        dest="mock_state_file",
        metavar="FILE",
        help="keep sessions, tokens and the journal in this SQLite file, as --workers N share"
        " them (default: in memory with one worker, a temporary file with several)",
    )
    add(
        "--spec",
        dest="mock_spec",
        metavar="FILE",
        help="an OpenAPI file instead of the packaged spec",
    )
    add(
        "--log-level",
        dest="mock_log_level",
        metavar="LEVEL",
        default="warning",
        help="uvicorn's log level",
    )


def options_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """MockServer keyword arguments (JSON-serialisable, for worker processes) from parsed args."""
    keys: list[str] = list(args.mock_api_keys or [])
    env = os.environ.get(KEYS_ENV, "")
    keys += [k.strip() for k in env.split(",") if k.strip()]
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
    if getattr(args, "mock_state_file", None):
        options["state_path"] = args.mock_state_file
    return options


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The connection limits from parsed args (defaults where not given)."""
    return DEFAULT_LIMITS.replace(
        max_header_bytes=args.mock_max_header_bytes,
        max_headers=args.mock_max_headers,
        header_timeout=args.mock_header_timeout,
        body_timeout=args.mock_body_timeout,
    )


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM; the exit code."""
    missing = missing_extra()  # checked first: serving imports uvicorn only once it starts
    if missing is not None:
        print(f"heygen-streaming mock: {missing}", file=sys.stderr)
        return 2
    from .server import serve

    try:
        return serve(
            options_from_args(args),
            args.mock_host,
            args.mock_port,
            workers=max(1, args.mock_workers),
            log_level=args.mock_log_level,
            limits=limits_from_args(args),
        )
    except (ValueError, OSError) as exc:
        print(f"heygen-streaming mock: {exc}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m heygen_streaming_mock",
        description="A local mock of the HeyGen Streaming API.",
    )
    configure_parser(parser)
    return run(parser.parse_args(argv))
