from typing import Literal

NewSessionRequestQuality = Literal["high", "low", "medium"]

NEW_SESSION_REQUEST_QUALITY_VALUES: set[NewSessionRequestQuality] = {
    "high",
    "low",
    "medium",
}


def check_new_session_request_quality(value: str) -> NewSessionRequestQuality:
    if value in NEW_SESSION_REQUEST_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NEW_SESSION_REQUEST_QUALITY_VALUES!r}"
    )
