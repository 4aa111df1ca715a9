from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.voice_emotion import VoiceEmotion, check_voice_emotion
from ..models.voice_emotion_lowercase import (
    VoiceEmotionLowercase,
    check_voice_emotion_lowercase,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.elevenlabs_settings import ElevenlabsSettings


T = TypeVar("T", bound="VoiceSetting")


@_attrs_define
class VoiceSetting:
    """Voice settings of the Interactive Avatar."""

    voice_id: None | str | Unset = UNSET
    """ ID of the voice to use. """
    rate: float | None | Unset = 1.0
    """ Speaking rate of the voice. Default 1 (the SDK's README suggests 0.5 to 1.5). """
    emotion: None | Unset | VoiceEmotion | VoiceEmotionLowercase = UNSET
    """ Emotion of the voice. """
    elevenlabs_settings: ElevenlabsSettings | None | Unset = UNSET
    """ Settings used when the voice provider is ElevenLabs. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.elevenlabs_settings import ElevenlabsSettings

        voice_id: None | str | Unset
        if isinstance(self.voice_id, Unset):
            voice_id = UNSET
        else:
            voice_id = self.voice_id

        rate: float | None | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate

        emotion: None | str | Unset
        if isinstance(self.emotion, Unset):
            emotion = UNSET
        elif isinstance(self.emotion, str) or isinstance(self.emotion, str):
            emotion = self.emotion
        else:
            emotion = self.emotion

        elevenlabs_settings: dict[str, Any] | None | Unset
        if isinstance(self.elevenlabs_settings, Unset):
            elevenlabs_settings = UNSET
        elif isinstance(self.elevenlabs_settings, ElevenlabsSettings):
            elevenlabs_settings = self.elevenlabs_settings.to_dict()
        else:
            elevenlabs_settings = self.elevenlabs_settings

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if rate is not UNSET:
            field_dict["rate"] = rate
        if emotion is not UNSET:
            field_dict["emotion"] = emotion
        if elevenlabs_settings is not UNSET:
            field_dict["elevenlabs_settings"] = elevenlabs_settings

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.elevenlabs_settings import ElevenlabsSettings

        d = dict(src_dict)

        def _parse_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voice_id = _parse_voice_id(d.pop("voice_id", UNSET))

        def _parse_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))

        def _parse_emotion(
            data: object,
        ) -> None | Unset | VoiceEmotion | VoiceEmotionLowercase:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                emotion_type_0 = check_voice_emotion(data)

                return emotion_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                emotion_type_1 = check_voice_emotion_lowercase(data)

                return emotion_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VoiceEmotion | VoiceEmotionLowercase, data)

        emotion = _parse_emotion(d.pop("emotion", UNSET))

        def _parse_elevenlabs_settings(
            data: object,
        ) -> ElevenlabsSettings | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                elevenlabs_settings_type_0 = ElevenlabsSettings.from_dict(data)

                return elevenlabs_settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ElevenlabsSettings | None | Unset, data)

        elevenlabs_settings = _parse_elevenlabs_settings(
            d.pop("elevenlabs_settings", UNSET)
        )

        voice_setting = cls(
            voice_id=voice_id,
            rate=rate,
            emotion=emotion,
            elevenlabs_settings=elevenlabs_settings,
        )

        return voice_setting
