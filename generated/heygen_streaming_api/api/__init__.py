"""Contains methods for accessing the API"""

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass
from types import ModuleType
from typing import Any, cast, overload

import httpx

from ..models import (
    ActiveSession,
    AvatarQuality,
    CodeMessageResponse,
    CreateTokenRequest,
    CreateTokenResponse,
    ElevenlabsSettings,
    ErrorResponse,
    IceServer,
    ListSessionsResponse,
    ListSessionsV2Response,
    LiveKitSettings,
    NewSessionRequest,
    NewSessionRequestVersion,
    NewSessionResponse,
    SessionData,
    SessionDescription,
    SessionHistoryItem,
    SessionRequest,
    SessionToken,
    StatusResponse,
    SttProvider,
    STTSettings,
    TaskData,
    TaskMode,
    TaskRequest,
    TaskResponse,
    TaskType,
    VideoEncoding,
    VoiceEmotion,
    VoiceEmotionLowercase,
    VoiceSetting,
)
from ..types import UNSET, Unset
from .streaming import create_token as _create_token
from .streaming import interrupt as _interrupt
from .streaming import keep_alive as _keep_alive
from .streaming import list_sessions as _list_sessions
from .streaming import list_sessions_v2 as _list_sessions_v2
from .streaming import new_session as _new_session
from .streaming import start as _start
from .streaming import start_listening as _start_listening
from .streaming import stop as _stop
from .streaming import stop_listening as _stop_listening
from .streaming import task as _task

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
    path="/v1/streaming.create_token",
    module=_create_token,
    body=CreateTokenRequest,
    shapes=(CreateTokenRequest,),
    response=CreateTokenResponse,
    unwrap="data",
    result=SessionToken,
    parameters={},
)
NEW_SESSION = Endpoint(
    operation_id="new_session",
    method="POST",
    path="/v1/streaming.new",
    module=_new_session,
    body=NewSessionRequest,
    shapes=(NewSessionRequest,),
    response=NewSessionResponse,
    unwrap="data",
    result=SessionData,
    parameters={},
)
START = Endpoint(
    operation_id="start",
    method="POST",
    path="/v1/streaming.start",
    module=_start,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=StatusResponse,
    unwrap=None,
    result=StatusResponse,
    parameters={},
)
TASK = Endpoint(
    operation_id="task",
    method="POST",
    path="/v1/streaming.task",
    module=_task,
    body=TaskRequest,
    shapes=(TaskRequest,),
    response=TaskResponse,
    unwrap="data",
    result=TaskData,
    parameters={},
)
INTERRUPT = Endpoint(
    operation_id="interrupt",
    method="POST",
    path="/v1/streaming.interrupt",
    module=_interrupt,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=CodeMessageResponse,
    unwrap=None,
    result=CodeMessageResponse,
    parameters={},
)
KEEP_ALIVE = Endpoint(
    operation_id="keep_alive",
    method="POST",
    path="/v1/streaming.keep_alive",
    module=_keep_alive,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=CodeMessageResponse,
    unwrap=None,
    result=CodeMessageResponse,
    parameters={},
)
START_LISTENING = Endpoint(
    operation_id="start_listening",
    method="POST",
    path="/v1/streaming.start_listening",
    module=_start_listening,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=CodeMessageResponse,
    unwrap=None,
    result=CodeMessageResponse,
    parameters={},
)
STOP_LISTENING = Endpoint(
    operation_id="stop_listening",
    method="POST",
    path="/v1/streaming.stop_listening",
    module=_stop_listening,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=CodeMessageResponse,
    unwrap=None,
    result=CodeMessageResponse,
    parameters={},
)
STOP = Endpoint(
    operation_id="stop",
    method="POST",
    path="/v1/streaming.stop",
    module=_stop,
    body=SessionRequest,
    shapes=(SessionRequest,),
    response=StatusResponse,
    unwrap=None,
    result=StatusResponse,
    parameters={},
)
LIST_SESSIONS = Endpoint(
    operation_id="list_sessions",
    method="GET",
    path="/v1/streaming.list",
    module=_list_sessions,
    body=None,
    shapes=(),
    response=ListSessionsResponse,
    unwrap=None,
    result=ListSessionsResponse,
    parameters={},
)
LIST_SESSIONS_V2 = Endpoint(
    operation_id="list_sessions_v2",
    method="GET",
    path="/v2/streaming.list",
    module=_list_sessions_v2,
    body=None,
    shapes=(),
    response=ListSessionsV2Response,
    unwrap=None,
    result=ListSessionsV2Response,
    parameters={
        "page": "page",
        "page_size": "page_size",
        "pagination_token": "pagination_token",
    },
)

