from typing import Literal

VoiceSettingEmotion = Literal[
    "Broadcaster", "Excited", "Friendly", "Serious", "Soothing"
]

VOICE_SETTING_EMOTION_VALUES: set[VoiceSettingEmotion] = {
    "Broadcaster",
    "Excited",
    "Friendly",
    "Serious",
    "Soothing",
}


def check_voice_setting_emotion(value: str) -> VoiceSettingEmotion:
    if value in VOICE_SETTING_EMOTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VOICE_SETTING_EMOTION_VALUES!r}"
    )
