from typing import Literal

FullTokenRequestVideoQuality = Literal["high", "low", "medium", "very_high"]

FULL_TOKEN_REQUEST_VIDEO_QUALITY_VALUES: set[FullTokenRequestVideoQuality] = {
    "high",
    "low",
    "medium",
    "very_high",
}


def check_full_token_request_video_quality(value: str) -> FullTokenRequestVideoQuality:
    if value in FULL_TOKEN_REQUEST_VIDEO_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FULL_TOKEN_REQUEST_VIDEO_QUALITY_VALUES!r}"
    )
