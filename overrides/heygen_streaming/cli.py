"""The `heygen-streaming` and `liveavatar` commands: each operation, a session, the mock.

This module runs a parsed command (the parser: `_cli_parser`) and prints what it returns; every
failure is one `error:` line and a documented exit code. One CLI serves any generated package:
its product, environment variables and server come from the spec's `x-api`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from typing import Any

import httpx

from ._cli_fields import collect_fields
from ._cli_parser import (
    EXIT_API_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NETWORK_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    build_parser,
    parse,
    speaking,
)
from ._endpoint import unset_of
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    HeyGenError,
    ValidationError,
)
from .redact import mask_json
from .spec import APIS
from .spec_model import packaged_model

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "liveavatar",
    "main",
]

MOCK_INSTALL_HINT = 'the mock needs the [mock] extra: pip install "heygen-streaming[mock]"'


def _fail(message: str, code: int) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return code


def _print(data: Any, as_json: bool, title: str) -> None:
    if as_json or not isinstance(data, dict):
        print(json.dumps(data, indent=2))
        return
    from rich.console import Console  # only when printing a table: keeps imports light
    from rich.table import Table

    console = Console(soft_wrap=False)
    console.width = min(console.width, 80)
    table = Table(title=title, show_header=True, min_width=min(len(title) + 4, 80))
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for name, value in data.items():
        table.add_row(name, value if isinstance(value, str) else json.dumps(value))
    console.print(table)


def _absent(data: Any, unset: Any) -> Any:
    """JSON-ready data: models as their dicts, an unset value (the generated `UNSET`) dropped."""
    if hasattr(data, "to_dict"):
        data = data.to_dict()
    if isinstance(data, dict):
        return {k: _absent(v, unset) for k, v in data.items() if v is not unset}
    if isinstance(data, list | tuple):
        return [_absent(v, unset) for v in data]
    return None if data is unset else data


def _shown(result: Any, args: argparse.Namespace) -> Any:
    data = _absent(result, unset_of(args.package))
    return data if args.show_secrets else mask_json(data)


def _session(client: Any, args: argparse.Namespace, fields: dict[str, Any]) -> None:
    """Open, start, speak (when an operation `speaks`), stop: each step printed as it is done."""
    sid = client._model.lifecycle.session_id
    with client.session(**fields) as handle:
        print(f"opened and started session {getattr(handle, sid)}")
        speaks = speaking(client._model)
        if speaks is not None:
            method, text_field = speaks
            spoken = getattr(handle, method)(**{text_field: args.text})
            print(f"{method}: {json.dumps(_shown(spoken, args))}")
    print(f"stopped session {getattr(handle, sid)}")


def _run(args: argparse.Namespace, commands: Commands, transport: Any) -> int:
    from ._client import client_class

    api = packaged_model(args.package).api
    envs = (os.environ.get(api.api_key_env), os.environ.get(api.session_token_env))
    if not any((args.api_key, args.session_token, *envs)):
        return _fail(
            f"no credentials: pass --api-key (or --session-token), or set ${api.api_key_env} "
            f"(or ${api.session_token_env})",
            EXIT_USAGE,
        )
    method, options = commands[args.command]
    try:
        with client_class(args.package)(
            api_key=args.api_key,
            session_token=args.session_token,
            base_url=args.base_url,
            timeout=args.timeout,
            max_retries=args.max_retries,
            transport=transport,
        ) as client:
            fields = collect_fields(args, options)
            if method == "session":
                _session(client, args, fields)
                return EXIT_OK
            result = getattr(client, method)(**fields)
    except ValidationError as exc:
        return _fail(f"{exc} (nothing was sent)", EXIT_USAGE)
    except APIConnectionError as exc:
        return _fail(str(exc), EXIT_NETWORK_ERROR)
    except (APIStatusError, APIResponseValidationError) as exc:
        return _fail(str(exc), EXIT_API_ERROR)
    except (HeyGenError, ValueError) as exc:  # configuration: credentials, base URL, timeout...
        return _fail(str(exc), EXIT_USAGE)
    _print(_shown(result, args), args.json, f"{args.command} ({api.product})")
    return EXIT_OK


def main(
    argv: list[str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    package: str = APIS["streaming"],
    prog: str = "heygen-streaming",
) -> int:
    """Run the command line of a generated package's API; returns the exit code. `transport`
    serves tests and demos."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv[:1] == ["mock"]:  # the mock (a web stack, an optional extra) parses its own
            try:
                mock_cli: Any = importlib.import_module("heygen_streaming_mock.cli")
            except ImportError as exc:
                return _fail(f"{MOCK_INSTALL_HINT} ({exc})", EXIT_USAGE)
            api = (
                [] if package == APIS["streaming"] else ["--api", packaged_model(package).api.name]
            )
            return int(mock_cli.main([*api, *argv[1:]], prog=f"{prog} mock"))
        args, commands = parse(argv, package, prog)
        return _run(args, commands, transport)
    except SystemExit as exc:  # --help, or a usage error already printed on one line
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)


def liveavatar(
    argv: list[str] | None = None, *, transport: httpx.BaseTransport | None = None
) -> int:
    """The `liveavatar` command: this CLI over LiveAvatar's generated package."""
    return main(argv, transport=transport, package=APIS["liveavatar"], prog="liveavatar")
