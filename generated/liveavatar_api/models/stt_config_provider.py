from typing import Literal

SttConfigProvider = Literal["assembly_ai", "deepgram", "elevenlabs", "gladia"]

STT_CONFIG_PROVIDER_VALUES: set[SttConfigProvider] = {
    "assembly_ai",
    "deepgram",
    "elevenlabs",
    "gladia",
}


def check_stt_config_provider(value: str) -> SttConfigProvider:
    if value in STT_CONFIG_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STT_CONFIG_PROVIDER_VALUES!r}"
    )
