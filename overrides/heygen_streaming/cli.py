"""The `heygen-streaming` command: open a session from the shell, or run the local mock."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from typing import Any, NoReturn

import httpx

from ._cli_fields import add_request_options, collect_fields
from ._constants import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL, MAX_RETRIES
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    HeyGenError,
    ValidationError,
)
from .redact import mask_json

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_NETWORK_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
]

EXIT_OK = 0
EXIT_API_ERROR = 1  # the API answered with an error status, or with an unexpected body
EXIT_USAGE = 2  # bad arguments, a request the spec refuses, no API key, missing extra
EXIT_NETWORK_ERROR = 3  # the API could not be reached, or did not answer in time
EXIT_INTERRUPTED = 130

MOCK_INSTALL_HINT = 'the mock needs the [mock] extra: pip install "heygen-streaming[mock]"'

_EPILOG = f"""\
configuration (argument, then environment, then default):
  --api-key     else ${API_KEY_ENV} (required)
  --base-url    else ${BASE_URL_ENV}, else {DEFAULT_BASE_URL}

Options that are not given are not sent: the spec's defaults apply. Fields are checked
against the spec before anything is sent. Tokens print as *** unless --show-secrets.

exit codes:
  {EXIT_OK}  the session was created
  {EXIT_API_ERROR}  the API answered with an error (4xx/5xx) or an unexpected body
  {EXIT_USAGE}  bad arguments, a field the spec refuses, or no API key (nothing was sent)
  {EXIT_NETWORK_ERROR}  the API could not be reached or timed out
  {EXIT_INTERRUPTED}  interrupted

examples:
  heygen-streaming new-session --quality high --avatar-id Wayne_20240711
  heygen-streaming new-session --voice-emotion Friendly --activity-idle-timeout 300 --json
  heygen-streaming new-session --base-url http://127.0.0.1:4010 --api-key test
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is exactly one line on stderr."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {message} (see {self.prog} --help)\n")


def build_parser() -> tuple[argparse.ArgumentParser, list[Any]]:
    """The parser, and the request options derived from the spec (to collect them back)."""
    from .spec import load_spec

    operation = load_spec()["paths"]["/v1/streaming.new"]["post"]
    parser = _Parser(
        prog="heygen-streaming",
        description="HeyGen Streaming API from the shell: open a session, or run the local mock.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser(
        "new-session",
        help=operation.get("summary", "open a streaming session"),
        description=operation.get("description"),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options = add_request_options(new)
    conn = new.add_argument_group("connection and output")
    conn.add_argument("--api-key", metavar="KEY", help=f"HeyGen API key (else ${API_KEY_ENV})")
    conn.add_argument(
        "--base-url", metavar="URL", help=f"server (else ${BASE_URL_ENV}, else {DEFAULT_BASE_URL})"
    )
    conn.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="timeout of each phase (default 5 s / 30 s)",
    )
    conn.add_argument(
        "--max-retries",
        type=int,
        default=MAX_RETRIES,
        metavar="N",
        help=f"retries when nothing was created (connect error, 429, 503) [default: {MAX_RETRIES}]",
    )
    conn.add_argument("--json", action="store_true", help="print the session as JSON")
    conn.add_argument("--show-secrets", action="store_true", help="print the tokens instead of ***")
    commands.add_parser(
        "mock",
        help="serve the local mock of the API (needs the [mock] extra; `mock --help`)",
        add_help=False,
    )
    return parser, options


def _fail(message: str, code: int) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return code


def _print_session(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(data, indent=2))
        return
    from rich.console import Console  # only when printing a table: keeps imports light
    from rich.table import Table

    table = Table(title="HeyGen streaming session", show_header=True)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for name, value in data.items():
        table.add_row(name, value if isinstance(value, str) else json.dumps(value))
    Console(soft_wrap=False).print(table)


def _new_session(
    args: argparse.Namespace, options: list[Any], transport: httpx.BaseTransport | None
) -> int:
    from ._client import StreamingClient

    if not (args.api_key or os.environ.get(API_KEY_ENV)):
        return _fail(f"no API key: pass --api-key or set ${API_KEY_ENV}", EXIT_USAGE)
    try:
        with StreamingClient(
            api_key=args.api_key,
            base_url=args.base_url,
            timeout=args.timeout,
            max_retries=args.max_retries,
            transport=transport,
        ) as client:
            session = client.new_session(**collect_fields(args, options))
    except ValidationError as exc:
        return _fail(f"{exc} (nothing was sent)", EXIT_USAGE)
    except APIConnectionError as exc:
        return _fail(str(exc), EXIT_NETWORK_ERROR)
    except (APIStatusError, APIResponseValidationError) as exc:
        return _fail(str(exc), EXIT_API_ERROR)
    except HeyGenError as exc:  # configuration
        return _fail(str(exc), EXIT_USAGE)
    data = session.to_dict()
    _print_session(data if args.show_secrets else mask_json(data), args.json)
    return EXIT_OK


def _mock(argv: list[str]) -> int:
    try:
        # Imported by name: the mock is an optional extra, written and typed in its own package.
        mock_cli: Any = importlib.import_module("heygen_streaming_mock.cli")
    except ImportError as exc:
        return _fail(f"{MOCK_INSTALL_HINT} ({exc})", EXIT_USAGE)
    parser = _Parser(prog="heygen-streaming mock", description="Serve the local mock of the API.")
    mock_cli.configure_parser(parser)
    args = parser.parse_args(argv)
    return int(mock_cli.run(args))


def main(argv: list[str] | None = None, *, transport: httpx.BaseTransport | None = None) -> int:
    """Run the command line; returns the exit code. `transport` serves tests and demos."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        # `mock` parses its own options: importing the mock (a web stack) only when it runs.
        if argv[:1] == ["mock"]:
            return _mock(argv[1:])
        parser, options = build_parser()
        args = parser.parse_args(argv)
        return _new_session(args, options, transport)
    except SystemExit as exc:  # --help, or a usage error already printed on one line
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
