"""SET: a settlement request pays open items that exist, are due and belong to its third party: a passing and a failing case for every code (rules.md)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ledger.io.context_file import context_from_dict
from rules.engine import Engine
from tests.helpers.read_entries import (
    A411,
    A512,
    BANK_JOURNAL,
    CUSTOMER,
    OTHER_CUSTOMER,
    uid,
)

PM, PM_JOURNAL = uid("pm"), BANK_JOURNAL
ITEMS = {
    "open": ("500", "0", "NOT_SPECIFIED", CUSTOMER, "SALES", True),
    "partial": ("792", "300", "PARTIAL", CUSTOMER, "SALES", True),
    "collected": ("400", "400", "COLLECTED", CUSTOMER, "SALES", True),
    "other": ("100", "0", "NOT_SPECIFIED", OTHER_CUSTOMER, "SALES", True),
    "unposted": ("100", "0", "NOT_SPECIFIED", CUSTOMER, "SALES", False),
    "purchase": ("100", "0", "NOT_SPECIFIED", CUSTOMER, "PURCHASE", True),
}


@pytest.fixture(scope="module")
def set_context():
    return context_from_dict(
        {
            "paymentMethods": [
                {"id": PM, "type": "BANK_ACCOUNT", "journalTypeId": PM_JOURNAL, "subAccountId": A512}
            ],
            "openItems": [
                {
                    "id": uid(name),
                    "amount": D(a),
                    "paidAmountAccumulated": D(p),
                    "status": s,
                    "thirdPartyId": t,
                    "ledger": l,
                    "invoicePosted": posted,
                    "subAccountId": A411,
                }
                for name, (a, p, s, t, l, posted) in ITEMS.items()
            ],
        }
    )


def settlement(*pairs, third_party=CUSTOMER, list_name="salesOpenItemLinkagePaidAmounts"):
    return {
        "entryDate": "2025-03-01",
        "paymentMethodId": PM,
        "thirdPartyId": third_party,
        list_name: [
            {
                "openItemId": uid(name) if name in ITEMS or name.startswith("x") else name,
                "paidAmount": D(amount),
            }
            for name, amount in pairs
        ],
    }


def check_settlement(context, value, operation="salesOpenItemSettlement"):
    return Engine(context=context).check(value, operation=operation)


def test_set_valid_settlement(set_context):
    report = check_settlement(set_context, settlement(("open", "500"), ("partial", "492")))
    assert report.valid and report.codes() == []


def test_set001_empty(set_context):
    report = check_settlement(set_context, settlement())
    assert report.codes() == ["SET001"]
    assert report.violations[0].path == "salesOpenItemLinkagePaidAmounts"


def test_set002_already_collected(set_context):
    report = check_settlement(set_context, settlement(("collected", "10")))
    assert report.codes() == ["SET002"]  # not SET004 as well
    assert report.violations[0].path == "salesOpenItemLinkagePaidAmounts[0].openItemId"


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_set003_non_positive(set_context, amount):
    assert check_settlement(set_context, settlement(("open", amount))).codes() == ["SET003"]


def test_set004_overpayment_counts_what_is_already_paid(set_context):
    assert check_settlement(set_context, settlement(("partial", "492"))).codes() == []
    report = check_settlement(set_context, settlement(("partial", "492.01")))
    assert report.codes() == ["SET004"]
    assert report.violations[0].figure("remaining") == "492"


def test_set005_unknown_item(set_context):
    report = check_settlement(set_context, settlement(("open", "1"), (uid("nope"), "1")))
    assert report.codes() == ["SET005"]
    assert report.violations[0].path == "salesOpenItemLinkagePaidAmounts[1].openItemId"


def test_set006_other_third_party(set_context):
    assert check_settlement(set_context, settlement(("other", "100"))).codes() == ["SET006"]


def test_set007_duplicate(set_context):
    report = check_settlement(set_context, settlement(("open", "100"), ("open", "200")))
    assert report.codes() == ["SET007"]
    assert report.violations[0].path == "salesOpenItemLinkagePaidAmounts[1].openItemId"


def test_set008_invoice_not_posted(set_context):
    assert check_settlement(set_context, settlement(("unposted", "100"))).codes() == ["SET008"]


def test_set009_wrong_ledger_both_ways(set_context):
    assert check_settlement(set_context, settlement(("purchase", "100"))).codes() == ["SET009"]
    purchase = settlement(("open", "100"), list_name="purchaseOpenItemLinkagePaidAmounts")
    assert check_settlement(set_context, purchase, "purchaseOpenItemSettlement").codes() == ["SET009"]
    purchase = settlement(("purchase", "100"), list_name="purchaseOpenItemLinkagePaidAmounts")
    assert check_settlement(set_context, purchase, "purchaseOpenItemSettlement").codes() == []


def test_set_context_rules_skipped_without_open_items():
    report = Engine().check(settlement(("open", "0")), operation="salesOpenItemSettlement")
    assert report.codes() == ["SET003"]
    assert {"SET002", "SET004", "SET005", "SET006", "SET008", "SET009"} <= set(report.skipped_rules)


@pytest.mark.parametrize(
    ("operation", "list_name"),
    [
        ("salesOpenItemSettlement", "salesOpenItemLinkagePaidAmounts"),
        ("purchaseOpenItemSettlement", "purchaseOpenItemLinkagePaidAmounts"),
        ("openItemSettlement", "openItemLinkagePaidAmounts"),
    ],
)
def test_sub_cent_paid_amount_is_bal006_on_every_settlement_operation(operation, list_name):
    value = settlement(("open", "791.999"), ("partial", "100.500"), list_name=list_name)
    report = Engine(select=["BAL006"]).check(value, operation=operation)
    assert [(v.code, v.path) for v in report.violations] == [("BAL006", f"{list_name}[0].paidAmount")]
    assert report.violations[0].message == "791.999 has more decimals than EUR allows (2)"


def test_paid_amount_minor_unit_follows_the_organisation_currency():
    jpy = Engine(select=["BAL006"], context=context_from_dict({"organization": {"currency": "JPY"}}))
    report = jpy.check(settlement(("open", "500.5"), ("partial", "492")), operation="salesOpenItemSettlement")
    assert [v.path for v in report.violations] == ["salesOpenItemLinkagePaidAmounts[0].paidAmount"]
