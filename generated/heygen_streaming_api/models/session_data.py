from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ice_server import IceServer
    from ..models.session_description import SessionDescription


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
    livekit_agent_token: str
    """ Token that lets HeyGen's audio agents (e.g. Pipecat) join the room. The documentation
    says it comes with HeyGen-managed LiveKit; this contract always returns it. A secret.
     """
    realtime_endpoint: str
    """ WebSocket URL of the (alpha) Realtime API for this session. Present with HeyGen-managed
    LiveKit.
     """
    sdp: None | SessionDescription
    """ The v1 raw-WebRTC SDP offer; null for LiveKit (v2) sessions. """
    ice_servers: list[IceServer] | None
    """ The v1 raw-WebRTC ICE servers; null for LiveKit (v2) sessions. """
    ice_servers2: list[IceServer] | None
    """ The v1 raw-WebRTC ICE servers (second list); null for LiveKit (v2) sessions. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.session_description import SessionDescription

        session_id = self.session_id

        url = self.url

        access_token = self.access_token

        session_duration_limit = self.session_duration_limit

        is_paid = self.is_paid

        livekit_agent_token = self.livekit_agent_token

        realtime_endpoint = self.realtime_endpoint

        sdp: dict[str, Any] | None
        if isinstance(self.sdp, SessionDescription):
            sdp = self.sdp.to_dict()
        else:
            sdp = self.sdp

        ice_servers: list[dict[str, Any]] | None
        if isinstance(self.ice_servers, list):
            ice_servers = []
            for ice_servers_type_0_item_data in self.ice_servers:
                ice_servers_type_0_item = ice_servers_type_0_item_data.to_dict()
                ice_servers.append(ice_servers_type_0_item)

        else:
            ice_servers = self.ice_servers

        ice_servers2: list[dict[str, Any]] | None
        if isinstance(self.ice_servers2, list):
            ice_servers2 = []
            for ice_servers2_type_0_item_data in self.ice_servers2:
                ice_servers2_type_0_item = ice_servers2_type_0_item_data.to_dict()
                ice_servers2.append(ice_servers2_type_0_item)

        else:
            ice_servers2 = self.ice_servers2

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_id": session_id,
                "url": url,
                "access_token": access_token,
                "session_duration_limit": session_duration_limit,
                "is_paid": is_paid,
                "livekit_agent_token": livekit_agent_token,
                "realtime_endpoint": realtime_endpoint,
                "sdp": sdp,
                "ice_servers": ice_servers,
                "ice_servers2": ice_servers2,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ice_server import IceServer
        from ..models.session_description import SessionDescription

        d = dict(src_dict)
        session_id = d.pop("session_id")

        url = d.pop("url")

        access_token = d.pop("access_token")

        session_duration_limit = d.pop("session_duration_limit")

        is_paid = d.pop("is_paid")

        livekit_agent_token = d.pop("livekit_agent_token")

        realtime_endpoint = d.pop("realtime_endpoint")

        def _parse_sdp(data: object) -> None | SessionDescription:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sdp_type_0 = SessionDescription.from_dict(data)

                return sdp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionDescription, data)

        sdp = _parse_sdp(d.pop("sdp"))

        def _parse_ice_servers(data: object) -> list[IceServer] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                ice_servers_type_0 = []
                _ice_servers_type_0 = data
                for ice_servers_type_0_item_data in _ice_servers_type_0:
                    ice_servers_type_0_item = IceServer.from_dict(
                        ice_servers_type_0_item_data
                    )

                    ice_servers_type_0.append(ice_servers_type_0_item)

                return ice_servers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[IceServer] | None, data)

        ice_servers = _parse_ice_servers(d.pop("ice_servers"))

        def _parse_ice_servers2(data: object) -> list[IceServer] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                ice_servers2_type_0 = []
                _ice_servers2_type_0 = data
                for ice_servers2_type_0_item_data in _ice_servers2_type_0:
                    ice_servers2_type_0_item = IceServer.from_dict(
                        ice_servers2_type_0_item_data
                    )

                    ice_servers2_type_0.append(ice_servers2_type_0_item)

                return ice_servers2_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[IceServer] | None, data)

        ice_servers2 = _parse_ice_servers2(d.pop("ice_servers2"))

        session_data = cls(
            session_id=session_id,
            url=url,
            access_token=access_token,
            session_duration_limit=session_duration_limit,
            is_paid=is_paid,
            livekit_agent_token=livekit_agent_token,
            realtime_endpoint=realtime_endpoint,
            sdp=sdp,
            ice_servers=ice_servers,
            ice_servers2=ice_servers2,
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
