"""A real server on a free port (uvicorn in a thread), seeded with the bundled example context, shared
by the module's tests and reset before each one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rules.serve import LedgerApp, ServerThread, create_app
from rules.serve.client import Client
from tests.helpers import EXAMPLES

CONTEXT = (EXAMPLES / "context.json").read_bytes()


@pytest.fixture(scope="module")
def app() -> Iterator[LedgerApp]:
    app = create_app([CONTEXT])
    yield app
    app.store.close()


@pytest.fixture(scope="module")
def server(app: LedgerApp) -> Iterator[ServerThread]:
    with ServerThread(app) as running:
        yield running


@pytest.fixture
def org_id(app: LedgerApp) -> str:
    return app.store.organizations()[0][0]


@pytest.fixture
def client(server: ServerThread, org_id: str) -> Iterator[Client]:
    client = Client(server.url, org_id)
    client.reset()
    yield client
    client.close()
