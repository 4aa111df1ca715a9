"""A client library for accessing HeyGen Streaming API (Interactive Avatar)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
