"""The public surface of a generated client package, read by static analysis, and its diff.

The surface is what a caller can see change: operations (one api module per operationId, with
its method and path), the signatures of their functions, models with their fields, enums.
"""

from __future__ import annotations

import ast
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["API_FUNCTIONS", "Surface", "diff_surfaces", "extract_surface", "render_diff"]

# The generated functions people call; the rest of an api module is private plumbing.
API_FUNCTIONS = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class Surface:
    """Operations (id -> `METHOD path`), models (field -> annotation and default), Literal enums
    (members) and api function signatures (`module.function` -> signature)."""

    operations: dict[str, str] = field(default_factory=dict)
    models: dict[str, dict[str, tuple[str, str | None]]] = field(default_factory=dict)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _literal_members(node: ast.expr) -> tuple[str, ...] | None:
    """The members of `Literal["a", "b"]`, or None when `node` is not a Literal."""
    if not (isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("Literal")):
        return None
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return tuple(sorted(repr(i.value) for i in items if isinstance(i, ast.Constant)))


def _model_fields(cls: ast.ClassDef) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            default = None if stmt.value is None else ast.unparse(stmt.value)
            out[stmt.target.id] = (ast.unparse(stmt.annotation), default)
    return out


def _signature(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    # Only names, annotations and defaults matter to callers; ast.unparse of a stub gives exactly
    # that, in the generator's own spelling.
    stub = ast.FunctionDef(
        name=fn.name, args=fn.args, body=[ast.Pass()], decorator_list=[], returns=fn.returns
    )
    ast.fix_missing_locations(stub)
    text = ast.unparse(stub).splitlines()[0].removeprefix(f"def {fn.name}").rstrip(":")
    return ("async " if isinstance(fn, ast.AsyncFunctionDef) else "") + text


def _routes(package: Path) -> dict[str, str]:
    """operationId -> `METHOD path`, from the spec packaged with the client (when it has one)."""
    packaged = package / "openapi.json"
    if not packaged.is_file():
        return {}
    document = json.loads(packaged.read_text("utf-8"))
    out: dict[str, str] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in _HTTP_METHODS:
            node = item.get(method) if isinstance(item, dict) else None
            if isinstance(node, dict) and node.get("operationId"):
                out[str(node["operationId"])] = f"{method.upper()} {path}"
    return out


def extract_surface(package: Path) -> Surface:
    """Read operations, models, enums and api functions of the generated package at `package`."""
    surface = Surface()
    routes = _routes(package)
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        tree = ast.parse(path.read_text("utf-8"))
        module = ".".join(rel.with_suffix("").parts[1:])
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and rel.parts[0] == "models":
                surface.models[node.name] = _model_fields(node)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, members = node.targets[0], _literal_members(node.value)
                if isinstance(target, ast.Name) and members is not None:
                    surface.enums[target.id] = members
            elif (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and rel.parts[0] == "api"
                and node.name in API_FUNCTIONS
            ):
                surface.functions[f"{module}.{node.name}"] = _signature(node)
                # One api module per operation, named after its operationId.
                surface.operations[path.stem] = routes.get(path.stem, module)
    return surface


def _field_text(name: str, spec: tuple[str, str | None]) -> str:
    annotation, default = spec
    return f"{name}: {annotation}" + ("" if default is None else f" = {default}")


def _diff_model(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = [f"- {name}.{_field_text(f, old[f])}" for f in old if f not in new]
    lines += [f"+ {name}.{_field_text(f, new[f])}" for f in new if f not in old]
    for f in (f for f in new if f in old and old[f] != new[f]):
        (old_type, old_default), (new_type, new_default) = old[f], new[f]
        if old_type != new_type:
            lines.append(f"~ {name}.{f} type {old_type} -> {new_type}")
        if old_default != new_default:
            if old_default is None:
                lines.append(f"~ {name}.{f} now optional, default {new_default}")
            elif new_default is None:
                lines.append(f"~ {name}.{f} now required (was default {old_default})")
            else:
                lines.append(f"~ {name}.{f} default {old_default} -> {new_default}")
    return lines


def _diff_operations(old: Surface, new: Surface) -> tuple[list[str], set[str]]:
    """Operations added and removed (their functions are then not listed one by one)."""
    lines: list[str] = []
    for op in sorted(old.operations.keys() - new.operations.keys()):
        lines.append(f"- operation {op} ({old.operations[op]})")
    for op in sorted(new.operations.keys() - old.operations.keys()):
        lines.append(f"+ operation {op} ({new.operations[op]}): client.{op}(...)")
    moved = {
        op: (old.operations[op], new.operations[op])
        for op in old.operations.keys() & new.operations.keys()
        if old.operations[op] != new.operations[op]
    }
    lines += [f"~ operation {op} {a} -> {b}" for op, (a, b) in sorted(moved.items())]
    return lines, old.operations.keys() ^ new.operations.keys()


def diff_surfaces(old: Surface, new: Surface) -> list[str]:
    """A readable list of what changed for callers: `+` added, `-` removed, `~` changed."""
    lines, whole = _diff_operations(old, new)
    for name in sorted(old.models.keys() | new.models.keys()):
        if name not in new.models:
            lines.append(f"- model {name}")
        elif name not in old.models:
            lines.append(f"+ model {name}")
            lines += [f"+ {name}.{_field_text(f, s)}" for f, s in new.models[name].items()]
        else:
            lines += _diff_model(name, old.models[name], new.models[name])
    for name in sorted(old.enums.keys() | new.enums.keys()):
        before, after = old.enums.get(name), new.enums.get(name)
        if after is None:
            lines.append(f"- enum {name}")
        elif before is None:
            lines.append(f"+ enum {name}: {', '.join(after)}")
        else:
            lines += [f"- {name} member {m}" for m in before if m not in after]
            lines += [f"+ {name} member {m}" for m in after if m not in before]
    for name in sorted(old.functions.keys() | new.functions.keys()):
        if name.rsplit(".", 2)[-2] in whole:
            continue  # said once, as the operation added or removed
        before_sig, after_sig = old.functions.get(name), new.functions.get(name)
        if after_sig is None:
            lines.append(f"- function {name}{before_sig}")
        elif before_sig is None:
            lines.append(f"+ function {name}{after_sig}")
        elif before_sig != after_sig:
            lines.append(f"~ function {name}{before_sig}  ->  {after_sig}")
    return lines


def render_diff(lines: list[str]) -> str:
    """The diff as printed by `nox -s generate` and `nox -s compat`."""
    if not lines:
        return "Client surface: unchanged"
    return "Client surface changes:\n" + "\n".join(f"  {line}" for line in lines)
