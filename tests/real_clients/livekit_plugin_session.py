"""Run by a LiveKit plugin's own interpreter: the plugin's REST client opens a session, as its
`AvatarSession` does, and (livekit-plugins-liveavatar only) stops it.

Usage: python livekit_plugin_session.py liveavatar|hgl BASE_URL API_KEY [--video-quality Q].
Prints one JSON object: each answer the plugin's `LiveAvatarAPI` returned (tokens reduced to
`<N chars>`). The calls are the plugin's own (`livekit/plugins/<name>/api.py`); the glue between
them is `AvatarSession.start` / `_main_task`'s (lk-la avatar.py:144-163,337-355, lk-hgl
avatar.py:98-111), which reads its fields by indexing, as here.

LiveKit is stubbed: `livekit.rtc` is a stand-in (the plugin reads `room.name` only), the LiveKit
JWT the plugin would mint for its avatar is a fixed one, and no WebSocket is opened. The
packages `livekit.agents` and `livekit.plugins.<name>` are loaded without their `__init__`
(which imports all of LiveKit Agents); the modules run are livekit-agents' real `_exceptions.py`
and `types.py` and the plugin's real `api.py`. Not collected by pytest.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import sys
import types
from typing import Any

# Installed only in the plugin's throw-away venv, not in the project's.
import aiohttp  # type: ignore[import-not-found]

AVATAR_ID = "dd73ea75-1218-4ef3-92ce-606d5f7fbc0a"
LIVEKIT_URL = "wss://agents-test.livekit.cloud"
# What the plugin's AccessToken(...).to_jwt() would give (lk-la avatar.py:128-139): any JWT.
LIVEKIT_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsaXZlYXZhdGFyLWF2YXRhci1hZ2VudCJ9.c2lnbmF0dXJl"


class Room:
    """What the plugin's REST module reads of a LiveKit room: its name (and the type)."""

    name = "agent-room-7"


def _shell(name: str) -> types.ModuleType:
    """The package `name` without running its `__init__`, so that one submodule can load."""
    spec = importlib.util.find_spec(name)
    assert spec is not None, name
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    return module


def plugin_api(plugin: str) -> Any:
    """livekit/plugins/<plugin>/api.py, over real livekit-agents errors and connect options."""
    rtc = types.ModuleType("livekit.rtc")
    rtc.Room = Room  # type: ignore[attr-defined]
    sys.modules["livekit.rtc"] = rtc
    importlib.import_module("livekit").rtc = rtc  # type: ignore[attr-defined]
    agents = _shell("livekit.agents")
    errors = importlib.import_module("livekit.agents._exceptions")
    options = importlib.import_module("livekit.agents.types")
    agents.APIConnectionError = errors.APIConnectionError  # type: ignore[attr-defined]
    agents.APIStatusError = errors.APIStatusError  # type: ignore[attr-defined]
    agents.APIConnectOptions = options.APIConnectOptions  # type: ignore[attr-defined]
    agents.DEFAULT_API_CONNECT_OPTIONS = options.DEFAULT_API_CONNECT_OPTIONS  # type: ignore[attr-defined]
    # Used only without a session of the caller's (livekit-agents' job HTTP context).
    agents.utils = types.SimpleNamespace()  # type: ignore[attr-defined]
    _shell(f"livekit.plugins.{plugin}")
    return importlib.import_module(f"livekit.plugins.{plugin}.api")


def masked(answer: Any) -> Any:
    """The answer with every `*token` string reduced to its length (tokens stay in here)."""
    if isinstance(answer, dict):
        return {
            k: f"<{len(v)} chars>" if k.endswith("token") and isinstance(v, str) else masked(v)
            for k, v in answer.items()
        }
    return answer


async def main(plugin: str, base_url: str, api_key: str, video_quality: str | None) -> Any:
    module = plugin_api(plugin)
    out: dict[str, Any] = {}
    async with aiohttp.ClientSession() as http:
        api = module.LiveAvatarAPI(api_key, api_url=f"{base_url}/v1/sessions", session=http)
        extra = (
            {"is_sandbox": False, "video_quality": video_quality} if plugin == "liveavatar" else {}
        )
        created = await api.create_streaming_session(
            livekit_url=LIVEKIT_URL,
            livekit_token=LIVEKIT_TOKEN,
            room=Room(),
            avatar_id=AVATAR_ID,
            **extra,
        )
        out["token"] = masked(created)
        session_id = created["data"]["session_id"]
        session_token = created["data"]["session_token"]
        started = await api.start_streaming_session(session_id, session_token)
        out["start"] = masked(started)
        out["ws_url"] = started["data"]["ws_url"]
        if plugin == "liveavatar":  # lk-hgl 1.2.20 has no stop call
            stopped = await api.stop_streaming_session(session_id, session_token)
            out["stop"] = masked(stopped)
            # lk-la avatar.py:351: the stop counts as done (logged) only when this holds.
            out["stop_logged"] = stopped["code"] <= 200
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    quality = args[args.index("--video-quality") + 1] if "--video-quality" in args else None
    print(json.dumps(asyncio.run(main(args[0], args[1], args[2], quality))))
