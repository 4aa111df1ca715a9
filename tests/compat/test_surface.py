"""The client surface is read statically and its changes are listed the way callers see them."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from cases import ROOT, case
from surface import diff_surfaces, extract_surface, render_diff

PACKAGE = ROOT / "generated" / "heygen_streaming_api"


def test_the_surface_of_the_generated_package() -> None:
    surface = extract_surface(PACKAGE)
    assert surface.models["NewSessionRequest"]["activity_idle_timeout"] == ("int | Unset", "120")
    assert surface.models["SessionData"]["session_id"] == ("str", None)  # required: no default
    assert "'Broadcaster'" in surface.enums["VoiceSettingEmotion"]
    assert sorted(surface.functions) == [
        f"streaming.new_session.{f}"
        for f in ("asyncio", "asyncio_detailed", "sync", "sync_detailed")
    ]
    assert surface.functions["streaming.new_session.sync"].startswith(
        "(*, client: AuthenticatedClient | Client, body: NewSessionRequest) -> "
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_field_enum_default_and_signature_changes_are_listed(tmp_path: Path) -> None:
    new = tmp_path / "heygen_streaming_api"
    shutil.copytree(PACKAGE, new, ignore=shutil.ignore_patterns("__pycache__"))
    models = new / "models"
    request = models / "new_session_request.py"
    _edit(request, "timeout: int | Unset = 120", "timeout: int | Unset = 300")
    livekit = "    livekit_settings: LiveKitSettings | Unset = UNSET"
    _edit(request, livekit, f"{livekit}\n    greeting: str | Unset = UNSET")
    _edit(models / "voice_setting_emotion.py", '"Broadcaster", ', "")
    _edit(models / "session_data.py", "    is_paid: bool\n", "    is_paid: str\n")
    api = new / "api" / "streaming" / "new_session.py"
    _edit(api, "def sync(\n    *,", "def sync(\n    *,\n    retries: int = 0,")
    before = "(*, client: AuthenticatedClient | Client, body: NewSessionRequest)"
    after = "(*, retries: int=0, client: AuthenticatedClient | Client, body: NewSessionRequest)"
    returns = " -> ErrorResponse | NewSessionResponse | None"
    assert diff_surfaces(extract_surface(PACKAGE), extract_surface(new)) == [
        "+ NewSessionRequest.greeting: str | Unset = UNSET",
        "~ NewSessionRequest.activity_idle_timeout default 120 -> 300",
        "~ SessionData.is_paid type bool -> str",
        "- VoiceSettingEmotion member 'Broadcaster'",
        f"~ function streaming.new_session.sync{before}{returns}  ->  {after}{returns}",
    ]


def test_an_unchanged_surface_says_so() -> None:
    assert render_diff(diff_surfaces(extract_surface(PACKAGE), extract_surface(PACKAGE))) == (
        "Client surface: unchanged"
    )


def _generate_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_tool", ROOT / "tools" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generate_prints_the_surface_changes_of_a_regeneration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = _generate_tool()
    target = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", target, ignore=shutil.ignore_patterns("__pycache__"))
    _, new_spec = case("new optional request field").specs()
    spec = tmp_path / "streaming.yaml"
    spec.write_text(yaml.safe_dump(new_spec, sort_keys=False), "utf-8")
    monkeypatch.setattr(tool, "GENERATED", target)
    monkeypatch.setattr(tool, "SPEC", spec)
    assert tool.main([]) == 0
    out = capsys.readouterr().out
    assert "Client surface changes:\n  + NewSessionRequest.greeting: str | Unset = UNSET\n" in out
    assert (
        "greeting"
        in (target / "heygen_streaming_api" / "models" / "new_session_request.py").read_text()
    )
