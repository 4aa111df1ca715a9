from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.session_request import SessionRequest
from ...models.success import Success
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SessionRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/sessions",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | Success | None:
    if response.status_code == 200:
        response_200 = Success.from_dict(response.json())

        return response_200

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = ErrorResponse.from_dict(response.json())

        return response_408

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorResponse.from_dict(response.json())

        return response_415

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
) -> Response[ErrorResponse | Success]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SessionRequest | Unset = UNSET,
) -> Response[ErrorResponse | Success]:
    """Stop the session its token names (legacy route).

     The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
    LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
    `POST /v1/sessions/stop`.

    Args:
        body (SessionRequest | Unset): With the session token, `{}` or no body; with the API key,
            the session's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Success]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SessionRequest | Unset = UNSET,
) -> ErrorResponse | Success | None:
    """Stop the session its token names (legacy route).

     The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
    LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
    `POST /v1/sessions/stop`.

    Args:
        body (SessionRequest | Unset): With the session token, `{}` or no body; with the API key,
            the session's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Success
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SessionRequest | Unset = UNSET,
) -> Response[ErrorResponse | Success]:
    """Stop the session its token names (legacy route).

     The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
    LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
    `POST /v1/sessions/stop`.

    Args:
        body (SessionRequest | Unset): With the session token, `{}` or no body; with the API key,
            the session's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Success]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SessionRequest | Unset = UNSET,
) -> ErrorResponse | Success | None:
    """Stop the session its token names (legacy route).

     The stop route before 2025-10-16, still called by HeyGen's demo backend and the skill's
    LITE teardown. It does what `POST /v1/sessions/stop` does, with the session token. Use
    `POST /v1/sessions/stop`.

    Args:
        body (SessionRequest | Unset): With the session token, `{}` or no body; with the API key,
            the session's id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Success
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def build_request_kwargs(
    *,
    body: SessionRequest | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation (method, url, body, params, headers)."""
    return _get_kwargs(
        body=body,
    )


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | Success | None:
    """The generated model of `response` by its documented status (None for an undocumented one)."""
    return _parse_response(client=client, response=response)
