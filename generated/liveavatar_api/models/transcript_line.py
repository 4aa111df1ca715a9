from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transcript_line_role import TranscriptLineRole, check_transcript_line_role

T = TypeVar("T", bound="TranscriptLine")


@_attrs_define
class TranscriptLine:
    role: TranscriptLineRole
    transcript: str
    absolute_timestamp: int
    """ When the line was said, Unix time in seconds. """
    relative_timestamp: int
    """ When the line was said, seconds after the session started. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role: str = self.role

        transcript = self.transcript

        absolute_timestamp = self.absolute_timestamp

        relative_timestamp = self.relative_timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "transcript": transcript,
                "absolute_timestamp": absolute_timestamp,
                "relative_timestamp": relative_timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        role = check_transcript_line_role(d.pop("role"))

        transcript = d.pop("transcript")

        absolute_timestamp = d.pop("absolute_timestamp")

        relative_timestamp = d.pop("relative_timestamp")

        transcript_line = cls(
            role=role,
            transcript=transcript,
            absolute_timestamp=absolute_timestamp,
            relative_timestamp=relative_timestamp,
        )

        transcript_line.additional_properties = d
        return transcript_line

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
