"""The server over real HTTP: mutations checked by the engine and stored, queries from the store,
the operator's routes, and requests refused before execution with their GraphQL-over-HTTP status."""

from __future__ import annotations

from decimal import Decimal

from ledger.io.context_file import load_context
from ledger.io.jsontext import loads
from rules.engine import Engine
from rules.serve.client import Client, auth_headers
from tests.helpers import EXAMPLES
from tests.rules.serve.conftest import CONTEXT

BATCH = loads((EXAMPLES / "batch.json").read_text())
SALES_INVOICE = BATCH[1]  # VTE: a customer invoice of 2025-01-15
ENTRIES = """query ($first: Int, $after: String, $where: AccountingEntryGLDtoFilterInput,
                     $order: [AccountingEntryGLDtoSortInput!]) {
  accountingEntries(first: $first, after: $after, where: $where, order: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id number date } }
    nodes { id number date journalTypeId accountingEntryLines {
      id debitAmount creditAmount
      accountingEntryInvoice { id amount openItems { id amount paidAmountAccumulated status dueDate } } } }
  }
}"""


def _created(client: Client, document: dict) -> dict:
    response = client.post(document)
    assert response.status == 200 and not response.errors, response
    return response.data["createAccountingEntry"]


def test_an_invoice_is_stored_with_number_and_id_and_read_back_with_its_open_item(client: Client) -> None:
    created = _created(client, SALES_INVOICE)
    assert created["number"] == 1
    entries = client.graphql(ENTRIES).data["accountingEntries"]
    assert entries["totalCount"] == 1
    (node,) = entries["nodes"]
    assert node["id"] == created["id"]
    invoice = next(
        l["accountingEntryInvoice"] for l in node["accountingEntryLines"] if l["accountingEntryInvoice"]
    )
    sent = SALES_INVOICE["variables"]["values"]["accountingEntryLines"][0]["accountingEntryInvoice"]
    assert invoice["amount"] == sent["amount"]
    (item,) = invoice["openItems"]
    assert item["amount"] == sent["amount"] and item["paidAmountAccumulated"] == Decimal(0)
    assert item["status"] == "NOT_SPECIFIED"
    by_id = client.graphql(
        "query ($id: UUID!) { accountingEntryById(id: $id) { id number } }", {"id": created["id"]}
    )
    assert by_id.data == {"accountingEntryById": {"id": created["id"], "number": 1}}


def test_reset_brings_the_seed_back(client: Client) -> None:
    _created(client, SALES_INVOICE)
    client.reset()
    assert client.graphql(ENTRIES).data["accountingEntries"]["totalCount"] == 0
    assert [r["operations"] for r in client.requests()] == [["accountingEntries"]]  # the log restarted


def test_a_rejected_entry_returns_the_codes_check_gives_and_stores_nothing(client: Client) -> None:
    engine = Engine(context=load_context(CONTEXT))
    for index in (8, 12, 15, 17):  # REG001, FLD006 (caught by the coercion: a 400), BAL001, BAL006
        response = client.post(BATCH[index])
        expected = [(v.code, v.path) for v in engine.check(BATCH[index]).violations if v.is_error]
        assert [(e["extensions"]["code"], e["extensions"]["path"]) for e in response.errors] == expected
        assert response.status == (400 if index == 12 else 200)
        assert response.data in (None, {"createAccountingEntry": None})
    assert client.graphql(ENTRIES).data["accountingEntries"]["totalCount"] == 0


USING_CODES = """mutation ($input: AccountingEntryCreateUsingCodesGLDtoInput!) {
  createAccountingEntryUsingCodes(input: $input) { id number accountingEntryLines { subAccountId debitAmount } }
}"""


def test_using_codes_is_expanded_as_the_engine_does_and_stored(client: Client) -> None:
    seed = loads(CONTEXT.decode())
    bank = next(a["id"] for a in seed["accountingAccounts"] if a["code"] == "512000")
    lines = [
        {"subAccountCode": "512000", "debitAmount": Decimal("250.00"), "creditAmount": Decimal(0)},
        {"subAccountCode": "101000", "debitAmount": Decimal(0), "creditAmount": Decimal("250.00")},
    ]
    entry = {"journalTypeCode": "OD", "date": "2025-03-10", "accountingEntryLines": lines}
    created = client.graphql(USING_CODES, {"input": entry})
    assert created.status == 200 and not created.errors, created
    first_line = created.data["createAccountingEntryUsingCodes"]["accountingEntryLines"][0]
    assert first_line == {"subAccountId": bank, "debitAmount": Decimal("250.00")}
    unknown = client.graphql(USING_CODES, {"input": {**entry, "journalTypeCode": "NOPE"}})
    assert unknown.codes == ["REF001"]


