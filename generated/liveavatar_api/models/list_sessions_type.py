from typing import Literal

ListSessionsType = Literal["active", "historic"]

LIST_SESSIONS_TYPE_VALUES: set[ListSessionsType] = {
    "active",
    "historic",
}


def check_list_sessions_type(value: str) -> ListSessionsType:
    if value in LIST_SESSIONS_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_SESSIONS_TYPE_VALUES!r}"
    )
