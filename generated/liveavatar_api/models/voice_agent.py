from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dynamic_variables import DynamicVariables


T = TypeVar("T", bound="VoiceAgent")


@_attrs_define
class VoiceAgent:
    """A voice agent, the newer alternative to `avatar_persona` (D-va)."""

    id: UUID
    language: str | Unset = UNSET
    dynamic_variables: DynamicVariables | Unset = UNSET
    """ Values for `${var}` in the context's `opening_text` and `prompt`; extra keys are ignored. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        language = self.language

        dynamic_variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dynamic_variables, Unset):
            dynamic_variables = self.dynamic_variables.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if dynamic_variables is not UNSET:
            field_dict["dynamic_variables"] = dynamic_variables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dynamic_variables import DynamicVariables

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        language = d.pop("language", UNSET)

        _dynamic_variables = d.pop("dynamic_variables", UNSET)
        dynamic_variables: DynamicVariables | Unset
        if isinstance(_dynamic_variables, Unset):
            dynamic_variables = UNSET
        else:
            dynamic_variables = DynamicVariables.from_dict(_dynamic_variables)

        voice_agent = cls(
            id=id,
            language=language,
            dynamic_variables=dynamic_variables,
        )

        voice_agent.additional_properties = d
        return voice_agent

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
