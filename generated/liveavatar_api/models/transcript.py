from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.transcript_line import TranscriptLine


T = TypeVar("T", bound="Transcript")


@_attrs_define
class Transcript:
    session_active: bool
    transcript_data: list[TranscriptLine]
    next_timestamp: int | Unset = UNSET
    """ Where the next call should start (`start_timestamp`), when there is more. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_active = self.session_active

        transcript_data = []
        for transcript_data_item_data in self.transcript_data:
            transcript_data_item = transcript_data_item_data.to_dict()
            transcript_data.append(transcript_data_item)

        next_timestamp = self.next_timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_active": session_active,
                "transcript_data": transcript_data,
            }
        )
        if next_timestamp is not UNSET:
            field_dict["next_timestamp"] = next_timestamp

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.transcript_line import TranscriptLine

        d = dict(src_dict)
        session_active = d.pop("session_active")

        transcript_data = []
        _transcript_data = d.pop("transcript_data")
        for transcript_data_item_data in _transcript_data:
            transcript_data_item = TranscriptLine.from_dict(transcript_data_item_data)

            transcript_data.append(transcript_data_item)

        next_timestamp = d.pop("next_timestamp", UNSET)

        transcript = cls(
            session_active=session_active,
            transcript_data=transcript_data,
            next_timestamp=next_timestamp,
        )

        transcript.additional_properties = d
        return transcript

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