def test_pages_filters_and_order(client: Client) -> None:
    for index in (0, 1, 2, 3, 4, 5):
        _created(client, BATCH[index])
    first = client.graphql(ENTRIES, {"first": 4}).data["accountingEntries"]
    assert [n["number"] for n in first["nodes"]] == [1, 2, 3, 4] and first["pageInfo"]["hasNextPage"]
    rest = client.graphql(ENTRIES, {"first": 4, "after": first["pageInfo"]["endCursor"]}).data[
        "accountingEntries"
    ]
    assert [n["number"] for n in rest["nodes"]] == [5, 6] and not rest["pageInfo"]["hasNextPage"]
    assert [e["node"]["number"] for e in rest["edges"]] == [5, 6]
    where = {"date": {"gte": "2025-01-20", "lte": "2025-02-05"}}
    picked = client.graphql(ENTRIES, {"where": where, "order": [{"date": "DESC"}]}).data["accountingEntries"]
    assert [n["date"] for n in picked["nodes"]] == ["2025-02-05", "2025-01-31", "2025-01-20"]
    either = {"or": [{"number": {"eq": 1}}, {"number": {"in": [6]}}]}
    assert client.graphql(ENTRIES, {"where": either}).data["accountingEntries"]["totalCount"] == 2
    too_big = client.graphql(ENTRIES, {"first": 501})
    assert too_big.codes == ["MAX_PAGE_SIZE_EXCEEDED"]


def test_reference_data_queries_answer_from_the_seed(client: Client, org_id: str) -> None:
    seed = loads(CONTEXT.decode())
    response = client.graphql(
        "{ journalTypes { totalCount nodes { id code type } } taxes(first: 2) { nodes { id percentage } } }"
    )
    journals = response.data["journalTypes"]
    assert journals["totalCount"] == len(seed["journalTypes"])
    assert journals["nodes"] == [{k: j.get(k) for k in ("id", "code", "type")} for j in seed["journalTypes"]]
    assert response.data["taxes"]["nodes"][0]["percentage"] == seed["taxes"][0]["percentage"]
    setup = client.graphql(
        "query ($id: UUID!) { organizationAccountingSetupByOrgId(id: $id) { defaultCustomersAccountId } }",
        {"id": org_id},
    )
    assert setup.data["organizationAccountingSetupByOrgId"] == {
        "defaultCustomersAccountId": seed["organization"]["accountingSetup"]["defaultCustomersAccountId"]
    }


def test_organisations_are_discovered_without_knowing_the_id(server, org_id: str) -> None:
    stranger = Client(server.url, "not-an-organisation")
    response = stranger.graphql("{ organizations { nodes { id legislationCode } } }")
    assert response.data == {"organizations": {"nodes": [{"id": org_id, "legislationCode": "FR"}]}}
    refused = stranger.graphql("{ journalTypes { totalCount } }")
    assert (refused.status, refused.codes) == (403, ["FORBIDDEN"])
    stranger.close()


def test_delete_removes_the_entry_and_its_open_items(client: Client) -> None:
    created = _created(client, SALES_INVOICE)
    deleted = client.graphql(
        "mutation ($i: AccountingEntryDeleteGLDtoInput!) { deleteAccountingEntry(input: $i) { id } }",
        {"i": {"id": created["id"]}},
    )
    assert deleted.data == {"deleteAccountingEntry": {"id": created["id"]}}
    assert client.graphql(ENTRIES).data["accountingEntries"]["totalCount"] == 0
    assert client.state()["organizations"][0]["openItems"] == loads(CONTEXT.decode())["openItems"]
    again = client.graphql(
        "mutation ($i: AccountingEntryDeleteGLDtoInput!) { deleteAccountingEntry(input: $i) { id } }",
        {"i": {"id": created["id"]}},
    )
    assert again.codes == ["NOT_FOUND"]


