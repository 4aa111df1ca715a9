"""The generated packages: one per API of `APIS`, each the typed mixin of its own spec.

Every package carries its spec and has one method and one `Endpoint` per operation. LiveAvatar's
token body is a union (`oneOf` FULL | LITE): every field of each shape must reach the method's
keywords, typed, and the wire; LITE's `mode` is an `anyOf` of two consts, its ids `format: uuid`,
and `/start` answers 201.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
import types
import typing
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from heygen_streaming.spec import APIS
from heygen_streaming.spec_model import SpecModel

ROOT = Path(__file__).resolve().parents[2]
la = importlib.import_module("liveavatar_api.api")
models = importlib.import_module("liveavatar_api.models")
Unset = importlib.import_module("liveavatar_api.types").Unset


def _spec(name: str) -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "openapi" / f"{name}.yaml").read_text("utf-8")))


LA_SPEC = _spec("liveavatar")
ID = "2f4c1d8e-5a6b-4c7d-9e0f-1a2b3c4d5e6f"
VIDEO = {"quality": "very_high", "encoding": "VP8"}
# Every field of each shape, nested models too. (FULL's `not` forbids avatar_persona together with
# voice_agent: the validator's rule, not the model's, which must carry both.)
FULL = {
    "mode": "FULL",
    "avatar_id": ID,
    "is_sandbox": True,
    "video_settings": VIDEO,
    "max_session_duration": 600,
    "avatar_persona": {
        "voice_id": ID,
        "context_id": ID,
        "language": "ja",
        "voice_settings": {
            "provider": "elevenLabs",
            "speed": 1.1,
            "stability": 0.5,
            "similarity_boost": 0.4,
            "style": 0.2,
            "use_speaker_boost": False,
            "model": "eleven_multilingual_v2",
            "apply_language_text_normalization": True,
        },
        "stt_config": {"provider": "gladia"},
    },
    "voice_agent": {"id": ID, "language": "en", "dynamic_variables": {"name": "Ada"}},
    "interactivity_type": "PUSH_TO_TALK",
    "llm_configuration_id": ID,
    "dynamic_variables": {"name": "Ada"},
    "memory": {"prev_session_id": ID, "session_memory_id": ID},
    "demo_llm_config": {
        "provider": "p",
        "model": "m",
        "base_url": "https://llm",
        "ciphertext_api_key": "c",
    },
    "video_quality": "low",
    "video_encoding": "H264",
}
REALTIME = {"secret_id": ID, "context_id": ID, "voice": "v", "temperature": 0.9}
LITE = {
    "mode": "CUSTOM",
    "avatar_id": ID,
    "is_sandbox": False,
    "video_settings": VIDEO,
    "max_session_duration": 60,
    "livekit_config": {"livekit_url": "wss://lk", "livekit_room": "r", "livekit_client_token": "t"},
    "agora_config": {
        "agora_app_id": "a",
        "agora_token": "t",
        "agora_channel": "c",
        "agora_uid": "u",
    },
    "elevenlabs_agent_config": {
        "secret_id": ID,
        "agent_id": "agent",
        "voice_id": "voice",
        "dynamic_variables": {"text": "x", "count": 2, "ratio": 1.5, "flag": True},
    },
    "openai_realtime_config": {**REALTIME, "model": "gpt-realtime"},
    "gemini_realtime_config": {
        **REALTIME,
        "model": "gemini-2.5-flash-native-audio-preview-12-2025",
    },
    "video_quality": "high",
    "video_encoding": "VP8",
}
SHAPES = pytest.mark.parametrize(
    ("shape", "body"), [(models.FullTokenRequest, FULL), (models.LiteTokenRequest, LITE)]
)


def _members(hint: Any) -> set[Any]:
    """A type as the set of what it admits: union members, literal values, classes."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return set().union(*map(_members, typing.get_args(hint)))
    if typing.get_origin(hint) is typing.Literal:
        return {repr(value) for value in typing.get_args(hint)}
    return {hint}


@pytest.mark.parametrize("name", APIS)
def test_each_package_carries_its_spec_as_openapi_json(name: str) -> None:
    text = resources.files(APIS[name]).joinpath("openapi.json").read_text("utf-8")
    assert json.loads(text) == _spec(name)


