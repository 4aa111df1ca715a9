"""A field the spec gains reaches the wire after regeneration, with no edit in overrides/."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from heygen_streaming import StreamingClient, ValidationError

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import httpx
    import heygen_streaming_api
    from heygen_streaming import StreamingClient
    from heygen_streaming.cli import main

    assert heygen_streaming_api.__file__.startswith(sys.argv[1]), heygen_streaming_api.__file__
    example = json.loads(sys.argv[2])
    sent = []

    def handler(request):
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=example)

    transport = httpx.MockTransport(handler)
    StreamingClient(api_key="k", transport=transport).new_session(quality="high", greeting="hi")
    argv = ["new-session", "--api-key", "k", "--greeting", "hola", "--json"]
    code = main(argv, transport=transport)
    assert code == 0, code
    print(json.dumps(sent))
    """
)


def _generate_tool() -> Any:
    # The generation code lives in the tools' typed package (tools/ is on pytest's pythonpath).
    return importlib.import_module("heygen_streaming_tools.generation")


def test_the_current_spec_refuses_the_field_before_io(kit: Any) -> None:
    recorder = kit.Recorder()
    with pytest.raises(ValidationError, match="greeting: is not a field"):
        StreamingClient(api_key="k", transport=recorder.transport()).new_session(greeting="hi")
    assert recorder.calls == 0


def test_an_extra_optional_field_passes_through_after_regeneration(
    kit: Any, tmp_path: Path
) -> None:
    document = yaml.safe_load((ROOT / "openapi" / "streaming.yaml").read_text("utf-8"))
    document["components"]["schemas"]["NewSessionRequest"]["properties"]["greeting"] = {
        "type": "string",
        "description": "A line the avatar says first.",
    }
    spec = tmp_path / "streaming.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")
    dest = tmp_path / "gen"
    dest.mkdir()
    _generate_tool().generate_package(spec, dest)
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(dest), os.environ.get("PYTHONPATH", "")])
    )
    example = json.dumps(kit.example("200", "success"))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(dest), example],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    sent = json.loads(proc.stdout.strip().splitlines()[-1])
    assert sent[0]["greeting"] == "hi"
    assert sent[0]["quality"] == "high"
    assert sent[1]["greeting"] == "hola"  # the CLI derived --greeting from the new spec
