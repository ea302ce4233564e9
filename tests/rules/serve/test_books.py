"""What the mutations do to the books, over HTTP: a settlement through the simulator (bank entry,
paid amounts, statuses, letters), its preview, postSalesInvoice, Luca's entry matches."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from ledger.io.jsontext import dumps, loads
from rules.serve import ServerThread, create_app
from rules.serve.client import Client
from tests.helpers.sales import CLOSED_INVOICE, POSTED_INVOICE, SALES_JOURNAL
from tests.rules.serve.conftest import CONTEXT
from tests.rules.serve.test_http import ENTRIES, SALES_INVOICE

SEED = loads(CONTEXT.decode())
SETTLE = """mutation ($i: SalesOpenItemSettlementGLDtoInput!) {
  salesOpenItemSettlement(input: $i) { accountingEntryId accountingEntryNumber } }"""
PREVIEW = "mutation ($i: OpenItemSettlementGLDtoInput!) { openItemSettlement(input: $i) { id } }"
LETTERS = """{ accountingEntries { nodes { number sourceType accountingEntryLines {
  debitAmount creditAmount accountingEntryPayment { matching matchingLetter }
  accountingEntryInvoice { openItems { id status paidAmountAccumulated } } } } } }"""


def _open_item(client: Client) -> dict:
    node = client.graphql(ENTRIES).data["accountingEntries"]["nodes"][0]  # the invoice, number 1
    line = next(l for l in node["accountingEntryLines"] if l["accountingEntryInvoice"])
    (item,) = line["accountingEntryInvoice"]["openItems"]
    return item


def _settlement(item: dict, paid: Decimal, linkages: str = "salesOpenItemLinkagePaidAmounts") -> dict:
    third = SALES_INVOICE["variables"]["values"]["accountingEntryLines"][0]["accountingEntryThirdParty"]
    return {
        "thirdPartyId": third["thirdPartyId"],
        "paymentMethodId": SEED["paymentMethods"][0]["id"],
        "entryDate": "2025-02-10",
        linkages: [{"openItemId": item["id"], "paidAmount": paid}],
    }


def test_create_settle_see_collected_and_lettered_then_reset(client: Client) -> None:
    client.post(SALES_INVOICE)
    item = _open_item(client)
    settled = client.graphql(SETTLE, {"i": _settlement(item, item["amount"])})
    assert settled.status == 200 and not settled.errors, settled
    assert settled.data["salesOpenItemSettlement"]["accountingEntryNumber"] == 2
    invoice, bank = client.graphql(LETTERS).data["accountingEntries"]["nodes"]
    assert bank["sourceType"] == "BANKING"
    assert invoice["accountingEntryLines"][0]["accountingEntryInvoice"]["openItems"] == [
        {"id": item["id"], "status": "COLLECTED", "paidAmountAccumulated": item["amount"]}
    ]
    lettered = [
        (line["debitAmount"], line["creditAmount"], line["accountingEntryPayment"])
        for entry in (invoice, bank)
        for line in entry["accountingEntryLines"]
        if line["accountingEntryPayment"]
    ]
    full = {"matching": "FULL_MATCH", "matchingLetter": "A"}
    assert lettered == [(item["amount"], Decimal(0), full), (Decimal(0), item["amount"], full)]
    again = client.graphql(SETTLE, {"i": _settlement(item, Decimal("1.00"))})
    assert again.codes == ["SET002"]  # the item is no longer open to the rules either
    client.reset()
    assert client.graphql(LETTERS).data["accountingEntries"]["nodes"] == []


def test_a_partial_settlement_letters_in_lower_case(client: Client) -> None:
    client.post(SALES_INVOICE)
    item = _open_item(client)
    client.graphql(SETTLE, {"i": _settlement(item, Decimal("100.00"))})
    assert _open_item(client)["status"] == "PARTIAL"
    assert _open_item(client)["paidAmountAccumulated"] == Decimal("100.00")
    letters = {
        line["accountingEntryPayment"]["matchingLetter"]
        for entry in client.graphql(LETTERS).data["accountingEntries"]["nodes"]
        for line in entry["accountingEntryLines"]
        if line["accountingEntryPayment"]
    }
    assert letters == {"a"}


def test_the_preview_returns_the_prediction_and_stores_nothing(client: Client) -> None:
    client.post(SALES_INVOICE)
    item = _open_item(client)
    preview = client.graphql(PREVIEW, {"i": _settlement(item, item["amount"], "openItemLinkagePaidAmounts")})
    assert preview.status == 200 and not preview.errors, preview
    predicted = preview.body["extensions"]["openItemSettlement"]
    assert predicted["total"] == item["amount"]
    assert predicted["openItems"][0]["status"] == {"before": "NOT_SPECIFIED", "after": "COLLECTED"}
    assert _open_item(client)["status"] == "NOT_SPECIFIED"
    assert client.graphql(ENTRIES).data["accountingEntries"]["totalCount"] == 1


# -- postSalesInvoice and Luca: seeds of their own ---------------------------------------------------

CUSTOMER_ACCOUNT = {"id": "24HJA4y", "code": "1500", "subCode": "10005"}
REVENUE = {"id": "ggHNwdQ", "code": "3100", "subCode": None}


def _seed() -> bytes:
    data = loads(CONTEXT.decode())
    for record in data["salesInvoices"]:
        if record["id"] == CLOSED_INVOICE:
            record.update(
                documentDate="2025-03-10",
                type="NORMAL",
                lines=[{"quantity": 2, "unitPrice": Decimal("100.00"), "vatPercentage": 20}],
            )
    data["luca"] = {
        "postingLines": [
            {
                "id": "JeCRVx",
                "amountCents": 15000,
                "debitAccount": CUSTOMER_ACCOUNT,
                "creditAccount": REVENUE,
            },
            {
                "id": "gYCr2n",
                "amountCents": 15000,
                "debitAccount": REVENUE,
                "creditAccount": CUSTOMER_ACCOUNT,
            },
        ],
        "entryMatches": [],
    }
    return dumps(data).encode()


@pytest.fixture(scope="module")
def other() -> Iterator[Client]:
    app = create_app([_seed()])
    with ServerThread(app) as server:
        client = Client(server.url, app.store.organizations()[0][0])
        yield client
        client.close()
    app.store.close()


POST = """mutation ($i: PostSalesInvoiceGLDtoInput!) {
  postSalesInvoice(input: $i) { accountingEntryId accountingEntryNumber accountingEntries { accountingEntryId } } }"""


def test_post_sales_invoice_stores_the_predicted_entries_once(other: Client) -> None:
    other.reset()
    posted = other.graphql(POST, {"i": {"salesInvoiceId": CLOSED_INVOICE, "journalTypeId": SALES_JOURNAL}})
    assert posted.status == 200 and not posted.errors, posted
    assert posted.data["postSalesInvoice"]["accountingEntryNumber"] == 1
    (node,) = other.graphql(ENTRIES).data["accountingEntries"]["nodes"]
    assert node["id"] == posted.data["postSalesInvoice"]["accountingEntryId"]
    assert sum(line["debitAmount"] for line in node["accountingEntryLines"]) == Decimal("240.00")
    again = other.graphql(POST, {"i": {"salesInvoiceId": CLOSED_INVOICE, "journalTypeId": SALES_JOURNAL}})
    assert again.codes == ["PST003"]  # the invoice now reads Posted, to the rules and to the queries
    statuses = other.graphql("{ salesInvoices { nodes { id status } } }").data["salesInvoices"]["nodes"]
    assert {"id": CLOSED_INVOICE, "status": "Posted"} in statuses
    refused = other.graphql(POST, {"i": {"salesInvoiceId": POSTED_INVOICE, "journalTypeId": SALES_JOURNAL}})
    assert refused.codes and refused.codes[0].startswith("PST")  # the rules know it is posted


MATCH = """mutation ($m: EntryMatchInput!) {
  bookkeepingEntryMatchCreate(entryMatch: $m) { id postingEntriesDebit { id } postingEntriesCredit { id } } }"""
DESTROY = "mutation ($id: ID!) { bookkeepingEntryMatchDestroy(id: $id) { id } }"


def test_luca_matches_are_checked_kept_and_destroyed(other: Client) -> None:
    other.reset()
    match = {"accountId": "24HJA4y", "postingLines": [{"id": "JeCRVx"}, {"id": "gYCr2n"}]}
    created = other.graphql(MATCH, {"m": match})
    assert created.status == 200 and not created.errors, created
    result = created.data["bookkeepingEntryMatchCreate"]
    assert result["postingEntriesDebit"] == [{"id": "JeCRVx"}] and result["postingEntriesCredit"] == [
        {"id": "gYCr2n"}
    ]
    assert other.graphql(MATCH, {"m": match}).codes == ["MAT005", "MAT005"]  # each line is matched already
    assert other.graphql(DESTROY, {"id": result["id"]}).data == {
        "bookkeepingEntryMatchDestroy": {"id": result["id"]}
    }
    assert other.graphql(DESTROY, {"id": result["id"]}).codes == ["NOT_FOUND"]
    assert other.graphql(MATCH, {"m": match}).status == 200  # free again