@pytest.mark.parametrize("name", APIS)
def test_each_package_has_one_method_and_one_endpoint_per_operation_of_its_spec(name: str) -> None:
    api = importlib.import_module(f"{APIS[name]}.api")
    operations = {
        op.operation_id: (op.method.upper(), op.path) for op in SpecModel(_spec(name)).operations
    }
    assert {e.operation_id: (e.method, e.path) for e in api.ENDPOINTS} == operations
    for mixin in (api.Operations, api.AsyncOperations):
        methods = {n for n, f in vars(mixin).items() if inspect.isfunction(f) and n[0] != "_"}
        assert methods == {*operations, "session"}, mixin  # each spec opens sessions
    assert all(inspect.iscoroutinefunction(getattr(api.AsyncOperations, n)) for n in operations)
    for endpoint in api.ENDPOINTS:
        if endpoint.body is not None:
            assert endpoint.shapes == (endpoint.body,)
        assert callable(endpoint.module.build_request_kwargs)


@SHAPES
def test_the_examples_hold_every_field_of_their_token_shape(
    shape: type, body: dict[str, Any]
) -> None:
    assert set(body) == set(LA_SPEC["components"]["schemas"][shape.__name__]["properties"])


def test_the_union_token_body_has_both_shapes_and_no_single_model() -> None:
    assert la.CREATE_TOKEN.body is None
    assert la.CREATE_TOKEN.shapes == (models.FullTokenRequest, models.LiteTokenRequest)


@SHAPES
def test_every_field_of_each_token_shape_survives_from_dict_to_dict_and_the_wire(
    shape: Any, body: dict[str, Any]
) -> None:
    model = shape.from_dict(body)
    assert model.to_dict() == body
    assert la.CREATE_TOKEN.module.build_request_kwargs(body=model)["json"] == body


class Recorder(la.Operations):
    def _call(self, endpoint: Any, request: Any, fields: dict[str, Any], timeout: Any) -> Any:
        self.sent = endpoint, {k: v for k, v in fields.items() if v is not None}


class AsyncRecorder(la.AsyncOperations):
    async def _call(self, endpoint: Any, request: Any, fields: dict[str, Any], timeout: Any) -> Any:
        self.sent = endpoint, {k: v for k, v in fields.items() if v is not None}


@SHAPES
def test_create_token_hands_every_field_of_each_shape_to_the_client_layer(
    shape: Any, body: dict[str, Any]
) -> None:
    sync, asynchronous = Recorder(), AsyncRecorder()
    sync.create_token(**body)
    asyncio.run(asynchronous.create_token(**body))
    assert sync.sent == asynchronous.sent == (la.CREATE_TOKEN, body)
    assert set(body) <= set(inspect.signature(la.Operations.session).parameters)


@SHAPES
def test_each_keyword_of_create_token_admits_every_shape_s_type_of_that_field(
    shape: Any, body: dict[str, Any]
) -> None:
    module = vars(sys.modules[shape.__module__])
    wanted = typing.get_type_hints(shape, globalns={**vars(models), **module})
    hints = typing.get_type_hints(la.Operations.create_token)
    for field in body:
        admitted = _members(wanted[field]) - {Unset, type(None)}
        assert admitted <= _members(hints[field]), field
    assert str in _members(hints["avatar_id"])  # a uuid field takes its text too


def test_the_lite_mode_parses_each_of_its_consts_and_refuses_another() -> None:
    for mode in ("LITE", "CUSTOM"):
        assert models.LiteTokenRequest.from_dict({"mode": mode, "avatar_id": ID}).mode == mode
    with pytest.raises((TypeError, ValueError)):
        models.LiteTokenRequest.from_dict({"mode": "FULL", "avatar_id": ID})


def test_start_parses_its_201_answer() -> None:
    example = LA_SPEC["paths"]["/v1/sessions/start"]["post"]["responses"]["201"]
    body = example["content"]["application/json"]["examples"]["success"]["value"]
    client = importlib.import_module("liveavatar_api.client").Client(base_url="http://127.0.0.1")
    parsed = la.START.module.parse_response(client=client, response=httpx.Response(201, json=body))
    assert isinstance(parsed, models.StartSessionResponse)
    assert parsed.data.ws_url == body["data"]["ws_url"]


def test_the_session_handle_binds_the_session_id_of_a_body_field_and_of_a_path_parameter() -> None:
    for handle in (la.SessionMethods, la.AsyncSessionMethods):
        methods = {n for n, f in vars(handle).items() if callable(f) and not n.startswith("_")}
        assert methods == {"keep_alive", "stop", "stop_legacy", "get_session", "get_transcript"}
        assert "session_id" not in inspect.signature(handle.get_transcript).parameters