def test_the_request_log_and_the_state_dump(client: Client, org_id: str) -> None:
    _created(client, SALES_INVOICE)
    client.post(BATCH[15])
    log = client.requests()
    assert [(r["organizationId"], r["operations"], r["status"]) for r in log] == [
        (org_id, ["createAccountingEntry"], 200),
        (org_id, ["createAccountingEntry"], 200),
    ]
    assert (
        log[0]["body"] == SALES_INVOICE and log[1]["response"]["errors"][0]["extensions"]["code"] == "BAL001"
    )
    (organisation,) = client.state()["organizations"]
    assert organisation["id"] == org_id and len(organisation["entries"]) == 1


def test_bad_requests_get_graphql_errors_with_their_status(client: Client, server) -> None:
    query = "{ journalTypes { totalCount } }"
    cases = [
        (client.post(b"not json"), 400, "BAD_REQUEST"),
        (client.post(b"\xff\xfe"), 400, "BAD_REQUEST"),
        (client.post([1, 2]), 400, "BAD_REQUEST"),
        (client.post({"variables": {}}), 400, "BAD_REQUEST"),
        (client.post({"query": query, "variables": [1]}), 400, "BAD_REQUEST"),
        (client.post({"query": "{ journalTypes { "}), 400, "GRAPHQL_PARSE_FAILED"),
        (client.post({"query": "{ nope }"}), 400, "GRAPHQL_VALIDATION_FAILED"),
        (client.post({"query": "query A { __typename } query B { __typename }"}), 400, "OPERATION_NOT_FOUND"),
        (client.post({"query": query, "operationName": "Missing"}), 400, "OPERATION_NOT_FOUND"),
        (client.post({"query": query}, headers={}), 401, "AUTH_NOT_AUTHENTICATED"),
        (client.post({"query": "{" * 5000 + "}" * 5000}), 400, "GRAPHQL_PARSE_FAILED"),
        (client.post(b"[" * 100 + b"]" * 100), 400, "LIMIT_EXCEEDED"),
        (client.request("GET", "/graphql"), 405, "METHOD_NOT_ALLOWED"),
        (client.request("GET", "/elsewhere"), 404, "NOT_FOUND"),
    ]
    for response, status, code in cases:
        assert (response.status, response.codes) == (status, [code]), response
    headers = auth_headers("x")
    partial = {k: v for k, v in headers.items() if k != "x-api-key"}
    missing = client.post({"query": query}, headers=partial)
    assert missing.status == 401 and "x-api-key" in missing.errors[0]["message"]
    assert client.graphql(query).status == 200  # still answering


def test_a_body_beyond_the_document_limit_is_refused_unread() -> None:
    from ledger.io.limits import Limits
    from rules.serve import ServerThread
    from rules.serve.app import LedgerApp
    from rules.serve.store import Store

    store = Store.open()
    store.seed([("org", {})])
    app = LedgerApp(store, limits=Limits(max_document_bytes=1000))
    with ServerThread(app) as server:
        client = Client(server.url, "org")
        big = client.post({"query": "{ journalTypes { totalCount } }", "variables": {"pad": "x" * 2000}})
        assert (big.status, big.codes) == (413, ["LIMIT_EXCEEDED"])
        assert big.errors[0]["extensions"]["limit"] == "max_document_bytes"
        assert client.graphql("{ journalTypes { totalCount } }").data == {"journalTypes": {"totalCount": 0}}
        client.close()


def test_pages_backwards_and_a_foreign_cursor(client: Client) -> None:
    for index in (0, 1, 2):
        _created(client, BATCH[index])
    last = client.graphql(
        "{ accountingEntries(last: 2) { nodes { number } pageInfo { startCursor hasPreviousPage } } }"
    ).data["accountingEntries"]
    assert [n["number"] for n in last["nodes"]] == [2, 3] and last["pageInfo"]["hasPreviousPage"]
    before = client.graphql(
        "query ($c: String) { accountingEntries(before: $c) { nodes { number } } }",
        {"c": last["pageInfo"]["startCursor"]},
    )
    assert [n["number"] for n in before.data["accountingEntries"]["nodes"]] == [1]
    foreign = client.graphql('{ accountingEntries(after: "not a cursor") { totalCount } }')
    assert (foreign.status, foreign.codes) == (200, ["INVALID_CURSOR"])
