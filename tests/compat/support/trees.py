"""Trees the compat tests compare: generated from a spec variant, and one direction run alone."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from heygen_streaming.spec import APIS
from heygen_streaming_tools.generation import generate_package
from heygen_streaming_tools.roundtrip import DEFAULT, Side
from heygen_streaming_tools.verdict import Direction

__all__ = ["round_trip", "tree_from_spec"]


def round_trip(
    client_root: Path,
    server_root: Path,
    plans: tuple[Mapping[str, Any], Mapping[str, Any]],
    title: str,
) -> Direction:
    """One direction alone: serve `server_root`'s mock, drive `client_root`'s client against it.

    `plans`: (the client side's plan, the server side's plan), see `plan.py`.
    """
    package = Path("generated", APIS[DEFAULT.api])  # not looked for: a tree may lack it
    client, server = (
        Side(client_root, client_root / package),
        Side(server_root, server_root / package),
    )
    try:
        server.serve(plans[1])
        client.serve(None)
        url, which = server.address()
        client.address()  # it serves nothing: this only waits until it is ready
        client.drive(url, plans[0])
        server.drive(None, None)
        result = client.result()
    finally:
        client.close()
        server.close()
    return Direction(title, result["client"], which, result)


def tree_from_spec(spec: Mapping[str, Any], dest: Path, source: Path) -> Path:
    """A tree at `dest` with `source`'s client layer and mock, and a client generated from `spec`
    (how tests and spec candidates get a tree without a commit)."""
    for name in ("overrides", "contract_tests", "pyproject.toml"):
        if (source / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source / name, dest / name, ignore=ignore)
        elif (source / name).is_file():
            shutil.copy2(source / name, dest / name)
    path = dest / "openapi" / "streaming.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(dict(spec), sort_keys=False, allow_unicode=True), "utf-8")
    (dest / "generated").mkdir()
    generate_package(path, dest / "generated", templates=source / "openapi" / "templates")
    return dest
