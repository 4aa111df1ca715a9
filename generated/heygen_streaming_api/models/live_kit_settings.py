from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LiveKitSettings")


@_attrs_define
class LiveKitSettings:
    """(beta) Settings to connect to your own LiveKit instance. Only for callers who do not use
    HeyGen's LiveKit instance.

    """

    room: str | Unset = UNSET
    """ The LiveKit room to join; must match the room claim of `token`. """
    url: str | Unset = UNSET
    """ URL of your LiveKit server, e.g. `wss://mylivekit.example.com`. """
    token: str | Unset = UNSET
    """ A valid LiveKit access token with the permissions needed to join `room`. A secret. """

    def to_dict(self) -> dict[str, Any]:
        room = self.room

        url = self.url

        token = self.token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if room is not UNSET:
            field_dict["room"] = room
        if url is not UNSET:
            field_dict["url"] = url
        if token is not UNSET:
            field_dict["token"] = token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        room = d.pop("room", UNSET)

        url = d.pop("url", UNSET)

        token = d.pop("token", UNSET)

        live_kit_settings = cls(
            room=room,
            url=url,
            token=token,
        )

        return live_kit_settings
