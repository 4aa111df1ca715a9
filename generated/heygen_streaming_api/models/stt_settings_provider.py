from typing import Literal

STTSettingsProvider = Literal["assembly_ai", "deepgram", "gladia"]

STT_SETTINGS_PROVIDER_VALUES: set[STTSettingsProvider] = {
    "assembly_ai",
    "deepgram",
    "gladia",
}


def check_stt_settings_provider(value: str) -> STTSettingsProvider:
    if value in STT_SETTINGS_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STT_SETTINGS_PROVIDER_VALUES!r}"
    )
