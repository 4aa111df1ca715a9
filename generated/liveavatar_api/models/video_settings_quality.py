from typing import Literal

VideoSettingsQuality = Literal["high", "low", "medium", "very_high"]

VIDEO_SETTINGS_QUALITY_VALUES: set[VideoSettingsQuality] = {
    "high",
    "low",
    "medium",
    "very_high",
}


def check_video_settings_quality(value: str) -> VideoSettingsQuality:
    if value in VIDEO_SETTINGS_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VIDEO_SETTINGS_QUALITY_VALUES!r}"
    )
