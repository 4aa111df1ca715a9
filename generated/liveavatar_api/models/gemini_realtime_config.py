from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gemini_realtime_config_model import (
    GeminiRealtimeConfigModel,
    check_gemini_realtime_config_model,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="GeminiRealtimeConfig")


@_attrs_define
class GeminiRealtimeConfig:
    """Gemini Live drives the avatar (LITE connector)."""

    secret_id: UUID
    context_id: UUID | Unset = UNSET
    voice: str | Unset = "Puck"
    temperature: float | Unset = 0.8
    model: GeminiRealtimeConfigModel | Unset = "gemini-3.1-flash-live-preview"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret_id = str(self.secret_id)

        context_id: str | Unset = UNSET
        if not isinstance(self.context_id, Unset):
            context_id = str(self.context_id)

        voice = self.voice

        temperature = self.temperature

        model: str | Unset = UNSET
        if not isinstance(self.model, Unset):
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

        _model = d.pop("model", UNSET)
        model: GeminiRealtimeConfigModel | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = check_gemini_realtime_config_model(_model)

        gemini_realtime_config = cls(
            secret_id=secret_id,
            context_id=context_id,
            voice=voice,
            temperature=temperature,
            model=model,
        )

        gemini_realtime_config.additional_properties = d
        return gemini_realtime_config

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
