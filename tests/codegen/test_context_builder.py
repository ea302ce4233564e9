"""context build: one organisation per context, and open items from saved entries (codegen.context_builder)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import codegen
from codegen.context_builder import ResponseError
from ledger.io.jsontext import dumps, loads
from rules.cli import main
from tests.helpers.read_entries import (
    A401,
    A411,
    A512,
    BANK_JOURNAL,
    CUSTOMER,
    SUPPLIER,
    invoice_entry,
    item,
    uid,
)

ORG_A = {"id": "0b8e7c4e-1b2a-4c1e-9a43-3d1f7e0c2a11", "legislationCode": "FR", "currency": "EUR"}
ORG_B = {"id": "7f3a9d20-5c4b-4e8f-a1d2-6b7c8d9e0f12", "legislationCode": "ES", "currency": "EUR"}
SETUP = {"defaultSaleProductsAccountId": "1cb8f533-084b-514c-9f3d-a3e02fa80e85"}


def orgs(*records):
    return {"data": {"organizations": {"nodes": list(records)}}}


def _write(tmp_path: Path, name: str, value) -> str:
    path = tmp_path / name
    path.write_text(dumps(value), encoding="utf-8")
    return str(path)


# -- item 11: one organisation ----------------------------------------------------------------------------


def test_responses_from_two_organisations_are_an_error_naming_both(tmp_path, capsys):
    files = [_write(tmp_path, "a.json", orgs(ORG_A)), _write(tmp_path, "b.json", orgs(ORG_B))]
    assert main(["context", "build", *files]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{ORG_A['id']} ({files[0]})" in err and f"{ORG_B['id']} ({files[1]})" in err
    assert "--organization ID" in err


def test_one_response_listing_two_organisations_is_an_error_naming_both():
    with pytest.raises(ResponseError) as raised:
        codegen.build_context([("orgs.json", orgs(ORG_A, ORG_B))])
    assert ORG_A["id"] in str(raised.value) and ORG_B["id"] in str(raised.value)


def test_organization_option_keeps_the_chosen_organisation_and_its_setup(tmp_path, capsys):
    files = [
        _write(tmp_path, "both.json", orgs(ORG_A, ORG_B)),
        _write(tmp_path, "b.json", orgs(ORG_B)),
        _write(tmp_path, "setup.json", {"data": {"organizationAccountingSetupByOrgId": SETUP}}),
    ]
    out = tmp_path / "context.json"
    assert main(["context", "build", *files, "--organization", ORG_A["id"].upper(), "-o", str(out)]) == 0
    organization = loads(out.read_text(encoding="utf-8"))["organization"]
    assert organization == {**ORG_A, "accountingSetup": SETUP}


def test_organization_option_naming_no_listed_organisation_is_an_error():
    with pytest.raises(
        ResponseError, match=f"no organizations response holds organisation x .found: {ORG_A['id']}"
    ):
        codegen.build_context([("a.json", orgs(ORG_A))], organization="x")
    with pytest.raises(ResponseError, match="no organizations response was given"):
        codegen.build_context([("j.json", {"data": {"journalTypes": []}})], organization="x")


def test_the_same_organisation_in_several_responses_is_merged():
    context = codegen.build_context([("a", orgs(ORG_A)), ("b", orgs({"id": ORG_A["id"], "currency": "EUR"}))])
    assert context["organization"] == ORG_A


# -- item 12: open items from saved accountingEntries responses --------------------------------------------


def entries_response():
    sales = invoice_entry(
        "sale", "792", [item("due-1", "492", "0", "NOT_SPECIFIED"), item("due-2", "300", "100", "PARTIAL")]
    )
    purchase = invoice_entry(
        "purchase",
        "50",
        [item("due-3", "50", "0", "NOT_SPECIFIED")],
        register="RECEIVED",
        party=SUPPLIER,
        origin="SUPPLIER",
        account=A401,
    )
    return {
        "data": {
            "accountingEntries": {
                "totalCount": 3,
                "pageInfo": {"hasNextPage": False, "endCursor": "c"},
                "edges": [{"cursor": "a", "node": sales}, {"cursor": "b", "node": purchase}],
            }
        }
    }


def test_accounting_entries_response_fills_open_items_with_documented_fields():
    context = codegen.build_context([("entries.json", entries_response())])
    assert list(context) == ["openItems"]
    first = context["openItems"][0]
    assert first == {
        "id": uid("due-1"),
        "amount": D("492"),
        "paidAmountAccumulated": D("0"),
        "status": "NOT_SPECIFIED",
        "dueDate": "2025-02-28",
        "thirdPartyId": CUSTOMER,
        "ledger": "SALES",
        "invoicePosted": True,
        "invoiceId": uid("sale.invoice"),
        "subAccountId": A411,
    }
    assert [(r["id"], r["ledger"]) for r in context["openItems"]] == [
        (uid("due-1"), "SALES"),
        (uid("due-2"), "SALES"),
        (uid("due-3"), "PURCHASE"),
    ]


def test_accounting_entries_response_with_an_unreadable_entry_names_it():
    broken = entries_response()
    broken["data"]["accountingEntries"]["edges"][1]["node"]["date"] = "not a date"
    with pytest.raises(ResponseError, match=r"^entries.json: accountingEntries\[1\]\.date: "):
        codegen.build_context([("entries.json", broken)])


def test_built_open_items_feed_the_set_rules_and_settle(tmp_path, capsys):
    pm = {"id": uid("pm"), "type": "BANK_ACCOUNT", "journalTypeId": BANK_JOURNAL, "subAccountId": A512}
    files = [
        _write(tmp_path, "entries.json", entries_response()),
        _write(tmp_path, "pm.json", {"data": {"paymentMethods": {"nodes": [pm]}}}),
    ]
    context = tmp_path / "context.json"
    assert main(["context", "build", *files, "-o", str(context)]) == 0
    assert "3 openItems" in capsys.readouterr().err
    settlement = {
        "entryDate": "2025-03-01",
        "paymentMethodId": pm["id"],
        "thirdPartyId": CUSTOMER,
        "salesOpenItemLinkagePaidAmounts": [{"openItemId": uid("due-2"), "paidAmount": D("200")}],
    }
    path = _write(tmp_path, "settle.json", settlement)
    code = main(["settle", path, "--context", str(context), "--operation", "salesOpenItemSettlement"])
    out = loads(capsys.readouterr().out)
    assert code == 0, out
    assert out["openItems"][0]["status"] == {"before": "PARTIAL", "after": "COLLECTED"}
    settlement["salesOpenItemLinkagePaidAmounts"][0]["paidAmount"] = D("250")
    path = _write(tmp_path, "over.json", settlement)
    assert main(["settle", path, "--context", str(context), "--operation", "salesOpenItemSettlement"]) == 1
    assert [v["code"] for v in loads(capsys.readouterr().out)["violations"]] == ["SET004"]


# -- item 13: messages in JSON's words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "kind"), [(D(5), "a number"), ("x", "a string"), (True, "a boolean"), ([1], "a list")]
)
def test_a_record_that_is_not_an_object_is_named_by_its_json_kind(record, kind):
    with pytest.raises(ResponseError) as raised:
        codegen.build_context([("j.json", {"data": {"journalTypes": {"nodes": [record]}}})])
    assert str(raised.value) == f"j.json: journalTypes[0]: expected an object, found {kind}"
