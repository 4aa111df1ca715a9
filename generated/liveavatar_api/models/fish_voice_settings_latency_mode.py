from typing import Literal

FishVoiceSettingsLatencyMode = Literal["balanced", "normal"]

FISH_VOICE_SETTINGS_LATENCY_MODE_VALUES: set[FishVoiceSettingsLatencyMode] = {
    "balanced",
    "normal",
}


def check_fish_voice_settings_latency_mode(value: str) -> FishVoiceSettingsLatencyMode:
    if value in FISH_VOICE_SETTINGS_LATENCY_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FISH_VOICE_SETTINGS_LATENCY_MODE_VALUES!r}"
    )
