from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.eleven_labs_agent_config_dynamic_variables import (
        ElevenLabsAgentConfigDynamicVariables,
    )


T = TypeVar("T", bound="ElevenLabsAgentConfig")


@_attrs_define
class ElevenLabsAgentConfig:
    """An ElevenLabs agent drives the avatar (LITE connector)."""

    secret_id: UUID
    """ The id of the ElevenLabs key stored in LiveAvatar (the id, not the key). """
    agent_id: str
    voice_id: str | Unset = UNSET
    dynamic_variables: ElevenLabsAgentConfigDynamicVariables | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret_id = str(self.secret_id)

        agent_id = self.agent_id

        voice_id = self.voice_id

        dynamic_variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dynamic_variables, Unset):
            dynamic_variables = self.dynamic_variables.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret_id": secret_id,
                "agent_id": agent_id,
            }
        )
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if dynamic_variables is not UNSET:
            field_dict["dynamic_variables"] = dynamic_variables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.eleven_labs_agent_config_dynamic_variables import (
            ElevenLabsAgentConfigDynamicVariables,
        )

        d = dict(src_dict)
        secret_id = UUID(d.pop("secret_id"))

        agent_id = d.pop("agent_id")

        voice_id = d.pop("voice_id", UNSET)

        _dynamic_variables = d.pop("dynamic_variables", UNSET)
        dynamic_variables: ElevenLabsAgentConfigDynamicVariables | Unset
        if isinstance(_dynamic_variables, Unset):
            dynamic_variables = UNSET
        else:
            dynamic_variables = ElevenLabsAgentConfigDynamicVariables.from_dict(
                _dynamic_variables
            )

        eleven_labs_agent_config = cls(
            secret_id=secret_id,
            agent_id=agent_id,
            voice_id=voice_id,
            dynamic_variables=dynamic_variables,
        )

        eleven_labs_agent_config.additional_properties = d
        return eleven_labs_agent_config

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
