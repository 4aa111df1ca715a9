"""The command line the client's `heygen-streaming mock` delegates to."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.cli import configure_parser, limits_from_args, options_from_args
from heygen_streaming_mock.limits import DEFAULT_LIMITS


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return parser.parse_args(list(argv))


def test_the_defaults_bind_loopback_on_4010_exact_on_a_real_clock() -> None:
    args = parse()
    assert (args.mock_host, args.mock_port, args.mock_workers) == ("127.0.0.1", 4010, 1)
    options = options_from_args(args)
    assert options["api_keys"] is None
    mock = MockServer(**options)
    assert list(mock.keys) == ["mock-key"]
    assert (mock.profile, mock.clock.mode) == ("exact", "real")


def test_profile_and_clock_are_options(monkeypatch: pytest.MonkeyPatch) -> None:
    mock = MockServer(**options_from_args(parse("--profile", "lenient", "--clock", "manual")))
    assert (mock.profile, mock.clock.mode) == ("lenient", "manual")


def test_a_state_file_keeps_sessions_and_the_journal_there_even_with_one_worker(
    tmp_path: Path,
) -> None:
    state = str(tmp_path / "state.sqlite3")
    mock = MockServer(**options_from_args(parse("--state-file", state)))
    assert (mock.state_path, mock.journal.path) == (state, state)
    assert "state_path" not in options_from_args(parse())


def test_options_become_mock_server_keywords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEYGEN_MOCK_API_KEYS", raising=False)
    args = parse(
        "--api-key",
        "a",
        "--api-key",
        "b:300:free",
        "--seed",
        "9",
        "--strict",
        "--latency",
        "10-20",
        "--error-rate",
        "0.25",
        "--max-body",
        "2048",
    )
    mock = MockServer(**options_from_args(args))
    assert set(mock.keys) == {"a", "b"}
    assert mock.keys["b"].is_paid is False
    assert (mock.seed, mock.strict, mock.latency) == (9, True, (0.01, 0.02))
    assert (mock.error_rate, mock.max_body) == (0.25, 2048)


def test_keys_also_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEYGEN_MOCK_API_KEYS", "env1, env2:60")
    mock = MockServer(**options_from_args(parse("--api-key", "cli")))
    assert set(mock.keys) == {"cli", "env1", "env2"}


@pytest.mark.parametrize(
    "argv",
    [["--error-rate", "2"], ["--latency", "20-10"], ["--latency", "soon"], ["--api-key", "k:0"]],
)
def test_bad_options_are_refused_by_the_parser(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(*argv)


def test_dests_are_prefixed_so_they_share_a_namespace_safely() -> None:
    assert all(name.startswith("mock_") for name in vars(parse()))


def test_a_spec_file_that_does_not_parse_is_a_clear_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from heygen_streaming_mock.cli import main

    broken = tmp_path / "spec.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [a?b\n", "utf-8")
    assert main(["--spec", str(broken), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert f"heygen-streaming mock: {broken}, line 2, column 9: expected ','" in err
    assert "Traceback" not in err


def _without_the_extra(code: str) -> subprocess.CompletedProcess[str]:
    blocked = "import sys; sys.modules['uvicorn'] = None; sys.modules['httptools'] = None\n"
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
        "heygen-streaming mock: the mock server needs uvicorn and httptools:"
        ' pip install "heygen-streaming[mock]"'
    ]
    assert done.stdout == ""


def test_limits_come_from_the_command_line() -> None:
    args = parse(
        "--max-header-bytes",
        "4096",
        "--max-headers",
        "20",
        "--header-timeout",
        "2.5",
        "--body-timeout",
        "7",
    )
    limits = limits_from_args(args)
    assert (limits.max_header_bytes, limits.max_headers) == (4096, 20)
    assert (limits.header_timeout, limits.body_timeout) == (2.5, 7.0)
    assert limits_from_args(parse()) == DEFAULT_LIMITS


@pytest.mark.parametrize(
    "argv", [["--max-header-bytes", "0"], ["--header-timeout", "-1"], ["--max-headers", "x"]]
)
def test_limits_must_be_positive(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(*argv)
