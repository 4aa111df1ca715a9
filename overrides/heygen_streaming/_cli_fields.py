"""Command-line options derived at runtime from the spec's `NewSessionRequest` schema."""

from __future__ import annotations

import argparse
import json
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .spec import load_spec

__all__ = ["RequestOption", "add_request_options", "collect_fields"]

_SCALARS: dict[str, Callable[[str], Any]] = {"string": str, "integer": int, "number": float}


@dataclass(frozen=True, slots=True)
class RequestOption:
    """One option and the request field it fills: `path` ("voice", "rate") nests it."""

    dest: str
    path: tuple[str, ...]


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError("expected a JSON object, e.g. '{\"key\": 1}'")
    return value


def _resolve(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node: Any = spec
        for part in ref[2:].split("/"):
            node = node[part]
        return _resolve(spec, node)
    return schema


def _closed_object(schema: Mapping[str, Any]) -> bool:
    """Objects whose keys the spec lists exhaustively are flattened into one option per key."""
    return bool(schema.get("properties")) and schema.get("additionalProperties") is False


def _help(schema: Mapping[str, Any]) -> str:
    text = " ".join(str(schema.get("description", "")).split())
    notes = []
    if "minimum" in schema or "maximum" in schema:
        notes.append(f"range {schema.get('minimum', '')}..{schema.get('maximum', '')}")
    if "default" in schema:
        notes.append(f"default: {json.dumps(schema['default'])}")
    if notes:
        text += f" [{'; '.join(notes)}]"
    return text.replace("%", "%%")  # argparse formats help with %


def _paragraph(schema: Mapping[str, Any]) -> str:
    """An object's description, wrapped (the command's formatter keeps descriptions raw)."""
    text = " ".join(str(schema.get("description", "")).split()).replace("%", "%%")
    return textwrap.fill(text, width=78, initial_indent="", subsequent_indent="")


def _add(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    path: tuple[str, ...],
    schema: Mapping[str, Any],
) -> RequestOption:
    dest = "field__" + "__".join(path)
    flag = "--" + "-".join(path).replace("_", "-")
    kind = schema.get("type")
    kwargs: dict[str, Any] = {"dest": dest, "default": None, "help": _help(schema)}
    if kind == "boolean":
        kwargs["action"] = argparse.BooleanOptionalAction
    elif "enum" in schema:
        kwargs["choices"] = list(schema["enum"])
    elif isinstance(kind, str) and kind in _SCALARS:
        kwargs["type"] = _SCALARS[kind]
        kwargs["metavar"] = {"string": "TEXT", "integer": "INT", "number": "NUMBER"}[kind]
    else:  # open objects, arrays, anything richer: given as JSON
        kwargs["type"] = _json_object
        kwargs["metavar"] = "JSON"
    parser.add_argument(flag, **kwargs)
    return RequestOption(dest, path)


def add_request_options(
    parser: argparse.ArgumentParser, spec: Mapping[str, Any] | None = None
) -> list[RequestOption]:
    """Add one option per field of `NewSessionRequest` (nested objects flattened)."""
    document = load_spec() if spec is None else spec
    root = _resolve(document, {"$ref": "#/components/schemas/NewSessionRequest"})
    options: list[RequestOption] = []
    top = parser.add_argument_group("session fields", _paragraph(root))

    def walk(
        group: argparse.ArgumentParser | argparse._ArgumentGroup,
        prefix: tuple[str, ...],
        schema: Mapping[str, Any],
    ) -> None:
        for name, raw in schema.get("properties", {}).items():
            prop = _resolve(document, raw)
            path = (*prefix, name)
            if _closed_object(prop):
                group_ = parser.add_argument_group(f"{'.'.join(path)} fields", _paragraph(prop))
                walk(group_, path, prop)
            else:
                options.append(_add(group, path, prop))

    walk(top, (), root)
    return options


def collect_fields(args: argparse.Namespace, options: list[RequestOption]) -> dict[str, Any]:
    """The keyword fields of `new_session()` from the options given (nested dicts built)."""
    fields: dict[str, Any] = {}
    for option in options:
        value = getattr(args, option.dest)
        if value is None:
            continue
        node = fields
        for part in option.path[:-1]:
            node = node.setdefault(part, {})
        node[option.path[-1]] = value
    return fields
