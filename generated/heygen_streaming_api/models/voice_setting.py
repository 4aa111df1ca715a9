from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.voice_setting_emotion import (
    VoiceSettingEmotion,
    check_voice_setting_emotion,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.elevenlabs_settings import ElevenlabsSettings


T = TypeVar("T", bound="VoiceSetting")


@_attrs_define
class VoiceSetting:
    """Voice settings of the Interactive Avatar."""

    voice_id: str | Unset = UNSET
    """ ID of the voice to use. """
    rate: float | Unset = 1.0
    """ Speaking rate of the voice. Default 1. """
    emotion: VoiceSettingEmotion | Unset = UNSET
    """ Emotion of the voice. """
    elevenlabs_settings: ElevenlabsSettings | Unset = UNSET
    """ Settings used when the voice provider is ElevenLabs. """

    def to_dict(self) -> dict[str, Any]:
        voice_id = self.voice_id

        rate = self.rate

        emotion: str | Unset = UNSET
        if not isinstance(self.emotion, Unset):
            emotion = self.emotion

        elevenlabs_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.elevenlabs_settings, Unset):
            elevenlabs_settings = self.elevenlabs_settings.to_dict()

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
        voice_id = d.pop("voice_id", UNSET)

        rate = d.pop("rate", UNSET)

        _emotion = d.pop("emotion", UNSET)
        emotion: VoiceSettingEmotion | Unset
        if isinstance(_emotion, Unset):
            emotion = UNSET
        else:
            emotion = check_voice_setting_emotion(_emotion)

        _elevenlabs_settings = d.pop("elevenlabs_settings", UNSET)
        elevenlabs_settings: ElevenlabsSettings | Unset
        if isinstance(_elevenlabs_settings, Unset):
            elevenlabs_settings = UNSET
        else:
            elevenlabs_settings = ElevenlabsSettings.from_dict(_elevenlabs_settings)

        voice_setting = cls(
            voice_id=voice_id,
            rate=rate,
            emotion=emotion,
            elevenlabs_settings=elevenlabs_settings,
        )

        return voice_setting
