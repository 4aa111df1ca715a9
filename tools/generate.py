"""Regenerate generated/ from openapi/streaming.yaml, or check that it is up to date (`--check`)."""

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

# tools/ is not a package; this module is also loaded by file path (tests), hence the insert.
_TOOLS = str(Path(__file__).resolve().parent)
if _TOOLS not in sys.path:
    sys.path.insert(0, _TOOLS)

from spec_file import SpecError, read_spec  # noqa: E402
from surface import Surface, diff_surfaces, extract_surface, render_diff  # noqa: E402

__all__ = ["PACKAGE", "generate_package", "main", "render_marker", "surface_changes"]

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "streaming.yaml"
CONFIG = ROOT / "openapi" / "generator.yaml"
GENERATED = ROOT / "generated"
PACKAGE = "heygen_streaming_api"
FIX_COMMAND = "nox -s generate"


def generate_package(spec: Path, dest: Path, config: Path = CONFIG) -> Path:
    """Write the client package generated from `spec` to `dest/heygen_streaming_api`."""
    out = dest / PACKAGE
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
    proc = subprocess.run(cmd, cwd=dest, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or "Warning" in proc.stdout or "Error" in proc.stdout:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"openapi-python-client failed on {spec}")
    for cache in out.rglob(".ruff_cache"):
        shutil.rmtree(cache)
    (out / "py.typed").write_text("")
    # The package carries the exact contract it was generated from: the client's checks and the
    # mock read this copy, so they can never disagree with the generated models.
    document = read_spec(spec)
    (out / "openapi.json").write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return out


def render_marker(spec: Path) -> str:
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


def _differences(expected: Path, actual: Path) -> list[str]:
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
    """What regenerating changed in the client's public surface, as `tools/surface.py` lists it."""
    old = extract_surface(before) if before.is_dir() else Surface()
    return render_diff(diff_surfaces(old, extract_surface(after)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="compare generated/ with a fresh generation"
    )
    args = parser.parse_args(argv)
    try:
        read_spec(SPEC)  # before the generator, whose own message for a syntax error is vaguer
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Fix openapi/streaming.yaml; generated/ was left as it was.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="heygen-generate-") as tmp:
        fresh = Path(tmp) / "generated"
        fresh.mkdir()
        generate_package(SPEC, fresh)
        (fresh / "GENERATED.md").write_text(render_marker(SPEC))
        if args.check:
            diffs = _differences(fresh, GENERATED) if GENERATED.is_dir() else ["missing generated/"]
            if diffs:
                print("generated/ does not match a fresh generation of openapi/streaming.yaml:")
                print("\n".join(f"  {d}" for d in diffs))
                print(f"Run `{FIX_COMMAND}` and commit the result; never edit generated/ by hand.")
                return 1
            print("generated/ is up to date with openapi/streaming.yaml")
            return 0
        changes = surface_changes(GENERATED / PACKAGE, fresh / PACKAGE)
        if GENERATED.exists():
            shutil.rmtree(GENERATED)
        shutil.copytree(fresh, GENERATED)
    print(f"generated/{PACKAGE} regenerated from openapi/streaming.yaml")
    print(changes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
