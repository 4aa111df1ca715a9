from typing import Literal

LiteTokenRequestVideoQuality = Literal["high", "low", "medium", "very_high"]

LITE_TOKEN_REQUEST_VIDEO_QUALITY_VALUES: set[LiteTokenRequestVideoQuality] = {
    "high",
    "low",
    "medium",
    "very_high",
}


def check_lite_token_request_video_quality(value: str) -> LiteTokenRequestVideoQuality:
    if value in LITE_TOKEN_REQUEST_VIDEO_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LITE_TOKEN_REQUEST_VIDEO_QUALITY_VALUES!r}"
    )
