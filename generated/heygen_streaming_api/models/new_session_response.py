from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.session_data import SessionData


T = TypeVar("T", bound="NewSessionResponse")


@_attrs_define
class NewSessionResponse:
    """Envelope of a created session."""

    code: int
    """ Status code of the response: 100 on success. Informational: the HTTP status decides
    success. Any integer is accepted.
     """
    message: str
    """ Outcome of the request, typically "success". """
    data: SessionData
    """ The session's main data. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_data import SessionData

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        data = SessionData.from_dict(d.pop("data"))

        new_session_response = cls(
            code=code,
            message=message,
            data=data,
        )

        new_session_response.additional_properties = d
        return new_session_response

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
