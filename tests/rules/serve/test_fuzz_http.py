"""The fuzz suite's documents over HTTP: no 5xx other than for deliberate limits, and the server
keeps answering."""

from __future__ import annotations

import random

import pytest

from ledger.io.jsontext import dumps
from rules.serve.client import Client
from tests.helpers.fuzzing import RandomChooser, fuzzed_document, fuzzed_text

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
