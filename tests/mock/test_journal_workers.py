"""The shared journal batches its writes; a reader still sees every request answered before."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from multiprocessing.connection import Connection
from pathlib import Path

from heygen_streaming_mock.journal import Journal
from heygen_streaming_mock.marks import Marks

HEADERS = [(b"x-api-key", b"k")]


def _worker(path: str, count: int, answered: Connection, done: Connection) -> None:
    """Another worker: records `count` entries in its event loop, says so, then lets them flush."""

    async def main() -> None:
        journal = Journal(100, path=path)
        for _ in range(count):
            journal.record("POST", "/v1/streaming.new", HEADERS, b"{}", {}, 200)
        answered.send(len(journal._store._pending))  # still buffered: the loop has not turned
        await asyncio.sleep(0)  # the end of this turn of the loop: the batch is written
        done.recv()

    asyncio.run(main())


def test_a_read_waits_for_what_another_worker_answered_but_has_not_written(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "state.sqlite3")
    reader = Journal(100, path=path)  # creates the table before the worker writes
    context = multiprocessing.get_context("fork")
    answered_recv, answered_send = context.Pipe(duplex=False)
    done_recv, done_send = context.Pipe(duplex=False)
    child = context.Process(target=_worker, args=(path, 5, answered_send, done_recv))
    child.start()
    try:
        assert answered_recv.recv() == 5  # answered, all five still in the worker's buffer
        assert reader.total == 5  # the read waited for the worker's batch
        assert [e.path for e in reader.entries()] == ["/v1/streaming.new"] * 5
    finally:
        done_send.send(None)
        child.join(10)
    assert child.exitcode == 0


def test_entries_recorded_outside_an_event_loop_are_written_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "state.sqlite3")
    journal = Journal(100, path=path)
    journal.record("GET", "/v1/streaming.list", HEADERS, b"", None, 200)
    assert journal._store._pending == []
    assert Journal(100, path=path).total == 1  # another journal on the file sees it


def test_a_process_that_is_gone_is_not_waited_for(tmp_path: Path) -> None:
    path = str(tmp_path / "state.sqlite3")
    Journal(100, path=path)
    # A marks file left by a process that died with entries buffered: nothing will write them.
    stale = Path(f"{path}.marks-999999999-1")
    stale.write_bytes((3).to_bytes(8, "little") + (0).to_bytes(8, "little"))
    assert Marks.wait_for_others(path, set()) is True
    assert os.path.exists(stale)
