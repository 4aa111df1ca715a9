"""Contains all the data models used in inputs/outputs"""

from .active_session import ActiveSession
from .avatar_quality import AvatarQuality
from .code_message_response import CodeMessageResponse
from .create_token_request import CreateTokenRequest
from .create_token_response import CreateTokenResponse
from .elevenlabs_settings import ElevenlabsSettings
from .error_response import ErrorResponse
from .ice_server import IceServer
from .list_sessions_response import ListSessionsResponse
from .list_sessions_v2_response import ListSessionsV2Response
from .live_kit_settings import LiveKitSettings
from .new_session_request import NewSessionRequest
from .new_session_request_version import NewSessionRequestVersion
from .new_session_response import NewSessionResponse
from .session_data import SessionData
from .session_description import SessionDescription
from .session_history_item import SessionHistoryItem
from .session_request import SessionRequest
from .session_token import SessionToken
from .status_response import StatusResponse
from .stt_provider import SttProvider
from .stt_settings import STTSettings
from .task_data import TaskData
from .task_mode import TaskMode
from .task_request import TaskRequest
from .task_response import TaskResponse
from .task_type import TaskType
from .video_encoding import VideoEncoding
from .voice_emotion import VoiceEmotion
from .voice_emotion_lowercase import VoiceEmotionLowercase
from .voice_setting import VoiceSetting

__all__ = (
    "ActiveSession",
    "AvatarQuality",
    "CodeMessageResponse",
    "CreateTokenRequest",
    "CreateTokenResponse",
    "ElevenlabsSettings",
    "ErrorResponse",
    "IceServer",
    "ListSessionsResponse",
    "ListSessionsV2Response",
    "LiveKitSettings",
    "NewSessionRequest",
    "NewSessionRequestVersion",
    "NewSessionResponse",
    "STTSettings",
    "SessionData",
    "SessionDescription",
    "SessionHistoryItem",
    "SessionRequest",
    "SessionToken",
    "StatusResponse",
    "SttProvider",
    "TaskData",
    "TaskMode",
    "TaskRequest",
    "TaskResponse",
    "TaskType",
    "VideoEncoding",
    "VoiceEmotion",
    "VoiceEmotionLowercase",
    "VoiceSetting",
)
