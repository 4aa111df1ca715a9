from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionHistoryItem")


@_attrs_define
class SessionHistoryItem:
    session_id: str
    status: str
    """ State of a session: `new`, `connecting`, `connected` (D-list1, D-list2), or `closed` (this
    contract's name for an ended session in the history). Other values may appear.
     """
    created_at: float
    """ Creation time, a Unix timestamp in seconds. """
    api_key_type: None | str | Unset = UNSET
    """ The kind of key that opened the session (e.g. `trial`, `paid`). """
    duration: float | None | Unset = UNSET
    """ How long the session lasted (so far), in seconds. """
    avatar_id: None | str | Unset = UNSET
    voice_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        status = self.status

        created_at = self.created_at

        api_key_type: None | str | Unset
        if isinstance(self.api_key_type, Unset):
            api_key_type = UNSET
        else:
            api_key_type = self.api_key_type

        duration: float | None | Unset
        if isinstance(self.duration, Unset):
            duration = UNSET
        else:
            duration = self.duration

        avatar_id: None | str | Unset
        if isinstance(self.avatar_id, Unset):
            avatar_id = UNSET
        else:
            avatar_id = self.avatar_id

        voice_name: None | str | Unset
        if isinstance(self.voice_name, Unset):
            voice_name = UNSET
        else:
            voice_name = self.voice_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_id": session_id,
                "status": status,
                "created_at": created_at,
            }
        )
        if api_key_type is not UNSET:
            field_dict["api_key_type"] = api_key_type
        if duration is not UNSET:
            field_dict["duration"] = duration
        if avatar_id is not UNSET:
            field_dict["avatar_id"] = avatar_id
        if voice_name is not UNSET:
            field_dict["voice_name"] = voice_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        status = d.pop("status")

        created_at = d.pop("created_at")

        def _parse_api_key_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_key_type = _parse_api_key_type(d.pop("api_key_type", UNSET))

        def _parse_duration(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration = _parse_duration(d.pop("duration", UNSET))

        def _parse_avatar_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_id = _parse_avatar_id(d.pop("avatar_id", UNSET))

        def _parse_voice_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voice_name = _parse_voice_name(d.pop("voice_name", UNSET))

        session_history_item = cls(
            session_id=session_id,
            status=status,
            created_at=created_at,
            api_key_type=api_key_type,
            duration=duration,
            avatar_id=avatar_id,
            voice_name=voice_name,
        )

        session_history_item.additional_properties = d
        return session_history_item

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
