from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.start_session_request import StartSessionRequest
from ...models.start_session_response import StartSessionResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: StartSessionRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/start",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | StartSessionResponse | None:
    if response.status_code == 201:
        response_201 = StartSessionResponse.from_dict(response.json())

        return response_201

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = ErrorResponse.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
) -> Response[ErrorResponse | StartSessionResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: StartSessionRequest | Unset = UNSET,
) -> Response[ErrorResponse | StartSessionResponse]:
    """Start the session its token names.

     Spins up the avatar and answers the room's credentials and the LITE WebSocket. The session
    is the one the Bearer session token was minted with: the call takes no identifier (a body
    `session_id` is accepted, and must name the token's session). Only a `created` session
    starts (409, code 4009, otherwise); past the account's concurrent-session limit the call is
    answered 429 (code 4029). Starting resets the idle timer.

    The body is optional and may be absent with or without a `Content-Type` (pipecat sends
    neither, the web SDK a JSON content type and no body). An `X-API-KEY` sent as well (the
    starter sends it on every call) is ignored: this call is authenticated by the token.

    Args:
        body (StartSessionRequest | Unset): Optional; the token names the session. A `session_id`
            must be the token's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StartSessionResponse]
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
    body: StartSessionRequest | Unset = UNSET,
) -> ErrorResponse | StartSessionResponse | None:
    """Start the session its token names.

     Spins up the avatar and answers the room's credentials and the LITE WebSocket. The session
    is the one the Bearer session token was minted with: the call takes no identifier (a body
    `session_id` is accepted, and must name the token's session). Only a `created` session
    starts (409, code 4009, otherwise); past the account's concurrent-session limit the call is
    answered 429 (code 4029). Starting resets the idle timer.

    The body is optional and may be absent with or without a `Content-Type` (pipecat sends
    neither, the web SDK a JSON content type and no body). An `X-API-KEY` sent as well (the
    starter sends it on every call) is ignored: this call is authenticated by the token.

    Args:
        body (StartSessionRequest | Unset): Optional; the token names the session. A `session_id`
            must be the token's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | StartSessionResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: StartSessionRequest | Unset = UNSET,
) -> Response[ErrorResponse | StartSessionResponse]:
    """Start the session its token names.

     Spins up the avatar and answers the room's credentials and the LITE WebSocket. The session
    is the one the Bearer session token was minted with: the call takes no identifier (a body
    `session_id` is accepted, and must name the token's session). Only a `created` session
    starts (409, code 4009, otherwise); past the account's concurrent-session limit the call is
    answered 429 (code 4029). Starting resets the idle timer.

    The body is optional and may be absent with or without a `Content-Type` (pipecat sends
    neither, the web SDK a JSON content type and no body). An `X-API-KEY` sent as well (the
    starter sends it on every call) is ignored: this call is authenticated by the token.

    Args:
        body (StartSessionRequest | Unset): Optional; the token names the session. A `session_id`
            must be the token's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | StartSessionResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: StartSessionRequest | Unset = UNSET,
) -> ErrorResponse | StartSessionResponse | None:
    """Start the session its token names.

     Spins up the avatar and answers the room's credentials and the LITE WebSocket. The session
    is the one the Bearer session token was minted with: the call takes no identifier (a body
    `session_id` is accepted, and must name the token's session). Only a `created` session
    starts (409, code 4009, otherwise); past the account's concurrent-session limit the call is
    answered 429 (code 4029). Starting resets the idle timer.

    The body is optional and may be absent with or without a `Content-Type` (pipecat sends
    neither, the web SDK a JSON content type and no body). An `X-API-KEY` sent as well (the
    starter sends it on every call) is ignored: this call is authenticated by the token.

    Args:
        body (StartSessionRequest | Unset): Optional; the token names the session. A `session_id`
            must be the token's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | StartSessionResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def build_request_kwargs(
    *,
    body: StartSessionRequest | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation (method, url, body, params, headers)."""
    return _get_kwargs(
        body=body,
    )


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | StartSessionResponse | None:
    """The generated model of `response` by its documented status (None for an undocumented one)."""
    return _parse_response(client=client, response=response)
