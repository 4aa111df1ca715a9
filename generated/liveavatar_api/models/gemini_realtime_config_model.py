from typing import Literal

GeminiRealtimeConfigModel = Literal[
    "gemini-2.5-flash-native-audio-preview-12-2025", "gemini-3.1-flash-live-preview"
]

GEMINI_REALTIME_CONFIG_MODEL_VALUES: set[GeminiRealtimeConfigModel] = {
    "gemini-2.5-flash-native-audio-preview-12-2025",
    "gemini-3.1-flash-live-preview",
}


def check_gemini_realtime_config_model(value: str) -> GeminiRealtimeConfigModel:
    if value in GEMINI_REALTIME_CONFIG_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GEMINI_REALTIME_CONFIG_MODEL_VALUES!r}"
    )
