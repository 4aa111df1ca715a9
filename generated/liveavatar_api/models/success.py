from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Success")


@_attrs_define
class Success:
    """Envelope of a call that answers nothing else."""

    code: Literal[1000]
    """ 1000 on success (HeyGen's web SDK refuses any other value). """
    data: Any
    """ Nothing of use (D-md types it "any"); null here. """
    message: str
    """ Outcome of the request. """
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
        code = cast(Literal[1000], d.pop("code"))
        if code != 1000:
            raise ValueError(f"code must match const 1000, got '{code}'")

        data = d.pop("data")

        message = d.pop("message")

        success = cls(
            code=code,
            data=data,
            message=message,
        )

        success.additional_properties = d
        return success

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
