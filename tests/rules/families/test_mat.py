"""MAT: Luca entry matches: lines on the account, summing to zero, not matched twice: a passing and a failing case for every code (rules.md)."""

from __future__ import annotations

from ledger.io.context_file import context_from_dict
from rules.engine import Engine

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
