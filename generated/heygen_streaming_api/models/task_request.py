from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_mode import TaskMode, check_task_mode
from ..models.task_type import TaskType, check_task_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="TaskRequest")


@_attrs_define
class TaskRequest:
    """A text for the avatar."""

    session_id: str
    """ The `session_id` that `streaming.new` returned. """
    text: str
    """ The text to speak (`repeat`) or to answer (`chat`/`talk`). """
    task_mode: TaskMode | Unset = "sync"
    """ `sync` answers when the avatar has finished speaking; `async` at once. """
    task_type: TaskType | Unset = "repeat"
    """ `repeat` speaks the text as given; `chat` treats it as the user's message and answers from
    the knowledge base; `talk` is the SDK's name for `chat`.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        text = self.text

        task_mode: str | Unset = UNSET
        if not isinstance(self.task_mode, Unset):
            task_mode = self.task_mode

        task_type: str | Unset = UNSET
        if not isinstance(self.task_type, Unset):
            task_type = self.task_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_id": session_id,
                "text": text,
            }
        )
        if task_mode is not UNSET:
            field_dict["task_mode"] = task_mode
        if task_type is not UNSET:
            field_dict["task_type"] = task_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        text = d.pop("text")

        _task_mode = d.pop("task_mode", UNSET)
        task_mode: TaskMode | Unset
        if isinstance(_task_mode, Unset):
            task_mode = UNSET
        else:
            task_mode = check_task_mode(_task_mode)

        _task_type = d.pop("task_type", UNSET)
        task_type: TaskType | Unset
        if isinstance(_task_type, Unset):
            task_type = UNSET
        else:
            task_type = check_task_type(_task_type)

        task_request = cls(
            session_id=session_id,
            text=text,
            task_mode=task_mode,
            task_type=task_type,
        )

        task_request.additional_properties = d
        return task_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
