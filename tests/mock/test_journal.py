"""The journal: what the mock received and answered, secrets masked, memory bounded."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from heygen_streaming_mock import MockServer
from heygen_streaming_mock.journal import Journal

from .conftest import KEY, PATH, post


def test_each_request_is_recorded_with_its_answer(client: httpx.Client, mock: MockServer) -> None:
    response = post(client, {"quality": "low", "avatar_id": "a1"})
    entry = mock.journal.last()
    assert (entry.method, entry.path, entry.status) == ("POST", PATH, response.status_code)
    assert entry.body == {"quality": "low", "avatar_id": "a1"}
    assert entry.fault is None


def test_warnings_are_recorded_with_the_entry() -> None:
    journal = Journal(10)
    journal.record("POST", PATH, [], b"{}", {}, 200, ("mood: unknown field ignored",))
    assert journal.last().warnings == ("mood: unknown field ignored",)
    assert not journal.last().warnings_truncated


def test_the_api_key_is_masked(client: httpx.Client, mock: MockServer) -> None:
    post(client, {"quality": "low"})
    assert mock.journal.last().headers["x-api-key"] == "***"
    assert KEY not in mock.journal.render_page().decode()


def test_secret_body_fields_are_masked(client: httpx.Client, mock: MockServer) -> None:
    settings = {"room": "r", "url": "wss://lk.example.com", "token": "lk-secret-token"}
    post(client, {"quality": "low", "livekit_settings": settings})
    assert mock.journal.last().body["livekit_settings"] == {**settings, "token": "***"}
    assert "lk-secret-token" not in mock.journal.render_page().decode()


def test_secrets_are_masked_even_in_bodies_that_are_not_json(
    client: httpx.Client, mock: MockServer
) -> None:
    post(client, content=b'{"livekit_settings": {"token": "lk-secret-token", ')
    entry = mock.journal.last()
    assert entry.status == 400
    assert "lk-secret-token" not in entry.body
    assert '"token": "***"' in entry.body


def test_the_journal_keeps_only_the_last_entries() -> None:
    mock = MockServer(journal_size=5)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        for i in range(12):
            post(client, {"quality": "low", "avatar_id": f"a{i}"})
    assert len(mock.journal) == 5
    assert [e.body["avatar_id"] for e in mock.journal.entries()] == [f"a{i}" for i in range(7, 12)]
    assert mock.journal.total == 12


def test_large_bodies_are_kept_truncated() -> None:
    mock = MockServer(journal_body=100)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        post(client, {"quality": "low", "knowledge_base": "x" * 10_000})
    entry = mock.journal.last()
    assert entry.body_truncated
    assert entry.body_size > 10_000
    assert isinstance(entry.body, str)
    assert len(entry.body) == 100


def test_rejected_requests_are_recorded_too(client: httpx.Client, mock: MockServer) -> None:
    post(client, {}, key=None)
    client.get("/elsewhere")
    assert [e.status for e in mock.journal.entries()] == [401, 404]


def test_the_journal_is_served_and_cleared_over_http(
    client: httpx.Client, mock: MockServer
) -> None:
    post(client, {"quality": "low"})
    listed = client.get("/__mock__/requests").json()
    assert (listed["total"], listed["kept"]) == (1, 1)
    assert listed["requests"][0]["headers"]["x-api-key"] == "***"
    assert client.delete("/__mock__/requests").json() == {"cleared": 1}
    assert client.get("/__mock__/requests").json()["requests"] == []
    assert len(mock.journal) == 0


def test_admin_requests_are_not_journaled(client: httpx.Client, mock: MockServer) -> None:
    client.get("/__mock__/requests")
    client.get("/__mock__/health")
    assert len(mock.journal) == 0


def test_the_admin_endpoints_refuse_other_methods(client: httpx.Client) -> None:
    response = client.post("/__mock__/requests")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, DELETE"
    assert client.get("/__mock__/nothing").status_code == 404


def test_the_journal_shows_the_body_as_sent_not_as_the_mock_read_it() -> None:
    # Lenient mode reads a null optional field as absent; the journal keeps what came in.
    mock = MockServer(seed=1, profile="lenient")
    with httpx.Client(transport=mock.transport(), base_url="http://m") as client:
        post(client, {"quality": "low", "avatar_id": None, "mood": 1})
    entry = mock.journal.last()
    assert entry.body == {"quality": "low", "avatar_id": None, "mood": 1}


# -- bounded in bytes, not only in count ---------------------------------------------------------


def test_a_10_mb_header_is_kept_cut_to_the_byte_cap_and_marked() -> None:
    journal = Journal(10, max_header_bytes=8192)  # default 4096
    headers = [(b"x-api-key", b"k"), (b"x-big", b"a" * 10_000_000), (b"x-after", b"z")]
    journal.record("POST", PATH, headers, b"{}", {}, 200)
    entry = journal.last()
    assert entry.headers_truncated
    assert entry.headers_size == 10_000_000 + len(b"x-api-keykx-bigx-afterz")
    assert entry.headers["x-api-key"] == "***"
    assert entry.headers["x-big"] == "a" * (8192 - len(b"x-api-keykx-big")) + " [cut]"
    assert "x-after" not in entry.headers


def test_warnings_past_the_byte_cap_are_cut_and_counted() -> None:
    journal = Journal(10, max_warning_bytes=2048)
    warnings = tuple(f"f{i}: unknown field ignored" for i in range(96_000))
    journal.record("POST", PATH, [], b"{}", {}, 200, warnings)
    entry = journal.last()
    assert entry.warnings_truncated
    assert sum(len(w) for w in entry.warnings[:-1]) <= 2048
    kept = len(entry.warnings) - 1
    assert entry.warnings[-1] == f"... {96_000 - kept} more warnings cut"


def test_the_journal_keeps_bounded_memory_after_a_flood_of_huge_requests() -> None:
    import tracemalloc

    journal = Journal(1000)
    huge_header = [(b"x-big", b"a" * 10_000_000)]
    huge_body = b'{"x": "' + b"b" * 5_000_000 + b'"}'
    many = tuple(f"f{i}: unknown field ignored" for i in range(96_000))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(30):
            journal.record("POST", PATH, huge_header, huge_body, None, 400, many)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # 30 entries of at most 4 KiB headers + 4 KiB body + 2 KiB warnings, and their overhead.
    assert kept < 1_000_000, f"the journal kept {kept} bytes for 30 entries"


def _filled(count: int) -> Journal:
    journal = Journal(1000)
    for i in range(count):
        journal.record("POST", PATH, [], b'{"i": %d}' % i, {"i": i}, 200)
    return journal


def test_the_journal_page_defaults_to_the_oldest_50() -> None:
    page = json.loads(_filled(120).render_page(""))
    assert (page["total"], page["kept"], page["offset"], page["limit"]) == (120, 120, 0, 50)
    assert [e["body"]["i"] for e in page["requests"]] == list(range(50))
    assert page["next_offset"] == 50


def test_entry_numbers_run_on_past_the_evicted_and_the_cleared() -> None:
    """The ring stores no numbers: each entry's is worked out from the total when read."""
    journal = Journal(3)
    for i in range(5):
        journal.record("POST", PATH, [], b'{"i": %d}' % i, {"i": i}, 200)
    assert [(e.seq, e.body["i"]) for e in journal.entries()] == [(3, 2), (4, 3), (5, 4)]
    assert [e.seq for e in journal.page(1, 1)] == [4]
    assert journal.last().seq == 5
    journal.clear()
    journal.record("POST", PATH, [], b'{"i": 5}', {"i": 5}, 200)
    assert [(e.seq, e.body["i"]) for e in journal.entries()] == [(6, 5)]


