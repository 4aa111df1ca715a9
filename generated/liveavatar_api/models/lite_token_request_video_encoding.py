from typing import Literal

LiteTokenRequestVideoEncoding = Literal["H264", "VP8"]

LITE_TOKEN_REQUEST_VIDEO_ENCODING_VALUES: set[LiteTokenRequestVideoEncoding] = {
    "H264",
    "VP8",
}


def check_lite_token_request_video_encoding(
    value: str,
) -> LiteTokenRequestVideoEncoding:
    if value in LITE_TOKEN_REQUEST_VIDEO_ENCODING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LITE_TOKEN_REQUEST_VIDEO_ENCODING_VALUES!r}"
    )
