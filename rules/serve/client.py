"""A small GraphQL-over-HTTP client on the standard library: one keep-alive connection, exact numbers.

What the tests, the benchmark and the pytest plugin talk to the server with (any client in any
language does as well: docs/serve.md shows curl and httpx). Bodies are written with
:func:`ledger.io.jsontext.dumps` and responses read with :func:`ledger.io.jsontext.loads`, so an amount
goes and comes back as the same Decimal.
"""

from __future__ import annotations

import http.client
import socket
from typing import Any
from urllib.parse import urlsplit

from ledger.io.jsontext import decode_bytes, dumps, loads


def auth_headers(organization_id: str) -> dict[str, str]:
    """Headers that pass the server's presence check, for ``organization_id``."""
    return {
        "Authorization": "Bearer ledger-rules",
        "X-TenantId": "ledger-rules",
        "X-OrganizationId": organization_id,
        "x-api-key": "ledger-rules",
    }


class _Connection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        # A body sent apart from its headers would wait for the server's delayed ACK (Nagle): ~40 ms
        # per request on a kept-alive connection.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _SecureConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Response:
    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body

    @property
    def data(self) -> Any:
        return self.body.get("data") if isinstance(self.body, dict) else None

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or ()) if isinstance(self.body, dict) else []

    @property
    def codes(self) -> list[str | None]:
        return [(e.get("extensions") or {}).get("code") for e in self.errors]

    def __repr__(self) -> str:
        return f"Response({self.status}, {self.body!r})"


class Client:
    """Requests to one server (``url`` = ``http://host:port``), as one organisation."""

    def __init__(
        self,
        url: str,
        organization_id: str = "",
        *,
        headers: dict[str, str] | None = None,
        endpoint: str = "/graphql",
    ) -> None:
        parts = urlsplit(url)
        self.url = url
        self.endpoint = endpoint
        connection = _SecureConnection if parts.scheme == "https" else _Connection
        self._connection = connection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        self.headers = headers if headers is not None else auth_headers(organization_id)

    @classmethod
    def for_endpoint(cls, url: str, headers: dict[str, str]) -> Client:
        """A client POSTing to the GraphQL endpoint ``url`` itself (``https://host/graphql``)."""
        return cls(url, headers=headers, endpoint=urlsplit(url).path or "/")

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        all_headers = {"Content-Type": "application/json", **(self.headers if headers is None else headers)}
        try:
            self._connection.request(method, path, body=body, headers=all_headers)
            response = self._connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self._connection.close()  # the server closed a kept-alive connection: once more, afresh
            self._connection.request(method, path, body=body, headers=all_headers)
            response = self._connection.getresponse()
        raw = response.read()
        try:
            return Response(response.status, loads(decode_bytes(raw)) if raw else None)
        except ValueError:
            return Response(response.status, raw)

    def post(self, body: Any, *, headers: dict[str, str] | None = None) -> Response:
        """POST a body to the endpoint: bytes as they are, anything else as JSON."""
        data = body if isinstance(body, bytes) else dumps(body).encode()
        return self.request("POST", self.endpoint, data, headers)

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, operation_name: str | None = None
    ) -> Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation_name is not None:
            body["operationName"] = operation_name
        return self.post(body)

    def reset(self) -> None:
        self.request("POST", "/_ledger/reset", b"")

    def state(self) -> Any:
        return self.request("GET", "/_ledger/state").body

    def requests(self) -> list[dict[str, Any]]:
        return self.request("GET", "/_ledger/requests").body["requests"]

    def close(self) -> None:
        self._connection.close()
