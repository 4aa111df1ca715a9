"""The mock's command line (`python -m heygen_streaming_mock`, `heygen-streaming mock`)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from heygen_streaming.spec import load_spec
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.cli import build_parser, limits_from_args, main, options_from_args, parse
from heygen_streaming_mock.limits import DEFAULT_LIMITS


def parsed(*argv: str) -> argparse.Namespace:
    return parse(build_parser(), list(argv))


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one line a bad command line prints; the exit code must be 2."""
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return lines[0]


def test_the_defaults_bind_loopback_on_4010_exact_on_a_real_clock() -> None:
    args = parsed()
    assert (args.host, args.port, args.admin_key) == ("127.0.0.1", 4010, None)
    options = options_from_args(args)
    assert options["api_keys"] is None
    mock = MockServer(**options)
    assert list(mock.keys) == ["mock-key"]
    assert (mock.profile, mock.clock.mode) == ("exact", "real")


def test_profile_and_clock_are_options() -> None:
    mock = MockServer(**options_from_args(parsed("--profile", "lenient", "--clock", "manual")))
    assert (mock.profile, mock.clock.mode) == ("lenient", "manual")


def test_a_state_file_is_passed_to_the_mock(tmp_path: Path) -> None:
    state = str(tmp_path / "state.sqlite3")
    options = options_from_args(parsed("--state-file", state))
    assert options["state_path"] == state
    assert MockServer(**options).state_path == state
    assert "state_path" not in options_from_args(parsed())


def test_options_become_mock_server_keywords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEYGEN_MOCK_API_KEYS", raising=False)
    args = parsed(
        *("--api-key", "a", "--api-key", "b:300:free", "--seed", "9", "--strict"),
        *("--latency", "10-20", "--error-rate", "0.25", "--max-body", "2048"),
    )
    mock = MockServer(**options_from_args(args))
    assert set(mock.keys) == {"a", "b"}
    assert mock.keys["b"].is_paid is False
    assert (mock.seed, mock.strict, mock.latency) == (9, True, (0.01, 0.02))
    assert (mock.error_rate, mock.max_body) == (0.25, 2048)


def test_keys_also_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYGEN_MOCK_API_KEYS", "env1, env2:60")
    mock = MockServer(**options_from_args(parsed("--api-key", "cli")))
    assert set(mock.keys) == {"cli", "env1", "env2"}


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--port", "99999"], "--port: expected a port within 0..65535, got '99999'"),
        (["--port", "-1"], "--port: expected a port within 0..65535, got '-1'"),
        (["--port", "http"], "--port: expected a port within 0..65535, got 'http'"),
        (["--host", "my host"], "--host: expected an IP address"),
        (["--seed", "-3"], "--seed: expected a whole number >= 0"),
        (["--error-rate", "2"], "--error-rate: expected a probability within 0..1"),
        (["--error-rate", "nan"], "--error-rate: expected a probability within 0..1"),
        (["--latency", "20-10"], "--latency: expected 0 <= MIN <= MAX"),
        (["--latency", "soon"], "--latency: expected MS or MIN-MAX"),
        (["--api-key", "k:0"], "--api-key"),
        (["--max-body", "0"], "--max-body: expected a whole number > 0"),
        (["--journal-size", "1e9"], "--journal-size: expected a whole number > 0"),
        (["--max-header-bytes", "100"], "--max-header-bytes: expected a whole number >= 8192"),
        (["--header-timeout", "-1"], "--header-timeout: expected seconds within 0.001..60"),
        (["--header-timeout", "600"], "--header-timeout: expected seconds within 0.001..60"),
        (["--body-timeout", "inf"], "--body-timeout: expected seconds > 0"),
        (["--clock", "fast"], "--clock: invalid choice: 'fast'"),
        (["--admin-key", "two words"], "--admin-key: expected printable ASCII"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    line = usage_error(capsys, *argv)
    assert named in line
    assert line.startswith("python -m heygen_streaming_mock: error: ")


def test_options_are_never_taken_by_a_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    # `--admin` would have been taken as `--admin-key` with argparse's default prefix matching.
    line = usage_error(capsys, "--admin", "k")
    assert "unrecognized arguments: --admin k; did you mean --admin-key?" in line


def test_an_unknown_api_is_one_line_naming_the_packaged_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = usage_error(capsys, "--api", "liveavatr")
    assert "unknown API 'liveavatr'; the packaged ones are streaming, liveavatar" in line
    assert line.endswith("did you mean liveavatar? (see python -m heygen_streaming_mock --help)")


def test_api_and_spec_together_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    line = usage_error(capsys, "--api", "streaming", "--spec", "x.yaml")
    assert "--api and --spec: give one of them" in line


def test_the_api_option_serves_that_packaged_spec() -> None:
    mock = MockServer(**options_from_args(parsed("--api", "streaming")))
    assert mock.model.document == load_spec(api="streaming")


def test_a_misspelt_option_gets_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    assert "did you mean --port?" in usage_error(capsys, "--prot", "4010")
    assert "did you mean --header-timeout?" in usage_error(capsys, "--header-timout=3")


def test_the_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "exit codes:\n  0  stopped by Ctrl-C or SIGTERM\n  2  a bad option" in out


def test_a_spec_file_that_does_not_parse_is_a_clear_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "spec.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [a?b\n", "utf-8")
    line = usage_error(capsys, "--spec", str(broken), "--port", "0")
    assert line.startswith(f"heygen-streaming mock: {broken}, line 2, column 9: expected ','")


def test_the_packaged_yaml_spec_can_be_given_as_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    spec = Path(__file__).parents[2] / "openapi" / "streaming.yaml"
    mock = MockServer(**options_from_args(parsed("--spec", str(spec))))
    assert len(mock.model.operations) > 1


def _without_the_extra(code: str) -> subprocess.CompletedProcess[str]:
    blocked = "import sys; sys.modules['granian'] = None\n"
    return subprocess.run(
        [sys.executable, "-c", blocked + code], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "code",
    [
        "from heygen_streaming_mock.cli import main; sys.exit(main(['--port', '0']))",
        "from heygen_streaming.cli import main; sys.exit(main(['mock', '--port', '0']))",
    ],
    ids=["python -m heygen_streaming_mock", "heygen-streaming mock"],
)
def test_without_the_mock_extra_the_command_says_what_to_install_in_one_line(code: str) -> None:
    done = _without_the_extra(code)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        'heygen-streaming mock: the mock server needs granian: pip install "heygen-streaming[mock]"'
    ]
    assert done.stdout == ""


def test_the_client_command_gives_the_mock_its_checks_and_suggestions() -> None:
    code = "from heygen_streaming.cli import main; sys.exit(main(['mock', '--prot', '1']))"
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "heygen-streaming mock: error: unrecognized arguments: --prot 1; did you mean --port?"
        " (see heygen-streaming mock --help)"
    ]


def test_limits_come_from_the_command_line() -> None:
    args = parsed(
        *("--max-header-bytes", "16384", "--header-timeout", "2.5", "--body-timeout", "7")
    )
    limits = limits_from_args(args)
    assert limits.max_header_bytes == 16384
    assert (limits.header_timeout, limits.body_timeout) == (2.5, 7.0)
    assert limits_from_args(parsed()) == DEFAULT_LIMITS
