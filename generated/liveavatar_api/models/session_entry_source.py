from typing import Literal

SessionEntrySource = Literal["API", "APP", "DEMO", "EMBED"]

SESSION_ENTRY_SOURCE_VALUES: set[SessionEntrySource] = {
    "API",
    "APP",
    "DEMO",
    "EMBED",
}


def check_session_entry_source(value: str) -> SessionEntrySource:
    if value in SESSION_ENTRY_SOURCE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SESSION_ENTRY_SOURCE_VALUES!r}"
    )
