from typing import Literal

VideoSettingsEncoding = Literal["H264", "VP8"]

VIDEO_SETTINGS_ENCODING_VALUES: set[VideoSettingsEncoding] = {
    "H264",
    "VP8",
}


def check_video_settings_encoding(value: str) -> VideoSettingsEncoding:
    if value in VIDEO_SETTINGS_ENCODING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VIDEO_SETTINGS_ENCODING_VALUES!r}"
    )
