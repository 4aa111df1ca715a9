"""The command line the client's `heygen-streaming mock` delegates to."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.cli import configure_parser, options_from_args


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return parser.parse_args(list(argv))


def test_the_defaults_bind_loopback_on_4010_leniently() -> None:
    args = parse()
    assert (args.mock_host, args.mock_port, args.mock_workers) == ("127.0.0.1", 4010, 1)
    options = options_from_args(args)
    assert options["api_keys"] is None
    assert options["strict"] is False
    assert list(MockServer(**options).keys) == ["mock-key"]


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
