from typing import Literal

VoiceEmotion = Literal["Broadcaster", "Excited", "Friendly", "Serious", "Soothing"]

VOICE_EMOTION_VALUES: set[VoiceEmotion] = {
    "Broadcaster",
    "Excited",
    "Friendly",
    "Serious",
    "Soothing",
}


def check_voice_emotion(value: str) -> VoiceEmotion:
    if value in VOICE_EMOTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VOICE_EMOTION_VALUES!r}"
    )
