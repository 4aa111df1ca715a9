from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.new_session_request_quality import (
    NewSessionRequestQuality,
    check_new_session_request_quality,
)
from ..models.new_session_request_version import (
    NewSessionRequestVersion,
    check_new_session_request_version,
)
from ..models.new_session_request_video_encoding import (
    NewSessionRequestVideoEncoding,
    check_new_session_request_video_encoding,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.live_kit_settings import LiveKitSettings
    from ..models.stt_settings import STTSettings
    from ..models.voice_setting import VoiceSetting


T = TypeVar("T", bound="NewSessionRequest")


@_attrs_define
class NewSessionRequest:
    """Settings of the new streaming session."""

    quality: NewSessionRequestQuality = "medium"
    """ Quality of the streamed video: `high` (2000 kbps, 720p), `medium` (1000 kbps, 480p, the
    default) or `low` (500 kbps, 360p). The documentation calls it required yet gives it a
    default; the client always sends it, defaulting to `medium`.
     """
    avatar_id: str | Unset = UNSET
    """ ID of the Interactive Avatar to use. When absent, HeyGen chooses a default avatar. """
    voice: VoiceSetting | Unset = UNSET
    """ Voice settings of the Interactive Avatar. """
    stt_settings: STTSettings | Unset = UNSET
    """ (beta) Speech-to-text settings. """
    video_encoding: NewSessionRequestVideoEncoding | Unset = "VP8"
    """ Encoding of the video stream, `H264` or `VP8` (the default). """
    knowledge_base: str | Unset = UNSET
    """ Knowledge-base prompt used for the chat task type. """
    version: NewSessionRequestVersion | Unset = "v2"
    """ (beta) Version to use. The only valid value is `v2`, which is also the default. """
    knowledge_base_id: str | Unset = UNSET
    """ (beta) ID of the knowledge base to use. Only applies when `version` is `v2`. """
    disable_idle_timeout: bool | Unset = False
    """ When `true`, disables the default 2-minute idle timeout. Warning: open sessions consume
    credits, so a session with no idle timeout bills until it is closed.
     """
    activity_idle_timeout: int | Unset = 120
    """ Maximum inactivity, in seconds, allowed after the user's last activity before the
    session closes. Minimum 30, maximum 3600, default 120.
     """
    livekit_settings: LiveKitSettings | Unset = UNSET
    """ (beta) Settings to connect to your own LiveKit instance. Only for callers who do not use
    HeyGen's LiveKit instance.
     """

    def to_dict(self) -> dict[str, Any]:
        quality: str = self.quality

        avatar_id = self.avatar_id

        voice: dict[str, Any] | Unset = UNSET
        if not isinstance(self.voice, Unset):
            voice = self.voice.to_dict()

        stt_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stt_settings, Unset):
            stt_settings = self.stt_settings.to_dict()

        video_encoding: str | Unset = UNSET
        if not isinstance(self.video_encoding, Unset):
            video_encoding = self.video_encoding

        knowledge_base = self.knowledge_base

        version: str | Unset = UNSET
        if not isinstance(self.version, Unset):
            version = self.version

        knowledge_base_id = self.knowledge_base_id

        disable_idle_timeout = self.disable_idle_timeout

        activity_idle_timeout = self.activity_idle_timeout

        livekit_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.livekit_settings, Unset):
            livekit_settings = self.livekit_settings.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "quality": quality,
            }
        )
        if avatar_id is not UNSET:
            field_dict["avatar_id"] = avatar_id
        if voice is not UNSET:
            field_dict["voice"] = voice
        if stt_settings is not UNSET:
            field_dict["stt_settings"] = stt_settings
        if video_encoding is not UNSET:
            field_dict["video_encoding"] = video_encoding
        if knowledge_base is not UNSET:
            field_dict["knowledge_base"] = knowledge_base
        if version is not UNSET:
            field_dict["version"] = version
        if knowledge_base_id is not UNSET:
            field_dict["knowledge_base_id"] = knowledge_base_id
        if disable_idle_timeout is not UNSET:
            field_dict["disable_idle_timeout"] = disable_idle_timeout
        if activity_idle_timeout is not UNSET:
            field_dict["activity_idle_timeout"] = activity_idle_timeout
        if livekit_settings is not UNSET:
            field_dict["livekit_settings"] = livekit_settings

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.live_kit_settings import LiveKitSettings
        from ..models.stt_settings import STTSettings
        from ..models.voice_setting import VoiceSetting

        d = dict(src_dict)
        quality = check_new_session_request_quality(d.pop("quality"))

        avatar_id = d.pop("avatar_id", UNSET)

        _voice = d.pop("voice", UNSET)
        voice: VoiceSetting | Unset
        if isinstance(_voice, Unset):
            voice = UNSET
        else:
            voice = VoiceSetting.from_dict(_voice)

        _stt_settings = d.pop("stt_settings", UNSET)
        stt_settings: STTSettings | Unset
        if isinstance(_stt_settings, Unset):
            stt_settings = UNSET
        else:
            stt_settings = STTSettings.from_dict(_stt_settings)

        _video_encoding = d.pop("video_encoding", UNSET)
        video_encoding: NewSessionRequestVideoEncoding | Unset
        if isinstance(_video_encoding, Unset):
            video_encoding = UNSET
        else:
            video_encoding = check_new_session_request_video_encoding(_video_encoding)

        knowledge_base = d.pop("knowledge_base", UNSET)

        _version = d.pop("version", UNSET)
        version: NewSessionRequestVersion | Unset
        if isinstance(_version, Unset):
            version = UNSET
        else:
            version = check_new_session_request_version(_version)

        knowledge_base_id = d.pop("knowledge_base_id", UNSET)

        disable_idle_timeout = d.pop("disable_idle_timeout", UNSET)

        activity_idle_timeout = d.pop("activity_idle_timeout", UNSET)

        _livekit_settings = d.pop("livekit_settings", UNSET)
        livekit_settings: LiveKitSettings | Unset
        if isinstance(_livekit_settings, Unset):
            livekit_settings = UNSET
        else:
            livekit_settings = LiveKitSettings.from_dict(_livekit_settings)

        new_session_request = cls(
            quality=quality,
            avatar_id=avatar_id,
            voice=voice,
            stt_settings=stt_settings,
            video_encoding=video_encoding,
            knowledge_base=knowledge_base,
            version=version,
            knowledge_base_id=knowledge_base_id,
            disable_idle_timeout=disable_idle_timeout,
            activity_idle_timeout=activity_idle_timeout,
            livekit_settings=livekit_settings,
        )

        return new_session_request
