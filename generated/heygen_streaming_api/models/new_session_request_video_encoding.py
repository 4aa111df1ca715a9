from typing import Literal

NewSessionRequestVideoEncoding = Literal["H264", "VP8"]

NEW_SESSION_REQUEST_VIDEO_ENCODING_VALUES: set[NewSessionRequestVideoEncoding] = {
    "H264",
    "VP8",
}


def check_new_session_request_video_encoding(
    value: str,
) -> NewSessionRequestVideoEncoding:
    if value in NEW_SESSION_REQUEST_VIDEO_ENCODING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NEW_SESSION_REQUEST_VIDEO_ENCODING_VALUES!r}"
    )
