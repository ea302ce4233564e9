"""``context fetch --url``: the generated queries against the fake give back the context it was seeded
with (the round trip), with the open items of the invoices created through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.io.context_file import context_from_dict
from ledger.io.jsontext import loads
from rules.cli import main
from rules.serve import ServerThread
from rules.serve.client import Client
from tests.rules.serve.conftest import CONTEXT
from tests.rules.serve.test_http import SALES_INVOICE


def _environment(monkeypatch: pytest.MonkeyPatch, org_id: str) -> None:
    for name, value in (
        ("LEDGER_RULES_AUTHORIZATION", "Bearer t"),
        ("LEDGER_RULES_TENANT_ID", "tenant"),
        ("LEDGER_RULES_ORGANIZATION_ID", org_id),
        ("LEDGER_RULES_API_KEY", "key"),
    ):
        monkeypatch.setenv(name, value)


def test_fetch_reproduces_the_seed(
    client: Client, server: ServerThread, org_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post(SALES_INVOICE)
    _environment(monkeypatch, org_id)
    out = tmp_path / "fetched.json"
    assert main(["context", "fetch", "--url", server.url + "/graphql", "-o", str(out)]) == 0
    fetched = loads(out.read_text())
    seed = loads(CONTEXT.decode())
    seed["organization"]["id"] = org_id  # the server's id for it, which the organizations query gives
    # The seed's own open items have no entry on the server, so accountingEntries cannot return them
    # (docs/serve.md); the invoice created above brings its own.
    (item,) = fetched["openItems"]
    assert item["invoicePosted"] and item["status"] == "NOT_SPECIFIED"
    seed["openItems"] = fetched["openItems"]
    assert context_from_dict(fetched) == context_from_dict(seed)


def test_fetch_failures_are_one_line(
    server: ServerThread, org_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _environment(monkeypatch, org_id)
    monkeypatch.setenv("LEDGER_RULES_API_KEY", "")
    assert main(["context", "fetch", "--url", server.url + "/graphql"]) == 2
    assert "HTTP 401" in capsys.readouterr().err
    monkeypatch.setenv("LEDGER_RULES_API_KEY", "key")
    assert main(["context", "fetch", "--url", "http://127.0.0.1:9/graphql"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach" in err and len(err.strip().splitlines()) == 1
