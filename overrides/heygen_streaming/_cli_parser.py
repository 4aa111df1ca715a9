"""The command line's parser, derived from an API's spec (`x-api` names it), and its exit codes.

One subcommand per operation (its fields as options, see `_cli_fields`), a session smoke test,
and `mock`. Every usage error is one line and exit 2, naming the closest command or option
when one was misspelt.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from dataclasses import dataclass
from typing import Any, NoReturn

from ._cli_fields import RequestOption, add_parameter_options, add_request_options, plain
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
    "SESSION_COMMAND",
    "Command",
    "build_parser",
    "parse",
    "speaking",
]

EXIT_OK = 0
EXIT_API_ERROR = 1  # the API answered with an error status, or with an unexpected body
EXIT_USAGE = 2  # bad arguments or configuration, a request the spec refuses, no credentials
EXIT_NETWORK_ERROR = 3  # the API could not be reached, or did not answer in time
EXIT_INTERRUPTED = 130

SESSION_COMMAND = "session"

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


def _defaults(defaults: dict[str, Any]) -> str:
    """The spec's defaults of one operation's body, for the help's epilog ("" when none)."""
    if not defaults:
        return ""
    text = ", ".join(f"{name} {json.dumps(value)}" for name, value in defaults.items())
    return "\n" + textwrap.fill(f"Sent when not given (the spec's defaults): {text}.", width=96)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is exactly one line on stderr, pointing at the right --help,
    and an option is never matched by a prefix of its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {' '.join(message.split())} (see {self.prog} --help)\n")


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: the client's method to call, and the options that give its fields."""

    method: str
    options: list[RequestOption]


def speaking(model: SpecModel) -> tuple[str, str] | None:
    """(method, text field) of the operation that `speaks` (its one required field besides the
    session's id), for the `session` command; None when the spec has none."""
    sid = model.lifecycle.session_id
    for op in model.operations:
        if op.lifecycle.get("speaks") and op.request_schema is not None:
            required = model.strict(op.request_schema).get("required", [])
            text = next((f for f in required if f != sid), None)
            if text is not None:
                return op.operation_id, text
    return None


def _connection_options(parser: argparse.ArgumentParser, api: ApiInfo) -> None:
    conn = parser.add_argument_group("connection and output")
    conn.add_argument(
        "--api-key", metavar="KEY", help=f"{api.product} API key (else ${api.api_key_env})"
    )
    conn.add_argument(
        "--session-token",
        metavar="TOKEN",
        help=f"a session token from create-token, sent as Bearer (else ${api.session_token_env})",
    )
    conn.add_argument(
        "--base-url", metavar="URL", help=f"server (else ${api.base_url_env}, else {api.base_url})"
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
        help=f"retries of failures safe to retry for this operation [default: {MAX_RETRIES}]",
    )
    conn.add_argument("--json", action="store_true", help="print the result as JSON")
    conn.add_argument("--show-secrets", action="store_true", help="print the tokens instead of ***")


def _subcommand(
    sub: Any,
    name: str,
    summary: str,
    description: str,
    defaults: dict[str, Any],
    about: dict[str, Any],
    example: str = "",
) -> argparse.ArgumentParser:
    epilog = _EPILOG.format(command=name, example=example, defaults=_defaults(defaults), **about)
    command: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return command


def build_parser(
    package: str = APIS["streaming"], prog: str = "heygen-streaming"
) -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    """The parser of a generated package's API, and per subcommand what to call with which
    options (all from the spec)."""
    import importlib

    from ._plan import plan_of

    model = packaged_model(package)
    api = model.api
    about = {"prog": prog, "api": api}
    parser = _Parser(
        prog=prog,
        description=f"{api.product} from the shell: every operation, a session smoke test, "
        "or the local mock.",
    )
    parser.set_defaults(package=package)
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    commands: dict[str, Command] = {}
    creates = None
    for endpoint in importlib.import_module(f"{package}.api").ENDPOINTS:
        plan = plan_of(endpoint)
        op = plan.operation
        name = op.operation_id.replace("_", "-")
        if op.lifecycle.creates:
            creates = plan
        description = textwrap.fill(plain(op.description or op.summary), width=78)
        command = _subcommand(sub, name, plain(op.summary), description, plan.defaults, about)
        fields = add_request_options(command, plan.schema, "request fields") if plan.schema else []
        params = add_parameter_options(
            command,
            {
                python: (
                    p.name,
                    {**model.strict(p.schema), "description": p.description},
                    p.required,
                )
                for python, p in plan.parameters.items()
            },
        )
        _connection_options(command, api)
        commands[name] = Command(plan.name, fields + params)
    if creates is not None:
        speaks = speaking(model) is not None
        command = _subcommand(
            sub,
            SESSION_COMMAND,
            "open a session, "
            + ("make it speak --text, " if speaks else "start it, ")
            + "stop it (a smoke test of an account)",
            "Open a session (with these fields), start it, "
            + ("speak --text, " if speaks else "")
            + "and stop it, printing each step. The session is stopped whatever happens.",
            creates.defaults,
            about,
            example=' --text "Hello!"' if speaks else "",
        )
        if speaks:
            command.add_argument("--text", required=True, help="what the avatar says")
        fields = add_request_options(command, creates.schema, "session fields")
        _connection_options(command, api)
        commands[SESSION_COMMAND] = Command("session", fields)
    sub.add_parser(
        "mock",
        help="serve the local mock of the API (needs the [mock] extra; `mock --help`)",
        add_help=False,
    )
    return parser, commands


def parse(argv: list[str], package: str, prog: str) -> tuple[argparse.Namespace, Command]:
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
    return args, commands[args.command]
