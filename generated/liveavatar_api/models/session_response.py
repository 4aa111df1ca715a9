from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.session_entry import SessionEntry


T = TypeVar("T", bound="SessionResponse")


@_attrs_define
class SessionResponse:
    code: Literal[1000]
    """ 1000 on success (HeyGen's web SDK refuses any other value). """
    data: None | SessionEntry
    """ The session (D-md also allows null; this contract answers 404 instead). """
    message: str
    """ Outcome of the request. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.session_entry import SessionEntry

        code = self.code

        data: dict[str, Any] | None
        if isinstance(self.data, SessionEntry):
            data = self.data.to_dict()
        else:
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
        from ..models.session_entry import SessionEntry

        d = dict(src_dict)
        code = cast(Literal[1000], d.pop("code"))
        if code != 1000:
            raise ValueError(f"code must match const 1000, got '{code}'")

        def _parse_data(data: object) -> None | SessionEntry:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = SessionEntry.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionEntry, data)

        data = _parse_data(d.pop("data"))

        message = d.pop("message")

        session_response = cls(
            code=code,
            data=data,
            message=message,
        )

        session_response.additional_properties = d
        return session_response

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
