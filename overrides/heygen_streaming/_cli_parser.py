"""The command line's parser, derived from an API's spec (`x-api` names it), and its exit codes.

One subcommand per operation (its fields as options, see `_cli_fields`), a session smoke test,
and `mock`. Every usage error is one line and exit 2, naming the closest command or option
when one was misspelt.
"""

from __future__ import annotations

import argparse
import importlib
import json
import textwrap
from typing import Any, NoReturn

from ._cli_fields import Path, add_parameter_options, add_request_options, plain
from ._config import MAX_RETRIES
from ._suggest import closest
from .api_info import ApiInfo
from .spec import APIS
from .spec_model import SpecModel, packaged_model

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "Commands",
    "build_parser",
    "parse",
    "speaking",
]

EXIT_OK = 0
EXIT_API_ERROR = 1  # the API answered with an error status, or with an unexpected body
EXIT_USAGE = 2  # bad arguments or configuration, a request the spec refuses, no credentials
EXIT_NETWORK_ERROR = 3  # the API could not be reached, or did not answer in time
EXIT_INTERRUPTED = 130

Commands = dict[str, tuple[str, list[Path]]]  # subcommand -> (the client's method, its options)

_EPILOG = f"""\
configuration (argument, then environment, then default):
  --api-key / --session-token   else ${{api.api_key_env}} / ${{api.session_token_env}}
                                (one is required; an argument wins over the environment)
  --base-url                    else ${{api.base_url_env}}, else {{api.base_url}}

Fields you do not give are not sent, except those the spec gives a default: the generated model
fills those in and they are sent. Fields are checked against the spec (strict profile) before
anything is sent. Tokens print as *** unless --show-secrets.{{defaults}}

exit codes:
  {EXIT_OK}  success
  {EXIT_API_ERROR}  the API answered with an error (4xx/5xx) or an unexpected body
  {EXIT_USAGE}  bad arguments or configuration, a field the spec refuses, or no credentials
     (nothing was sent)
  {EXIT_NETWORK_ERROR}  the API could not be reached or timed out
  {EXIT_INTERRUPTED}  interrupted

example, against the local mock (`{{prog}} mock`, key mock-key):
  {{prog}} {{command}} --base-url http://127.0.0.1:4010 --api-key mock-key{{example}}
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is exactly one line on stderr, pointing at the right --help,
    and an option is never matched by a prefix of its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "allow_abbrev": False})

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {' '.join(message.split())} (see {self.prog} --help)\n")


def speaking(model: SpecModel) -> tuple[str, str] | None:
    """(method, text field) of the operation that `speaks` (its one required field besides the
    session's id), for the `session` command; None when the spec has none."""
    for op in model.operations:
        if op.lifecycle.speaks and op.request_schema is not None:
            required = model.strict(op.request_schema).get("required", [])
            text = next((f for f in required if f != model.lifecycle.session_id), None)
            if text is not None:
                return op.operation_id, text
    return None


def _connection_options(parser: argparse.ArgumentParser, api: ApiInfo) -> None:
    conn = parser.add_argument_group("connection and output")
    for flag, metavar, text in (
        ("--api-key", "KEY", f"{api.product} API key (else ${api.api_key_env})"),
        (
            "--session-token",
            "TOKEN",
            f"a session token from create-token, sent as Bearer (else ${api.session_token_env})",
        ),
        ("--base-url", "URL", f"server (else ${api.base_url_env}, else {api.base_url})"),
    ):
        conn.add_argument(flag, metavar=metavar, help=text)
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
        help=f"retries of failures safe to retry for this operation [default: {MAX_RETRIES}]",
    )
    conn.add_argument("--json", action="store_true", help="print the result as JSON")
    conn.add_argument("--show-secrets", action="store_true", help="print the tokens instead of ***")


def build_parser(
    package: str = APIS["streaming"], prog: str = "heygen-streaming"
) -> tuple[argparse.ArgumentParser, Commands]:
    """The parser of a generated package's API, and per subcommand what to call with which
    options (all from the spec)."""
    from ._plan import plan_of

    model = packaged_model(package)
    api = model.api
    parser = _Parser(
        prog=prog,
        description=f"{api.product} from the shell: every operation, a session smoke test, "
        "or the local mock.",
    )
    parser.set_defaults(package=package)
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    def command(
        name: str, summary: str, about: str, defaults: dict[str, Any], example: str = ""
    ) -> Any:
        sent = ", ".join(f"{name} {json.dumps(value)}" for name, value in defaults.items())
        sent = sent and "\n" + textwrap.fill(
            f"Sent when not given (the spec's defaults): {sent}.", 96
        )
        epilog = _EPILOG.format(prog=prog, api=api, command=name, example=example, defaults=sent)
        return sub.add_parser(
            name,
            help=summary,
            description=about,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    commands: Commands = {}
    creates = None
    for endpoint in importlib.import_module(f"{package}.api").ENDPOINTS:
        plan = plan_of(endpoint)
        op = plan.operation
        creates = plan if op.lifecycle.creates else creates
        name = op.operation_id.replace("_", "-")
        about = textwrap.fill(plain(op.description or op.summary), width=78)
        cmd = command(name, plain(op.summary), about, plan.defaults)
        fields = add_request_options(cmd, plan.schema) if plan.schema else []
        params = {
            python: (p.name, {**model.strict(p.schema), "description": p.description}, p.required)
            for python, p in plan.parameters.items()
        }
        fields += add_parameter_options(cmd, params)
        _connection_options(cmd, api)
        commands[name] = (plan.name, fields)
    if creates is not None:
        speaks = speaking(model) is not None
        step = "speak --text, " if speaks else ""
        cmd = command(
            "session",
            f"open a session, start it, {step}stop it (a smoke test of an account)",
            f"Open a session (with these fields), start it, {step}and stop it, printing each "
            "step. The session is stopped whatever happens.",
            creates.defaults,
            example=' --text "Hello!"' if speaks else "",
        )
        if speaks:
            cmd.add_argument("--text", required=True, help="what the avatar says")
        fields = add_request_options(cmd, creates.schema, "session fields")
        _connection_options(cmd, api)
        commands["session"] = ("session", fields)
    help_ = "serve the local mock of the API (needs the [mock] extra; `mock --help`)"
    sub.add_parser("mock", help=help_, add_help=False)
    return parser, commands


def parse(argv: list[str], package: str, prog: str) -> tuple[argparse.Namespace, Commands]:
    parser, commands = build_parser(package, prog)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if argv and not argv[0].startswith("-") and argv[0] not in sub.choices:
        quoted = {repr(name): name for name in sub.choices}
        parser.error(f"unknown command {argv[0]!r}{closest(repr(argv[0]), quoted)}")
    args, extra = parser.parse_known_args(argv)
    if extra:  # a misspelt option: the subcommand's own --help lists the right ones
        chosen: argparse.ArgumentParser = sub.choices[args.command]
        known = [flag for action in chosen._actions for flag in action.option_strings]
        hint = closest(extra[0].split("=")[0], known)
        chosen.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args, commands
