"""The command reads well: no prefix matching, no source keys in --help, 80-column tables, no
`Unset` object printed, and a hostile answer never ends it with a traceback."""

from __future__ import annotations

import argparse
import re
from typing import Any

import httpx
import pytest
from heygen_streaming.cli import EXIT_API_ERROR, EXIT_USAGE, _shown, build_parser, main
from heygen_streaming_api.types import UNSET

SOURCE_KEY = re.compile(r"\b[DF]-[\w-]+|\b[a-z][\w-]*:\d+")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser, _ = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_an_abbreviated_option_is_a_usage_error(
    kit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = kit.Recorder()
    code = main(
        ["new-session", "--api-key", kit.API_KEY, "--qual", "low"], transport=recorder.transport()
    )
    assert code == EXIT_USAGE
    assert recorder.calls == 0
    assert "--qual" in capsys.readouterr().err


def test_no_help_shows_the_specs_source_keys() -> None:
    for name, parser in _subcommands().items():
        if name == "mock":
            continue
        text = parser.format_help()
        assert not SOURCE_KEY.findall(text), (name, SOURCE_KEY.findall(text))


def test_tables_fit_80_columns_with_the_title_on_one_line(
    kit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = kit.Recorder(kit.reply(200, json_body={"code": 100, "message": "ok",
                                                       "data": {"token": "t" * 300}}))  # fmt: skip
    assert main(["create-token", "--api-key", kit.API_KEY], transport=recorder.transport()) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("create-token (HeyGen Streaming API)" in line for line in lines)


def test_an_unset_value_prints_as_absent() -> None:
    shown = _shown(
        {"a": UNSET, "b": [UNSET, 1], "c": {"d": UNSET}},
        argparse.Namespace(show_secrets=False, package="heygen_streaming_api"),
    )
    assert shown == {"b": [None, 1], "c": {}}


def test_a_lone_surrogate_in_an_answer_is_one_line_exit_1(
    kit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    body = b'{"code": 100, "message": "ok", "data": {"token": "\\ud800abc"}}'
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    assert main(["create-token", "--api-key", kit.API_KEY], transport=transport) == EXIT_API_ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert len(err.splitlines()) == 1
    assert "lone surrogate" in err
