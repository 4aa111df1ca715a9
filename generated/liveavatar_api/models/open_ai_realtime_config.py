from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenAIRealtimeConfig")


@_attrs_define
class OpenAIRealtimeConfig:
    """OpenAI Realtime drives the avatar (LITE connector)."""

    secret_id: UUID
    context_id: UUID | Unset = UNSET
    voice: str | Unset = "alloy"
    temperature: float | Unset = 0.8
    model: str | Unset = "gpt-realtime"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret_id = str(self.secret_id)

        context_id: str | Unset = UNSET
        if not isinstance(self.context_id, Unset):
            context_id = str(self.context_id)

        voice = self.voice

        temperature = self.temperature

        model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret_id": secret_id,
            }
        )
        if context_id is not UNSET:
            field_dict["context_id"] = context_id
        if voice is not UNSET:
            field_dict["voice"] = voice
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        secret_id = UUID(d.pop("secret_id"))

        _context_id = d.pop("context_id", UNSET)
        context_id: UUID | Unset
        if isinstance(_context_id, Unset):
            context_id = UNSET
        else:
            context_id = UUID(_context_id)

        voice = d.pop("voice", UNSET)

        temperature = d.pop("temperature", UNSET)

        model = d.pop("model", UNSET)

        open_ai_realtime_config = cls(
            secret_id=secret_id,
            context_id=context_id,
            voice=voice,
            temperature=temperature,
            model=model,
        )

        open_ai_realtime_config.additional_properties = d
        return open_ai_realtime_config

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
