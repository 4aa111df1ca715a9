"""Generate the client packages from their specs, and compare generated/ with a fresh generation.

Every API of `heygen_streaming.spec.APIS` (name -> package) is generated from `openapi/<name>.yaml`
into `generated/<package>`. `nox -s generate` runs `main()` (through tools/generate.py); `nox -s
drift` runs it with `--check`. `generate_package` generates any spec into any package and folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml
from heygen_streaming.spec import APIS, SpecError, load_spec
from heygen_streaming.spec_model import SpecModel

from .surface import Surface, diff_surfaces, extract_surface, render_diff

__all__ = ["SPECS", "TEMPLATES", "GenerationError", "generate_package", "main", "render_marker"]

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "openapi" / "generator.yaml"
GENERATED = ROOT / "generated"
TEMPLATES = ROOT / "openapi" / "templates"
# package -> the spec it is generated from.
SPECS = {package: ROOT / "openapi" / f"{name}.yaml" for name, package in APIS.items()}
FIX_COMMAND = "nox -s generate"


class GenerationError(RuntimeError):
    """openapi-python-client failed or warned; the message carries its output."""


def _templates(document: dict[str, Any], dest: Path, templates: Path) -> Path | None:
    """`templates` plus `spec.jinja`: the raw document (openapi-python-client drops the `x-`
    extensions before rendering, x-unwrap among them) and `lifecycle`, the spec model's typed
    session rules (`session_id`, `initial`; per "METHOD path": `creates`, `closes`, `requires`,
    `moves_to`). None when there are no custom templates (a tree from before they existed)."""
    if not templates.is_dir():
        return None
    folder = dest / ".templates"
    shutil.copytree(templates, folder)
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
    # JSON is a Jinja literal once `null` names `none` (JSON's escapes are Jinja's).
    (folder / "spec.jinja").write_text(
        "{% set null = none %}\n"
        "{% set document = " + json.dumps(document) + " %}\n"
        "{% set lifecycle = " + json.dumps({**rules, "operations": roles}) + " %}\n",
        "utf-8",
    )
    return folder


def generate_package(
    spec: Path, dest: Path, package: str | None = None, *, templates: Path = TEMPLATES
) -> Path:
    """Write the client package generated from `spec` to `dest/<package>` and return its path.

    `package` defaults to the package of the API the spec file is named after (`APIS`, by its
    stem). Raises `SpecError` (from `heygen_streaming.spec`) for a spec that does not parse, and
    `GenerationError` when the generator fails or warns.
    """
    package = package or APIS.get(spec.stem)
    if package is None:
        raise GenerationError(f"{spec}: name the package (the file names no API of {APIS})")
    # Before the generator, whose own message for a syntax error is vaguer.
    document = load_spec(spec)
    dest = dest.resolve()  # the generator runs elsewhere: a relative folder would miss
    out = dest / package
    custom = _templates(document, dest, templates)
    # The package's name is the generator's option: the shared options, with this name.
    options = yaml.safe_load(CONFIG.read_text("utf-8"))
    options["package_name_override"] = package
    named = dest / ".generator.json"
    named.write_text(json.dumps(options), "utf-8")
    env = dict(os.environ, RUFF_NO_CACHE="true")
    # The generator and its ruff post-hooks must be the ones of this interpreter's environment.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    cmd = [
        str(Path(sys.executable).parent / "openapi-python-client"),
        "generate",
        "--path", str(spec.resolve()),
        "--config", str(named),
        "--meta", "none",
        "--output-path", str(out),
        "--overwrite",
    ]  # fmt: skip
    if custom is not None:
        cmd += ["--custom-template-path", str(custom)]
    proc = subprocess.run(cmd, cwd=dest, env=env, capture_output=True, text=True, check=False)
    named.unlink()
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


def render_marker(specs: Mapping[str, Path]) -> str:
    """generated/GENERATED.md: what wrote the folder, from which specs (by hash), and how again."""
    digests = {
        package: hashlib.sha256(spec.read_bytes()).hexdigest() for package, spec in specs.items()
    }
    packages = "".join(
        f"- `{package}`: `openapi/{spec.name}`, SHA-256 `{digests[package]}`\n"
        for package, spec in specs.items()
    )
    return (
        "# generated/: do not edit\n\n"
        "Everything under this folder is written by `nox -s generate` and by nothing else.\n"
        "A hand edit here fails the default `nox` run (session `drift`).\n\n"
        f"- generator: openapi-python-client {version('openapi-python-client')}"
        f" (post-hooks: ruff {version('ruff')})\n"
        "- options: `openapi/generator.yaml`; packages (`heygen_streaming.spec.APIS`):\n"
        f"{packages}"
        f"- regenerate: `{FIX_COMMAND}`\n"
    )


def _differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths of the files that are missing, extra or different in `actual`."""
    old, new = (
        {p.relative_to(r): p.read_bytes() for p in r.rglob("*") if p.is_file()}
        for r in (expected, actual)
    )
    return sorted(
        [f"missing {p}" for p in old.keys() - new.keys()]
        + [f"unexpected {p}" for p in new.keys() - old.keys()]
        + [f"differs {p}" for p in old.keys() & new.keys() if old[p] != new[p]]
    )


def main(
    argv: list[str] | None = None, *, spec: Path | None = None, generated: Path = GENERATED
) -> int:
    """`nox -s generate` (and `-- --check`, the `drift` session): the exit status.

    `spec` stands in for the file of the API it is named after (tests: an edited spec).
    """
    parser = argparse.ArgumentParser(
        prog="tools/generate.py", description="Regenerate generated/ from the specs in openapi/."
    )
    parser.add_argument(
        "--check", action="store_true", help="compare generated/ with a fresh generation"
    )
    args = parser.parse_args(argv)
    specs = dict(SPECS)
    if spec is not None:
        if spec.stem not in APIS:
            print(f"error: {spec} names no API of {', '.join(APIS)}", file=sys.stderr)
            return 2
        specs[APIS[spec.stem]] = spec
    with tempfile.TemporaryDirectory(prefix="heygen-generate-") as tmp:
        fresh = Path(tmp) / "generated"
        fresh.mkdir()
        try:
            for package, path in specs.items():
                generate_package(path, fresh, package)
        except (SpecError, GenerationError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            if isinstance(exc, SpecError):
                print("Fix the spec; generated/ was left as it was.", file=sys.stderr)
            return 2
        (fresh / "GENERATED.md").write_text(render_marker(specs))
        if args.check:
            diffs = _differences(fresh, generated) if generated.is_dir() else ["missing generated/"]
            if diffs:
                print("generated/ does not match a fresh generation of the specs in openapi/:")
                print("\n".join(f"  {d}" for d in diffs))
                print(f"Run `{FIX_COMMAND}` and commit the result; never edit generated/ by hand.")
                return 1
            print(f"generated/ is up to date with {', '.join(p.name for p in specs.values())}")
            return 0
        # What regenerating changed in each client's public surface (operations, models, fields).
        for package, path in specs.items():
            before = generated / package
            old = extract_surface(before) if before.is_dir() else Surface()
            diff = render_diff(diff_surfaces(old, extract_surface(fresh / package)))
            print(f"generated/{package} regenerated from {path.name}\n{diff}")
        if generated.exists():
            shutil.rmtree(generated)
        shutil.copytree(fresh, generated)
    return 0
