from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_token_response import CreateTokenResponse
from ...models.error_response import ErrorResponse
from ...models.full_token_request import FullTokenRequest
from ...models.lite_token_request import LiteTokenRequest
from ...types import Response


def _get_kwargs(
    *,
    body: FullTokenRequest | LiteTokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/token",
    }

    if isinstance(body, FullTokenRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateTokenResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CreateTokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

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
) -> Response[CreateTokenResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: FullTokenRequest | LiteTokenRequest,
) -> Response[CreateTokenResponse | ErrorResponse]:
    """Create a session and its session token.

     Creates a session, in state `created`, with the given configuration (fixed once created,
    D-ref-token-old), and mints the session token that names it (`Authorization: Bearer` on
    `/start`, keep-alive, stop). The body is FULL mode (LiveAvatar runs ASR, LLM and TTS) or
    LITE mode (you bring them), told apart by `mode`, which is required. Only an API key can
    mint a token. Creating a session is not billed and not limited; `/start` is.

    Args:
        body (FullTokenRequest | LiteTokenRequest): The new session's configuration: FULL mode or
            LITE mode, told apart by `mode` (required;
            `CUSTOM` is LITE's old name).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTokenResponse | ErrorResponse]
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
    body: FullTokenRequest | LiteTokenRequest,
) -> CreateTokenResponse | ErrorResponse | None:
    """Create a session and its session token.

     Creates a session, in state `created`, with the given configuration (fixed once created,
    D-ref-token-old), and mints the session token that names it (`Authorization: Bearer` on
    `/start`, keep-alive, stop). The body is FULL mode (LiveAvatar runs ASR, LLM and TTS) or
    LITE mode (you bring them), told apart by `mode`, which is required. Only an API key can
    mint a token. Creating a session is not billed and not limited; `/start` is.

    Args:
        body (FullTokenRequest | LiteTokenRequest): The new session's configuration: FULL mode or
            LITE mode, told apart by `mode` (required;
            `CUSTOM` is LITE's old name).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTokenResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: FullTokenRequest | LiteTokenRequest,
) -> Response[CreateTokenResponse | ErrorResponse]:
    """Create a session and its session token.

     Creates a session, in state `created`, with the given configuration (fixed once created,
    D-ref-token-old), and mints the session token that names it (`Authorization: Bearer` on
    `/start`, keep-alive, stop). The body is FULL mode (LiveAvatar runs ASR, LLM and TTS) or
    LITE mode (you bring them), told apart by `mode`, which is required. Only an API key can
    mint a token. Creating a session is not billed and not limited; `/start` is.

    Args:
        body (FullTokenRequest | LiteTokenRequest): The new session's configuration: FULL mode or
            LITE mode, told apart by `mode` (required;
            `CUSTOM` is LITE's old name).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTokenResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: FullTokenRequest | LiteTokenRequest,
) -> CreateTokenResponse | ErrorResponse | None:
    """Create a session and its session token.

     Creates a session, in state `created`, with the given configuration (fixed once created,
    D-ref-token-old), and mints the session token that names it (`Authorization: Bearer` on
    `/start`, keep-alive, stop). The body is FULL mode (LiveAvatar runs ASR, LLM and TTS) or
    LITE mode (you bring them), told apart by `mode`, which is required. Only an API key can
    mint a token. Creating a session is not billed and not limited; `/start` is.

    Args:
        body (FullTokenRequest | LiteTokenRequest): The new session's configuration: FULL mode or
            LITE mode, told apart by `mode` (required;
            `CUSTOM` is LITE's old name).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTokenResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def build_request_kwargs(
    *,
    body: FullTokenRequest | LiteTokenRequest,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation (method, url, body, params, headers)."""
    return _get_kwargs(
        body=body,
    )


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateTokenResponse | ErrorResponse | None:
    """The generated model of `response` by its documented status (None for an undocumented one)."""
    return _parse_response(client=client, response=response)
