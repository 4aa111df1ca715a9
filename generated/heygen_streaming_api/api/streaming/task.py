from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.task_request import TaskRequest
from ...models.task_response import TaskResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TaskRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/streaming.task",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TaskResponse | None:
    if response.status_code == 200:
        response_200 = TaskResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[ErrorResponse | TaskResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TaskRequest,
) -> Response[ErrorResponse | TaskResponse]:
    """Make the avatar speak a text.

     Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
    (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
    talks. Only a `connected` session takes tasks; any other state is answered 400 (code
    400006, F-400006). A task counts as activity: it resets the idle timer.

    Not idempotent: a repeated task is spoken twice.

    Args:
        body (TaskRequest): A text for the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TaskResponse]
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
    body: TaskRequest,
) -> ErrorResponse | TaskResponse | None:
    """Make the avatar speak a text.

     Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
    (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
    talks. Only a `connected` session takes tasks; any other state is answered 400 (code
    400006, F-400006). A task counts as activity: it resets the idle timer.

    Not idempotent: a repeated task is spoken twice.

    Args:
        body (TaskRequest): A text for the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TaskResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TaskRequest,
) -> Response[ErrorResponse | TaskResponse]:
    """Make the avatar speak a text.

     Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
    (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
    talks. Only a `connected` session takes tasks; any other state is answered 400 (code
    400006, F-400006). A task counts as activity: it resets the idle timer.

    Not idempotent: a repeated task is spoken twice.

    Args:
        body (TaskRequest): A text for the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TaskResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TaskRequest,
) -> ErrorResponse | TaskResponse | None:
    """Make the avatar speak a text.

     Sends a text for the avatar to speak (`repeat`) or to answer from its knowledge base
    (`chat`, or `talk`, the SDK's name for it). Answers the task's id and how long the avatar
    talks. Only a `connected` session takes tasks; any other state is answered 400 (code
    400006, F-400006). A task counts as activity: it resets the idle timer.

    Not idempotent: a repeated task is spoken twice.

    Args:
        body (TaskRequest): A text for the avatar.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TaskResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def build_request_kwargs(
    *,
    body: TaskRequest,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation (method, url, body, params, headers)."""
    return _get_kwargs(
        body=body,
    )


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TaskResponse | None:
    """The generated model of `response` by its documented status (None for an undocumented one)."""
    return _parse_response(client=client, response=response)
