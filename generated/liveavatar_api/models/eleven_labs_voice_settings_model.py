from typing import Literal

ElevenLabsVoiceSettingsModel = Literal["eleven_flash_v2_5", "eleven_multilingual_v2"]

ELEVEN_LABS_VOICE_SETTINGS_MODEL_VALUES: set[ElevenLabsVoiceSettingsModel] = {
    "eleven_flash_v2_5",
    "eleven_multilingual_v2",
}


def check_eleven_labs_voice_settings_model(value: str) -> ElevenLabsVoiceSettingsModel:
    if value in ELEVEN_LABS_VOICE_SETTINGS_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ELEVEN_LABS_VOICE_SETTINGS_MODEL_VALUES!r}"
    )
