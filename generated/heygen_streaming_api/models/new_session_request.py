from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.avatar_quality import AvatarQuality, check_avatar_quality
from ..models.new_session_request_version import (
    NewSessionRequestVersion,
    check_new_session_request_version,
)
from ..models.video_encoding import VideoEncoding, check_video_encoding
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.live_kit_settings import LiveKitSettings
    from ..models.stt_settings import STTSettings
    from ..models.voice_setting import VoiceSetting


T = TypeVar("T", bound="NewSessionRequest")


@_attrs_define
class NewSessionRequest:
    """Settings of the new streaming session."""

    quality: AvatarQuality | None | Unset = "medium"
    """ Quality of the streamed video: `high` (2000 kbps, 720p), `medium` (1000 kbps, 480p, the
    default) or `low` (500 kbps, 360p). The documentation calls it required yet gives it a
    default; the SDK and pipecat may leave it out, and the default then applies.
     """
    avatar_id: None | str | Unset = UNSET
    """ ID of the Interactive Avatar to use. When absent, HeyGen chooses a default avatar. """
    avatar_name: str | Unset = UNSET
    """ Old name of `avatar_id` (D-rename-cl). Send `avatar_id`. """
    voice: VoiceSetting | Unset = UNSET
    """ Voice settings of the Interactive Avatar. """
    stt_settings: STTSettings | Unset = UNSET
    """ (beta) Speech-to-text settings. """
    video_encoding: None | Unset | VideoEncoding = "VP8"
    """ Encoding of the video stream, `H264` or `VP8` (the default). """
    knowledge_base: None | str | Unset = UNSET
    """ Knowledge-base prompt used for the chat task type. """
    version: NewSessionRequestVersion | Unset = "v2"
    """ (beta) Version to use. The only valid value is `v2`, which is also the default. """
    knowledge_base_id: str | Unset = UNSET
    """ (beta) ID of the knowledge base to use. Only applies when `version` is `v2`. """
    knowledge_id: None | str | Unset = UNSET
    """ pipecat's name for `knowledge_base_id`. Send `knowledge_base_id`. """
    disable_idle_timeout: bool | None | Unset = False
    """ When `true`, disables the default 2-minute idle timeout. Warning: open sessions consume
    credits, so a session with no idle timeout bills until it is closed. Being deprecated in
    favour of `activity_idle_timeout` and `streaming.keep_alive` (D-bp, dts:53).
     """
    activity_idle_timeout: int | None | Unset = 120
    """ Maximum inactivity, in seconds, allowed after the user's last activity before the
    session closes. Minimum 30, maximum 3600 (inclusive), default 120.
     """
    livekit_settings: LiveKitSettings | Unset = UNSET
    """ (beta) Settings to connect to your own LiveKit instance. Only for callers who do not use
    HeyGen's LiveKit instance.
     """
    language: str | Unset = UNSET
    """ Language of the avatar's speech and speech recognition, e.g. `en`. """
    source: str | Unset = UNSET
    """ Which client opened the session; HeyGen's SDK sends `sdk`. """
    ia_is_livekit_transport: bool | Unset = UNSET
    """ Whether voice chat goes over LiveKit (`true`) or the WebSocket (`false`). """
    silence_response: bool | Unset = UNSET
    """ Whether the avatar speaks a prompt after the user has been silent. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quality: None | str | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        elif isinstance(self.quality, str):
            quality = self.quality
        else:
            quality = self.quality

        avatar_id: None | str | Unset
        if isinstance(self.avatar_id, Unset):
            avatar_id = UNSET
        else:
            avatar_id = self.avatar_id

        avatar_name = self.avatar_name

        voice: dict[str, Any] | Unset = UNSET
        if not isinstance(self.voice, Unset):
            voice = self.voice.to_dict()

        stt_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stt_settings, Unset):
            stt_settings = self.stt_settings.to_dict()

        video_encoding: None | str | Unset
        if isinstance(self.video_encoding, Unset):
            video_encoding = UNSET
        elif isinstance(self.video_encoding, str):
            video_encoding = self.video_encoding
        else:
            video_encoding = self.video_encoding

        knowledge_base: None | str | Unset
        if isinstance(self.knowledge_base, Unset):
            knowledge_base = UNSET
        else:
            knowledge_base = self.knowledge_base

        version: str | Unset = UNSET
        if not isinstance(self.version, Unset):
            version = self.version

        knowledge_base_id = self.knowledge_base_id

        knowledge_id: None | str | Unset
        if isinstance(self.knowledge_id, Unset):
            knowledge_id = UNSET
        else:
            knowledge_id = self.knowledge_id

        disable_idle_timeout: bool | None | Unset
        if isinstance(self.disable_idle_timeout, Unset):
            disable_idle_timeout = UNSET
        else:
            disable_idle_timeout = self.disable_idle_timeout

        activity_idle_timeout: int | None | Unset
        if isinstance(self.activity_idle_timeout, Unset):
            activity_idle_timeout = UNSET
        else:
            activity_idle_timeout = self.activity_idle_timeout

        livekit_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.livekit_settings, Unset):
            livekit_settings = self.livekit_settings.to_dict()

        language = self.language

        source = self.source

        ia_is_livekit_transport = self.ia_is_livekit_transport

        silence_response = self.silence_response

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if quality is not UNSET:
            field_dict["quality"] = quality
        if avatar_id is not UNSET:
            field_dict["avatar_id"] = avatar_id
        if avatar_name is not UNSET:
            field_dict["avatar_name"] = avatar_name
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
        if knowledge_id is not UNSET:
            field_dict["knowledge_id"] = knowledge_id
        if disable_idle_timeout is not UNSET:
            field_dict["disable_idle_timeout"] = disable_idle_timeout
        if activity_idle_timeout is not UNSET:
            field_dict["activity_idle_timeout"] = activity_idle_timeout
        if livekit_settings is not UNSET:
            field_dict["livekit_settings"] = livekit_settings
        if language is not UNSET:
            field_dict["language"] = language
        if source is not UNSET:
            field_dict["source"] = source
        if ia_is_livekit_transport is not UNSET:
            field_dict["ia_is_livekit_transport"] = ia_is_livekit_transport
        if silence_response is not UNSET:
            field_dict["silence_response"] = silence_response

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.live_kit_settings import LiveKitSettings
        from ..models.stt_settings import STTSettings
        from ..models.voice_setting import VoiceSetting

        d = dict(src_dict)

        def _parse_quality(data: object) -> AvatarQuality | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                quality_type_0 = check_avatar_quality(data)

                return quality_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AvatarQuality | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        def _parse_avatar_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_id = _parse_avatar_id(d.pop("avatar_id", UNSET))

        avatar_name = d.pop("avatar_name", UNSET)

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

        def _parse_video_encoding(data: object) -> None | Unset | VideoEncoding:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                video_encoding_type_0 = check_video_encoding(data)

                return video_encoding_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VideoEncoding, data)

        video_encoding = _parse_video_encoding(d.pop("video_encoding", UNSET))

        def _parse_knowledge_base(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        knowledge_base = _parse_knowledge_base(d.pop("knowledge_base", UNSET))

        _version = d.pop("version", UNSET)
        version: NewSessionRequestVersion | Unset
        if isinstance(_version, Unset):
            version = UNSET
        else:
            version = check_new_session_request_version(_version)

        knowledge_base_id = d.pop("knowledge_base_id", UNSET)

        def _parse_knowledge_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        knowledge_id = _parse_knowledge_id(d.pop("knowledge_id", UNSET))

        def _parse_disable_idle_timeout(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        disable_idle_timeout = _parse_disable_idle_timeout(
            d.pop("disable_idle_timeout", UNSET)
        )

        def _parse_activity_idle_timeout(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        activity_idle_timeout = _parse_activity_idle_timeout(
            d.pop("activity_idle_timeout", UNSET)
        )

        _livekit_settings = d.pop("livekit_settings", UNSET)
        livekit_settings: LiveKitSettings | Unset
        if isinstance(_livekit_settings, Unset):
            livekit_settings = UNSET
        else:
            livekit_settings = LiveKitSettings.from_dict(_livekit_settings)

        language = d.pop("language", UNSET)

        source = d.pop("source", UNSET)

        ia_is_livekit_transport = d.pop("ia_is_livekit_transport", UNSET)

        silence_response = d.pop("silence_response", UNSET)

        new_session_request = cls(
            quality=quality,
            avatar_id=avatar_id,
            avatar_name=avatar_name,
            voice=voice,
            stt_settings=stt_settings,
            video_encoding=video_encoding,
            knowledge_base=knowledge_base,
            version=version,
            knowledge_base_id=knowledge_base_id,
            knowledge_id=knowledge_id,
            disable_idle_timeout=disable_idle_timeout,
            activity_idle_timeout=activity_idle_timeout,
            livekit_settings=livekit_settings,
            language=language,
            source=source,
            ia_is_livekit_transport=ia_is_livekit_transport,
            silence_response=silence_response,
        )

        new_session_request.additional_properties = d
        return new_session_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
