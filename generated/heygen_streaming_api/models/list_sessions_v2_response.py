from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_history_item import SessionHistoryItem


T = TypeVar("T", bound="ListSessionsV2Response")


@_attrs_define
class ListSessionsV2Response:
    """One page of the account's session history (D-list2)."""

    total: int
    page: int
    page_size: int
    data: list[SessionHistoryItem]
    next_pagination_token: None | str | Unset = UNSET
    """ Token of the next page; null on the last page. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        page = self.page

        page_size = self.page_size

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        next_pagination_token: None | str | Unset
        if isinstance(self.next_pagination_token, Unset):
            next_pagination_token = UNSET
        else:
            next_pagination_token = self.next_pagination_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "page": page,
                "page_size": page_size,
                "data": data,
            }
        )
        if next_pagination_token is not UNSET:
            field_dict["next_pagination_token"] = next_pagination_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_history_item import SessionHistoryItem

        d = dict(src_dict)
        total = d.pop("total")

        page = d.pop("page")

        page_size = d.pop("page_size")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = SessionHistoryItem.from_dict(data_item_data)

            data.append(data_item)

        def _parse_next_pagination_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_pagination_token = _parse_next_pagination_token(
            d.pop("next_pagination_token", UNSET)
        )

        list_sessions_v2_response = cls(
            total=total,
            page=page,
            page_size=page_size,
            data=data,
            next_pagination_token=next_pagination_token,
        )

        list_sessions_v2_response.additional_properties = d
        return list_sessions_v2_response

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
