"""A client library for accessing HeyGen Streaming API (streaming.new)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
