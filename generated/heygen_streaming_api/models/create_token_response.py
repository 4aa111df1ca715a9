from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.session_token import SessionToken


T = TypeVar("T", bound="CreateTokenResponse")


@_attrs_define
class CreateTokenResponse:
    """Envelope of a created session token."""

    error: int | None
    """ Null when there is no error. """
    data: SessionToken
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | None
        error = self.error

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_token import SessionToken

        d = dict(src_dict)

        def _parse_error(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        error = _parse_error(d.pop("error"))

        data = SessionToken.from_dict(d.pop("data"))

        create_token_response = cls(
            error=error,
            data=data,
        )

        create_token_response.additional_properties = d
        return create_token_response

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
