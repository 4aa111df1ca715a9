from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AgoraConfig")


@_attrs_define
class AgoraConfig:
    """An Agora channel, which the avatar joins (LITE)."""

    agora_app_id: str
    agora_token: str
    """ The Agora token. A secret. """
    agora_channel: str
    agora_uid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agora_app_id = self.agora_app_id

        agora_token = self.agora_token

        agora_channel = self.agora_channel

        agora_uid = self.agora_uid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agora_app_id": agora_app_id,
                "agora_token": agora_token,
                "agora_channel": agora_channel,
                "agora_uid": agora_uid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        agora_app_id = d.pop("agora_app_id")

        agora_token = d.pop("agora_token")

        agora_channel = d.pop("agora_channel")

        agora_uid = d.pop("agora_uid")

        agora_config = cls(
            agora_app_id=agora_app_id,
            agora_token=agora_token,
            agora_channel=agora_channel,
            agora_uid=agora_uid,
        )

        agora_config.additional_properties = d
        return agora_config

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
