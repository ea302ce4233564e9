"""OIT: an invoice's open items cover it, with paid amounts and statuses that agree: a passing and a failing case for every code (rules.md)."""

from __future__ import annotations

import pytest

from ledger.operations import BY_NAME
from rules.engine import Engine
from tests.helpers.read_entries import (
    A401,
    SUPPLIER,
    codes,
    invoice_entry,
    item,
    run_audit,
    violations,
)

GOOD_ITEMS = [item("i1", "500", "500", "COLLECTED"), item("i2", "792", "0", "NOT_SPECIFIED")]


def test_oit_valid_invoice_has_no_findings():
    assert codes(run_audit([invoice_entry("inv", "1292", GOOD_ITEMS)])) == []


def test_oit_partial_item_is_fine():
    items = [item("i1", "500", "200", "PARTIAL"), item("i2", "792", "792", "COLLECTED")]
    assert codes(run_audit([invoice_entry("inv", "1292", items)])) == []


def test_oit001_items_do_not_cover_the_invoice():
    items = [item("i1", "500", "0", "NOT_SPECIFIED"), item("i2", "700", "0", "NOT_SPECIFIED")]
    reports = run_audit([invoice_entry("inv", "1292", items)])
    [(doc, v)] = violations(reports, "OIT001")
    assert v.path == "accountingEntryLines[0].accountingEntryInvoice.openItems"
    assert v.figure("open_items") == "1200" and v.figure("invoice") == "1292"
    assert codes(reports) == ["OIT001"]


def test_oit001_skips_an_empty_item_list():
    assert codes(run_audit([invoice_entry("inv", "1292", [])])) == []


@pytest.mark.parametrize("paid", ["800", "-1"])
def test_oit002_paid_out_of_range(paid):
    items = [item("i1", "500", "0", "NOT_SPECIFIED"), item("i2", "792", paid, "PARTIAL")]
    reports = run_audit([invoice_entry("inv", "1292", items)])
    [(doc, v)] = violations(reports, "OIT002")
    assert v.path == "accountingEntryLines[0].accountingEntryInvoice.openItems[1].paidAmountAccumulated"
    assert codes(reports) == ["OIT002"]  # not OIT003 as well: one fault, one code


def test_oit002_negative_credit_note_items_in_range():
    items = [item("i1", "-150", "-150", "COLLECTED")]
    assert codes(run_audit([invoice_entry("cn", "-150", items)], select="OIT")) == []


@pytest.mark.parametrize(
    "paid,status",
    [
        ("100", "NOT_SPECIFIED"),
        ("0", "PARTIAL"),
        ("792", "PARTIAL"),
        ("100", "COLLECTED"),
        ("0", "COLLECTED"),
    ],
)
def test_oit003_status_contradicts_paid_amount(paid, status):
    items = [item("i1", "500", "0", "NOT_SPECIFIED"), item("i2", "792", paid, status)]
    reports = run_audit([invoice_entry("inv", "1292", items)])
    [(doc, v)] = violations(reports, "OIT003")
    assert v.path.endswith("openItems[1].status")
    assert codes(reports) == ["OIT003"]


def test_oit004_paid_on_customer_invoice():
    items = [item("i1", "1292", "1292", "PAID")]
    reports = run_audit([invoice_entry("inv", "1292", items)])
    [(doc, v)] = violations(reports, "OIT004")
    assert v.figure("expected") == "COLLECTED"
    assert codes(reports) == ["OIT004"]


def test_oit004_collected_on_supplier_invoice_and_paid_passes():
    bad = [item("i1", "300", "300", "COLLECTED")]
    good = [item("i2", "300", "300", "PAID")]
    bad_entry = invoice_entry(
        "pinv", "300", bad, register="RECEIVED", party=SUPPLIER, origin="SUPPLIER", account=A401
    )
    good_entry = invoice_entry(
        "pinv2", "300", good, register="RECEIVED", party=SUPPLIER, origin="SUPPLIER", account=A401
    )
    reports = run_audit([bad_entry, good_entry])
    assert [(doc, v.code) for doc, v in violations(reports, "OIT004")] == [(0, "OIT004")]


def test_oit004_side_from_origin_when_register_undefined():
    entry = invoice_entry("inv", "100", [item("i1", "100", "100", "PAID")], register="UNDEFINED")
    assert codes(run_audit([entry])) == ["OIT004"]


def test_oit_rules_are_silent_on_create_inputs():
    entry = invoice_entry("inv", "1292", [item("i1", "500", "900", "PAID")])
    report = Engine(select="OIT").check_value(entry, BY_NAME["createAccountingEntry"], mode="create")
    assert report.codes() == []
    report = Engine(select="OIT").check_value(entry, BY_NAME["createAccountingEntry"], mode="read")
    assert sorted(report.codes()) == ["OIT001", "OIT002", "OIT004"]
