"""Against a hostile or broken server, every call ends in time, typed, bounded, and leaks nothing.

Each test starts one misbehaving server on 127.0.0.1 and drives the sync client, the async client
or the CLI against it in a child process. All problems of a run are collected and reported
together: the error's class and the limit it names (the deadline's own error proves the deadline
ended the call, whatever the machine's load: no wall-clock margin), the peak RSS, and
every secret found in the output (the exception and its whole chain, reachable requests, DEBUG
logs of every logger with the log filter installed, the CLI's output).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

CLIENTS = ["sync", "async"]
MAX_RSS_MB = 100
EXIT_API_ERROR, EXIT_NETWORK_ERROR = 1, 3
# Only a hang: how long a call ends within is the typed error's job (`limit`), not a margin.
HANG_SECONDS = 30.0


@dataclass(frozen=True)
class Expect:
    cls: str
    limit: str | None = None
    says: str | None = None  # text the message must contain
    exact: bool = False  # the class itself, not a subclass


DEADLINE = Expect("APITimeoutError", limit="deadline", says="deadline")
TOO_BIG = Expect(
    "APIResponseValidationError", limit="max_response_bytes", says="max_response_bytes"
)


def _problems(outcome: Any, expect: Expect, hostile: Any, *, cli: bool = False) -> list[str]:
    report, error = outcome.report, outcome.error
    problems: list[str] = []
    if cli:
        if error:
            problems.append(f"escaped the CLI: {error['class']}: {error['str'][:300]}")
        lines = report["stderr"].splitlines()
        code = EXIT_NETWORK_ERROR if expect.cls == "APITimeoutError" else EXIT_API_ERROR
        if report.get("exit_code") != code:
            problems.append(f"exit code {report.get('exit_code')}, expected {code}")
        if len(lines) != 1 or not lines[0].startswith("error: "):
            problems.append(f"stderr is not one `error:` line: {report['stderr'][:300]!r}")
        elif expect.says and expect.says not in lines[0]:
            problems.append(f"the error line does not name {expect.says!r}: {lines[0][:300]!r}")
        if report["stdout"]:
            problems.append(f"stdout not empty: {report['stdout'][:200]!r}")
    elif not error:
        problems.append(f"no error raised; got {report.get('result', '')[:200]}")
    else:
        if expect.cls not in error["mro"] or (expect.exact and error["class"] != expect.cls):
            problems.append(f"raised {error['class']} ({error['str'][:200]}), not {expect.cls}")
        if expect.limit is not None and error["limit"] != expect.limit:
            problems.append(f"limit={error['limit']!r}, expected {expect.limit!r}")
        if expect.says and expect.says not in error["str"]:
            problems.append(f"the message does not name {expect.says!r}: {error['str'][:300]!r}")
        if error["context"] or error["cause"]:
            problems.append(f"chained to {error['context'] or error['cause']} (__context__/cause)")
        if any(".request is reachable" in t for c in error["chain"] for t in c["texts"]):
            problems.append("a request is reachable from the raised exception")
    if report["elapsed"] > HANG_SECONDS:
        problems.append(f"took {report['elapsed']:.2f} s: a hang")
    if report["max_rss_mb"] > MAX_RSS_MB:
        problems.append(f"peak RSS {report['max_rss_mb']:.0f} MB > {MAX_RSS_MB} MB")
    if leaks := outcome.leaks():
        problems.append(f"secrets in the output: {leaks}")
    if not report["log_filter"]:
        problems.append("heygen_streaming.logfilter.install_log_filter is missing")
    return problems


def _check(probe: Any, hostile: Any, behaviour: str, mode: str, expect: Expect) -> Any:
    timeout = hostile.TIMEOUT if expect.limit == "deadline" else hostile.ANSWER_TIMEOUT
    outcome = probe(getattr(hostile, behaviour), mode, timeout)
    problems = _problems(outcome, expect, hostile, cli=mode == "cli")
    assert not problems, f"{behaviour} ({mode}):\n  " + "\n  ".join(problems)
    return outcome


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_server_dripping_its_headers_is_cut_off_at_the_deadline(
    probe: Any, hostile: Any, mode: str
) -> None:
    _check(probe, hostile, "drip_headers", mode, DEADLINE)


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_server_dripping_its_body_is_cut_off_at_the_deadline(
    probe: Any, hostile: Any, mode: str
) -> None:
    _check(probe, hostile, "drip_body", mode, DEADLINE)


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_2_gib_gzip_bomb_stops_at_the_byte_cap_within_100_mb_of_rss(
    probe: Any, hostile: Any, mode: str
) -> None:
    outcome = _check(probe, hostile, "gzip_bomb", mode, TOO_BIG)
    # The server stops sending once the client leaves: far less than the 2 MB of the whole bomb.
    assert outcome.server.bytes_sent < 1024**2, outcome.server.bytes_sent


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_gzip_bomb_gzipped_again_is_refused_by_its_encoding(
    probe: Any, hostile: Any, mode: str
) -> None:
    expect = Expect("APIResponseValidationError", limit="content-encoding", says="gzip, gzip")
    _check(probe, hostile, "stacked_gzip_bomb", mode, expect)


@pytest.mark.parametrize("mode", CLIENTS)
def test_an_endless_chunked_body_stops_at_the_byte_cap(probe: Any, hostile: Any, mode: str) -> None:
    outcome = _check(probe, hostile, "endless_chunked", mode, TOO_BIG)
    assert outcome.server.bytes_sent < 16 * 1024**2, outcome.server.bytes_sent


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_200_mb_body_is_refused_by_its_content_length(
    probe: Any, hostile: Any, mode: str
) -> None:
    outcome = _check(probe, hostile, "big_body", mode, TOO_BIG)
    assert outcome.server.bytes_sent < 16 * 1024**2, outcome.server.bytes_sent


@pytest.mark.parametrize("mode", CLIENTS)
def test_deeply_nested_json_is_a_response_validation_error(
    probe: Any, hostile: Any, mode: str
) -> None:
    _check(probe, hostile, "deep_json", mode, Expect("APIResponseValidationError"))


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_corrupt_gzip_body_is_a_response_validation_error_naming_the_encoding(
    probe: Any, hostile: Any, mode: str
) -> None:
    expect = Expect("APIResponseValidationError", limit="content-encoding", says="gzip")
    _check(probe, hostile, "corrupt_gzip", mode, expect)


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_lone_surrogate_in_a_json_key_is_a_response_validation_error(
    probe: Any, hostile: Any, mode: str
) -> None:
    _check(probe, hostile, "lone_surrogate_key", mode, Expect("APIResponseValidationError"))


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_200_cut_inside_the_access_token_shows_no_part_of_it(
    probe: Any, hostile: Any, mode: str
) -> None:
    _check(probe, hostile, "truncated_200", mode, Expect("APIResponseValidationError"))


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_500_with_tokens_in_a_raw_body_shows_none_of_them(
    probe: Any, hostile: Any, mode: str
) -> None:
    _check(probe, hostile, "token_in_500", mode, Expect("InternalServerError"))


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_key_echoed_across_the_500_character_cut_shows_no_half_of_it(
    probe: Any, hostile: Any, mode: str
) -> None:
    _check(probe, hostile, "key_across_cut", mode, Expect("InternalServerError"))


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_key_echoed_in_a_response_header_is_masked_in_every_log(
    probe: Any, hostile: Any, mode: str
) -> None:
    outcome = _check(probe, hostile, "key_in_header", mode, Expect("InternalServerError"))
    logs = outcome.report["logs"]
    assert "x-echo-key" in logs.lower(), "the DEBUG logs do not show the response headers at all"


@pytest.mark.parametrize("mode", CLIENTS)
def test_a_key_echoed_in_the_reason_phrase_is_masked_everywhere(
    probe: Any, hostile: Any, mode: str
) -> None:
    outcome = _check(probe, hostile, "key_in_reason", mode, Expect("InternalServerError"))
    assert "HTTP Request:" in outcome.report["logs"], "httpx's INFO line was not captured"


@pytest.mark.parametrize("mode", CLIENTS)
@pytest.mark.parametrize("behaviour", ["status_600", "status_999"])
def test_a_status_outside_100_to_599_is_a_plain_api_status_error(
    probe: Any, hostile: Any, mode: str, behaviour: str
) -> None:
    outcome = _check(probe, hostile, behaviour, mode, Expect("APIStatusError", exact=True))
    assert outcome.error["status_code"] == int(behaviour[-3:])


CLI_CASES = {
    "drip_headers": DEADLINE,
    "drip_body": DEADLINE,
    "gzip_bomb": TOO_BIG,
    "stacked_gzip_bomb": Expect("APIResponseValidationError", says="gzip, gzip"),
    "endless_chunked": TOO_BIG,
    "big_body": TOO_BIG,
    "deep_json": Expect("APIResponseValidationError"),
    "corrupt_gzip": Expect("APIResponseValidationError", says="gzip"),
    "lone_surrogate_key": Expect("APIResponseValidationError"),
    "truncated_200": Expect("APIResponseValidationError"),
    "token_in_500": Expect("InternalServerError"),
    "key_across_cut": Expect("InternalServerError"),
    "key_in_header": Expect("InternalServerError"),
    "key_in_reason": Expect("InternalServerError"),
}


@pytest.mark.parametrize("behaviour", list(CLI_CASES))
def test_the_cli_answers_a_hostile_server_with_one_error_line_and_no_secret(
    probe: Any, hostile: Any, behaviour: str
) -> None:
    _check(probe, hostile, behaviour, "cli", CLI_CASES[behaviour])
