"""OIT, SET, LET and MAT: a passing and a failing case for every code (rules.md)."""

from __future__ import annotations

import uuid
from decimal import Decimal as D

import pytest

from ledger.io.context_file import context_from_dict
from ledger.operations import BY_NAME
from rules.audit import audit
from rules.engine import Engine

NS = uuid.UUID("2d7f0c57-3c4e-4f43-9a1e-8c5e5b0f7a10")


def uid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


CUSTOMER, OTHER_CUSTOMER, SUPPLIER = uid("customer"), uid("customer-2"), uid("supplier")
A411, A401, A706, A512 = uid("411000"), uid("401000"), uid("706000"), uid("512000")
SALES_JOURNAL, BANK_JOURNAL = uid("VTE"), uid("BQ")


# -- builders: entries as READ from the API -----------------------------------------------------------


def item(name, amount, paid, status):
    return {
        "id": uid(name),
        "amount": D(amount),
        "paidAmountAccumulated": D(paid),
        "status": status,
        "dueDate": "2025-02-28",
    }


def payment(letter=None, matching=None, match_id=None):
    out = {}
    if letter is not None:
        out["matchingLetter"] = letter
    if matching is not None:
        out["matching"] = matching
    if match_id is not None:
        out["matchId"] = uid(match_id)
    return out


def invoice_entry(
    name, amount, items=None, *, pay=None, register="ISSUED", party=CUSTOMER, origin="CUSTOMER", account=A411
):
    debit, credit = (D(amount), D(0)) if register != "RECEIVED" else (D(0), D(amount))
    line = {
        "id": uid(f"{name}.0"),
        "subAccountId": account,
        "debitAmount": debit,
        "creditAmount": credit,
        "registerType": register,
        "accountingEntryThirdParty": {"thirdPartyId": party, "origin": origin},
        "accountingEntryInvoice": {
            "id": uid(f"{name}.invoice"),
            "documentDate": "2025-01-10",
            "amount": D(amount),
            "registerType": register,
        },
    }
    if items is not None:
        line["accountingEntryInvoice"]["openItems"] = items
    if pay is not None:
        line["accountingEntryPayment"] = pay
    return {
        "id": uid(name),
        "date": "2025-01-10",
        "journalTypeId": SALES_JOURNAL,
        "accountingEntryLines": [
            line,
            {
                "id": uid(f"{name}.1"),
                "subAccountId": A706,
                "debitAmount": credit,
                "creditAmount": debit,
                "registerType": register,
            },
        ],
    }


def receipt_entry(name, amount, *, pay=None, party=CUSTOMER, account=A411):
    line = {
        "id": uid(f"{name}.1"),
        "subAccountId": account,
        "debitAmount": D(0),
        "creditAmount": D(amount),
        "registerType": "UNDEFINED",
        "accountingEntryThirdParty": {"thirdPartyId": party, "origin": "CUSTOMER"},
    }
    if pay is not None:
        line["accountingEntryPayment"] = pay
    return {
        "id": uid(name),
        "date": "2025-02-01",
        "journalTypeId": BANK_JOURNAL,
        "accountingEntryLines": [
            {
                "id": uid(f"{name}.0"),
                "subAccountId": A512,
                "debitAmount": D(amount),
                "creditAmount": D(0),
                "registerType": "UNDEFINED",
            },
            line,
        ],
    }


def run_audit(entries, select=None):
    from ledger.io.jsontext import dumps

    return audit(dumps(entries), select=select)


def codes(reports):
    return sorted(v.code for r in reports for v in r.violations)


def violations(reports, code):
    return [(r.document, v) for r in reports for v in r.violations if v.code == code]


# -- OIT --------------------------------------------------------------------------------------------


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


# -- SET --------------------------------------------------------------------------------------------

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


# -- LET --------------------------------------------------------------------------------------------


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


# -- MAT --------------------------------------------------------------------------------------------

