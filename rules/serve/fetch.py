"""``context fetch``: run the generated reference-data queries against a server and build the context.

The one-command version of "run the queries in codegen/generated/, save every response, then
``context build`` them": the documents are the generated ones (:func:`codegen.documents.document_text`),
each list is read page after page (``first: 500``, the API's maximum, S42, and ``after`` = the previous
``pageInfo.endCursor``), and the responses go to :func:`codegen.build_context` exactly as saved files
would. The server may be the fake or the real API: the headers are the caller's.

``accountingEntries`` is read too, for the open items of the invoices (as ``context build`` takes
them); Luca's two look-ups need an invoice or journal id and are left to the two-step workflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from codegen import build_context
from codegen.documents import document_text
from codegen.surface import QUERIES
from rules.serve.client import Client

#: The connections a context is built from, in the surface's order.
LISTS = tuple(f.name for f in QUERIES if f.connection and f.context_key is not None)
PAGE = 500  # S42
SETUP = "organizationAccountingSetupByOrgId"


class FetchError(Exception):
    """A query failed (HTTP status or GraphQL errors): the message names it."""


def _ask(client: Client, name: str, variables: dict[str, Any]) -> Any:
    response = client.graphql(document_text(name), variables)
    if response.status != 200 or response.errors or not isinstance(response.body, dict):
        first = response.errors[0].get("message") if response.errors else response.body
        raise FetchError(f"{name}: HTTP {response.status}: {first}")
    return response.body


def _pages(client: Client, name: str) -> Iterator[Any]:
    after = None
    while True:
        body = _ask(client, name, {"first": PAGE, "after": after})
        yield body
        info = ((body.get("data") or {}).get(name) or {}).get("pageInfo") or {}
        after = info.get("endCursor")
        if not info.get("hasNextPage") or after is None:
            return


def fetch_responses(client: Client, organization: str | None = None) -> list[tuple[str, Any]]:
    """Every response a context is built from, as ``(query name, response)`` pairs."""
    responses = [
        (f"{name}[{page}]", body) for name in LISTS for page, body in enumerate(_pages(client, name))
    ]
    if organization is not None:
        responses.append((SETUP, _ask(client, SETUP, {"id": organization})))
    return responses


def fetch_context(client: Client, organization: str | None = None) -> dict[str, Any]:
    """The context file's data, from a server (:class:`codegen.ResponseError` for a response of an
    unexpected shape, :class:`FetchError` for a failed query)."""
    return build_context(fetch_responses(client, organization), organization=organization)
