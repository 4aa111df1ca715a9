from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_settings_encoding import (
    VideoSettingsEncoding,
    check_video_settings_encoding,
)
from ..models.video_settings_quality import (
    VideoSettingsQuality,
    check_video_settings_quality,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoSettings")


@_attrs_define
class VideoSettings:
    """The streamed video."""

    quality: VideoSettingsQuality | Unset = "high"
    encoding: VideoSettingsEncoding | Unset = "H264"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality

        encoding: str | Unset = UNSET
        if not isinstance(self.encoding, Unset):
            encoding = self.encoding

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if quality is not UNSET:
            field_dict["quality"] = quality
        if encoding is not UNSET:
            field_dict["encoding"] = encoding

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _quality = d.pop("quality", UNSET)
        quality: VideoSettingsQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = check_video_settings_quality(_quality)

        _encoding = d.pop("encoding", UNSET)
        encoding: VideoSettingsEncoding | Unset
        if isinstance(_encoding, Unset):
            encoding = UNSET
        else:
            encoding = check_video_settings_encoding(_encoding)

        video_settings = cls(
            quality=quality,
            encoding=encoding,
        )

        video_settings.additional_properties = d
        return video_settings

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
