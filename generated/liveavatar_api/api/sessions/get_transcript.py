from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.transcript_response import TranscriptResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    session_id: str,
    *,
    start_timestamp: int | Unset = UNSET,
    end_timestamp: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["start_timestamp"] = start_timestamp

    params["end_timestamp"] = end_timestamp

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions/{session_id}/transcript".format(
            session_id=quote(str(session_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TranscriptResponse | None:
    if response.status_code == 200:
        response_200 = TranscriptResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | TranscriptResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
    start_timestamp: int | Unset = UNSET,
    end_timestamp: int | Unset = UNSET,
) -> Response[ErrorResponse | TranscriptResponse]:
    """What was said in a session.

     The session's transcript between two times (both optional), and whether it is still
    active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
    With a session token, only the token's own session.

    Args:
        session_id (str):
        start_timestamp (int | Unset):
        end_timestamp (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TranscriptResponse]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        start_timestamp=start_timestamp,
        end_timestamp=end_timestamp,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    *,
    client: AuthenticatedClient,
    start_timestamp: int | Unset = UNSET,
    end_timestamp: int | Unset = UNSET,
) -> ErrorResponse | TranscriptResponse | None:
    """What was said in a session.

     The session's transcript between two times (both optional), and whether it is still
    active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
    With a session token, only the token's own session.

    Args:
        session_id (str):
        start_timestamp (int | Unset):
        end_timestamp (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TranscriptResponse
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        start_timestamp=start_timestamp,
        end_timestamp=end_timestamp,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
    start_timestamp: int | Unset = UNSET,
    end_timestamp: int | Unset = UNSET,
) -> Response[ErrorResponse | TranscriptResponse]:
    """What was said in a session.

     The session's transcript between two times (both optional), and whether it is still
    active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
    With a session token, only the token's own session.

    Args:
        session_id (str):
        start_timestamp (int | Unset):
        end_timestamp (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TranscriptResponse]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        start_timestamp=start_timestamp,
        end_timestamp=end_timestamp,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient,
    start_timestamp: int | Unset = UNSET,
    end_timestamp: int | Unset = UNSET,
) -> ErrorResponse | TranscriptResponse | None:
    """What was said in a session.

     The session's transcript between two times (both optional), and whether it is still
    active. Transcripts are recorded for FULL sessions (D-cl-tr); a LITE session's is empty.
    With a session token, only the token's own session.

    Args:
        session_id (str):
        start_timestamp (int | Unset):
        end_timestamp (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TranscriptResponse
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            start_timestamp=start_timestamp,
            end_timestamp=end_timestamp,
        )
    ).parsed


def build_request_kwargs(
    session_id: str,
    *,
    start_timestamp: int | Unset = UNSET,
    end_timestamp: int | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation (method, url, body, params, headers)."""
    return _get_kwargs(
        session_id=session_id,
        start_timestamp=start_timestamp,
        end_timestamp=end_timestamp,
    )


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TranscriptResponse | None:
    """The generated model of `response` by its documented status (None for an undocumented one)."""
    return _parse_response(client=client, response=response)
