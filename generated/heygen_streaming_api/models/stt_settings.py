from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.stt_provider import SttProvider, check_stt_provider
from ..types import UNSET, Unset

T = TypeVar("T", bound="STTSettings")


@_attrs_define
class STTSettings:
    """(beta) Speech-to-text settings."""

    provider: SttProvider | Unset = UNSET
    """ (beta) The speech-to-text model: `deepgram`, `gladia` or `assembly_ai`. """
    confidence: float | Unset = 0.55
    """ Confidence level, a probability from 0 to 1. Default 0.55. """

    def to_dict(self) -> dict[str, Any]:
        provider: str | Unset = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider

        confidence = self.confidence

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if provider is not UNSET:
            field_dict["provider"] = provider
        if confidence is not UNSET:
            field_dict["confidence"] = confidence

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _provider = d.pop("provider", UNSET)
        provider: SttProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = check_stt_provider(_provider)

        confidence = d.pop("confidence", UNSET)

        stt_settings = cls(
            provider=provider,
            confidence=confidence,
        )

        return stt_settings
