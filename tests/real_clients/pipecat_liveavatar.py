"""Run by pipecat's own interpreter: the LiveAvatar path of pipecat's HeyGen service opens a
session, then stops it.

With `service_type=ServiceType.LIVE_AVATAR`, pipecat's `HeyGenClient` builds a `LiveAvatarApi`
(pc client.py:147-151), calls its `new_session` with its default request (client.py:141-144,
190) and, on teardown, its `close_session` (client.py:254). This script makes those same calls on
the same class; the client itself is not built, since it imports LiveKit, the WebSocket and
pipecat's frame pipeline (all stubbed here by not being run).

Usage: python pipecat_liveavatar.py BASE_URL API_KEY [--full]. Prints one JSON object: what
pipecat's own code returned (tokens reduced to `<N chars>`). With `--full` the request sets every
field pipecat can send. Not collected by pytest; the tests run it in the throw-away venv.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

# Installed only in pipecat's throw-away venv, not in the project's.
import aiohttp  # type: ignore[import-not-found]
from loguru import logger  # type: ignore[import-not-found]
from pipecat.services.heygen.api_liveavatar import (  # type: ignore[import-not-found]
    AvatarPersona,
    CustomSDKLiveKitConfig,
    LiveAvatarApi,
    LiveAvatarNewSessionRequest,
    VideoEncoding,
    VideoQuality,
    VideoSettings,
)

# HeyGenClient's default request for LIVE_AVATAR (pc client.py:141-144).
DEFAULT = LiveAvatarNewSessionRequest(avatar_id="1c690fe7-23e0-49f9-bfba-14344450285b")
FULL = LiveAvatarNewSessionRequest(
    avatar_id="dd73ea75-1218-4ef3-92ce-606d5f7fbc0a",
    video_settings=VideoSettings(encoding=VideoEncoding.VP8, quality=VideoQuality.very_high),
    is_sandbox=True,
    avatar_persona=AvatarPersona(
        voice_id="4f3b2a1c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        context_id="9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
        language="fr",
    ),
    livekit_config=CustomSDKLiveKitConfig(
        livekit_url="wss://pipecat-test.livekit.cloud",
        livekit_room="pipecat-room-3",
        livekit_client_token="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhdmF0YXIifQ.c2lnbmF0dXJl",
    ),
    max_session_duration=600,
)


def masked(answer: Any) -> Any:
    """The answer with every `*token` string reduced to its length (tokens stay in here)."""
    if isinstance(answer, dict):
        return {
            k: f"<{len(v)} chars>" if k.endswith("token") and isinstance(v, str) else masked(v)
            for k, v in answer.items()
        }
    return answer


async def main(base_url: str, api_key: str, full: bool) -> dict[str, Any]:
    logger.remove()  # pipecat logs the request and the session's tokens at DEBUG
    async with aiohttp.ClientSession() as http:
        api = LiveAvatarApi(api_key, http)
        api.BASE_URL = f"{base_url}/v1"  # read on every request (api_liveavatar.py:217)
        session = await api.new_session(FULL if full else DEFAULT)
        # What pipecat validated and keeps of /start's answer (LiveAvatarSessionResponse).
        started = session.raw_response.model_dump(mode="json")
        stopped = await api.close_session(session.session_id)
    return {"start": masked(started), "stop": masked(stopped), "ws_url": session.ws_url}


if __name__ == "__main__":
    args = sys.argv[1:]
    print(json.dumps(asyncio.run(main(args[0], args[1], "--full" in args[2:]))))
