"""Command-line options derived at run time from an operation's schema, in the strict profile.

Each body field and parameter becomes an option (closed objects flattened: `--voice-emotion`);
what the API merely tolerates (nulls, deprecated names) gets none.
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any

__all__ = ["Path", "add_parameter_options", "add_request_options", "collect_fields", "plain"]

Path = tuple[str, ...]  # where an option's value goes in the request: ("voice", "rate")
_SCALARS = {"string": (str, "TEXT"), "integer": (int, "INT"), "number": (float, "NUMBER")}
# The spec's source keys (a doc `D-name`, a fetched body `F-name`, a client `file:line` or
# `file:first-last`): for its maintainers, noise in a --help.
_KEY = r"(?:[DF]-[\w-]+|[A-Za-z][\w-]*:\d+(?:-\d+)?)"
_KEYS = re.compile(
    rf"\s*\(\s*{_KEY}(?:\s*,\s*{_KEY})*\s*\)|,\s*{_KEY}(?=[\s,)])|(?<=\(){_KEY}[;,]\s*"
)
_NAMED = re.compile(r"(^|\. )?\b([DF])-[\w-]+")


def _named(match: re.Match[str]) -> str:
    """A source key used as a word: what kind of source it is (`D-`: a page of HeyGen's docs)."""
    what = "the documentation" if match[2] == "D" else "a forum report"
    return what if match[1] is None else match[1] + what[0].upper() + what[1:]


def plain(text: str) -> str:
    """A description for --help: one line of words, without the spec's source keys."""
    return _NAMED.sub(_named, _KEYS.sub("", " ".join(str(text).split())))


def _paragraph(schema: Mapping[str, Any]) -> str:
    """An object's description, wrapped (the command's formatter keeps descriptions raw)."""
    return textwrap.fill(plain(schema.get("description", "")).replace("%", "%%"), width=78)


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc.msg})") from None


def _flat(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """A schema with a one-member `allOf` folded in (how a `$ref` carries its own default)."""
    parts = schema.get("allOf")
    if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], Mapping):
        return {**_flat(parts[0]), **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


def _enum(schema: Mapping[str, Any]) -> list[Any] | None:
    """The allowed values, also of an `anyOf` of enums and consts (two spellings of one list,
    or the shapes of a union body)."""
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    branches = schema.get("anyOf") or schema.get("oneOf")
    values = [_enum(b) if isinstance(b, Mapping) else None for b in branches or ()]
    if values and all(v is not None for v in values):
        return [v for each in values for v in each or ()]
    return None


def _help(schema: Mapping[str, Any]) -> str:
    notes = []
    if "minimum" in schema or "maximum" in schema:
        notes.append(f"range {schema.get('minimum', '')}..{schema.get('maximum', '')}")
    if "default" in schema:
        notes.append(f"default: {json.dumps(schema['default'])}")
    text = plain(schema.get("description", "")) + (f" [{'; '.join(notes)}]" if notes else "")
    return text.replace("%", "%%")  # argparse formats help with %


def _dest(path: Path) -> str:
    return "field__" + "__".join(path)


def _add(group: Any, path: Path, schema: Mapping[str, Any], required: bool, flag: str = "") -> Path:
    schema = _flat(schema)
    kind = schema.get("type")
    choices = _enum(schema)
    kwargs: dict[str, Any] = {"dest": _dest(path), "default": None, "help": _help(schema)}
    if kind == "boolean":
        kwargs["action"] = argparse.BooleanOptionalAction
    elif choices is not None:
        kwargs["choices"] = choices
    else:  # open objects, arrays, anything richer: given as JSON
        scalar = _SCALARS.get(kind) if isinstance(kind, str) else None
        kwargs["type"], kwargs["metavar"] = scalar or (_json_value, "JSON")
    group.add_argument(
        "--" + (flag or "-".join(path)).replace("_", "-"), required=required, **kwargs
    )
    return path


def _shapes_merged(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """A union body as one object: every shape's fields, required when every shape requires
    them; no default (the shapes' differ: the spec checks the body the fields make)."""
    shapes = schema.get("oneOf") or schema.get("anyOf")
    if "properties" in schema or not isinstance(shapes, list):
        return schema
    variants: dict[str, list[Any]] = {}
    for shape in shapes:
        for name, prop in (shape.get("properties") or {}).items():
            bare = {k: v for k, v in prop.items() if k != "default"}
            if bare not in variants.setdefault(name, []):
                variants[name].append(bare)
    properties = {name: v[0] if len(v) == 1 else {"anyOf": v} for name, v in variants.items()}
    required = set.intersection(*(set(shape.get("required") or ()) for shape in shapes))
    return {**schema, "properties": properties, "required": sorted(required)}


def add_request_options(
    parser: argparse.ArgumentParser, schema: Mapping[str, Any], title: str = "request fields"
) -> list[Path]:
    """One option per field of a (deref'd, strict) request schema, nested objects flattened;
    a union body (`oneOf`/`anyOf` of objects) has the options of every shape."""
    schema = _shapes_merged(schema)
    options: list[Path] = []

    def walk(group: Any, prefix: Path, node: Mapping[str, Any]) -> None:
        required = set(node.get("required") or []) if not prefix else set()
        for name, prop in (node.get("properties") or {}).items():
            if not isinstance(prop, Mapping):
                continue
            prop = _flat(prop)
            path = (*prefix, name)
            # Objects whose keys the spec lists exhaustively: one option per key.
            if prop.get("properties") and prop.get("additionalProperties") is False:
                walk(
                    parser.add_argument_group(f"{'.'.join(path)} fields", _paragraph(prop)),
                    path,
                    prop,
                )
            else:
                options.append(_add(group, path, prop, name in required and "default" not in prop))

    walk(parser.add_argument_group(title, _paragraph(schema)), (), schema)
    return options


def add_parameter_options(
    parser: argparse.ArgumentParser, parameters: Mapping[str, tuple[str, Mapping[str, Any], bool]]
) -> list[Path]:
    """One option per parameter (python keyword -> its name on the wire, its strict schema with
    its description, whether it is required), spelt as on the wire (`--type`, not `type_`)."""
    group = parser.add_argument_group("parameters")
    return [_add(group, (py,), schema, req, wire) for py, (wire, schema, req) in parameters.items()]


def collect_fields(args: argparse.Namespace, options: list[Path]) -> dict[str, Any]:
    """The keyword fields of the client's method from the options given (nested dicts built)."""
    fields: dict[str, Any] = {}
    for path in options:
        value = getattr(args, _dest(path))
        if value is not None:
            node = fields
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = value
    return fields
