from typing import Literal

VideoEncoding = Literal["H264", "VP8"]

VIDEO_ENCODING_VALUES: set[VideoEncoding] = {
    "H264",
    "VP8",
}


def check_video_encoding(value: str) -> VideoEncoding:
    if value in VIDEO_ENCODING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VIDEO_ENCODING_VALUES!r}"
    )
