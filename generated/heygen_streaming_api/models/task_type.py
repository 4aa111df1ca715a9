from typing import Literal

TaskType = Literal["chat", "repeat", "talk"]

TASK_TYPE_VALUES: set[TaskType] = {
    "chat",
    "repeat",
    "talk",
}


def check_task_type(value: str) -> TaskType:
    if value in TASK_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TASK_TYPE_VALUES!r}")
