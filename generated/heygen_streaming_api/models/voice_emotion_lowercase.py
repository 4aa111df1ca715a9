from typing import Literal

VoiceEmotionLowercase = Literal[
    "broadcaster", "excited", "friendly", "serious", "soothing"
]

VOICE_EMOTION_LOWERCASE_VALUES: set[VoiceEmotionLowercase] = {
    "broadcaster",
    "excited",
    "friendly",
    "serious",
    "soothing",
}


def check_voice_emotion_lowercase(value: str) -> VoiceEmotionLowercase:
    if value in VOICE_EMOTION_LOWERCASE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VOICE_EMOTION_LOWERCASE_VALUES!r}"
    )
