from typing import Literal

NewSessionRequestVersion = Literal["v2"]

NEW_SESSION_REQUEST_VERSION_VALUES: set[NewSessionRequestVersion] = {
    "v2",
}


def check_new_session_request_version(value: str) -> NewSessionRequestVersion:
    if value in NEW_SESSION_REQUEST_VERSION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {NEW_SESSION_REQUEST_VERSION_VALUES!r}"
    )