def test_limit_and_offset_page_through_the_journal() -> None:
    journal = _filled(120)
    page = json.loads(journal.render_page("limit=30&offset=100"))
    assert [e["body"]["i"] for e in page["requests"]] == list(range(100, 120))
    assert page["next_offset"] is None
    last = json.loads(journal.render_page("offset=-5"))
    assert [e["body"]["i"] for e in last["requests"]] == list(range(115, 120))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=abc", "limit: expected an integer, got 'abc'"),
        ("limit=0", "limit: expected 1..500, got 0"),
        ("limit=100000", "limit: expected 1..500, got 100000"),
        ("offset=1.5", "offset: expected an integer, got '1.5'"),
    ],
)
def test_bad_page_parameters_are_a_400_naming_them(query: str, message: str) -> None:
    with httpx.Client(transport=MockServer().transport(), base_url="http://mock") as client:
        answer = client.get(f"/__mock__/requests?{query}")
    assert (answer.status_code, answer.json()) == (400, {"code": 400, "message": message})


def test_a_default_page_of_the_largest_entries_renders_within_50_ms() -> None:
    journal = Journal(1000)
    headers = [(b"x-h%d" % i, b"v" * 200) for i in range(100)]  # past the 8 KiB cap
    body = json.dumps({"knowledge_base": "k" * 10_000}).encode()  # past the 4 KiB cap
    warnings = tuple(f"f{i}: unknown field ignored" for i in range(1000))
    for _ in range(1000):
        journal.record("POST", PATH, headers, body, None, 400, warnings)
    timings = []
    for _ in range(5):
        # CPU time, not wall time: the event loop is blocked for as long as this computes, and
        # on a shared machine wall time also counts the other processes' turns.
        started = time.process_time()
        page = journal.render_page("")
        timings.append(time.process_time() - started)
    assert len(page) < 1_000_000  # 50 entries of at most ~15 KiB each
    assert min(timings) < 0.050, f"a default page took {min(timings) * 1000:.1f} ms"


