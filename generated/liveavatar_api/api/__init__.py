"""Contains methods for accessing the API"""

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal, cast, overload
from uuid import UUID

import httpx

from ..models import (
    AgoraConfig,
    AvatarPersona,
    CreateTokenResponse,
    DemoLlmConfig,
    DynamicVariables,
    ElevenLabsAgentConfig,
    ElevenLabsAgentConfigDynamicVariables,
    ElevenLabsVoiceSettings,
    ElevenLabsVoiceSettingsModel,
    ErrorResponse,
    FishVoiceSettings,
    FishVoiceSettingsLatencyMode,
    FishVoiceSettingsModel,
    FullTokenRequest,
    FullTokenRequestInteractivityType,
    FullTokenRequestVideoEncoding,
    FullTokenRequestVideoQuality,
    GeminiRealtimeConfig,
    GeminiRealtimeConfigModel,
    ListSessionsResponse,
    ListSessionsType,
    LiteTokenRequest,
    LiteTokenRequestVideoEncoding,
    LiteTokenRequestVideoQuality,
    LiveKitConfig,
    Memory,
    OpenAIRealtimeConfig,
    SessionEndReason,
    SessionEntry,
    SessionEntryMode,
    SessionEntrySource,
    SessionPage,
    SessionRequest,
    SessionResponse,
    SessionToken,
    StartSessionData,
    StartSessionRequest,
    StartSessionResponse,
    StopSessionRequest,
    SttConfig,
    SttConfigProvider,
    Success,
    Transcript,
    TranscriptLine,
    TranscriptLineRole,
    TranscriptResponse,
    VideoSettings,
    VideoSettingsEncoding,
    VideoSettingsQuality,
    VoiceAgent,
)
from ..types import UNSET, Unset
from .sessions import create_token as _create_token
from .sessions import get_session as _get_session
from .sessions import get_transcript as _get_transcript
from .sessions import keep_alive as _keep_alive
from .sessions import list_sessions as _list_sessions
from .sessions import start as _start
from .sessions import stop as _stop
from .sessions import stop_legacy as _stop_legacy

TimeoutTypes = float | httpx.Timeout | None


@dataclass(frozen=True, slots=True, eq=False)
class Endpoint:
    """One operation: its route, its generated module and models, and what its method returns."""

    operation_id: str
    method: str
    path: str
    module: ModuleType
    """The generated module: `build_request_kwargs(...)` and `parse_response(...)`."""
    body: type[Any] | None
    """The request body's model (None: no JSON body, or a union body: see `shapes`)."""
    shapes: tuple[type[Any], ...]
    """Every model the JSON body may be: `(body,)`, each model of a union (`oneOf`/`anyOf`) body, or `()`."""
    response: type[Any] | None
    """The 2xx body's model."""
    unwrap: str | None
    """The attribute of the 2xx model that the method returns (`x-unwrap`), None: the whole body."""
    result: type[Any] | None
    """The model class of what the method returns, when it is a model."""
    parameters: Mapping[str, str]
    """Python keyword -> name in the spec, of the query, path and header parameters."""


CREATE_TOKEN = Endpoint(
    operation_id="create_token",
    method="POST",
    path="/v1/sessions/token",
    module=_create_token,
    body=None,
    shapes=(
        FullTokenRequest,
        LiteTokenRequest,
    ),
    response=CreateTokenResponse,
    unwrap="data",
    result=SessionToken,
    parameters={},
)
START = Endpoint(
    operation_id="start",
    method="POST",
    path="/v1/sessions/start",
    module=_start,
    body=StartSessionRequest,
    shapes=(StartSessionRequest,),
    response=StartSessionResponse,
    unwrap="data",
    result=StartSessionData,
    parameters={},
)
KEEP_ALIVE = Endpoint(
    operation_id="keep_alive",
    method="POST",
    path="/v1/sessions/keep-alive",
    module=_keep_alive,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=Success,
    unwrap="data",
    result=None,
    parameters={},
)
STOP = Endpoint(
    operation_id="stop",
    method="POST",
    path="/v1/sessions/stop",
    module=_stop,
    body=StopSessionRequest,
    shapes=(StopSessionRequest,),
    response=Success,
    unwrap="data",
    result=None,
    parameters={},
)
LIST_SESSIONS = Endpoint(
    operation_id="list_sessions",
    method="GET",
    path="/v1/sessions",
    module=_list_sessions,
    body=None,
    shapes=(),
    response=ListSessionsResponse,
    unwrap="data",
    result=SessionPage,
    parameters={
        "type_": "type",
        "page": "page",
        "page_size": "page_size",
        "avatar_id": "avatar_id",
        "embed_id": "embed_id",
        "context_id": "context_id",
    },
)
STOP_LEGACY = Endpoint(
    operation_id="stop_legacy",
    method="DELETE",
    path="/v1/sessions",
    module=_stop_legacy,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=Success,
    unwrap="data",
    result=None,
    parameters={},
)
GET_SESSION = Endpoint(
    operation_id="get_session",
    method="GET",
    path="/v1/sessions/{session_id}",
    module=_get_session,
    body=None,
    shapes=(),
    response=SessionResponse,
    unwrap="data",
    result=SessionEntry,
    parameters={
        "session_id": "session_id",
    },
)
GET_TRANSCRIPT = Endpoint(
    operation_id="get_transcript",
    method="GET",
    path="/v1/sessions/{session_id}/transcript",
    module=_get_transcript,
    body=None,
    shapes=(),
    response=TranscriptResponse,
    unwrap="data",
    result=Transcript,
    parameters={
        "start_timestamp": "start_timestamp",
        "end_timestamp": "end_timestamp",
        "session_id": "session_id",
    },
)

