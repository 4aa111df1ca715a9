from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StartSessionData")


@_attrs_define
class StartSessionData:
    """The started session's room credentials and WebSocket."""

    session_id: str
    livekit_url: str
    """ The LiveKit server. """
    livekit_client_token: str
    """ The LiveKit token of the front end (the user). A secret. """
    livekit_agent_token: str
    """ The LiveKit token of your agent in LiveAvatar's room. A secret. """
    max_session_duration: int
    """ The session's maximum length in seconds. """
    ws_url: str
    """ The LITE event WebSocket (`agent.speak`, `session.keep_alive`, ...). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        livekit_url = self.livekit_url

        livekit_client_token = self.livekit_client_token

        livekit_agent_token = self.livekit_agent_token

        max_session_duration = self.max_session_duration

        ws_url = self.ws_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_id": session_id,
                "livekit_url": livekit_url,
                "livekit_client_token": livekit_client_token,
                "livekit_agent_token": livekit_agent_token,
                "max_session_duration": max_session_duration,
                "ws_url": ws_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        livekit_url = d.pop("livekit_url")

        livekit_client_token = d.pop("livekit_client_token")

        livekit_agent_token = d.pop("livekit_agent_token")

        max_session_duration = d.pop("max_session_duration")

        ws_url = d.pop("ws_url")

        start_session_data = cls(
            session_id=session_id,
            livekit_url=livekit_url,
            livekit_client_token=livekit_client_token,
            livekit_agent_token=livekit_agent_token,
            max_session_duration=max_session_duration,
            ws_url=ws_url,
        )

        start_session_data.additional_properties = d
        return start_session_data

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
