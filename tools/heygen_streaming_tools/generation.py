"""Generate the client package from a spec, and compare generated/ with a fresh generation.

`nox -s generate` runs `main()` (through tools/generate.py); `nox -s drift` runs it with `--check`.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from heygen_streaming.spec import SpecError, load_spec
from heygen_streaming.spec_model import SpecModel

__all__ = [
    "CONFIG",
    "FIX_COMMAND",
    "PACKAGE",
    "TEMPLATES",
    "GenerationError",
    "differences",
    "generate_package",
    "jinja_literal",
    "main",
    "render_marker",
    "surface_changes",
]

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "streaming.yaml"
CONFIG = ROOT / "openapi" / "generator.yaml"
GENERATED = ROOT / "generated"
TEMPLATES = ROOT / "openapi" / "templates"
PACKAGE = "heygen_streaming_api"
FIX_COMMAND = "nox -s generate"


class GenerationError(RuntimeError):
    """openapi-python-client failed or warned; the message carries its output."""


def jinja_literal(value: object) -> str:
    """`value` (JSON data) as a Jinja expression: JSON's escapes are Jinja's, `null` is `none`."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return json.dumps(value)
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(str(k))}: {jinja_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(jinja_literal(v) for v in value) + "]"
    raise TypeError(f"not JSON data: {type(value).__name__}")


def _templates(spec: Path, dest: Path, templates: Path) -> Path | None:
    """`templates` plus `spec.jinja`, which hands the templates the raw document and its lifecycle.

    openapi-python-client drops the spec's `x-` extensions before rendering; the templates read
    x-unwrap from this copy of the document instead, and the session rules from `lifecycle`, the
    spec model's typed reading of them: `session_id`, `initial`, and per "METHOD path" the roles
    `creates`, `closes`, `requires`, `moves_to`. None when there are no custom templates (a tree
    from before they existed).
    """
    if not templates.is_dir():
        return None
    folder = dest / ".templates"
    shutil.copytree(templates, folder)
    document = load_spec(spec)
    model = SpecModel(document)
    roles = {
        f"{op.method.lower()} {op.path}": {
            "creates": op.lifecycle.creates,
            "closes": op.lifecycle.closes,
            "requires": list(op.lifecycle.requires or ()),
            "moves_to": op.lifecycle.moves_to,
        }
        for op in model.operations
    }
    rules = {"session_id": model.lifecycle.session_id, "initial": model.lifecycle.initial}
    (folder / "spec.jinja").write_text(
        "{% set document = " + jinja_literal(document) + " %}\n"
        "{% set lifecycle = " + jinja_literal({**rules, "operations": roles}) + " %}\n",
        "utf-8",
    )
    return folder


def generate_package(
    spec: Path, dest: Path, config: Path = CONFIG, templates: Path = TEMPLATES
) -> Path:
    """Write the client package generated from `spec` to `dest/heygen_streaming_api`.

    Raises `SpecError` (from `heygen_streaming.spec`) for a spec that does not parse, and
    `GenerationError` when the generator fails or warns.
    """
    document = load_spec(
        spec
    )  # before the generator, whose own message for a syntax error is vaguer
    out = dest / PACKAGE
    custom = _templates(spec, dest, templates)
    env = dict(os.environ, RUFF_NO_CACHE="true")
    # The generator and its ruff post-hooks must be the ones of this interpreter's environment.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    cmd = [
        str(Path(sys.executable).parent / "openapi-python-client"),
        "generate",
        "--path", str(spec),
        "--config", str(config),
        "--meta", "none",
        "--output-path", str(out),
        "--overwrite",
    ]  # fmt: skip
    if custom is not None:
        cmd += ["--custom-template-path", str(custom)]
    proc = subprocess.run(cmd, cwd=dest, env=env, capture_output=True, text=True, check=False)
    if custom is not None:
        shutil.rmtree(custom)
    if proc.returncode != 0 or "Warning" in proc.stdout or "Error" in proc.stdout:
        raise GenerationError(
            f"openapi-python-client failed on {spec}:\n{proc.stdout}{proc.stderr}"
        )
    for cache in out.rglob(".ruff_cache"):
        shutil.rmtree(cache)
    (out / "py.typed").write_text("")
    # The package carries the exact contract it was generated from: the client's checks and the
    # mock read this copy, so they can never disagree with the generated models.
    (out / "openapi.json").write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return out


def render_marker(spec: Path) -> str:
    """generated/GENERATED.md: what wrote the folder, from which spec (by hash), and how again."""
    digest = hashlib.sha256(spec.read_bytes()).hexdigest()
    return (
        "# generated/: do not edit\n\n"
        "Everything under this folder is written by `nox -s generate` and by nothing else.\n"
        "A hand edit here fails the default `nox` run (session `drift`).\n\n"
        f"- generator: openapi-python-client {version('openapi-python-client')}"
        f" (post-hooks: ruff {version('ruff')})\n"
        "- options: `openapi/generator.yaml`\n"
        f"- spec: `openapi/streaming.yaml`, SHA-256 `{digest}`\n"
        f"- regenerate: `{FIX_COMMAND}`\n"
    )


def differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that are missing, extra or different in `actual`."""
    out: list[str] = []
    cmp = filecmp.dircmp(expected, actual, ignore=[])
    stack = [(cmp, Path())]
    while stack:
        node, rel = stack.pop()
        out += [f"missing {rel / n}" for n in node.left_only]
        out += [f"unexpected {rel / n}" for n in node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            node.left, node.right, node.common_files, shallow=False
        )
        out += [f"differs {rel / n}" for n in mismatch + errors]
        stack += [(sub, rel / name) for name, sub in node.subdirs.items()]
    return sorted(out)


def surface_changes(before: Path, after: Path) -> str:
    """What regenerating changed in the client's public surface (operations, models, fields)."""
    from .surface import Surface, diff_surfaces, extract_surface, render_diff

    old = extract_surface(before) if before.is_dir() else Surface()
    return render_diff(diff_surfaces(old, extract_surface(after)))


def main(argv: list[str] | None = None, *, spec: Path = SPEC, generated: Path = GENERATED) -> int:
    """`nox -s generate` (and `-- --check`, the `drift` session): the exit status."""
    parser = argparse.ArgumentParser(
        prog="tools/generate.py", description="Regenerate generated/ from openapi/streaming.yaml."
    )
    parser.add_argument(
        "--check", action="store_true", help="compare generated/ with a fresh generation"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="heygen-generate-") as tmp:
        fresh = Path(tmp) / "generated"
        fresh.mkdir()
        try:
            generate_package(spec, fresh)
        except SpecError as exc:
            print(f"error: {exc}", file=sys.stderr)
            print("Fix openapi/streaming.yaml; generated/ was left as it was.", file=sys.stderr)
            return 2
        except GenerationError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        (fresh / "GENERATED.md").write_text(render_marker(spec))
        if args.check:
            diffs = differences(fresh, generated) if generated.is_dir() else ["missing generated/"]
            if diffs:
                print("generated/ does not match a fresh generation of openapi/streaming.yaml:")
                print("\n".join(f"  {d}" for d in diffs))
                print(f"Run `{FIX_COMMAND}` and commit the result; never edit generated/ by hand.")
                return 1
            print("generated/ is up to date with openapi/streaming.yaml")
            return 0
        changes = surface_changes(generated / PACKAGE, fresh / PACKAGE)
        if generated.exists():
            shutil.rmtree(generated)
        shutil.copytree(fresh, generated)
    print(f"generated/{PACKAGE} regenerated from openapi/streaming.yaml")
    print(changes)
    return 0
