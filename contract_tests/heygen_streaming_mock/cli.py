"""`heygen-streaming mock` and `python -m heygen_streaming_mock`: the mock's command line."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .sessions import DEFAULT_KEY, parse_key

__all__ = ["KEYS_ENV", "configure_parser", "main", "options_from_args", "run"]

KEYS_ENV = "HEYGEN_MOCK_API_KEYS"


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
        metavar="KEY[:LIMIT[:paid|free]]",
        help=f"an accepted key, repeatable; also ${KEYS_ENV} (comma-separated); "
        f"default {DEFAULT_KEY!r}. LIMIT is its session_duration_limit, paid|free its is_paid",
    )
    add(
        "--seed",
        dest="mock_seed",
        metavar="N",
        type=int,
        help="same seed and requests, same responses",
    )
    add("--strict", dest="mock_strict", action="store_true", help="refuse what lenient forgives")
    add(
        "--workers",
        dest="mock_workers",
        metavar="N",
        type=int,
        default=1,
        help="processes (default 1)",
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
        "strict": args.mock_strict,
        "seed": args.mock_seed,
        "latency": list(args.mock_latency),
        "error_rate": args.mock_error_rate,
        "max_body": args.mock_max_body,
        "journal_size": args.mock_journal_size,
    }
    if args.mock_spec:
        options["spec"] = args.mock_spec
    return options


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM; the exit code."""
    try:
        from .server import serve
    except ImportError as exc:  # uvicorn and httptools are the `mock` extra
        print(f"heygen-streaming mock: {exc}; install heygen-streaming[mock]", file=sys.stderr)
        return 2
    try:
        return serve(
            options_from_args(args),
            args.mock_host,
            args.mock_port,
            workers=max(1, args.mock_workers),
            log_level=args.mock_log_level,
        )
    except (ValueError, OSError) as exc:
        print(f"heygen-streaming mock: {exc}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m heygen_streaming_mock", description="A local mock of HeyGen streaming.new."
    )
    configure_parser(parser)
    return run(parser.parse_args(argv))