ENDPOINTS: tuple[Endpoint, ...] = (
    CREATE_TOKEN,
    NEW_SESSION,
    START,
    TASK,
    INTERRUPT,
    KEEP_ALIVE,
    START_LISTENING,
    STOP_LISTENING,
    STOP,
    LIST_SESSIONS,
    LIST_SESSIONS_V2,
)
"""Every operation of the spec, in spec order."""

SessionModel = SessionData
"""The model of an opened session (what `new_session` returns)."""


class SessionMethods:
    """The operations of one open session, its `session_id` bound: the handle of `Operations.session`."""

    session_id: str
    """The `session_id` every method of this handle sends."""
    stopped: bool
    """Whether `stop` was called for this session (by the handle or on leaving the block)."""
    session: SessionData
    """What `new_session` returned."""

    def _bound(
        self, endpoint: Endpoint, fields: dict[str, Any], timeout: TimeoutTypes
    ) -> Any:
        raise NotImplementedError

    def task(
        self,
        text: str,
        *,
        task_mode: TaskMode | None = None,
        task_type: TaskType | None = None,
        timeout: TimeoutTypes = None,
    ) -> TaskData:
        """Make the avatar speak a text.

        Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
        (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
        talks. Only a `connected` session takes tasks; any other state is answered 400 (code
        400006, F-400006). A task counts as activity: it resets the idle timer.

        Not idempotent: a repeated task is spoken twice.

        """

        return cast(
            TaskData,
            self._bound(
                TASK,
                {
                    "text": text,
                    "task_mode": task_mode,
                    "task_type": task_type,
                },
                timeout,
            ),
        )

    def interrupt(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Interrupt what the avatar is saying.

        Stops the avatar's current speech and returns it to idle (D-intr-cl; the realtime
        equivalent `agent.interrupt`, D-rt). Only a `connected` session can be interrupted; a
        silent one answers success too, so the call is safe to repeat.

        """

        return cast(CodeMessageResponse, self._bound(INTERRUPT, {}, timeout))

    def keep_alive(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another `activity_idle_timeout` seconds
        (D-keep, D-bp, README:69-71). Only a `connected` session can be kept alive. Safe to repeat.

        """

        return cast(CodeMessageResponse, self._bound(KEEP_ALIVE, {}, timeout))

    def start_listening(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Put the avatar in its listening state.

        Switches the avatar into its listening animation, e.g. in text mode while the user types
        (README:76-78). Refused with 400 (code 400006) while the avatar talks: the realtime
        equivalent is valid only while the agent is silent (D-rt). Safe to repeat.

        """

        return cast(CodeMessageResponse, self._bound(START_LISTENING, {}, timeout))

    def stop_listening(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Take the avatar out of its listening state.

        Switches the avatar out of its listening animation (README:76-78). Only a `connected`
        session takes it. Safe to repeat.

        """

        return cast(CodeMessageResponse, self._bound(STOP_LISTENING, {}, timeout))

    def stop(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse:
        """Close a session.

        Closes the session, in whatever state it is, and ends its billing. Stopping a session that
        is already closed answers success again, so the call is safe to repeat (and the client
        retries it). Every other call on a closed session is answered 400 (code 400006).

        """

        return cast(StatusResponse, self._bound(STOP, {}, timeout))


class AsyncSessionMethods:
    """The operations of one open session, its `session_id` bound: the handle of `AsyncOperations.session`."""

    session_id: str
    """The `session_id` every method of this handle sends."""
    stopped: bool
    """Whether `stop` was called for this session (by the handle or on leaving the block)."""
    session: SessionData
    """What `new_session` returned."""

    async def _bound(
        self, endpoint: Endpoint, fields: dict[str, Any], timeout: TimeoutTypes
    ) -> Any:
        raise NotImplementedError

    async def task(
        self,
        text: str,
        *,
        task_mode: TaskMode | None = None,
        task_type: TaskType | None = None,
        timeout: TimeoutTypes = None,
    ) -> TaskData:
        """Make the avatar speak a text.

        Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
        (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
        talks. Only a `connected` session takes tasks; any other state is answered 400 (code
        400006, F-400006). A task counts as activity: it resets the idle timer.

        Not idempotent: a repeated task is spoken twice.

        """

        return cast(
            TaskData,
            await self._bound(
                TASK,
                {
                    "text": text,
                    "task_mode": task_mode,
                    "task_type": task_type,
                },
                timeout,
            ),
        )

    async def interrupt(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Interrupt what the avatar is saying.

        Stops the avatar's current speech and returns it to idle (D-intr-cl; the realtime
        equivalent `agent.interrupt`, D-rt). Only a `connected` session can be interrupted; a
        silent one answers success too, so the call is safe to repeat.

        """

        return cast(CodeMessageResponse, await self._bound(INTERRUPT, {}, timeout))

    async def keep_alive(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another `activity_idle_timeout` seconds
        (D-keep, D-bp, README:69-71). Only a `connected` session can be kept alive. Safe to repeat.

        """

        return cast(CodeMessageResponse, await self._bound(KEEP_ALIVE, {}, timeout))

    async def start_listening(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Put the avatar in its listening state.

        Switches the avatar into its listening animation, e.g. in text mode while the user types
        (README:76-78). Refused with 400 (code 400006) while the avatar talks: the realtime
        equivalent is valid only while the agent is silent (D-rt). Safe to repeat.

        """

        return cast(
            CodeMessageResponse, await self._bound(START_LISTENING, {}, timeout)
        )

    async def stop_listening(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Take the avatar out of its listening state.

        Switches the avatar out of its listening animation (README:76-78). Only a `connected`
        session takes it. Safe to repeat.

        """

        return cast(CodeMessageResponse, await self._bound(STOP_LISTENING, {}, timeout))

    async def stop(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse:
        """Close a session.

        Closes the session, in whatever state it is, and ends its billing. Stopping a session that
        is already closed answers success again, so the call is safe to repeat (and the client
        retries it). Every other call on a closed session is answered 400 (code 400006).

        """

        return cast(StatusResponse, await self._bound(STOP, {}, timeout))


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
        self, request: CreateTokenRequest, /, *, timeout: TimeoutTypes = None
    ) -> SessionToken: ...

    @overload
    def create_token(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> SessionToken: ...

    def create_token(
        self,
        request: CreateTokenRequest | None = None,
        /,
        *,
        timeout: TimeoutTypes = None,
    ) -> SessionToken:
        """Create a session token for one streaming session.

        Returns a session token, to be sent as `Authorization: Bearer <token>` by a front end (e.g.
        HeyGen's JS SDK) in place of the account's API key. A token opens one session and then
        serves that session's calls (see `x-session-lifecycle`). This call takes the account key
        only; a session token cannot mint another.

        """

        return cast(SessionToken, self._call(CREATE_TOKEN, request, {}, timeout))

    @overload
    def new_session(
        self, request: NewSessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> SessionData: ...

    @overload
    def new_session(
        self,
        *,
        quality: AvatarQuality | None = None,
        avatar_id: None | str = None,
        avatar_name: str | None = None,
        voice: VoiceSetting | dict[str, Any] | None = None,
        stt_settings: STTSettings | dict[str, Any] | None = None,
        video_encoding: None | VideoEncoding = None,
        knowledge_base: None | str = None,
        version: NewSessionRequestVersion | None = None,
        knowledge_base_id: str | None = None,
        knowledge_id: None | str = None,
        disable_idle_timeout: bool | None = None,
        activity_idle_timeout: int | None = None,
        livekit_settings: LiveKitSettings | dict[str, Any] | None = None,
        language: str | None = None,
        source: str | None = None,
        ia_is_livekit_transport: bool | None = None,
        silence_response: bool | None = None,
        timeout: TimeoutTypes = None,
    ) -> SessionData: ...

    def new_session(
        self,
        request: NewSessionRequest | None = None,
        /,
        *,
        quality: AvatarQuality | None = None,
        avatar_id: None | str = None,
        avatar_name: str | None = None,
        voice: VoiceSetting | dict[str, Any] | None = None,
        stt_settings: STTSettings | dict[str, Any] | None = None,
        video_encoding: None | VideoEncoding = None,
        knowledge_base: None | str = None,
        version: NewSessionRequestVersion | None = None,
        knowledge_base_id: str | None = None,
        knowledge_id: None | str = None,
        disable_idle_timeout: bool | None = None,
        activity_idle_timeout: int | None = None,
        livekit_settings: LiveKitSettings | dict[str, Any] | None = None,
        language: str | None = None,
        source: str | None = None,
        ia_is_livekit_transport: bool | None = None,
        silence_response: bool | None = None,
        timeout: TimeoutTypes = None,
    ) -> SessionData:
        """Start a new streaming session with an Interactive Avatar.

        Configures a fresh streaming session with an Interactive Avatar for real-time interaction
        and communication. The response carries the LiveKit room URL and the access token used to
        join it. The session is in state `new` until `streaming.start`.

        This call is not idempotent: every accepted request opens a new session, and open sessions
        consume credits until `streaming.stop`, the idle timeout or the duration limit closes them.
        Past the account's concurrent-session limit it is answered 429 (code 400429).

        """

        return cast(
            SessionData,
            self._call(
                NEW_SESSION,
                request,
                {
                    "quality": quality,
                    "avatar_id": avatar_id,
                    "avatar_name": avatar_name,
                    "voice": voice,
                    "stt_settings": stt_settings,
                    "video_encoding": video_encoding,
                    "knowledge_base": knowledge_base,
                    "version": version,
                    "knowledge_base_id": knowledge_base_id,
                    "knowledge_id": knowledge_id,
                    "disable_idle_timeout": disable_idle_timeout,
                    "activity_idle_timeout": activity_idle_timeout,
                    "livekit_settings": livekit_settings,
                    "language": language,
                    "source": source,
                    "ia_is_livekit_transport": ia_is_livekit_transport,
                    "silence_response": silence_response,
                },
                timeout,
            ),
        )

    @overload
    def start(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> StatusResponse: ...

    @overload
    def start(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse: ...

    def start(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse:
        """Start a session created by streaming.new.

        Starts the session: the avatar joins its LiveKit room, and the session becomes `connected`.
        Only a `new` session can be started; any other state is answered 400 (code 400006).
        The SDK calls it between LiveKit's `prepareConnection` and `connect` (esm:921-934); pipecat
        right after `streaming.new` (pc-api:232).

        """

        return cast(
            StatusResponse,
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
    def task(
        self, request: TaskRequest, /, *, timeout: TimeoutTypes = None
    ) -> TaskData: ...

    @overload
    def task(
        self,
        *,
        session_id: str,
        text: str,
        task_mode: TaskMode | None = None,
        task_type: TaskType | None = None,
        timeout: TimeoutTypes = None,
    ) -> TaskData: ...

    def task(
        self,
        request: TaskRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        text: str | None = None,
        task_mode: TaskMode | None = None,
        task_type: TaskType | None = None,
        timeout: TimeoutTypes = None,
    ) -> TaskData:
        """Make the avatar speak a text.

        Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
        (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
        talks. Only a `connected` session takes tasks; any other state is answered 400 (code
        400006, F-400006). A task counts as activity: it resets the idle timer.

        Not idempotent: a repeated task is spoken twice.

        """

        return cast(
            TaskData,
            self._call(
                TASK,
                request,
                {
                    "session_id": session_id,
                    "text": text,
                    "task_mode": task_mode,
                    "task_type": task_type,
                },
                timeout,
            ),
        )

    @overload
    def interrupt(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> CodeMessageResponse: ...

    @overload
    def interrupt(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    def interrupt(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Interrupt what the avatar is saying.

        Stops the avatar's current speech and returns it to idle (D-intr-cl; the realtime
        equivalent `agent.interrupt`, D-rt). Only a `connected` session can be interrupted; a
        silent one answers success too, so the call is safe to repeat.

        """

        return cast(
            CodeMessageResponse,
            self._call(
                INTERRUPT,
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
    ) -> CodeMessageResponse: ...

    @overload
    def keep_alive(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    def keep_alive(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another `activity_idle_timeout` seconds
        (D-keep, D-bp, README:69-71). Only a `connected` session can be kept alive. Safe to repeat.

        """

        return cast(
            CodeMessageResponse,
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
    def start_listening(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> CodeMessageResponse: ...

    @overload
    def start_listening(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    def start_listening(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Put the avatar in its listening state.

        Switches the avatar into its listening animation, e.g. in text mode while the user types
        (README:76-78). Refused with 400 (code 400006) while the avatar talks: the realtime
        equivalent is valid only while the agent is silent (D-rt). Safe to repeat.

        """

        return cast(
            CodeMessageResponse,
            self._call(
                START_LISTENING,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    def stop_listening(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> CodeMessageResponse: ...

    @overload
    def stop_listening(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    def stop_listening(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Take the avatar out of its listening state.

        Switches the avatar out of its listening animation (README:76-78). Only a `connected`
        session takes it. Safe to repeat.

        """

        return cast(
            CodeMessageResponse,
            self._call(
                STOP_LISTENING,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    def stop(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> StatusResponse: ...

    @overload
    def stop(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse: ...

    def stop(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse:
        """Close a session.

        Closes the session, in whatever state it is, and ends its billing. Stopping a session that
        is already closed answers success again, so the call is safe to repeat (and the client
        retries it). Every other call on a closed session is answered 400 (code 400006).

        """

        return cast(
            StatusResponse,
            self._call(
                STOP,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    def list_sessions(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> ListSessionsResponse:
        """List the account's open sessions.

        The sessions of the caller's account that are open now (D-list1), with their state and
        creation time. A session token lists its account's sessions.

        """

        return cast(ListSessionsResponse, self._call(LIST_SESSIONS, None, {}, timeout))

    def list_sessions_v2(
        self,
        *,
        page: int | None = None,
        page_size: int | None = None,
        pagination_token: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> ListSessionsV2Response:
        """Page through the account's session history.

        Every session of the caller's account, closed ones included, newest first, a page at a
        time (D-list2, D-list2-cl). D-list2-cl also mentions filters by date range and by status,
        whose parameter names are not known; they are not described here.

        """

        return cast(
            ListSessionsV2Response,
            self._call(
                LIST_SESSIONS_V2,
                None,
                {
                    "page": page,
                    "page_size": page_size,
                    "pagination_token": pagination_token,
                },
                timeout,
            ),
        )

    def session(
        self,
        request: NewSessionRequest | None = None,
        /,
        *,
        quality: AvatarQuality | None = None,
        avatar_id: None | str = None,
        avatar_name: str | None = None,
        voice: VoiceSetting | dict[str, Any] | None = None,
        stt_settings: STTSettings | dict[str, Any] | None = None,
        video_encoding: None | VideoEncoding = None,
        knowledge_base: None | str = None,
        version: NewSessionRequestVersion | None = None,
        knowledge_base_id: str | None = None,
        knowledge_id: None | str = None,
        disable_idle_timeout: bool | None = None,
        activity_idle_timeout: int | None = None,
        livekit_settings: LiveKitSettings | dict[str, Any] | None = None,
        language: str | None = None,
        source: str | None = None,
        ia_is_livekit_transport: bool | None = None,
        silence_response: bool | None = None,
        timeout: TimeoutTypes = None,
    ) -> AbstractContextManager[SessionMethods]:
        """Open a session, start it, and stop it on leaving the block, whatever happens inside.

        `with client.session(**fields) as s:` calls `new_session` with these fields, then `start`, and
        yields the session's handle, whose methods send its `session_id`. On leaving the block,
        `stop` is always called: also after an exception, a KeyboardInterrupt or a failed start.
        """
        return self._session(
            NEW_SESSION,
            START,
            STOP,
            request,
            {
                "quality": quality,
                "avatar_id": avatar_id,
                "avatar_name": avatar_name,
                "voice": voice,
                "stt_settings": stt_settings,
                "video_encoding": video_encoding,
                "knowledge_base": knowledge_base,
                "version": version,
                "knowledge_base_id": knowledge_base_id,
                "knowledge_id": knowledge_id,
                "disable_idle_timeout": disable_idle_timeout,
                "activity_idle_timeout": activity_idle_timeout,
                "livekit_settings": livekit_settings,
                "language": language,
                "source": source,
                "ia_is_livekit_transport": ia_is_livekit_transport,
                "silence_response": silence_response,
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
        self, request: CreateTokenRequest, /, *, timeout: TimeoutTypes = None
    ) -> SessionToken: ...

    @overload
    async def create_token(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> SessionToken: ...

    async def create_token(
        self,
        request: CreateTokenRequest | None = None,
        /,
        *,
        timeout: TimeoutTypes = None,
    ) -> SessionToken:
        """Create a session token for one streaming session.

        Returns a session token, to be sent as `Authorization: Bearer <token>` by a front end (e.g.
        HeyGen's JS SDK) in place of the account's API key. A token opens one session and then
        serves that session's calls (see `x-session-lifecycle`). This call takes the account key
        only; a session token cannot mint another.

        """

        return cast(SessionToken, await self._call(CREATE_TOKEN, request, {}, timeout))

    @overload
    async def new_session(
        self, request: NewSessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> SessionData: ...

    @overload
    async def new_session(
        self,
        *,
        quality: AvatarQuality | None = None,
        avatar_id: None | str = None,
        avatar_name: str | None = None,
        voice: VoiceSetting | dict[str, Any] | None = None,
        stt_settings: STTSettings | dict[str, Any] | None = None,
        video_encoding: None | VideoEncoding = None,
        knowledge_base: None | str = None,
        version: NewSessionRequestVersion | None = None,
        knowledge_base_id: str | None = None,
        knowledge_id: None | str = None,
        disable_idle_timeout: bool | None = None,
        activity_idle_timeout: int | None = None,
        livekit_settings: LiveKitSettings | dict[str, Any] | None = None,
        language: str | None = None,
        source: str | None = None,
        ia_is_livekit_transport: bool | None = None,
        silence_response: bool | None = None,
        timeout: TimeoutTypes = None,
    ) -> SessionData: ...

    async def new_session(
        self,
        request: NewSessionRequest | None = None,
        /,
        *,
        quality: AvatarQuality | None = None,
        avatar_id: None | str = None,
        avatar_name: str | None = None,
        voice: VoiceSetting | dict[str, Any] | None = None,
        stt_settings: STTSettings | dict[str, Any] | None = None,
        video_encoding: None | VideoEncoding = None,
        knowledge_base: None | str = None,
        version: NewSessionRequestVersion | None = None,
        knowledge_base_id: str | None = None,
        knowledge_id: None | str = None,
        disable_idle_timeout: bool | None = None,
        activity_idle_timeout: int | None = None,
        livekit_settings: LiveKitSettings | dict[str, Any] | None = None,
        language: str | None = None,
        source: str | None = None,
        ia_is_livekit_transport: bool | None = None,
        silence_response: bool | None = None,
        timeout: TimeoutTypes = None,
    ) -> SessionData:
        """Start a new streaming session with an Interactive Avatar.

        Configures a fresh streaming session with an Interactive Avatar for real-time interaction
        and communication. The response carries the LiveKit room URL and the access token used to
        join it. The session is in state `new` until `streaming.start`.

        This call is not idempotent: every accepted request opens a new session, and open sessions
        consume credits until `streaming.stop`, the idle timeout or the duration limit closes them.
        Past the account's concurrent-session limit it is answered 429 (code 400429).

        """

        return cast(
            SessionData,
            await self._call(
                NEW_SESSION,
                request,
                {
                    "quality": quality,
                    "avatar_id": avatar_id,
                    "avatar_name": avatar_name,
                    "voice": voice,
                    "stt_settings": stt_settings,
                    "video_encoding": video_encoding,
                    "knowledge_base": knowledge_base,
                    "version": version,
                    "knowledge_base_id": knowledge_base_id,
                    "knowledge_id": knowledge_id,
                    "disable_idle_timeout": disable_idle_timeout,
                    "activity_idle_timeout": activity_idle_timeout,
                    "livekit_settings": livekit_settings,
                    "language": language,
                    "source": source,
                    "ia_is_livekit_transport": ia_is_livekit_transport,
                    "silence_response": silence_response,
                },
                timeout,
            ),
        )

    @overload
    async def start(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> StatusResponse: ...

    @overload
    async def start(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse: ...

    async def start(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse:
        """Start a session created by streaming.new.

        Starts the session: the avatar joins its LiveKit room, and the session becomes `connected`.
        Only a `new` session can be started; any other state is answered 400 (code 400006).
        The SDK calls it between LiveKit's `prepareConnection` and `connect` (esm:921-934); pipecat
        right after `streaming.new` (pc-api:232).

        """

        return cast(
            StatusResponse,
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
    async def task(
        self, request: TaskRequest, /, *, timeout: TimeoutTypes = None
    ) -> TaskData: ...

    @overload
    async def task(
        self,
        *,
        session_id: str,
        text: str,
        task_mode: TaskMode | None = None,
        task_type: TaskType | None = None,
        timeout: TimeoutTypes = None,
    ) -> TaskData: ...

    async def task(
        self,
        request: TaskRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        text: str | None = None,
        task_mode: TaskMode | None = None,
        task_type: TaskType | None = None,
        timeout: TimeoutTypes = None,
    ) -> TaskData:
        """Make the avatar speak a text.

        Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
        (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
        talks. Only a `connected` session takes tasks; any other state is answered 400 (code
        400006, F-400006). A task counts as activity: it resets the idle timer.

        Not idempotent: a repeated task is spoken twice.

        """

        return cast(
            TaskData,
            await self._call(
                TASK,
                request,
                {
                    "session_id": session_id,
                    "text": text,
                    "task_mode": task_mode,
                    "task_type": task_type,
                },
                timeout,
            ),
        )

    @overload
    async def interrupt(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> CodeMessageResponse: ...

    @overload
    async def interrupt(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    async def interrupt(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Interrupt what the avatar is saying.

        Stops the avatar's current speech and returns it to idle (D-intr-cl; the realtime
        equivalent `agent.interrupt`, D-rt). Only a `connected` session can be interrupted; a
        silent one answers success too, so the call is safe to repeat.

        """

        return cast(
            CodeMessageResponse,
            await self._call(
                INTERRUPT,
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
    ) -> CodeMessageResponse: ...

    @overload
    async def keep_alive(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    async def keep_alive(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Reset the session's idle timer.

        Counts as activity: the session stays open for another `activity_idle_timeout` seconds
        (D-keep, D-bp, README:69-71). Only a `connected` session can be kept alive. Safe to repeat.

        """

        return cast(
            CodeMessageResponse,
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
    async def start_listening(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> CodeMessageResponse: ...

    @overload
    async def start_listening(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    async def start_listening(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Put the avatar in its listening state.

        Switches the avatar into its listening animation, e.g. in text mode while the user types
        (README:76-78). Refused with 400 (code 400006) while the avatar talks: the realtime
        equivalent is valid only while the agent is silent (D-rt). Safe to repeat.

        """

        return cast(
            CodeMessageResponse,
            await self._call(
                START_LISTENING,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    async def stop_listening(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> CodeMessageResponse: ...

    @overload
    async def stop_listening(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse: ...

    async def stop_listening(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> CodeMessageResponse:
        """Take the avatar out of its listening state.

        Switches the avatar out of its listening animation (README:76-78). Only a `connected`
        session takes it. Safe to repeat.

        """

        return cast(
            CodeMessageResponse,
            await self._call(
                STOP_LISTENING,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    @overload
    async def stop(
        self, request: SessionRequest, /, *, timeout: TimeoutTypes = None
    ) -> StatusResponse: ...

    @overload
    async def stop(
        self,
        *,
        session_id: str,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse: ...

    async def stop(
        self,
        request: SessionRequest | None = None,
        /,
        *,
        session_id: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> StatusResponse:
        """Close a session.

        Closes the session, in whatever state it is, and ends its billing. Stopping a session that
        is already closed answers success again, so the call is safe to repeat (and the client
        retries it). Every other call on a closed session is answered 400 (code 400006).

        """

        return cast(
            StatusResponse,
            await self._call(
                STOP,
                request,
                {
                    "session_id": session_id,
                },
                timeout,
            ),
        )

    async def list_sessions(
        self,
        *,
        timeout: TimeoutTypes = None,
    ) -> ListSessionsResponse:
        """List the account's open sessions.

        The sessions of the caller's account that are open now (D-list1), with their state and
        creation time. A session token lists its account's sessions.

        """

        return cast(
            ListSessionsResponse, await self._call(LIST_SESSIONS, None, {}, timeout)
        )

    async def list_sessions_v2(
        self,
        *,
        page: int | None = None,
        page_size: int | None = None,
        pagination_token: str | None = None,
        timeout: TimeoutTypes = None,
    ) -> ListSessionsV2Response:
        """Page through the account's session history.

        Every session of the caller's account, closed ones included, newest first, a page at a
        time (D-list2, D-list2-cl). D-list2-cl also mentions filters by date range and by status,
        whose parameter names are not known; they are not described here.

        """

        return cast(
            ListSessionsV2Response,
            await self._call(
                LIST_SESSIONS_V2,
                None,
                {
                    "page": page,
                    "page_size": page_size,
                    "pagination_token": pagination_token,
                },
                timeout,
            ),
        )

    def session(
        self,
        request: NewSessionRequest | None = None,
        /,
        *,
        quality: AvatarQuality | None = None,
        avatar_id: None | str = None,
        avatar_name: str | None = None,
        voice: VoiceSetting | dict[str, Any] | None = None,
        stt_settings: STTSettings | dict[str, Any] | None = None,
        video_encoding: None | VideoEncoding = None,
        knowledge_base: None | str = None,
        version: NewSessionRequestVersion | None = None,
        knowledge_base_id: str | None = None,
        knowledge_id: None | str = None,
        disable_idle_timeout: bool | None = None,
        activity_idle_timeout: int | None = None,
        livekit_settings: LiveKitSettings | dict[str, Any] | None = None,
        language: str | None = None,
        source: str | None = None,
        ia_is_livekit_transport: bool | None = None,
        silence_response: bool | None = None,
        timeout: TimeoutTypes = None,
    ) -> AbstractAsyncContextManager[AsyncSessionMethods]:
        """Open a session, start it, and stop it on leaving the block, whatever happens inside.

        `async with client.session(**fields) as s:` calls `new_session` with these fields, then `start`, and
        yields the session's handle, whose methods send its `session_id`. On leaving the block,
        `stop` is always called: also after an exception, a KeyboardInterrupt or a failed start.
        """
        return self._session(
            NEW_SESSION,
            START,
            STOP,
            request,
            {
                "quality": quality,
                "avatar_id": avatar_id,
                "avatar_name": avatar_name,
                "voice": voice,
                "stt_settings": stt_settings,
                "video_encoding": video_encoding,
                "knowledge_base": knowledge_base,
                "version": version,
                "knowledge_base_id": knowledge_base_id,
                "knowledge_id": knowledge_id,
                "disable_idle_timeout": disable_idle_timeout,
                "activity_idle_timeout": activity_idle_timeout,
                "livekit_settings": livekit_settings,
                "language": language,
                "source": source,
                "ia_is_livekit_transport": ia_is_livekit_transport,
                "silence_response": silence_response,
            },
            timeout,
        )
