"""The `heygen-streaming` command: options derived from the spec, masked output, one-line errors."""

from __future__ import annotations

import argparse
import copy
import json
import sys
import types
from typing import Any

import httpx
import pytest
from heygen_streaming._cli_fields import add_request_options, collect_fields
from heygen_streaming.cli import (
    EXIT_API_ERROR,
    EXIT_NETWORK_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    build_parser,
    main,
)
from heygen_streaming.spec import load_spec


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError("the transport was called")


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    return lines[0]


def _flags(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {flag: action for action in parser._actions for flag in action.option_strings}


def _new_session_parser() -> argparse.ArgumentParser:
    parser, _ = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    chosen: argparse.ArgumentParser = sub.choices["new-session"]
    return chosen


def _leaf_paths(schema: dict[str, Any], spec: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for name, prop in schema["properties"].items():
        if "$ref" in prop:
            prop = spec["components"]["schemas"][prop["$ref"].rsplit("/", 1)[1]]
        if prop.get("properties") and prop.get("additionalProperties") is False:
            out += _leaf_paths(prop, spec, f"{prefix}{name}-")
        else:
            out.append(f"--{prefix}{name}".replace("_", "-"))
    return out


def test_every_request_field_of_the_spec_has_an_option() -> None:
    spec = load_spec()
    flags = _flags(_new_session_parser())
    expected = _leaf_paths(spec["components"]["schemas"]["NewSessionRequest"], spec)
    assert {"--voice-voice-id", "--voice-rate", "--stt-settings-provider"} <= set(expected)
    assert {"--livekit-settings-token", "--voice-elevenlabs-settings"} <= set(expected)
    for flag in expected:
        assert flag in flags, flag


def test_enums_become_choices_and_numbers_are_typed() -> None:
    flags = _flags(_new_session_parser())
    assert flags["--quality"].choices == ["high", "medium", "low"]
    assert flags["--voice-emotion"].choices == [
        "Excited", "Serious", "Friendly", "Soothing", "Broadcaster",
    ]  # fmt: skip
    assert flags["--activity-idle-timeout"].type is int
    assert flags["--voice-rate"].type is float
    assert "--no-disable-idle-timeout" in flags
    assert "30..3600" in (flags["--activity-idle-timeout"].help or "")


def test_options_follow_a_changed_spec_with_no_code_change() -> None:
    spec = copy.deepcopy(load_spec())
    schema = spec["components"]["schemas"]["NewSessionRequest"]
    schema["properties"]["greeting"] = {"type": "string", "description": "First words."}
    schema["properties"]["quality"]["enum"] = ["high", "ultra"]
    parser = argparse.ArgumentParser()
    options = add_request_options(parser, spec)
    args = parser.parse_args(["--greeting", "hi", "--quality", "ultra", "--voice-rate", "2"])
    assert collect_fields(args, options) == {
        "greeting": "hi",
        "quality": "ultra",
        "voice": {"rate": 2.0},
    }
    assert "First words." in parser.format_help()


def test_new_session_sends_flattened_fields_and_prints_a_masked_table(
    kit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = kit.Recorder()
    code = main(
        [
            "new-session", "--api-key", kit.API_KEY, "--quality", "high",
            "--voice-voice-id", "v1", "--voice-rate", "1.5",
            "--voice-elevenlabs-settings", '{"stability": 0.5}',
            "--stt-settings-provider", "deepgram", "--disable-idle-timeout",
            "--livekit-settings-token", "lk-secret-123",
        ],
        transport=recorder.transport(),
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == EXIT_OK
    body = recorder.body()
    assert body["voice"] == {
        "voice_id": "v1",
        "rate": 1.5,
        "elevenlabs_settings": {"stability": 0.5},
    }
    assert body["stt_settings"] == {"provider": "deepgram"}
    assert body["disable_idle_timeout"] is True
    assert body["livekit_settings"] == {"token": "lk-secret-123"}
    data = kit.example("200", "success")["data"]
    assert data["session_id"] in out
    assert data["access_token"] not in out
    assert data["livekit_agent_token"] not in out
    assert "***" in out


def test_json_output_masks_tokens_unless_show_secrets(
    kit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    data = kit.example("200", "success")["data"]
    transport = kit.Recorder().transport()
    assert main(["new-session", "--api-key", "k", "--json"], transport=transport) == EXIT_OK
    masked = json.loads(capsys.readouterr().out)
    assert masked["access_token"] == "***"
    assert masked["session_id"] == data["session_id"]
    args = ["new-session", "--api-key", "k", "--json", "--show-secrets"]
    assert main(args, transport=transport) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == data


def test_a_field_the_spec_refuses_is_one_line_exit_2_and_nothing_sent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["new-session", "--api-key", "k", "--activity-idle-timeout", "5"]
    code = main(args, transport=httpx.MockTransport(_never))
    line = _one_error_line(capsys.readouterr().err)
    assert code == EXIT_USAGE
    assert "activity_idle_timeout: 5 is less than the minimum of 30" in line


def test_a_bad_choice_or_bad_json_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    transport = httpx.MockTransport(_never)
    assert main(["new-session", "--quality", "ultra"], transport=transport) == EXIT_USAGE
    assert "--quality" in _one_error_line(capsys.readouterr().err)
    args = ["new-session", "--voice-elevenlabs-settings", "{oops"]
    assert main(args, transport=transport) == EXIT_USAGE
    assert "not valid JSON" in _one_error_line(capsys.readouterr().err)


def test_a_missing_key_names_the_flag_and_the_env_var(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-session"], transport=httpx.MockTransport(_never)) == EXIT_USAGE
    line = _one_error_line(capsys.readouterr().err)
    assert "--api-key" in line
    assert "HEYGEN_API_KEY" in line


def test_the_key_can_come_from_the_environment(
    kit: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HEYGEN_API_KEY", "env-key-value")
    recorder = kit.Recorder()
    assert main(["new-session", "--json"], transport=recorder.transport()) == EXIT_OK
    assert recorder.requests[0].headers["X-Api-Key"] == "env-key-value"


def test_an_api_error_is_one_line_exit_1_without_the_key(
    kit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    echo = {"code": 401, "message": f"invalid key {kit.API_KEY}\nsecond line"}
    recorder = kit.Recorder(kit.reply(401, json_body=echo))
    code = main(["new-session", "--api-key", kit.API_KEY], transport=recorder.transport())
    line = _one_error_line(capsys.readouterr().err)
    assert code == EXIT_API_ERROR
    assert line.startswith("error: HTTP 401")
    assert kit.API_KEY not in line


def test_a_network_failure_is_one_line_exit_3(kit: Any, capsys: pytest.CaptureFixture[str]) -> None:
    recorder = kit.Recorder(httpx.ReadTimeout)
    code = main(["new-session", "--api-key", "k"], transport=recorder.transport())
    assert code == EXIT_NETWORK_ERROR
    assert "ReadTimeout" in _one_error_line(capsys.readouterr().err)


def test_help_is_exit_0_and_documents_env_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["new-session", "--help"]) == EXIT_OK
    out = capsys.readouterr().out
    for needle in ("HEYGEN_API_KEY", "HEYGEN_BASE_URL", "exit codes", "not idempotent", "--json"):
        assert needle in out
    assert main(["--help"]) == EXIT_OK
    assert "mock" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == EXIT_USAGE
    _one_error_line(capsys.readouterr().err)


def test_mock_without_the_extra_tells_how_to_install_it_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "heygen_streaming_mock.cli", None)
    assert main(["mock", "--port", "4010"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert 'pip install "heygen-streaming[mock]"' in line


def test_mock_delegates_its_options_and_its_run_to_the_mock_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[argparse.Namespace] = []
    fake = types.ModuleType("heygen_streaming_mock.cli")

    def configure_parser(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=4010)

    def run(args: argparse.Namespace) -> int:
        seen.append(args)
        return 7

    fake.configure_parser = configure_parser  # type: ignore[attr-defined]
    fake.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "heygen_streaming_mock.cli", fake)
    assert main(["mock", "--port", "5000"]) == 7
    assert seen[0].port == 5000
