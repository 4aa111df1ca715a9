from typing import Literal

SttProvider = Literal["assembly_ai", "deepgram", "gladia"]

STT_PROVIDER_VALUES: set[SttProvider] = {
    "assembly_ai",
    "deepgram",
    "gladia",
}


def check_stt_provider(value: str) -> SttProvider:
    if value in STT_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STT_PROVIDER_VALUES!r}"
    )