ENDPOINTS: tuple[Endpoint, ...] = (
    CREATE_TOKEN,
    START,
    KEEP_ALIVE,
    STOP,
    LIST_SESSIONS,
    STOP_LEGACY,
    GET_SESSION,
    GET_TRANSCRIPT,
)
"""Every operation of the spec, in spec order."""

SessionModel = SessionToken
"""The model of an opened session (what `create_token` returns)."""


class SessionMethods:
    """The operations of one open session, its `session_id` bound: the handle of `Operations.session`."""

    session_id: str
    """The `session_id` every method of this handle sends."""
    stopped: bool
    """Whether `stop` was called for this session (by the handle or on leaving the block)."""
    session: SessionToken
    """What `create_token` returned."""

    def _bound(
        self, endpoint: Endpoint, fields: dict[str, Any], timeout: TimeoutTypes
    ) -> Any:
        raise NotImplementedError

    def keep_alive(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another 5 minutes. With the session token
        no body is needed (the web SDK and the demo send none); with the API key the body's
        `session_id` names the session. A closed session is answered 409 (code 4009). Safe to
        repeat. LITE clients usually keep alive over the WebSocket (`session.keep_alive`) instead.

        """

        return cast(Any, self._bound(KEEP_ALIVE, {}, timeout))

    def stop(
        self,
        *,
        reason: SessionEndReason | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop a session.

        Closes the session, in whatever state it is, and ends its billing. With the session token
        the token names the session (a body `session_id` must be the same one); with the API key
        the body's `session_id` is required. Stopping a closed session answers success again, so
        the call is safe to repeat.

        """

        return cast(
            Any,
            self._bound(
                STOP,
                {
                    "reason": reason,
                },
                timeout,
            ),
        )

    def stop_legacy(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop the session its token names (legacy route).

        The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
        LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
        `POST /v1/sessions/stop`.

        """

        return cast(Any, self._bound(STOP_LEGACY, {}, timeout))

    def get_session(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> None | SessionEntry:
        """One session, active or historic.

        The session named by the path, as the list shows it (historic entries with `end_at` and
        `end_reason`). With a session token, only the token's own session.

        """

        return cast(None | SessionEntry, self._bound(GET_SESSION, {}, timeout))

    def get_transcript(
        self,
        *,
        start_timestamp: int | None = None,
        end_timestamp: int | None = None,
        timeout: TimeoutTypes = None,
    ) -> Transcript:
        """What was said in a session.

        The session's transcript between two times (both optional), and whether it is still
        active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
        With a session token, only the token's own session.

        """

        return cast(
            Transcript,
            self._bound(
                GET_TRANSCRIPT,
                {
                    "start_timestamp": start_timestamp,
                    "end_timestamp": end_timestamp,
                },
                timeout,
            ),
        )


class AsyncSessionMethods:
    """The operations of one open session, its `session_id` bound: the handle of `AsyncOperations.session`."""

    session_id: str
    """The `session_id` every method of this handle sends."""
    stopped: bool
    """Whether `stop` was called for this session (by the handle or on leaving the block)."""
    session: SessionToken
    """What `create_token` returned."""

    async def _bound(
        self, endpoint: Endpoint, fields: dict[str, Any], timeout: TimeoutTypes
    ) -> Any:
        raise NotImplementedError

    async def keep_alive(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another 5 minutes. With the session token
        no body is needed (the web SDK and the demo send none); with the API key the body's
        `session_id` names the session. A closed session is answered 409 (code 4009). Safe to
        repeat. LITE clients usually keep alive over the WebSocket (`session.keep_alive`) instead.

        """

        return cast(Any, await self._bound(KEEP_ALIVE, {}, timeout))

    async def stop(
        self,
        *,
        reason: SessionEndReason | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop a session.

        Closes the session, in whatever state it is, and ends its billing. With the session token
        the token names the session (a body `session_id` must be the same one); with the API key
        the body's `session_id` is required. Stopping a closed session answers success again, so
        the call is safe to repeat.

        """

        return cast(
            Any,
            await self._bound(
                STOP,
                {
                    "reason": reason,
                },
                timeout,
            ),
        )

    async def stop_legacy(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop the session its token names (legacy route).

        The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
        LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
        `POST /v1/sessions/stop`.

        """

        return cast(Any, await self._bound(STOP_LEGACY, {}, timeout))

    async def get_session(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> None | SessionEntry:
        """One session, active or historic.

        The session named by the path, as the list shows it (historic entries with `end_at` and
        `end_reason`). With a session token, only the token's own session.

        """

        return cast(None | SessionEntry, await self._bound(GET_SESSION, {}, timeout))

    async def get_transcript(
        self,
        *,
        start_timestamp: int | None = None,
        end_timestamp: int | None = None,
        timeout: TimeoutTypes = None,
    ) -> Transcript:
        """What was said in a session.

        The session's transcript between two times (both optional), and whether it is still
        active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
        With a session token, only the token's own session.

        """

        return cast(
            Transcript,
            await self._bound(
                GET_TRANSCRIPT,
                {
                    "start_timestamp": start_timestamp,
                    "end_timestamp": end_timestamp,
                },
                timeout,
            ),
        )


class Operations:
    """Every operation of the spec as a typed method; the client layer implements `_call`."""

    def _call(
        self,
        endpoint: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: TimeoutTypes,
    ) -> Any:
        raise NotImplementedError

    def _session(
        self,
        creates: Endpoint,
        start: Endpoint | None,
        closes: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: TimeoutTypes,
    ) -> AbstractContextManager[SessionMethods]:
        raise NotImplementedError

    @overload
    def create_token(
        self,
        request: FullTokenRequest | LiteTokenRequest,
        /,
        *,
        timeout: TimeoutTypes = None,
    ) -> SessionToken: ...

    @overload
    def create_token(
        self,
        *,
        mode: Literal["FULL", "CUSTOM", "LITE"] | None = None,
        avatar_id: UUID | str,
        is_sandbox: bool | None = None,
        video_settings: None | VideoSettings | dict[str, Any] = None,
        max_session_duration: int | None = None,
        avatar_persona: AvatarPersona | dict[str, Any] | None = None,
        voice_agent: VoiceAgent | dict[str, Any] | None = None,
        interactivity_type: FullTokenRequestInteractivityType | None = None,
        llm_configuration_id: UUID | str | None = None,
        dynamic_variables: DynamicVariables | dict[str, Any] | None = None,
        memory: Memory | None | dict[str, Any] = None,
        demo_llm_config: DemoLlmConfig | dict[str, Any] | None = None,
        video_quality: FullTokenRequestVideoQuality
        | LiteTokenRequestVideoQuality
        | None = None,
        video_encoding: FullTokenRequestVideoEncoding
        | LiteTokenRequestVideoEncoding
        | None = None,
        livekit_config: LiveKitConfig | None | dict[str, Any] = None,
        agora_config: AgoraConfig | None | dict[str, Any] = None,
        elevenlabs_agent_config: ElevenLabsAgentConfig | None | dict[str, Any] = None,
        openai_realtime_config: None | OpenAIRealtimeConfig | dict[str, Any] = None,
        gemini_realtime_config: GeminiRealtimeConfig | None | dict[str, Any] = None,
        timeout: TimeoutTypes = None,
    ) -> SessionToken: ...

    def create_token(
        self,
        request: FullTokenRequest | LiteTokenRequest | None = None,
        /,
        *,
        mode: Literal["FULL", "CUSTOM", "LITE"] | None = None,
        avatar_id: UUID | str | None = None,
        is_sandbox: bool | None = None,
        video_settings: None | VideoSettings | dict[str, Any] = None,
        max_session_duration: int | None = None,
        avatar_persona: AvatarPersona | dict[str, Any] | None = None,
        voice_agent: VoiceAgent | dict[str, Any] | None = None,
        interactivity_type: FullTokenRequestInteractivityType | None = None,
        llm_configuration_id: UUID | str | None = None,
        dynamic_variables: DynamicVariables | dict[str, Any] | None = None,
        memory: Memory | None | dict[str, Any] = None,
        demo_llm_config: DemoLlmConfig | dict[str, Any] | None = None,
        video_quality: FullTokenRequestVideoQuality
        | LiteTokenRequestVideoQuality
        | None = None,
        video_encoding: FullTokenRequestVideoEncoding
        | LiteTokenRequestVideoEncoding
        | None = None,
        livekit_config: LiveKitConfig | None | dict[str, Any] = None,
        agora_config: AgoraConfig | None | dict[str, Any] = None,
        elevenlabs_agent_config: ElevenLabsAgentConfig | None | dict[str, Any] = None,
        openai_realtime_config: None | OpenAIRealtimeConfig | dict[str, Any] = None,
        gemini_realtime_config: GeminiRealtimeConfig | None | dict[str, Any] = None,
        timeout: TimeoutTypes = None,
    ) -> SessionToken:
        """Create a session and its session token.

        Creates a session, in state `created`, with the given configuration (fixed once created,
        D-ref-token-old), and mints the session token that names it (`Authorization: Bearer` on
        `/start`, keep-alive, stop). The body is FULL mode (LiveAvatar runs ASR, LLM and TTS) or
        LITE mode (you bring them), told apart by `mode`, which is required. Only an API key can
        mint a token. Creating a session is not billed and not limited; `/start` is.

        """

        return cast(
            SessionToken,
            self._call(
                CREATE_TOKEN,
                request,
                {
                    "mode": mode,
                    "avatar_id": avatar_id,
                    "is_sandbox": is_sandbox,
                    "video_settings": video_settings,
                    "max_session_duration": max_session_duration,
                    "avatar_persona": avatar_persona,
                    "voice_agent": voice_agent,
                    "interactivity_type": interactivity_type,
                    "llm_configuration_id": llm_configuration_id,
                    "dynamic_variables": dynamic_variables,
                    "memory": memory,
                    "demo_llm_config": demo_llm_config,
                    "video_quality": video_quality,
                    "video_encoding": video_encoding,
                    "livekit_config": livekit_config,
                    "agora_config": agora_config,
                    "elevenlabs_agent_config": elevenlabs_agent_config,
                    "openai_realtime_config": openai_realtime_config,
                    "gemini_realtime_config": gemini_realtime_config,
                },
                timeout,
            ),
        )

    @overload
    def start(
        self, request: StartSessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> StartSessionData: ...

    @overload
    def start(
        self,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StartSessionData: ...

    def start(
        self,
        request: StartSessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StartSessionData:
        """Start the session its token names.

        Spins up the avatar and answers the room's credentials and the LITE WebSocket. The session
        is the one the Bearer session token was minted with: the call takes no identifier (a body
        `session_id` is accepted, and must name the token's session). Only a `created` session
        starts (409, code 4009, otherwise); past the account's concurrent-session limit the call is
        answered 429 (code 4029). Starting resets the idle timer.

        The body is optional and may be absent with or without a `Content-Type` (pipecat sends
        neither, the web SDK a JSON content type and no body). An `X-API-KEY` sent as well (the
        starter sends it on every call) is ignored: this call is authenticated by the token.

        """

        return cast(
            StartSessionData,
            self._call(
                START,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    def keep_alive(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> Any: ...

    @overload
    def keep_alive(
        self,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any: ...

    def keep_alive(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another 5 minutes. With the session token
        no body is needed (the web SDK and the demo send none); with the API key the body's
        `session_id` names the session. A closed session is answered 409 (code 4009). Safe to
        repeat. LITE clients usually keep alive over the WebSocket (`session.keep_alive`) instead.

        """

        return cast(
            Any,
            self._call(
                KEEP_ALIVE,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    def stop(
        self, request: StopSessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> Any: ...

    @overload
    def stop(
        self,
        *,
        session_id: UUID | str | None = None,
        reason: SessionEndReason | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any: ...

    def stop(
        self,
        request: StopSessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        reason: SessionEndReason | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop a session.

        Closes the session, in whatever state it is, and ends its billing. With the session token
        the token names the session (a body `session_id` must be the same one); with the API key
        the body's `session_id` is required. Stopping a closed session answers success again, so
        the call is safe to repeat.

        """

        return cast(
            Any,
            self._call(
                STOP,
                request,
                {
                    "session_id": session_id,
                    "reason": reason,
                },
                timeout,
            ),
        )

    def list_sessions(
        self,
        *,
        type_: ListSessionsType,
        page: int | None = None,
        page_size: int | None = None,
        avatar_id: str | None = None,
        embed_id: str | None = None,
        context_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> SessionPage:
        """Page through the account's sessions, active or historic.

        The sessions of the key's account, newest first, a page at a time: `type=active` gives the
        sessions not yet closed, `type=historic` the closed ones (with `end_at` and `end_reason`).
        Entries carry no state field.

        """

        return cast(
            SessionPage,
            self._call(
                LIST_SESSIONS,
                None,
                {
                    "type_": type_,
                    "page": page,
                    "page_size": page_size,
                    "avatar_id": avatar_id,
                    "embed_id": embed_id,
                    "context_id": context_id,
                },
                timeout,
            ),
        )

    @overload
    def stop_legacy(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> Any: ...

    @overload
    def stop_legacy(
        self,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any: ...

    def stop_legacy(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop the session its token names (legacy route).

        The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
        LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
        `POST /v1/sessions/stop`.

        """

        return cast(
            Any,
            self._call(
                STOP_LEGACY,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    def get_session(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> None | SessionEntry:
        """One session, active or historic.

        The session named by the path, as the list shows it (historic entries with `end_at` and
        `end_reason`). With a session token, only the token's own session.

        """

        return cast(
            None | SessionEntry,
            self._call(
                GET_SESSION,
                None,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    def get_transcript(
        self,
        *,
        start_timestamp: int | None = None,
        end_timestamp: int | None = None,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> Transcript:
        """What was said in a session.

        The session's transcript between two times (both optional), and whether it is still
        active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
        With a session token, only the token's own session.

        """

        return cast(
            Transcript,
            self._call(
                GET_TRANSCRIPT,
                None,
                {
                    "start_timestamp": start_timestamp,
                    "end_timestamp": end_timestamp,
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    def session(
        self,
        request: FullTokenRequest | LiteTokenRequest | None = None,
        /,
        *,
        mode: Literal["FULL", "CUSTOM", "LITE"] | None = None,
        avatar_id: UUID | str | None = None,
        is_sandbox: bool | None = None,
        video_settings: None | VideoSettings | dict[str, Any] = None,
        max_session_duration: int | None = None,
        avatar_persona: AvatarPersona | dict[str, Any] | None = None,
        voice_agent: VoiceAgent | dict[str, Any] | None = None,
        interactivity_type: FullTokenRequestInteractivityType | None = None,
        llm_configuration_id: UUID | str | None = None,
        dynamic_variables: DynamicVariables | dict[str, Any] | None = None,
        memory: Memory | None | dict[str, Any] = None,
        demo_llm_config: DemoLlmConfig | dict[str, Any] | None = None,
        video_quality: FullTokenRequestVideoQuality
        | LiteTokenRequestVideoQuality
        | None = None,
        video_encoding: FullTokenRequestVideoEncoding
        | LiteTokenRequestVideoEncoding
        | None = None,
        livekit_config: LiveKitConfig | None | dict[str, Any] = None,
        agora_config: AgoraConfig | None | dict[str, Any] = None,
        elevenlabs_agent_config: ElevenLabsAgentConfig | None | dict[str, Any] = None,
        openai_realtime_config: None | OpenAIRealtimeConfig | dict[str, Any] = None,
        gemini_realtime_config: GeminiRealtimeConfig | None | dict[str, Any] = None,
        timeout: TimeoutTypes = None,
    ) -> AbstractContextManager[SessionMethods]:
        """Open a session, start it, and stop it on leaving the block, whatever happens inside.

        `with client.session(**fields) as s:` calls `create_token` with these fields, then `start`, and
        yields the session's handle, whose methods send its `session_id`. On leaving the block,
        `stop` is always called: also after an exception, a KeyboardInterrupt or a failed start.
        """
        return self._session(
            CREATE_TOKEN,
            START,
            STOP,
            request,
            {
                "mode": mode,
                "avatar_id": avatar_id,
                "is_sandbox": is_sandbox,
                "video_settings": video_settings,
                "max_session_duration": max_session_duration,
                "avatar_persona": avatar_persona,
                "voice_agent": voice_agent,
                "interactivity_type": interactivity_type,
                "llm_configuration_id": llm_configuration_id,
                "dynamic_variables": dynamic_variables,
                "memory": memory,
                "demo_llm_config": demo_llm_config,
                "video_quality": video_quality,
                "video_encoding": video_encoding,
                "livekit_config": livekit_config,
                "agora_config": agora_config,
                "elevenlabs_agent_config": elevenlabs_agent_config,
                "openai_realtime_config": openai_realtime_config,
                "gemini_realtime_config": gemini_realtime_config,
            },
            timeout,
        )


class AsyncOperations:
    """Every operation of the spec as a typed coroutine method; the client layer implements `_call`."""

    async def _call(
        self,
        endpoint: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: TimeoutTypes,
    ) -> Any:
        raise NotImplementedError

    def _session(
        self,
        creates: Endpoint,
        start: Endpoint | None,
        closes: Endpoint,
        request: Any,
        fields: dict[str, Any],
        timeout: TimeoutTypes,
    ) -> AbstractAsyncContextManager[AsyncSessionMethods]:
        raise NotImplementedError

    @overload
    async def create_token(
        self,
        request: FullTokenRequest | LiteTokenRequest,
        /,
        *,
        timeout: TimeoutTypes = None,
    ) -> SessionToken: ...

    @overload
    async def create_token(
        self,
        *,
        mode: Literal["FULL", "CUSTOM", "LITE"] | None = None,
        avatar_id: UUID | str,
        is_sandbox: bool | None = None,
        video_settings: None | VideoSettings | dict[str, Any] = None,
        max_session_duration: int | None = None,
        avatar_persona: AvatarPersona | dict[str, Any] | None = None,
        voice_agent: VoiceAgent | dict[str, Any] | None = None,
        interactivity_type: FullTokenRequestInteractivityType | None = None,
        llm_configuration_id: UUID | str | None = None,
        dynamic_variables: DynamicVariables | dict[str, Any] | None = None,
        memory: Memory | None | dict[str, Any] = None,
        demo_llm_config: DemoLlmConfig | dict[str, Any] | None = None,
        video_quality: FullTokenRequestVideoQuality
        | LiteTokenRequestVideoQuality
        | None = None,
        video_encoding: FullTokenRequestVideoEncoding
        | LiteTokenRequestVideoEncoding
        | None = None,
        livekit_config: LiveKitConfig | None | dict[str, Any] = None,
        agora_config: AgoraConfig | None | dict[str, Any] = None,
        elevenlabs_agent_config: ElevenLabsAgentConfig | None | dict[str, Any] = None,
        openai_realtime_config: None | OpenAIRealtimeConfig | dict[str, Any] = None,
        gemini_realtime_config: GeminiRealtimeConfig | None | dict[str, Any] = None,
        timeout: TimeoutTypes = None,
    ) -> SessionToken: ...

    async def create_token(
        self,
        request: FullTokenRequest | LiteTokenRequest | None = None,
        /,
        *,
        mode: Literal["FULL", "CUSTOM", "LITE"] | None = None,
        avatar_id: UUID | str | None = None,
        is_sandbox: bool | None = None,
        video_settings: None | VideoSettings | dict[str, Any] = None,
        max_session_duration: int | None = None,
        avatar_persona: AvatarPersona | dict[str, Any] | None = None,
        voice_agent: VoiceAgent | dict[str, Any] | None = None,
        interactivity_type: FullTokenRequestInteractivityType | None = None,
        llm_configuration_id: UUID | str | None = None,
        dynamic_variables: DynamicVariables | dict[str, Any] | None = None,
        memory: Memory | None | dict[str, Any] = None,
        demo_llm_config: DemoLlmConfig | dict[str, Any] | None = None,
        video_quality: FullTokenRequestVideoQuality
        | LiteTokenRequestVideoQuality
        | None = None,
        video_encoding: FullTokenRequestVideoEncoding
        | LiteTokenRequestVideoEncoding
        | None = None,
        livekit_config: LiveKitConfig | None | dict[str, Any] = None,
        agora_config: AgoraConfig | None | dict[str, Any] = None,
        elevenlabs_agent_config: ElevenLabsAgentConfig | None | dict[str, Any] = None,
        openai_realtime_config: None | OpenAIRealtimeConfig | dict[str, Any] = None,
        gemini_realtime_config: GeminiRealtimeConfig | None | dict[str, Any] = None,
        timeout: TimeoutTypes = None,
    ) -> SessionToken:
        """Create a session and its session token.

        Creates a session, in state `created`, with the given configuration (fixed once created,
        D-ref-token-old), and mints the session token that names it (`Authorization: Bearer` on
        `/start`, keep-alive, stop). The body is FULL mode (LiveAvatar runs ASR, LLM and TTS) or
        LITE mode (you bring them), told apart by `mode`, which is required. Only an API key can
        mint a token. Creating a session is not billed and not limited; `/start` is.

        """

        return cast(
            SessionToken,
            await self._call(
                CREATE_TOKEN,
                request,
                {
                    "mode": mode,
                    "avatar_id": avatar_id,
                    "is_sandbox": is_sandbox,
                    "video_settings": video_settings,
                    "max_session_duration": max_session_duration,
                    "avatar_persona": avatar_persona,
                    "voice_agent": voice_agent,
                    "interactivity_type": interactivity_type,
                    "llm_configuration_id": llm_configuration_id,
                    "dynamic_variables": dynamic_variables,
                    "memory": memory,
                    "demo_llm_config": demo_llm_config,
                    "video_quality": video_quality,
                    "video_encoding": video_encoding,
                    "livekit_config": livekit_config,
                    "agora_config": agora_config,
                    "elevenlabs_agent_config": elevenlabs_agent_config,
                    "openai_realtime_config": openai_realtime_config,
                    "gemini_realtime_config": gemini_realtime_config,
                },
                timeout,
            ),
        )

    @overload
    async def start(
        self, request: StartSessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> StartSessionData: ...

    @overload
    async def start(
        self,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StartSessionData: ...

    async def start(
        self,
        request: StartSessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StartSessionData:
        """Start the session its token names.

        Spins up the avatar and answers the room's credentials and the LITE WebSocket. The session
        is the one the Bearer session token was minted with: the call takes no identifier (a body
        `session_id` is accepted, and must name the token's session). Only a `created` session
        starts (409, code 4009, otherwise); past the account's concurrent-session limit the call is
        answered 429 (code 4029). Starting resets the idle timer.

        The body is optional and may be absent with or without a `Content-Type` (pipecat sends
        neither, the web SDK a JSON content type and no body). An `X-API-KEY` sent as well (the
        starter sends it on every call) is ignored: this call is authenticated by the token.

        """

        return cast(
            StartSessionData,
            await self._call(
                START,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    async def keep_alive(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> Any: ...

    @overload
    async def keep_alive(
        self,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any: ...

    async def keep_alive(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another 5 minutes. With the session token
        no body is needed (the web SDK and the demo send none); with the API key the body's
        `session_id` names the session. A closed session is answered 409 (code 4009). Safe to
        repeat. LITE clients usually keep alive over the WebSocket (`session.keep_alive`) instead.

        """

        return cast(
            Any,
            await self._call(
                KEEP_ALIVE,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    async def stop(
        self, request: StopSessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> Any: ...

    @overload
    async def stop(
        self,
        *,
        session_id: UUID | str | None = None,
        reason: SessionEndReason | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any: ...

    async def stop(
        self,
        request: StopSessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        reason: SessionEndReason | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop a session.

        Closes the session, in whatever state it is, and ends its billing. With the session token
        the token names the session (a body `session_id` must be the same one); with the API key
        the body's `session_id` is required. Stopping a closed session answers success again, so
        the call is safe to repeat.

        """

        return cast(
            Any,
            await self._call(
                STOP,
                request,
                {
                    "session_id": session_id,
                    "reason": reason,
                },
                timeout,
            ),
        )

    async def list_sessions(
        self,
        *,
        type_: ListSessionsType,
        page: int | None = None,
        page_size: int | None = None,
        avatar_id: str | None = None,
        embed_id: str | None = None,
        context_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> SessionPage:
        """Page through the account's sessions, active or historic.

        The sessions of the key's account, newest first, a page at a time: `type=active` gives the
        sessions not yet closed, `type=historic` the closed ones (with `end_at` and `end_reason`).
        Entries carry no state field.

        """

        return cast(
            SessionPage,
            await self._call(
                LIST_SESSIONS,
                None,
                {
                    "type_": type_,
                    "page": page,
                    "page_size": page_size,
                    "avatar_id": avatar_id,
                    "embed_id": embed_id,
                    "context_id": context_id,
                },
                timeout,
            ),
        )

    @overload
    async def stop_legacy(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> Any: ...

    @overload
    async def stop_legacy(
        self,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any: ...

    async def stop_legacy(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: UUID | str | None = None,
        timeout: TimeoutTypes = None,
    ) -> Any:
        """Stop the session its token names (legacy route).

        The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
        LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
        `POST /v1/sessions/stop`.

        """

        return cast(
            Any,
            await self._call(
                STOP_LEGACY,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    async def get_session(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> None | SessionEntry:
        """One session, active or historic.

        The session named by the path, as the list shows it (historic entries with `end_at` and
        `end_reason`). With a session token, only the token's own session.

        """

        return cast(
            None | SessionEntry,
            await self._call(
                GET_SESSION,
                None,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    async def get_transcript(
        self,
        *,
        start_timestamp: int | None = None,
        end_timestamp: int | None = None,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> Transcript:
        """What was said in a session.

        The session's transcript between two times (both optional), and whether it is still
        active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
        With a session token, only the token's own session.

        """

        return cast(
            Transcript,
            await self._call(
                GET_TRANSCRIPT,
                None,
                {
                    "start_timestamp": start_timestamp,
                    "end_timestamp": end_timestamp,
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    def session(
        self,
        request: FullTokenRequest | LiteTokenRequest | None = None,
        /,
        *,
        mode: Literal["FULL", "CUSTOM", "LITE"] | None = None,
        avatar_id: UUID | str | None = None,
        is_sandbox: bool | None = None,
        video_settings: None | VideoSettings | dict[str, Any] = None,
        max_session_duration: int | None = None,
        avatar_persona: AvatarPersona | dict[str, Any] | None = None,
        voice_agent: VoiceAgent | dict[str, Any] | None = None,
        interactivity_type: FullTokenRequestInteractivityType | None = None,
        llm_configuration_id: UUID | str | None = None,
        dynamic_variables: DynamicVariables | dict[str, Any] | None = None,
        memory: Memory | None | dict[str, Any] = None,
        demo_llm_config: DemoLlmConfig | dict[str, Any] | None = None,
        video_quality: FullTokenRequestVideoQuality
        | LiteTokenRequestVideoQuality
        | None = None,
        video_encoding: FullTokenRequestVideoEncoding
        | LiteTokenRequestVideoEncoding
        | None = None,
        livekit_config: LiveKitConfig | None | dict[str, Any] = None,
        agora_config: AgoraConfig | None | dict[str, Any] = None,
        elevenlabs_agent_config: ElevenLabsAgentConfig | None | dict[str, Any] = None,
        openai_realtime_config: None | OpenAIRealtimeConfig | dict[str, Any] = None,
        gemini_realtime_config: GeminiRealtimeConfig | None | dict[str, Any] = None,
        timeout: TimeoutTypes = None,
    ) -> AbstractAsyncContextManager[AsyncSessionMethods]:
        """Open a session, start it, and stop it on leaving the block, whatever happens inside.

        `async with client.session(**fields) as s:` calls `create_token` with these fields, then `start`, and
        yields the session's handle, whose methods send its `session_id`. On leaving the block,
        `stop` is always called: also after an exception, a KeyboardInterrupt or a failed start.
        """
        return self._session(
            CREATE_TOKEN,
            START,
            STOP,
            request,
            {
                "mode": mode,
                "avatar_id": avatar_id,
                "is_sandbox": is_sandbox,
                "video_settings": video_settings,
                "max_session_duration": max_session_duration,
                "avatar_persona": avatar_persona,
                "voice_agent": voice_agent,
                "interactivity_type": interactivity_type,
                "llm_configuration_id": llm_configuration_id,
                "dynamic_variables": dynamic_variables,
                "memory": memory,
                "demo_llm_config": demo_llm_config,
                "video_quality": video_quality,
                "video_encoding": video_encoding,
                "livekit_config": livekit_config,
                "agora_config": agora_config,
                "elevenlabs_agent_config": elevenlabs_agent_config,
                "openai_realtime_config": openai_realtime_config,
                "gemini_realtime_config": gemini_realtime_config,
            },
            timeout,
        )
