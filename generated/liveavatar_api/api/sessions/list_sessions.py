from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_sessions_response import ListSessionsResponse
from ...models.list_sessions_type import ListSessionsType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: ListSessionsType,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: str = type_
    params["type"] = json_type_

    params["page"] = page

    params["page_size"] = page_size

    params["avatar_id"] = avatar_id

    params["embed_id"] = embed_id

    params["context_id"] = context_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListSessionsResponse | None:
    if response.status_code == 200:
        response_200 = ListSessionsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 408:
        response_408 = ErrorResponse.from_dict(response.json())

        return response_408

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 431:
        response_431 = ErrorResponse.from_dict(response.json())

        return response_431

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ListSessionsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> Response[ErrorResponse | ListSessionsResponse]:
    """Page through the account's sessions, active or historic.

     The sessions of the key's account, newest first, a page at a time: `type=active` gives the
    sessions not yet closed, `type=historic` the closed ones (with `end_at` and `end_reason`).
    Entries carry no state field.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListSessionsResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        page=page,
        page_size=page_size,
        avatar_id=avatar_id,
        embed_id=embed_id,
        context_id=context_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> ErrorResponse | ListSessionsResponse | None:
    """Page through the account's sessions, active or historic.

     The sessions of the key's account, newest first, a page at a time: `type=active` gives the
    sessions not yet closed, `type=historic` the closed ones (with `end_at` and `end_reason`).
    Entries carry no state field.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListSessionsResponse
    """

    return sync_detailed(
        client=client,
        type_=type_,
        page=page,
        page_size=page_size,
        avatar_id=avatar_id,
        embed_id=embed_id,
        context_id=context_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> Response[ErrorResponse | ListSessionsResponse]:
    """Page through the account's sessions, active or historic.

     The sessions of the key's account, newest first, a page at a time: `type=active` gives the
    sessions not yet closed, `type=historic` the closed ones (with `end_at` and `end_reason`).
    Entries carry no state field.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListSessionsResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        page=page,
        page_size=page_size,
        avatar_id=avatar_id,
        embed_id=embed_id,
        context_id=context_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> ErrorResponse | ListSessionsResponse | None:
    """Page through the account's sessions, active or historic.

     The sessions of the key's account, newest first, a page at a time: `type=active` gives the
    sessions not yet closed, `type=historic` the closed ones (with `end_at` and `end_reason`).
    Entries carry no state field.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListSessionsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            page=page,
            page_size=page_size,
            avatar_id=avatar_id,
            embed_id=embed_id,
            context_id=context_id,
        )
    ).parsed


def build_request_kwargs(
    *,
    type_: ListSessionsType,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation (method, url, body, params, headers)."""
    return _get_kwargs(
        type_=type_,
        page=page,
        page_size=page_size,
        avatar_id=avatar_id,
        embed_id=embed_id,
        context_id=context_id,
    )


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListSessionsResponse | None:
    """The generated model of `response` by its documented status (None for an undocumented one)."""
    return _parse_response(client=client, response=response)