def test_a_page_of_the_largest_entries_is_bounded_in_bytes_and_continues() -> None:
    """`limit=500` of entries at their byte caps holds no more bytes than a default page of
    them (so the largest page renders within 50 ms); `next_offset` goes on where it stopped."""
    journal = Journal(1000)
    headers = [(b"x-h%d" % i, b"v" * 200) for i in range(100)]
    body = json.dumps({"knowledge_base": "k" * 10_000}).encode()
    for _ in range(600):
        journal.record("POST", PATH, headers, body, None, 400, ("w" * 3000,))
    page = json.loads(journal.render_page("limit=500"))
    per_entry = 4096 + 4096  # its body and headers, each at its cap
    assert 1 < len(page["requests"]) <= journal.page_bytes // per_entry + 1
    assert page["next_offset"] == len(page["requests"])
    small = _filled(600)
    assert len(json.loads(small.render_page("limit=500"))["requests"]) == 500


def test_the_journal_pages_over_http(client: httpx.Client) -> None:
    for i in range(5):
        post(client, {"quality": "low", "avatar_id": f"a{i}"})
    page = client.get("/__mock__/requests", params={"limit": 2, "offset": 1}).json()
    assert [e["body"]["avatar_id"] for e in page["requests"]] == ["a1", "a2"]
    assert (page["kept"], page["next_offset"]) == (5, 3)


def test_the_bodies_of_401_404_and_405_answers_are_kept() -> None:
    from heygen_streaming_mock.server import running

    with running(MockServer(seed=1)) as live:
        url = live.url
        sent = {"content-type": "application/json"}
        httpx.post(url + PATH, content=b'{"quality": "a"}', headers={**sent, "x-api-key": "bad"})
        httpx.post(url + "/v1/nothing", content=b'{"quality": "b"}', headers=sent)
        httpx.put(url + PATH, content=b'{"quality": "c"}', headers=sent)
        entries = live.server.journal.entries()
    assert [(e.status, e.body) for e in entries] == [
        (401, '{"quality": "a"}'),
        (404, '{"quality": "b"}'),
        (405, '{"quality": "c"}'),
    ]
