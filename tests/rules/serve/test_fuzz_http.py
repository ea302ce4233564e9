"""The fuzz suite's documents over HTTP: no 5xx other than for deliberate limits, and the server
keeps answering."""

from __future__ import annotations

import random

import pytest
from hypothesis import given

from ledger.io.jsontext import dumps
from rules.serve.client import Client
from tests.helpers.budgets import examples
from tests.helpers.fuzzing import RandomChooser, fuzzed_document, fuzzed_text
from tests.test_fuzz import graphql_bodies

pytestmark = pytest.mark.slow


def test_fuzzed_documents_never_break_the_server(client: Client) -> None:
    chooser = RandomChooser(random.Random(14))
    statuses: set[int] = set()
    for round in range(300):
        if round % 2:
            document, _ = fuzzed_document(chooser)
            body = dumps(document).encode("utf-8", "surrogatepass")  # lone surrogates too: not UTF-8
        else:
            body, _ = fuzzed_text(chooser)
        response = client.post(body)
        statuses.add(response.status)
        assert response.status < 500, (body[:300], response)
        assert response.errors or response.data is not None
    assert statuses <= {200, 400, 413}
    assert client.graphql("{ journalTypes { totalCount } }").status == 200


@examples(60)  # one request over HTTP per example, to the module's server
@given(graphql_bodies())
def test_any_graphql_body_gets_a_graphql_answer(server, body) -> None:
    """The fuzz suite's GraphQL request bodies (broken queries, unknown fields, fragments, odd
    variables and operation names): a JSON answer with errors or data, never a 5xx."""
    client = Client(server.url, server.app.store.organizations()[0][0])
    response = client.post(body)
    client.close()
    assert response.status in (200, 400), response
    assert isinstance(response.body, dict) and ("errors" in response.body or "data" in response.body)
