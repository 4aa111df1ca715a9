from typing import Literal

FullTokenRequestVideoEncoding = Literal["H264", "VP8"]

FULL_TOKEN_REQUEST_VIDEO_ENCODING_VALUES: set[FullTokenRequestVideoEncoding] = {
    "H264",
    "VP8",
}


def check_full_token_request_video_encoding(
    value: str,
) -> FullTokenRequestVideoEncoding:
    if value in FULL_TOKEN_REQUEST_VIDEO_ENCODING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FULL_TOKEN_REQUEST_VIDEO_ENCODING_VALUES!r}"
    )
