"""LET: lettering groups: balanced when full, letters well formed and not reused: a passing and a failing case for every code (rules.md)."""

from __future__ import annotations

import pytest

from tests.helpers.read_entries import (
    A401,
    A411,
    CUSTOMER,
    OTHER_CUSTOMER,
    codes,
    invoice_entry,
    payment,
    receipt_entry,
    run_audit,
    violations,
)


def lettered(inv_letter, inv_matching, receipts, *, inv_amount="1292", match="m1"):
    """An invoice and receipts, all lettered with the same matchId unless a receipt says otherwise."""
    entries = [invoice_entry("inv", inv_amount, pay=payment(inv_letter, inv_matching, match))]
    for k, (amount, letter, matching, *rest) in enumerate(receipts):
        options = rest[0] if rest else {}
        entries.append(
            receipt_entry(
                f"r{k}",
                amount,
                pay=payment(letter, matching, options.get("match", match)),
                account=options.get("account", A411),
                party=options.get("party", CUSTOMER),
            )
        )
    return entries


def test_let_valid_full_and_partial_groups():
    full = lettered("A", "FULL_MATCH", [("500", "A", "FULL_MATCH"), ("792", "A", "FULL_MATCH")])
    assert codes(run_audit(full)) == []
    partial = lettered("a", "PARTIAL_MATCH", [("500", "a", "PARTIAL_MATCH")])
    assert codes(run_audit(partial)) == []


def test_let001_full_match_not_balanced_reported_on_first_line_entry():
    entries = lettered("A", "FULL_MATCH", [("500", "A", "FULL_MATCH"), ("700", "A", "FULL_MATCH")])
    reports = run_audit(entries)
    [(doc, v)] = violations(reports, "LET001")
    assert doc == 0 and v.path == "accountingEntryLines[0].accountingEntryPayment"
    assert v.figure("difference") == "92"
    assert codes(reports) == ["LET001"]


def test_let002_partial_match_balanced():
    entries = lettered("a", "PARTIAL_MATCH", [("1292", "a", "PARTIAL_MATCH")])
    assert codes(run_audit(entries)) == ["LET002"]


def test_let003_case_mismatch():
    entries = lettered("b", "FULL_MATCH", [("1292", "b", "FULL_MATCH")])
    reports = run_audit(entries)
    assert codes(reports) == ["LET003"]
    assert violations(reports, "LET003")[0][1].path.endswith("accountingEntryPayment.matchingLetter")


def test_let004_match_spans_accounts_and_third_parties():
    entries = lettered("A", "FULL_MATCH", [("1292", "A", "FULL_MATCH", {"account": A401})])
    assert codes(run_audit(entries)) == ["LET004"]
    entries = lettered("A", "FULL_MATCH", [("1292", "A", "FULL_MATCH", {"party": OTHER_CUSTOMER})])
    assert codes(run_audit(entries)) == ["LET004"]


@pytest.mark.parametrize("letter", ["AAAAAA", "Ab", "A1", "", "É"])
def test_let005_invalid_letter(letter):
    entries = [receipt_entry("r", "10", pay=payment(letter, "PARTIAL_MATCH"))]
    reports = run_audit(entries)
    assert "LET005" in codes(reports)
    assert codes(run_audit(entries, select="LET005")) == ["LET005"]


def test_let005_valid_five_letters():
    entries = [receipt_entry("r", "10", pay=payment("abcde", "PARTIAL_MATCH"))]
    assert codes(run_audit(entries)) == []


def test_let006_letter_without_matching_and_disagreeing_letters():
    entries = lettered("A", None, [("1292", "A", "FULL_MATCH")])
    reports = run_audit(entries)
    assert codes(reports) == ["LET006"]
    assert (
        violations(reports, "LET006")[0][1].path == "accountingEntryLines[0].accountingEntryPayment.matching"
    )
    entries = lettered("A", "FULL_MATCH", [("1292", "B", "FULL_MATCH")])
    assert codes(run_audit(entries)) == ["LET006"]
    entries = lettered("a", "PARTIAL_MATCH", [("500", "a", "FULL_MATCH")])
    assert codes(run_audit(entries)) == ["LET006"]


def test_let007_letter_reused_by_two_groups():
    first = lettered("A", "FULL_MATCH", [("1292", "A", "FULL_MATCH")], match="m1")
    second = [
        invoice_entry("inv2", "80", pay=payment("A", "FULL_MATCH", "m2")),
        receipt_entry("r9", "80", pay=payment("A", "FULL_MATCH", "m2")),
    ]
    reports = run_audit(first + second)
    [(doc, v)] = violations(reports, "LET007")
    assert doc == 2
    assert codes(reports) == ["LET007"]
    # Different third party: no reuse.
    other = [
        invoice_entry("inv3", "80", pay=payment("A", "FULL_MATCH", "m3"), party=OTHER_CUSTOMER),
        receipt_entry("r8", "80", pay=payment("A", "FULL_MATCH", "m3"), party=OTHER_CUSTOMER),
    ]
    assert codes(run_audit(first + other)) == []


def test_let_groups_by_letter_account_and_third_party_without_match_id():
    entries = [
        invoice_entry("inv", "100", pay=payment("C", "FULL_MATCH")),
        receipt_entry("r", "100", pay=payment("C", "FULL_MATCH")),
        receipt_entry("r2", "40", pay=payment("C", "FULL_MATCH"), party=OTHER_CUSTOMER),
    ]
    reports = run_audit(entries)
    # The other customer's "C" is a group of its own, and unbalanced.
    assert [(doc, v.code) for doc, v in violations(reports, "LET001")] == [(2, "LET001")]
