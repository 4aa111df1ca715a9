"""Floods that used to grow the served mock's memory without bound, and its journal's answer."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from .conftest import KEY, PATH, ServedProcess, exchange, serve_process, status_of

# Pages asked for in a row: /proc counts CPU time in clock ticks (10 ms), so one page alone would
# be measured to within a tick.
PAGES = 10


@pytest.fixture
def process() -> Iterator[ServedProcess]:
    yield from serve_process("--profile", "lenient", "--log-level", "error")


def test_rss_stays_under_200_mb_after_a_header_flood_and_a_journal_flood(
    process: ServedProcess,
) -> None:
    # 30 requests with a 10 MB header: refused at the head limit, never kept.
    for _ in range(30):
        answer, _ = exchange(
            process.url,
            b"GET /__mock__/health HTTP/1.1\r\nX-Big: " + b"a" * 10_000_000 + b"\r\n\r\n",
        )
        assert status_of(answer) == 431
    headers = {"x-api-key": KEY, "content-type": "application/json"}
    with httpx.Client(base_url=process.url, timeout=60) as client:
        # The journal filled over with requests larger than an entry keeps (head just under the
        # 32 KiB limit, bodies of 100 KB).
        big_headers = {**headers, **{f"x-fill-{i}": "f" * 1000 for i in range(30)}}
        big_body = json.dumps({"quality": "low", "knowledge_base": "k" * 100_000})
        for _ in range(1100):
            assert client.post(PATH, content=big_body, headers=big_headers).status_code < 500
        # Bodies of 96k unknown fields: each could add a warning per field.
        fields = ",".join(f'"f{i}":0' for i in range(96_000))
        for _ in range(5):
            client.post(PATH, content='{"quality":"low",' + fields + "}", headers=headers)
        rss_mib = process.status("VmRSS") / 1024
        # The server's CPU time per page, not wall time: on a loaded machine wall time also
        # counts the other processes' turns (a page took 54 ms of wall time beside a CPU hog).
        used = process.cpu_seconds()
        for _ in range(PAGES):
            page = client.get("/__mock__/requests")
        per_page = (process.cpu_seconds() - used) / PAGES
    assert page.status_code == 200
    listed = page.json()
    assert (listed["kept"], len(listed["requests"])) == (1000, 50)
    assert all(len(e["body"]) <= 4096 for e in listed["requests"] if isinstance(e["body"], str))
    print(f"\nRSS after the floods: {rss_mib:.0f} MiB; default page: {per_page * 1000:.1f} ms CPU")
    assert rss_mib < 200, f"RSS {rss_mib:.0f} MiB after the floods"
    assert per_page < 0.050, f"a default page of the journal took {per_page * 1000:.0f} ms of CPU"


SECRET_KEY = "sk-live-hostile-0123456789abcdef"


@pytest.fixture
def chatty() -> Iterator[ServedProcess]:
    yield from serve_process("--api-key", SECRET_KEY, "--log-level", "debug", capture=True)


def test_no_key_or_token_reaches_the_journal_or_the_log(chatty: ServedProcess) -> None:
    with httpx.Client(base_url=chatty.url, timeout=30) as client:
        token = client.post("/v1/streaming.create_token", headers={"x-api-key": SECRET_KEY})
        bearer = token.json()["data"]["token"]
        auth = {"authorization": f"Bearer {bearer}", "content-type": "application/json"}
        client.post(PATH, content=rb'{"quality":"\ud800"}', headers=auth)  # 400
        client.post(PATH, content=b"{" + b" " * (2 << 20), headers=auth)  # 413
        client.post(PATH, content=b'{"quality": "low"}', headers={**auth, "x-echo": bearer})
        exchange(  # 431, with the key in the oversized head
            chatty.url,
            f"GET / HTTP/1.1\r\nX-Api-Key: {SECRET_KEY}\r\nX: {'a' * 40_000}\r\n\r\n".encode(),
        )
        pages = [client.get("/__mock__/requests", params={"offset": o}).text for o in (0, -5)]
    output = chatty.output()
    for text in [*pages, output]:
        assert SECRET_KEY not in text
        assert bearer not in text


def test_a_journal_page_is_rendered_off_the_event_loop() -> None:
    import threading

    from heygen_streaming_mock import MockServer
    from heygen_streaming_mock.server import running

    mock = MockServer(seed=1)
    rendered_in: list[str] = []
    render = mock.journal.render_page

    def spy(query: str = "") -> tuple[int, bytes]:
        rendered_in.append(threading.current_thread().name)
        return render(query)

    mock.journal.render_page = spy  # type: ignore[method-assign]
    with running(mock) as live:
        assert httpx.get(live.url + "/__mock__/requests").status_code == 200
        loop_thread = live._thread.name
    assert len(rendered_in) == 1
    assert rendered_in[0] != loop_thread
