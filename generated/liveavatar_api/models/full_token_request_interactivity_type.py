from typing import Literal

FullTokenRequestInteractivityType = Literal["CONVERSATIONAL", "PUSH_TO_TALK"]

FULL_TOKEN_REQUEST_INTERACTIVITY_TYPE_VALUES: set[FullTokenRequestInteractivityType] = {
    "CONVERSATIONAL",
    "PUSH_TO_TALK",
}


def check_full_token_request_interactivity_type(
    value: str,
) -> FullTokenRequestInteractivityType:
    if value in FULL_TOKEN_REQUEST_INTERACTIVITY_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FULL_TOKEN_REQUEST_INTERACTIVITY_TYPE_VALUES!r}"
    )
