"""Contains all the data models used in inputs/outputs"""

from .elevenlabs_settings import ElevenlabsSettings
from .error_response import ErrorResponse
from .live_kit_settings import LiveKitSettings
from .new_session_request import NewSessionRequest
from .new_session_request_quality import NewSessionRequestQuality
from .new_session_request_version import NewSessionRequestVersion
from .new_session_request_video_encoding import NewSessionRequestVideoEncoding
from .new_session_response import NewSessionResponse
from .session_data import SessionData
from .stt_settings import STTSettings
from .stt_settings_provider import STTSettingsProvider
from .voice_setting import VoiceSetting
from .voice_setting_emotion import VoiceSettingEmotion

__all__ = (
    "ElevenlabsSettings",
    "ErrorResponse",
    "LiveKitSettings",
    "NewSessionRequest",
    "NewSessionRequestQuality",
    "NewSessionRequestVersion",
    "NewSessionRequestVideoEncoding",
    "NewSessionResponse",
    "STTSettings",
    "STTSettingsProvider",
    "SessionData",
    "VoiceSetting",
    "VoiceSettingEmotion",
)
