from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """Body of every error answer."""

    code: int
    """ Four digits: 4000 validation (422) or a bad request (400), 4003 not authenticated (403),
    4004 unknown session (404), 4009 wrong state (409), 4029 too many sessions or requests
    (429); other statuses 4000 + their last two digits (4008, 4013, 4015, 4031), 5000 and
    5003 for 500 and 503.
     """
    data: None
    message: str
    """ The cause; for validation "Request validation errors. <where>: <what>" (F-422). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        data = self.data

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "data": data,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        data = d.pop("data")

        message = d.pop("message")

        error_response = cls(
            code=code,
            data=data,
            message=message,
        )

        error_response.additional_properties = d
        return error_response

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
