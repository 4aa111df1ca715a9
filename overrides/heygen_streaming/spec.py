"""The packaged OpenAPI contract, validators compiled from its schemas, and its strict profile."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "APIS",
    "FieldError",
    "SchemaValidator",
    "SpecError",
    "format_errors",
    "load_spec",
    "strict_profile",
]

# The packaged APIs (`--api NAME` -> generated package), whose `openapi.json` is the spec they
# were generated from: the client's checks and the models never come from two versions.
APIS = {"streaming": "heygen_streaming_api", "liveavatar": "liveavatar_api"}
_SPEC_FILE = "openapi.json"


class SpecError(ValueError):
    """A spec file that cannot be read or parsed; `str()` names the file, line and column."""


def _syntax_error(path: Path, exc: Exception) -> SpecError:
    # PyYAML's marks count from 0; json's lineno/colno from 1. Either way the message says where.
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        where = f", line {mark.line + 1}, column {mark.column + 1}"
        problem = str(getattr(exc, "problem", "") or "invalid YAML")
        context = getattr(exc, "context", None)
        return SpecError(f"{path}{where}: {problem}" + (f" ({context})" if context else ""))
    if isinstance(exc, json.JSONDecodeError):
        return SpecError(f"{path}, line {exc.lineno}, column {exc.colno}: {exc.msg}")
    return SpecError(f"{path}: {exc}")


def load_spec(path: str | Path | None = None, *, api: str = "streaming") -> dict[str, Any]:
    """The OpenAPI document: the packaged copy of `api` (an `APIS` name), or the file at `path`;
    `SpecError` for an unknown `api` or a file that cannot be read or parsed."""
    if path is None:
        if api not in APIS:
            raise SpecError(f"unknown API {api!r}; the packaged ones are {', '.join(APIS)}")
        text = resources.files(APIS[api]).joinpath(_SPEC_FILE).read_text("utf-8")
        return dict(json.loads(text))
    p = Path(path)
    try:
        raw = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{p}: cannot read: {exc}") from None
    parse: Any = json.loads
    errors: tuple[type[Exception], ...] = (json.JSONDecodeError,)
    if p.suffix in {".yaml", ".yml"}:
        try:  # only needed for a hand-edited YAML spec, never for the packaged one
            import yaml
        except ImportError:
            raise SpecError(
                f"{p}: reading a YAML spec needs PyYAML (pip install pyyaml), or give it as JSON"
            ) from None
        parse, errors = yaml.safe_load, (yaml.YAMLError,)
    try:
        document = parse(raw)
    except errors as exc:
        raise _syntax_error(p, exc) from None
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise SpecError(f"{p}: expected an OpenAPI document (a mapping), got {kind}")
    return document


@dataclass(frozen=True, slots=True)
class FieldError:
    """One rule one value broke: `path` is dotted (`voice.emotion`), empty for the body itself."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or 'body'}: {self.message}"


def _dotted(parts: Iterable[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _hidden(error: Any, path: list[str | int]) -> FieldError:
    """The rule a secret field broke, without its value (which the message would quote)."""
    value = error.instance
    message = str(error.message)
    for shown in {json.dumps(value), json.dumps(value, separators=(",", ":")), repr(value)}:
        if len(shown) > 1:
            message = message.replace(shown, "***")
    if any(leaf in message for leaf in _string_leaves(value)):
        message = "invalid value (not shown: a secret)"
    return FieldError(_dotted(path), message)


def _string_leaves(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _string_leaves(v)]
    if isinstance(value, list):
        return [s for v in value for s in _string_leaves(v)]
    return [str(value)] if isinstance(value, str | int | float) and len(str(value)) > 3 else []


def _explain(error: Any, hide: frozenset[str] = frozenset()) -> FieldError:
    kind = error.kind
    path = list(error.instance_path)
    name = type(kind).__name__
    if hide and any(part in hide for part in path):
        return _hidden(error, path)
    if name == "Enum":
        # jsonschema-rs shortens long enum lists ("or 3 other candidates"); name every value.
        allowed = ", ".join(repr(o) for o in kind.options)
        return FieldError(_dotted(path), f"{error.instance!r} is not one of {allowed}")
    if name == "AdditionalProperties":
        # Point at the unknown field itself, not at the object holding it.
        unexpected = list(kind.unexpected)
        if len(unexpected) == 1:
            return FieldError(_dotted([*path, unexpected[0]]), "is not a field of this object")
        return FieldError(_dotted(path), f"unknown fields {', '.join(map(repr, unexpected))}")
    if name == "Required":
        return FieldError(_dotted([*path, kind.property]), "is required")
    return FieldError(_dotted(path), str(error.message))


def format_errors(errors: Iterable[FieldError]) -> str:
    """One line naming every offending field and the rule it broke, `; `-separated."""
    return "; ".join(str(e) for e in errors)


class SchemaValidator:
    """A compiled validator of one schema node of the spec (or of a `components.schemas`
    name), `$ref`s resolved within the spec."""

    __slots__ = ("_validator", "name")

    def __init__(self, spec: Mapping[str, Any], schema: str | Mapping[str, Any]) -> None:
        import jsonschema_rs  # compiled on first use: keeps `import heygen_streaming` light

        # The node's own keywords sit at the root, next to the components its $refs point to.
        node = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
        ref = node.get("$ref")
        self.name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else "(inline schema)"
        document = {**node, "components": spec.get("components", {})}
        self._validator = jsonschema_rs.Draft202012Validator(document, validate_formats=True)

    def is_valid(self, instance: Any) -> bool:
        return bool(self._validator.is_valid(instance))

    def errors(self, instance: Any, *, hide: frozenset[str] = frozenset()) -> list[FieldError]:
        """Every violation, sorted by path; values under a property in `hide` are masked."""
        if self._validator.is_valid(instance):  # the common case, without building any error
            return []
        found = [_explain(e, hide) for e in self._validator.iter_errors(instance)]
        return sorted(found, key=lambda e: (e.path, e.message))


def _tolerated(node: Any) -> bool:
    return isinstance(node, Mapping) and "x-tolerated" in node


def strict_profile(node: Any) -> Any:
    """A copy of a (fully dereferenced) schema node in the strict profile: what the live API
    merely tolerates is refused. `anyOf`/`oneOf` branches marked `x-tolerated` are dropped, an
    `additionalProperties` marked `x-tolerated` becomes `false`, `deprecated` properties go."""
    if isinstance(node, list):
        return [strict_profile(v) for v in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in {"anyOf", "oneOf"} and isinstance(value, list):
            kept = [strict_profile(v) for v in value if not _tolerated(v)]
            if len(kept) == 1 and len(kept) < len(value):
                out.update({k: v for k, v in kept[0].items() if k not in out})
                continue
            out[key] = kept
        elif key == "additionalProperties" and _tolerated(value):
            out[key] = False
        elif key == "properties" and isinstance(value, Mapping):
            out[key] = {
                k: strict_profile(v)
                for k, v in value.items()
                if not (isinstance(v, Mapping) and v.get("deprecated") is True)
            }
        else:
            out[key] = strict_profile(value)
    if "required" in out and isinstance(out.get("properties"), Mapping):
        out["required"] = [r for r in out["required"] if r in out["properties"]]
    return out
