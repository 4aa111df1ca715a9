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
from heygen_streaming.spec_model import packaged_model


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


def _leaf_paths(schema: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for name, prop in schema["properties"].items():
        if prop.get("properties") and prop.get("additionalProperties") is False:
            out += _leaf_paths(prop, f"{prefix}{name}-")
        else:
            out.append(f"--{prefix}{name}".replace("_", "-"))
    return out


def _strict_request(operation_id: str) -> dict[str, Any]:
    model = packaged_model()
    return dict(model.strict(model.operation(operation_id).request_schema))


def test_every_request_field_of_the_spec_has_an_option_in_the_strict_profile() -> None:
    flags = _flags(_new_session_parser())
    expected = _leaf_paths(_strict_request("new_session"))
    assert {"--voice-voice-id", "--voice-rate", "--stt-settings-provider"} <= set(expected)
    assert {"--livekit-settings-token", "--voice-elevenlabs-settings"} <= set(expected)
    for flag in expected:
        assert flag in flags, flag
    assert "--avatar-name" not in flags  # deprecated in the spec: the strict profile has no option


def test_enums_become_choices_and_numbers_are_typed() -> None:
    flags = _flags(_new_session_parser())
    assert flags["--quality"].choices == ["high", "medium", "low"]
    assert flags["--voice-emotion"].choices[:5] == [
        "Excited", "Serious", "Friendly", "Soothing", "Broadcaster",
    ]  # fmt: skip
    assert flags["--activity-idle-timeout"].type is int
    assert flags["--voice-rate"].type is float
    assert "--no-disable-idle-timeout" in flags
    assert "30..3600" in (flags["--activity-idle-timeout"].help or "")


def test_an_enum_behind_a_ref_with_its_own_default_is_offered_as_choices() -> None:
    # `task_mode: {allOf: [{$ref: TaskMode}], default: sync}` is how the spec gives a referenced
    # enum a default of its own; the option must still list the values, not ask for JSON.
    parser = argparse.ArgumentParser()
    add_request_options(parser, _strict_request("task"))
    flags = _flags(parser)
    assert flags["--task-mode"].choices == ["sync", "async"]
    assert "default" in (flags["--task-mode"].help or "")


def test_options_follow_a_changed_spec_with_no_code_change() -> None:
    schema = copy.deepcopy(_strict_request("new_session"))
    schema["properties"]["greeting"] = {"type": "string", "description": "First words."}
    schema["properties"]["quality"]["enum"] = ["high", "ultra"]
    parser = argparse.ArgumentParser()
    options = add_request_options(parser, schema)
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
    assert "--session-token" in line


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


def test_each_subcommands_help_names_the_defaults_its_operation_sends(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for op in packaged_model().operations:
        assert main([op.operation_id.replace("_", "-"), "--help"]) == EXIT_OK
        out = " ".join(capsys.readouterr().out.split())
        schema = packaged_model().strict(op.request_schema) if op.request_schema else {}
        props = schema.get("properties") or {}
        defaults = {k: v["default"] for k, v in props.items() if "default" in v}
        if defaults:
            named = ", ".join(f"{k} {json.dumps(v)}" for k, v in defaults.items())
            assert f"Sent when not given (the spec's defaults): {named}." in out, op.operation_id
        else:
            assert "Sent when not given" not in out, op.operation_id


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
    seen: list[tuple[list[str], str]] = []
    fake = types.ModuleType("heygen_streaming_mock.cli")

    def mock_main(argv: list[str], prog: str) -> int:
        seen.append((argv, prog))
        return 7

    fake.main = mock_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "heygen_streaming_mock.cli", fake)
    assert main(["mock", "--port", "5000"]) == 7
    assert seen == [(["--port", "5000"], "heygen-streaming mock")]


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--timeout", "-1", "timeout"),
        ("--timeout", "0", "timeout"),
        ("--max-retries", "-3", "max_retries"),
        ("--base-url", "notaurl", "base_url"),
    ],
)
def test_bad_configuration_is_one_line_exit_2_and_nothing_sent(
    capsys: pytest.CaptureFixture[str], option: str, value: str, named: str
) -> None:
    code = main(
        ["new-session", "--api-key", "k", option, value], transport=httpx.MockTransport(_never)
    )
    assert code == EXIT_USAGE
    assert named in _one_error_line(capsys.readouterr().err)


def test_a_misspelt_option_points_to_the_subcommands_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["new-session", "--qualty", "high"], transport=httpx.MockTransport(_never))
    line = _one_error_line(capsys.readouterr().err)
    assert code == EXIT_USAGE
    assert "did you mean --quality?" in line
    assert "heygen-streaming new-session --help" in line


@pytest.mark.parametrize(("typed", "meant"), [("mokc", "mock"), ("new-sesion", "new-session")])
def test_a_misspelt_command_is_one_line_naming_the_closest_and_exit_2(
    capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    code = main([typed, "--api-key", "k"], transport=httpx.MockTransport(_never))
    line = _one_error_line(capsys.readouterr().err)
    assert code == EXIT_USAGE
    assert f"did you mean {meant!r}?" in line


def test_no_parser_matches_a_prefix_of_a_command_or_an_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser, _commands = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert parser.allow_abbrev is False
    assert all(p.allow_abbrev is False for p in sub.choices.values())
    assert main(["new-sess", "--api-key", "k"], transport=httpx.MockTransport(_never)) == 2
    _one_error_line(capsys.readouterr().err)


def test_every_operation_is_a_subcommand() -> None:
    _parser, commands = build_parser()
    for op in packaged_model().operations:
        assert op.operation_id.replace("_", "-") in commands


def test_the_session_command_opens_speaks_and_stops_printing_each_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from heygen_streaming_mock import MockServer

    mock = MockServer(seed=1)
    args = ["session", "--api-key", "mock-key", "--base-url", "http://mock", "--text", "Hello"]
    assert main(args, transport=mock.transport()) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("opened and started session ")
    assert out[-1].startswith("stopped session ")
    assert [e.path.rsplit(".", 1)[-1] for e in mock.journal.entries()] == [
        "new", "start", "task", "stop",
    ]  # fmt: skip


def test_the_help_example_works_against_the_default_mock(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from heygen_streaming_mock import MockServer

    assert main(["new-session", "--help"]) == EXIT_OK
    help_text = capsys.readouterr().out
    example = next(line for line in help_text.splitlines() if "--api-key mock-key" in line)
    argv = example.split()[1:]
    assert main([*argv, "--json"], transport=MockServer(seed=1).transport()) == EXIT_OK
