from typing import Literal

FishVoiceSettingsModel = Literal["s1", "s2"]

FISH_VOICE_SETTINGS_MODEL_VALUES: set[FishVoiceSettingsModel] = {
    "s1",
    "s2",
}


def check_fish_voice_settings_model(value: str) -> FishVoiceSettingsModel:
    if value in FISH_VOICE_SETTINGS_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FISH_VOICE_SETTINGS_MODEL_VALUES!r}"
    )
