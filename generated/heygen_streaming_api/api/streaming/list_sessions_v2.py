from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_sessions_v2_response import ListSessionsV2Response
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["pagination_token"] = pagination_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/streaming.list",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListSessionsV2Response | None:
    if response.status_code == 200:
        response_200 = ListSessionsV2Response.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 408:
        response_408 = ErrorResponse.from_dict(response.json())

        return response_408

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
) -> Response[ErrorResponse | ListSessionsV2Response]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
) -> Response[ErrorResponse | ListSessionsV2Response]:
    """Page through the account's session history.

     Every session of the caller's account, closed ones included, newest first, a page at a
    time (D-list2, D-list2-cl). D-list2-cl also mentions filters by date range and by status,
    whose parameter names are not known; they are not described here.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 10.
        pagination_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListSessionsV2Response]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        pagination_token=pagination_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
) -> ErrorResponse | ListSessionsV2Response | None:
    """Page through the account's session history.

     Every session of the caller's account, closed ones included, newest first, a page at a
    time (D-list2, D-list2-cl). D-list2-cl also mentions filters by date range and by status,
    whose parameter names are not known; they are not described here.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 10.
        pagination_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListSessionsV2Response
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        pagination_token=pagination_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
) -> Response[ErrorResponse | ListSessionsV2Response]:
    """Page through the account's session history.

     Every session of the caller's account, closed ones included, newest first, a page at a
    time (D-list2, D-list2-cl). D-list2-cl also mentions filters by date range and by status,
    whose parameter names are not known; they are not described here.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 10.
        pagination_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListSessionsV2Response]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        pagination_token=pagination_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
) -> ErrorResponse | ListSessionsV2Response | None:
    """Page through the account's session history.

     Every session of the caller's account, closed ones included, newest first, a page at a
    time (D-list2, D-list2-cl). D-list2-cl also mentions filters by date range and by status,
    whose parameter names are not known; they are not described here.

    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 10.
        pagination_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListSessionsV2Response
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            pagination_token=pagination_token,
        )
    ).parsed


def build_request_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation (method, url, body, params, headers)."""
    return _get_kwargs(
        page=page,
        page_size=page_size,
        pagination_token=pagination_token,
    )


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListSessionsV2Response | None:
    """The generated model of `response` by its documented status (None for an undocumented one)."""
    return _parse_response(client=client, response=response)
