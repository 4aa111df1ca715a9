"""Lists built from the spec's `x-list` mapping (issue 19): LiveAvatar's one filtered, paged list
against a mock built from `openapi/liveavatar.yaml`, streaming's two lists as they always were,
and the mapping model refusing a mapping its operation cannot answer. Every answer is checked
against the spec before a test reads it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from heygen_streaming.lifecycle import LifecycleError
from heygen_streaming.spec_model import SpecModel, packaged_model
from heygen_streaming_mock import MockServer

from .test_lifecycle import ALICE, BOB, Api

LIVEAVATAR = Path(__file__).parents[2] / "openapi" / "liveavatar.yaml"
SPEC = yaml.safe_load(LIVEAVATAR.read_text())
AVATAR = "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a"


class LiveAvatar(Api):
    def create(self, key: str = ALICE, mode: str = "LITE", **fields: Any) -> str:
        body = {"mode": mode, "avatar_id": AVATAR, **fields}
        answer = self.call("create_token", body, key=key)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["data"]["session_id"])

    def stop(self, sid: str, **fields: Any) -> None:
        assert self.call("stop", {"session_id": sid, **fields}).status_code == 200

    def page(self, kind: str, key: str = ALICE, **query: Any) -> dict[str, Any]:
        answer = self.call("list_sessions", key=key, query={"type": kind, **query})
        assert answer.status_code == 200, answer.text
        return dict(answer.json()["data"])

    def ids(self, kind: str, **query: Any) -> list[str]:
        return [entry["id"] for entry in self.page(kind, **query)["results"]]


@pytest.fixture
def la() -> Iterator[LiveAvatar]:
    mock = MockServer(spec=LIVEAVATAR, api_keys=[ALICE, BOB], seed=5)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        yield LiveAvatar(mock, client)


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def test_a_created_session_is_active_and_not_historic(la: LiveAvatar) -> None:
    sid = la.create()
    assert la.ids("active") == [sid]
    assert la.ids("historic") == []
    assert la.page("active", key=BOB)["results"] == []  # another account's list


def test_an_entry_is_filled_as_the_mapping_says(la: LiveAvatar) -> None:
    created = la.mock.clock.now()
    la.create(mode="CUSTOM", is_sandbox=True)  # CUSTOM is LITE's old name
    la.create()
    newest, oldest = la.page("active")["results"]
    assert oldest["created_at"] == oldest["updated_at"] == _iso(created)  # ISO 8601, per schema
    assert (oldest["mode"], oldest["is_sandbox"]) == ("LITE", True)
    assert (newest["mode"], newest["is_sandbox"]) == ("LITE", False)  # the mapping's default
    assert (newest["source"], newest["credits_consumed"], newest["duration"]) == ("API", 0, 0)
    assert not {"end_at", "end_reason"} & set(newest)  # an open session's


def test_a_stopped_session_is_historic_with_end_at_and_the_stops_reason(la: LiveAvatar) -> None:
    sid = la.create()
    la.mock.clock.advance(42)
    la.stop(sid, reason="USER_CLOSED")
    assert la.ids("active") == []
    [entry] = la.page("historic")["results"]
    assert (entry["id"], entry["end_reason"]) == (sid, "USER_CLOSED")
    assert entry["end_at"] == entry["updated_at"] == _iso(la.mock.clock.now())


def test_a_stop_without_a_reason_ends_with_the_mappings_default(la: LiveAvatar) -> None:
    la.stop(la.create())
    assert la.page("historic")["results"][0]["end_reason"] == "UNKNOWN"


def test_an_idle_session_ends_with_idle_timeout_when_its_window_ran_out(la: LiveAvatar) -> None:
    created = la.mock.clock.now()
    la.create()
    la.mock.clock.advance(301)  # the spec's idle-timeout default is 300 s
    [entry] = la.page("historic")["results"]
    assert (entry["end_reason"], entry["end_at"]) == ("IDLE_TIMEOUT", _iso(created + 300))


def test_pages_come_newest_first_and_link_to_each_other(la: LiveAvatar) -> None:
    ids = [la.create() for _ in range(5)]
    first = la.page("active", page_size=2)
    assert [e["id"] for e in first["results"]] == [ids[4], ids[3]]
    assert (first["count"], first["previous"]) == (5, None)
    assert first["next"] == "/v1/sessions?type=active&page=2&page_size=2"
    second = la.client.get(first["next"], headers={"x-api-key": ALICE}).json()["data"]
    assert [e["id"] for e in second["results"]] == [ids[2], ids[1]]
    assert second["previous"] == "/v1/sessions?type=active&page=1&page_size=2"
    last = la.page("active", page=3, page_size=2)
    assert ([e["id"] for e in last["results"]], last["next"]) == ([ids[0]], None)


def test_the_default_page_size_is_the_parameters_own() -> None:
    mock = MockServer(spec=LIVEAVATAR, seed=5)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        la = LiveAvatar(mock, client)
        for _ in range(21):
            la.create("mock-key")
        page = la.page("active", key="mock-key")
    assert (len(page["results"]), page["count"]) == (20, 21)  # page_size's default: 20


def test_the_streaming_lists_keep_their_shape_and_epoch_times() -> None:
    mock = MockServer(api_keys=[ALICE], seed=3)
    with httpx.Client(transport=mock.transport(), base_url="http://mock") as client:
        api = Api(mock, client)
        created = mock.clock.now()
        sid = api.session(avatar_name="Wayne_20240711")
        [active] = api.call("list_sessions").json()["sessions"]
        [entry] = api.call("list_sessions_v2").json()["data"]
    assert active == {"session_id": sid, "status": "new", "created_at": created}
    assert entry == {
        **active,
        "api_key_type": "paid",
        "duration": 0,
        "avatar_id": "Wayne_20240711",
    }


def _model(edit: Any) -> SpecModel:
    spec = copy.deepcopy(SPEC)
    edit(spec["paths"]["/v1/sessions"]["get"])
    return SpecModel(spec)


def _refused(edit: Any) -> str:
    with pytest.raises(LifecycleError) as refused:  # its shape (on load), or a cross-field rule
        _ = _model(edit).operation("list_sessions").listing
    return str(refused.value)


def test_the_mapping_refuses_a_field_the_entry_schema_lacks() -> None:
    message = _refused(lambda op: op["x-list"]["item"].update(status="state"))
    assert "the entry's schema has no status" in message


def test_the_mapping_refuses_an_entry_that_leaves_a_required_field_unfilled() -> None:
    message = _refused(lambda op: op["x-list"]["item"].pop("source"))
    assert "fills no source for required ['source']" in message


def test_the_mapping_refuses_a_page_field_or_parameter_the_operation_lacks() -> None:
    assert "page's schema has no total" in _refused(lambda op: op["x-list"].update(count="total"))
    assert "the query has no size" in _refused(
        lambda op: op["x-list"].update({"page-size": "size"})
    )


def test_the_mapping_refuses_an_unknown_source_naming_the_vocabulary() -> None:
    message = _refused(lambda op: op["x-list"]["item"].update(duration="length"))
    assert "list_sessions: x-list.item.duration: must be a source: a fact (session-id" in message


def test_the_mapping_refuses_a_filter_that_misses_a_value_of_its_parameter() -> None:
    message = _refused(lambda op: op["x-list"]["filter"]["values"].pop("historic"))
    assert "x-list.filter: stated exactly when x-lifecycle.lists is filtered" in message


def test_the_mapping_states_its_order_there_is_no_default() -> None:
    assert "list_sessions: x-list.order: is required" in _refused(
        lambda op: op["x-list"].pop("order")
    )


def test_a_mock_refuses_a_list_operation_without_a_mapping_naming_it() -> None:
    spec = copy.deepcopy(SPEC)
    del spec["paths"]["/v1/sessions"]["get"]["x-list"]
    with pytest.raises(LifecycleError, match="list_sessions: x-list"):
        MockServer(spec=spec)


def test_each_list_shows_the_states_its_kind_and_filter_choose() -> None:
    streaming = packaged_model()
    active, history = (
        streaming.operation(o).listing for o in ("list_sessions", "list_sessions_v2")
    )
    assert active is not None
    assert history is not None
    assert active.states({}) == {"new", "connecting", "connected"}
    assert history.states({}) == {"new", "connecting", "connected", "closed"}
    listing = SpecModel(SPEC).operation("list_sessions").listing
    assert listing is not None
    assert listing.states({"type": "historic"}) == {"closed"}
    ended = listing.entry(
        {"session-id": "s", "created-at": 0, "updated-at": 0, "duration": 1.5, "closed-at": 0},
        {"mode": "FULL"},
        ("duration-limit", {}),
    )
    assert (ended["end_reason"], ended["duration"], ended["mode"]) == (
        "MAX_DURATION_REACHED",
        1,
        "FULL",
    )
