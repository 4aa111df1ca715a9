from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_entry_mode import SessionEntryMode, check_session_entry_mode
from ..models.session_entry_source import SessionEntrySource, check_session_entry_source
from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionEntry")


@_attrs_define
class SessionEntry:
    """A session as the list shows it; historic ones also carry `end_at` and `end_reason`."""

    id: UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    duration: int
    """ How long the session ran (so far), in seconds. """
    source: SessionEntrySource
    mode: SessionEntryMode
    is_sandbox: bool
    credits_consumed: float
    end_at: datetime.datetime | None | Unset = UNSET
    end_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        duration = self.duration

        source: str = self.source

        mode: str = self.mode

        is_sandbox = self.is_sandbox

        credits_consumed = self.credits_consumed

        end_at: None | str | Unset
        if isinstance(self.end_at, Unset):
            end_at = UNSET
        elif isinstance(self.end_at, datetime.datetime):
            end_at = self.end_at.isoformat()
        else:
            end_at = self.end_at

        end_reason: None | str | Unset
        if isinstance(self.end_reason, Unset):
            end_reason = UNSET
        else:
            end_reason = self.end_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "created_at": created_at,
                "updated_at": updated_at,
                "duration": duration,
                "source": source,
                "mode": mode,
                "is_sandbox": is_sandbox,
                "credits_consumed": credits_consumed,
            }
        )
        if end_at is not UNSET:
            field_dict["end_at"] = end_at
        if end_reason is not UNSET:
            field_dict["end_reason"] = end_reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        duration = d.pop("duration")

        source = check_session_entry_source(d.pop("source"))

        mode = check_session_entry_mode(d.pop("mode"))

        is_sandbox = d.pop("is_sandbox")

        credits_consumed = d.pop("credits_consumed")

        def _parse_end_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_at_type_0 = datetime.datetime.fromisoformat(data)

                return end_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        end_at = _parse_end_at(d.pop("end_at", UNSET))

        def _parse_end_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        end_reason = _parse_end_reason(d.pop("end_reason", UNSET))

        session_entry = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            duration=duration,
            source=source,
            mode=mode,
            is_sandbox=is_sandbox,
            credits_consumed=credits_consumed,
            end_at=end_at,
            end_reason=end_reason,
        )

        session_entry.additional_properties = d
        return session_entry

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
