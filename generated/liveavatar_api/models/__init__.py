"""Contains all the data models used in inputs/outputs"""

from .agora_config import AgoraConfig
from .avatar_persona import AvatarPersona
from .create_token_response import CreateTokenResponse
from .demo_llm_config import DemoLlmConfig
from .dynamic_variables import DynamicVariables
from .eleven_labs_agent_config import ElevenLabsAgentConfig
from .eleven_labs_agent_config_dynamic_variables import (
    ElevenLabsAgentConfigDynamicVariables,
)
from .eleven_labs_voice_settings import ElevenLabsVoiceSettings
from .eleven_labs_voice_settings_model import ElevenLabsVoiceSettingsModel
from .error_response import ErrorResponse
from .fish_voice_settings import FishVoiceSettings
from .fish_voice_settings_latency_mode import FishVoiceSettingsLatencyMode
from .fish_voice_settings_model import FishVoiceSettingsModel
from .full_token_request import FullTokenRequest
from .full_token_request_interactivity_type import FullTokenRequestInteractivityType
from .full_token_request_video_encoding import FullTokenRequestVideoEncoding
from .full_token_request_video_quality import FullTokenRequestVideoQuality
from .gemini_realtime_config import GeminiRealtimeConfig
from .gemini_realtime_config_model import GeminiRealtimeConfigModel
from .list_sessions_response import ListSessionsResponse
from .list_sessions_type import ListSessionsType
from .lite_token_request import LiteTokenRequest
from .lite_token_request_video_encoding import LiteTokenRequestVideoEncoding
from .lite_token_request_video_quality import LiteTokenRequestVideoQuality
from .live_kit_config import LiveKitConfig
from .memory import Memory
from .open_ai_realtime_config import OpenAIRealtimeConfig
from .session_end_reason import SessionEndReason
from .session_entry import SessionEntry
from .session_entry_mode import SessionEntryMode
from .session_entry_source import SessionEntrySource
from .session_page import SessionPage
from .session_request import SessionRequest
from .session_response import SessionResponse
from .session_token import SessionToken
from .start_session_data import StartSessionData
from .start_session_request import StartSessionRequest
from .start_session_response import StartSessionResponse
from .stop_session_request import StopSessionRequest
from .stt_config import SttConfig
from .stt_config_provider import SttConfigProvider
from .success import Success
from .transcript import Transcript
from .transcript_line import TranscriptLine
from .transcript_line_role import TranscriptLineRole
from .transcript_response import TranscriptResponse
from .video_settings import VideoSettings
from .video_settings_encoding import VideoSettingsEncoding
from .video_settings_quality import VideoSettingsQuality
from .voice_agent import VoiceAgent

__all__ = (
    "AgoraConfig",
    "AvatarPersona",
    "CreateTokenResponse",
    "DemoLlmConfig",
    "DynamicVariables",
    "ElevenLabsAgentConfig",
    "ElevenLabsAgentConfigDynamicVariables",
    "ElevenLabsVoiceSettings",
    "ElevenLabsVoiceSettingsModel",
    "ErrorResponse",
    "FishVoiceSettings",
    "FishVoiceSettingsLatencyMode",
    "FishVoiceSettingsModel",
    "FullTokenRequest",
    "FullTokenRequestInteractivityType",
    "FullTokenRequestVideoEncoding",
    "FullTokenRequestVideoQuality",
    "GeminiRealtimeConfig",
    "GeminiRealtimeConfigModel",
    "ListSessionsResponse",
    "ListSessionsType",
    "LiteTokenRequest",
    "LiteTokenRequestVideoEncoding",
    "LiteTokenRequestVideoQuality",
    "LiveKitConfig",
    "Memory",
    "OpenAIRealtimeConfig",
    "SessionEndReason",
    "SessionEntry",
    "SessionEntryMode",
    "SessionEntrySource",
    "SessionPage",
    "SessionRequest",
    "SessionResponse",
    "SessionToken",
    "StartSessionData",
    "StartSessionRequest",
    "StartSessionResponse",
    "StopSessionRequest",
    "SttConfig",
    "SttConfigProvider",
    "Success",
    "Transcript",
    "TranscriptLine",
    "TranscriptLineRole",
    "TranscriptResponse",
    "VideoSettings",
    "VideoSettingsEncoding",
    "VideoSettingsQuality",
    "VoiceAgent",
)