CUST_ACC = {"id": "24HJA4y", "code": "1500", "subCode": "10005"}
REVENUE = {"id": "ggHNwdQ", "code": "3100", "subCode": None}


def luca_context(*lines, matches=()):
    return context_from_dict({"luca": {"postingLines": list(lines), "entryMatches": list(matches)}})


def pline(id, cents, debit, credit):
    return {"id": id, "amountCents": cents, "debitAccount": debit, "creditAccount": credit}


INVOICE_LINE = pline("JeCRVx", 15000, CUST_ACC, REVENUE)
CREDIT_LINE = pline("gYCr2n", 15000, REVENUE, CUST_ACC)
SMALL_CREDIT = pline("kP3sQa", 8000, REVENUE, CUST_ACC)
VAT_LINE = pline("vAT001", 3000, CUST_ACC, {"id": "vatAcc", "code": "2700", "subCode": None})


def match(*ids, account="24HJA4y"):
    return {"postingLines": [{"id": i} for i in ids], "accountId": account}


def check_match(context, value):
    return Engine(context=context).check(value, operation="bookkeepingEntryMatchCreate")


def test_mat_valid_match():
    context = luca_context(INVOICE_LINE, CREDIT_LINE)
    assert check_match(context, match("JeCRVx", "gYCr2n")).codes() == []


def test_mat001_line_not_on_account():
    other = pline("other1", 15000, REVENUE, {"id": "bank", "code": "1920", "subCode": None})
    context = luca_context(INVOICE_LINE, CREDIT_LINE, other)
    report = check_match(context, match("JeCRVx", "gYCr2n", "other1"))
    assert report.codes() == ["MAT001"]  # not MAT002 as well
    assert report.violations[0].path == "postingLines[2].id"


def test_mat002_match_not_zero():
    context = luca_context(INVOICE_LINE, SMALL_CREDIT)
    report = check_match(context, match("JeCRVx", "kP3sQa"))
    assert report.codes() == ["MAT002"]
    assert report.violations[0].figure("net_cents") == "7000"
    assert report.violations[0].figure("net") == "70.00"


def test_mat002_counts_a_line_on_both_sides_as_zero():
    both = pline("both01", 999, CUST_ACC, CUST_ACC)
    context = luca_context(INVOICE_LINE, CREDIT_LINE, both)
    assert check_match(context, match("JeCRVx", "gYCr2n", "both01")).codes() == []


def test_mat003_too_few_lines():
    context = luca_context(INVOICE_LINE)
    assert check_match(context, match("JeCRVx")).codes() == ["MAT003"]
    assert check_match(context, match()).codes() == ["MAT003"]


def test_mat004_duplicate_line():
    context = luca_context(INVOICE_LINE, CREDIT_LINE)
    report = check_match(context, match("JeCRVx", "gYCr2n", "gYCr2n"))
    assert report.codes() == ["MAT004"]
    assert report.violations[0].path == "postingLines[2].id"


def test_mat005_line_already_matched():
    context = luca_context(
        INVOICE_LINE, CREDIT_LINE, matches=[{"id": "kQBSpD", "postingLineIds": ["JeCRVx"]}]
    )
    report = check_match(context, match("JeCRVx", "gYCr2n"))
    assert report.codes() == ["MAT005"]
    assert report.violations[0].figure("match") == "kQBSpD"


def test_mat_context_rules_skipped_without_luca_context():
    report = Engine().check(match("JeCRVx", "gYCr2n"), operation="bookkeepingEntryMatchCreate")
    assert report.codes() == []
    assert {"MAT001", "MAT002", "MAT005"} <= set(report.skipped_rules)


def test_mat005_needs_only_entry_matches():
    context = context_from_dict({"luca": {"entryMatches": [{"id": "m", "postingLineIds": ["JeCRVx"]}]}})
    report = check_match(context, match("JeCRVx", "gYCr2n"))
    assert report.codes() == ["MAT005"]
    assert "MAT005" not in report.skipped_rules
