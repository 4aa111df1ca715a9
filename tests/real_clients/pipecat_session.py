"""Run by pipecat's own interpreter: pipecat's `HeyGenApi` opens a session, then stops it.

Usage: python pipecat_session.py BASE_URL API_KEY [--token] [--full]. Prints one JSON object:
what pipecat's own code returned (tokens reduced to their length). With `--token` it also calls
pipecat's `create_token` first; with `--full` the request sets every field pipecat can send
(its ElevenLabs settings excepted: aiohttp cannot serialise that pydantic model).
Not collected by pytest; the tests run it in the throw-away venv.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

# Installed only in pipecat's throw-away venv, not in the project's.
import aiohttp  # type: ignore[import-not-found]
from loguru import logger  # type: ignore[import-not-found]
from pipecat.services.heygen.api_interactive_avatar import (  # type: ignore[import-not-found]
    AvatarQuality,
    HeyGenApi,
    NewSessionRequest,
    VideoEncoding,
    VoiceEmotion,
    VoiceSettings,
)

FULL = NewSessionRequest(
    quality=AvatarQuality.low,
    avatar_id="Shawn_Therapist_public",
    voice=VoiceSettings(
        voiceId="1bd001e7e50f421d891986aad5158bc8", rate=1.1, emotion=VoiceEmotion.FRIENDLY
    ),
    video_encoding=VideoEncoding.H264,
    knowledge_id="kb_2f0c9d7e",
    knowledge_base="You are a helpful guide.",
    disable_idle_timeout=False,
    activity_idle_timeout=300,
)


async def main(base_url: str, api_key: str, with_token: bool, full: bool) -> dict[str, Any]:
    logger.remove()  # pipecat logs the raw session info (tokens) at DEBUG
    out: dict[str, Any] = {}
    async with aiohttp.ClientSession() as http:
        api = HeyGenApi(api_key, http)
        api.BASE_URL = f"{base_url}/v1"  # read on every request (pc-api:171)
        if with_token:
            out["create_token"] = {"token_length": len(await api.create_token())}
        # pipecat's own default request (pc-client:137-140); every other field goes out as null.
        default = NewSessionRequest(avatar_id="Shawn_Therapist_public", version="v2")
        session = await api.new_session(FULL if full else default)
        out["new_session"] = {
            "session_id": session.session_id,
            "livekit_url": session.livekit_url,
            "ws_url": session.ws_url,
            "access_token_length": len(session.access_token),
            "livekit_agent_token_length": len(session.livekit_agent_token or ""),
        }
        out["close_session"] = {"text": await api.close_session(session.session_id)}
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    flags = args[2:]
    print(json.dumps(asyncio.run(main(args[0], args[1], "--token" in flags, "--full" in flags))))
