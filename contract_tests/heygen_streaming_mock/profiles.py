"""How the `strict` and `lenient` profiles read a body, walking it along the exact schema.

`strict` refuses what the live API merely tolerates (`x-tolerated`) or accepts under an old name
(`deprecated`), and says why instead of "null is not of type string" ("avatar_name: deprecated,
use avatar_id"); it runs only for refused bodies. `lenient` (opt-in) reads nulls as absent,
fills defaults and ignores unknown fields of a closed object, and says what it forgave (the
`X-Mock-Warnings`). Everything is read from the schema, so a field the spec gains needs no code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from heygen_streaming.spec import FieldError
from heygen_streaming.spec_model import SpecModel

__all__ = ["explain_strict", "explain_vague", "normalize", "replacement_of"]

_USE = re.compile(r"\b(?:use|send)\s+`?([A-Za-z_][A-Za-z0-9_.]*)`?", re.IGNORECASE)


def replacement_of(prop: Mapping[str, Any]) -> str | None:
    """The field a deprecated property gave way to ("use X" or "send X" in its text)."""
    for key in ("x-tolerated", "description"):
        text = prop.get(key)
        match = _USE.search(text) if isinstance(text, str) else None
        if match:
            return match.group(1).rstrip(".")
    return None


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def _show(value: Any) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)[:80]


class _Walk:
    """Walks a body along the exact schema, finding what the validator says vaguely: an enum
    union's value ("'Angry' is not one of ..."), and with `tolerances` each tolerance used."""

    def __init__(self, model: SpecModel, tolerances: bool) -> None:
        self.model = model
        self.tolerances = tolerances
        self.found: list[FieldError] = []

    def valid(self, schema: Mapping[str, Any], value: Any) -> bool:
        return self.model.validator(schema).is_valid(value)

    def node(self, schema: Any, value: Any, path: str) -> None:
        if not isinstance(schema, Mapping):
            return
        for key in ("anyOf", "oneOf"):
            branches = [b for b in schema.get(key) or [] if isinstance(b, Mapping)]
            if branches:
                plain = [b for b in branches if "x-tolerated" not in b]
                chosen = next((b for b in plain if self.valid(b, value)), None)
                if chosen is not None:
                    self.node(chosen, value, path)
                elif any(self.valid(b, value) for b in branches if "x-tolerated" in b):
                    if self.tolerances:
                        told = f"{_show(value)} is tolerated by the live API but not documented"
                        self.found.append(FieldError(path, told))
                elif len(plain) > 1 and all("enum" in b for b in plain):
                    allowed = ", ".join(repr(v) for b in plain for v in b["enum"])
                    self.found.append(FieldError(path, f"{value!r} is not one of {allowed}"))
                elif plain:
                    self.node(plain[0], value, path)
                return
        if isinstance(value, dict):
            self.object(schema, value, path)
        elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
            for index, item in enumerate(value):
                self.node(schema["items"], item, _join(path, index))

    def object(self, schema: Mapping[str, Any], value: dict[str, Any], path: str) -> None:
        found = schema.get("properties")
        props: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        extra = schema.get("additionalProperties")
        for name, item in value.items():
            where = _join(path, name)
            prop = props.get(name)
            if isinstance(prop, Mapping):
                if self.tolerances and prop.get("deprecated") is True:
                    instead = replacement_of(prop)
                    self.found.append(
                        FieldError(where, "deprecated" + (f", use {instead}" if instead else ""))
                    )
                    continue
                self.node(prop, item, where)
            elif self.tolerances and isinstance(extra, Mapping) and "x-tolerated" in extra:
                self.found.append(
                    FieldError(where, "is not a documented field (the live API ignores it)")
                )


def _covered(error: FieldError, by: list[FieldError]) -> bool:
    for f in by:
        if error.path == f.path or error.path.startswith((f.path + ".", f.path + "[")):
            return True
        # "unknown fields 'a', 'b'" is reported on the object holding them.
        if error.message.startswith("unknown fields") and f.path.startswith(error.path):
            return True
    return False


def explain_strict(
    model: SpecModel, exact: Mapping[str, Any], body: Any, errors: list[FieldError]
) -> list[FieldError]:
    """`errors` (from the strict validator) with each tolerance named, sorted by path."""
    walk = _Walk(model, tolerances=True)
    walk.node(exact, body, "")
    kept = [e for e in errors if not _covered(e, walk.found)]
    return sorted({*walk.found, *kept}, key=lambda e: (e.path, e.message))


def explain_vague(model: SpecModel, exact: Mapping[str, Any], body: Any) -> dict[str, str]:
    """By path, what "is not valid under any of the schemas listed in the 'anyOf' keyword"
    means for a field whose every documented branch is an enum ("'Angry' is not one of ...")."""
    walk = _Walk(model, tolerances=False)
    walk.node(exact, body, "")
    return {f.path: f.message for f in walk.found}


def _fixed(schema: Any) -> list[Any] | None:
    """The only values `schema` allows (`const`, `enum`, a union of them), else None."""
    if not isinstance(schema, Mapping):
        return None
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    branches = [_fixed(b) for k in ("anyOf", "oneOf") for b in schema.get(k) or ()]
    if branches and all(b is not None for b in branches):
        return [v for b in branches for v in b or ()]
    return None


def _shape_of(body: Mapping[str, Any], shapes: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The object shape of a union that the body's fixed-value fields (a discriminator such as
    a `mode`) pick, else the first: lenient reading needs one shape to read along."""
    for shape in shapes:
        props = _properties(shape) or {}
        fixed = {name: _fixed(prop) for name, prop in props.items()}
        if all(v is None or n not in body or body[n] in v for n, v in fixed.items()):
            return shape
    return shapes[0]


def _properties(schema: Any) -> Mapping[str, Any] | None:
    found = schema.get("properties") if isinstance(schema, Mapping) else None
    return found if isinstance(found, Mapping) else None


def normalize(
    model: SpecModel, body: Mapping[str, Any], schema: Mapping[str, Any], prefix: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """A copy of `body` read leniently along its object `schema` (`deref`'d), and what was
    forgiven to read it so (the warnings)."""
    shapes = [b for k in ("oneOf", "anyOf") for b in schema.get(k) or () if _properties(b)]
    if _properties(schema) is None and shapes:
        return normalize(model, body, _shape_of(body, shapes), prefix)
    props = _properties(schema) or {}
    defaults = {
        name: prop["default"]
        for name, prop in props.items()
        if isinstance(prop, Mapping) and "default" in prop
    }
    out: dict[str, Any] = {}
    findings: list[str] = []
    nulled: set[str] = set()
    for name, value in body.items():
        path = _join(prefix, name)
        if name not in props:
            if schema.get("additionalProperties") is False:
                findings.append(f"{path}: unknown field ignored")
                continue
            out[name] = value
        elif value is None and not model.validator(props[name]).is_valid(None):
            nulled.add(name)
            default = defaults.get(name)
            note = "" if default is None else f", the default {_show(default)} applies"
            findings.append(f"{path}: null treated as absent{note}")
        else:
            if isinstance(value, Mapping) and _properties(props[name]) is not None:
                value, inner = normalize(model, value, props[name], path)
                findings.extend(inner)
            out[name] = value
    for name in sorted(set(schema.get("required") or ()) - out.keys()):
        if name in defaults:
            out[name] = defaults[name]
            if name not in nulled:  # a nulled field was reported, with the default it takes
                path = _join(prefix, name)
                findings.append(f"{path}: missing, took the default {_show(defaults[name])}")
    return out, findings
