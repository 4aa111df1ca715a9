from typing import Literal

SessionEntryMode = Literal["FULL", "LITE"]

SESSION_ENTRY_MODE_VALUES: set[SessionEntryMode] = {
    "FULL",
    "LITE",
}


def check_session_entry_mode(value: str) -> SessionEntryMode:
    if value in SESSION_ENTRY_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SESSION_ENTRY_MODE_VALUES!r}"
    )
