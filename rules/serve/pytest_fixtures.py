"""The fixtures of the pytest plugin (:mod:`rules.serve.pytest_plugin` registers this module only
when the ``server`` extra is installed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ledger.context import Context


class LedgerServer:
    """The session's server, as a test sees it."""

    def __init__(self, running: Any, organization_id: str) -> None:
        from rules.serve.client import Client

        self.url: str = running.url
        self.graphql_url = self.url + "/graphql"
        self.organization_id = organization_id
        self.app = running.app
        self.client = Client(self.url, organization_id)

    def reset(self) -> None:
        self.client.reset()

    def state(self) -> Any:
        return self.client.state()

    def requests(self) -> list[dict[str, Any]]:
        return self.client.requests()


def context_file(config: pytest.Config) -> Path | None:
    value = config.getoption("ledger_context") or config.getini("ledger_context")
    return Path(str(value)) if value else None


@pytest.fixture(scope="session")
def ledger_context(pytestconfig: pytest.Config) -> Context | None:
    """The context of ``--ledger-context`` / the ``ledger_context`` ini option (None: neither)."""
    from ledger.io.context_file import load_context

    path = context_file(pytestconfig)
    return load_context(path.read_bytes()) if path is not None else None


@pytest.fixture(scope="session")
def _ledger_running(pytestconfig: pytest.Config) -> Iterator[LedgerServer]:
    from rules.serve import ServerThread, create_app

    path = context_file(pytestconfig)
    app = create_app([path.read_bytes()] if path is not None else [])
    with ServerThread(app) as running:
        server = LedgerServer(running, app.store.organizations()[0][0])
        yield server
        server.client.close()
    app.store.close()


@pytest.fixture
def ledger_server(_ledger_running: LedgerServer) -> LedgerServer:
    """The session's server, reset to its seed before the test."""
    _ledger_running.reset()
    return _ledger_running
