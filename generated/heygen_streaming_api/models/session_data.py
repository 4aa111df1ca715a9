from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionData")


@_attrs_define
class SessionData:
    """The session's main data."""

    session_id: str
    """ Unique identifier of the session. """
    url: str
    """ WebSocket URL of the LiveKit room, e.g. `wss://...livekit.cloud`. """
    access_token: str
    """ Access token required to authenticate and join the LiveKit room. A secret. """
    session_duration_limit: int
    """ Maximum duration of the session, in seconds. """
    is_paid: bool
    """ Whether the session is part of a paid plan. """
    livekit_agent_token: str | Unset = UNSET
    """ Token that lets HeyGen's audio agents (e.g. Pipecat) join the room. Only present with
    HeyGen-managed LiveKit. A secret.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        url = self.url

        access_token = self.access_token

        session_duration_limit = self.session_duration_limit

        is_paid = self.is_paid

        livekit_agent_token = self.livekit_agent_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_id": session_id,
                "url": url,
                "access_token": access_token,
                "session_duration_limit": session_duration_limit,
                "is_paid": is_paid,
            }
        )
        if livekit_agent_token is not UNSET:
            field_dict["livekit_agent_token"] = livekit_agent_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        url = d.pop("url")

        access_token = d.pop("access_token")

        session_duration_limit = d.pop("session_duration_limit")

        is_paid = d.pop("is_paid")

        livekit_agent_token = d.pop("livekit_agent_token", UNSET)

        session_data = cls(
            session_id=session_id,
            url=url,
            access_token=access_token,
            session_duration_limit=session_duration_limit,
            is_paid=is_paid,
            livekit_agent_token=livekit_agent_token,
        )

        session_data.additional_properties = d
        return session_data

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
