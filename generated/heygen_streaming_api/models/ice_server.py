from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="IceServer")


@_attrs_define
class IceServer:
    """An ICE server (v1 raw WebRTC only)."""

    urls: list[str] | str
    username: str | Unset = UNSET
    credential: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        urls: list[str] | str
        if isinstance(self.urls, list):
            urls = self.urls

        else:
            urls = self.urls

        username = self.username

        credential = self.credential

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "urls": urls,
            }
        )
        if username is not UNSET:
            field_dict["username"] = username
        if credential is not UNSET:
            field_dict["credential"] = credential

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_urls(data: object) -> list[str] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                urls_type_1 = cast(list[str], data)

                return urls_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str, data)

        urls = _parse_urls(d.pop("urls"))

        username = d.pop("username", UNSET)

        credential = d.pop("credential", UNSET)

        ice_server = cls(
            urls=urls,
            username=username,
            credential=credential,
        )

        ice_server.additional_properties = d
        return ice_server

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
