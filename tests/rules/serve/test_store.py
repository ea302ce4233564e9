"""The state: a file database survives a restart, a failed mutation leaves nothing, a reset restores
the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.io.jsontext import loads
from rules.serve import ServerThread, create_app
from rules.serve.client import Client
from rules.serve.store import Store
from tests.helpers import EXAMPLES
from tests.rules.serve.conftest import CONTEXT

BATCH = loads((EXAMPLES / "batch.json").read_text())
COUNT = "{ accountingEntries { totalCount nodes { id number } } }"


def test_a_file_database_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    app = create_app([CONTEXT], db=db)
    org_id = app.store.organizations()[0][0]
    with ServerThread(app) as server:
        client = Client(server.url, org_id)
        created = client.post(BATCH[1]).data["createAccountingEntry"]
        client.close()
    app.store.close()

    again = create_app([CONTEXT], db=db)  # the same seed again: the stored state is kept, not re-seeded
    with ServerThread(again) as server:
        client = Client(server.url, org_id)
        assert client.graphql(COUNT).data["accountingEntries"]["nodes"] == [created]
        assert (
            len(client.state()["organizations"][0]["openItems"])
            == len(loads(CONTEXT.decode())["openItems"]) + 1
        )
        assert client.post(BATCH[2]).data["createAccountingEntry"]["number"] == 2
        client.close()
    again.store.close()


def test_a_failed_transaction_leaves_nothing() -> None:
    store = Store.open()
    store.seed([("org", {})])
    with pytest.raises(RuntimeError), store.transaction():
        store.put_entry("org", 1, {"id": "e1", "date": "2025-01-01"})
        store.put_open_item("org", {"id": "i1", "invoiceId": "v1"}, entry_id="e1")
        raise RuntimeError("the mutation failed half-way")
    assert store.entries("org") == [] and store.open_items("org") == []
    store.close()


def test_several_organisations_each_with_a_stable_id() -> None:
    other = b'{"organization": {"legislationCode": "ES", "currency": "EUR"}}'
    first = create_app([CONTEXT, other])
    second = create_app([CONTEXT, other])
    ids = [org_id for org_id, _ in first.store.organizations()]
    assert ids == [org_id for org_id, _ in second.store.organizations()] and len(set(ids)) == 2
    with ServerThread(first) as server:
        spanish = Client(server.url, ids[1])
        listed = spanish.graphql("{ organizations { nodes { id legislationCode } } }").data
        assert listed == {
            "organizations": {
                "nodes": [{"id": ids[0], "legislationCode": "FR"}, {"id": ids[1], "legislationCode": "ES"}]
            }
        }
        assert spanish.graphql("{ journalTypes { totalCount } }").data == {"journalTypes": {"totalCount": 0}}
        spanish.close()
    for app in (first, second):
        app.store.close()
