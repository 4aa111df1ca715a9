from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DemoLlmConfig")


@_attrs_define
class DemoLlmConfig:
    """The LLM of a demo session."""

    provider: str | Unset = UNSET
    model: str | Unset = UNSET
    base_url: str | Unset = UNSET
    ciphertext_api_key: str | Unset = UNSET
    """ The LLM provider's API key, encrypted. A secret. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        model = self.model

        base_url = self.base_url

        ciphertext_api_key = self.ciphertext_api_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if provider is not UNSET:
            field_dict["provider"] = provider
        if model is not UNSET:
            field_dict["model"] = model
        if base_url is not UNSET:
            field_dict["base_url"] = base_url
        if ciphertext_api_key is not UNSET:
            field_dict["ciphertext_api_key"] = ciphertext_api_key

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        provider = d.pop("provider", UNSET)

        model = d.pop("model", UNSET)

        base_url = d.pop("base_url", UNSET)

        ciphertext_api_key = d.pop("ciphertext_api_key", UNSET)

        demo_llm_config = cls(
            provider=provider,
            model=model,
            base_url=base_url,
            ciphertext_api_key=ciphertext_api_key,
        )

        demo_llm_config.additional_properties = d
        return demo_llm_config

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
