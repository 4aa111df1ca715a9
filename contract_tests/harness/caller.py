"""Call any operation of the spec by its model, with one account's credential; keep a curl of each.

The body is the operation's first documented example with the given fields set; every exchange
is kept, with a masked curl command, so that a finding can show how to reproduce it.
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from heygen_streaming.spec_model import Operation, SecurityScheme, SpecModel

from .results import mask_text

__all__ = ["Account", "Caller", "Exchange"]

_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@dataclass(frozen=True, slots=True)
class Account:
    """One caller's credential and the security scheme it is sent under."""

    label: str
    scheme: SecurityScheme
    credential: str

    def headers(self) -> dict[str, str]:
        return {self.scheme.header: self.scheme.value(self.credential)}


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its answer, with a curl command (secrets masked) that repeats it."""

    operation: str
    status: int
    body: Any
    curl: str
    warnings: str | None = None
    sent_at: float = 0.0  # time.monotonic() when sent, and the seconds until the answer
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Caller:
    """Sends operations to one server: an in-process transport, or a base URL over HTTP."""

    def __init__(
        self,
        model: SpecModel,
        *,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        secrets: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        # In-process, curl lines point where `heygen-streaming mock` serves by default.
        self.base_url = base_url or "http://127.0.0.1:4010"
        self.secrets = secrets
        self.http = httpx.Client(base_url=self.base_url, transport=transport, timeout=_TIMEOUT)
        self.exchanges: list[Exchange] = []

    def close(self) -> None:
        self.http.close()

    def account(self, label: str, credential: str, scheme: str | None = None) -> Account:
        """An account using `scheme` (default: the API-key scheme, the one `apiKey` typed)."""
        schemes = self.model.security_schemes
        chosen = schemes.get(scheme) if scheme else None
        chosen = chosen or next(s for s in schemes.values() if s.type == "apiKey")
        return Account(label, chosen, credential)

    def body_for(self, op: Operation, **fields: Any) -> dict[str, Any] | None:
        """The operation's first documented example (or `{}`) with `fields` set over it."""
        if op.request_schema is None:
            return None
        examples = list(op.request_examples.values())
        base = dict(examples[0]) if examples and isinstance(examples[0], Mapping) else {}
        base.update({k: v for k, v in fields.items() if v is not None})
        return base

    def call(
        self,
        op: Operation,
        account: Account | None,
        body: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        path: Mapping[str, str] | None = None,
    ) -> Exchange:
        """Send `op` with `account`'s credential (None: none at all) and keep the exchange;
        `path` fills the path's `{parameters}`."""
        sent = dict(account.headers() if account else {})
        sent.update(headers or {})
        content = None if body is None else json.dumps(body).encode()
        if content is not None:
            sent["Content-Type"] = "application/json"
        url = op.path
        for name, value in (path or {}).items():
            url = url.replace(f"{{{name}}}", quote(value, safe=""))
        sent_at = time.monotonic()
        response = self.http.request(op.method, url, content=content, headers=sent, params=params)
        try:
            answer: Any = response.json()
        except ValueError:
            answer = response.text
        curl = self._curl(op.method, url, sent, content)
        warnings = response.headers.get("x-mock-warnings")
        elapsed = time.monotonic() - sent_at
        exchange = Exchange(
            op.operation_id, response.status_code, answer, curl, warnings, sent_at, elapsed
        )
        self.exchanges.append(exchange)
        return exchange

    def _curl(
        self, method: str, url: str, headers: Mapping[str, str], content: bytes | None
    ) -> str:
        parts = ["curl", "-X", method, shlex.quote(self.base_url.rstrip("/") + url)]
        for name, value in headers.items():
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if content is not None:
            parts += ["-d", shlex.quote(content.decode())]
        return mask_text(" ".join(parts), self.secrets)

    def admin(self, method: str, path: str, body: Any = None) -> httpx.Response | None:
        """A request to the target's test controls (the mock's `/__mock__/...`), None if absent."""
        try:
            response = self.http.request(method, path, json=body)
        except httpx.HTTPError:
            return None
        return response if response.status_code < 400 else None
