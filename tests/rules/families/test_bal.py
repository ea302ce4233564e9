"""BAL: an entry's amounts balance and are bookkeeping amounts: pass and fail cases for every code.

Each case starts from one valid ``createAccountingEntry`` input (seed 001's sales invoice, with real
UUIDs in place of its placeholders: ``tests.helpers.seed``), applies one edit, and states exactly which
codes the engine must report. Adding a case needs no new Python.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules.engine import Engine
from rules.env import Options
from tests.helpers.seed import L0, L1, L2, REVENUE_ACCOUNT, edited, seed001

# (id, edits [(path, value)], expected [(code, path)])
CASES = [
    (
        "BAL001 off by one cent",
        [(f"{L2}.creditAmount", Decimal("304.10"))],
        [("BAL001", "accountingEntryLines")],
    ),
    ("BAL001 silent on unreadable amount", [(f"{L2}.creditAmount", "x")], [("FLD003", f"{L2}.creditAmount")]),
    ("BAL002 one line", [("accountingEntryLines", [])], [("BAL002", "accountingEntryLines")]),
    (
        "BAL003 two-sided line",
        [(f"{L1}.debitAmount", Decimal("10")), (f"{L1}.creditAmount", Decimal("1530.56"))],
        [("BAL003", L1)],
    ),
    (
        "BAL004 negative",
        [(f"{L1}.creditAmount", Decimal(0)), (f"{L1}.debitAmount", Decimal("-1520.56"))],
        [("BAL004", f"{L1}.debitAmount")],
    ),
    (
        "BAL005 zero line",
        [
            (
                "accountingEntryLines[3]",
                {
                    "subAccountId": REVENUE_ACCOUNT,
                    "debitAmount": Decimal(0),
                    "creditAmount": Decimal(0),
                    "registerType": "UNDEFINED",
                },
            )
        ],
        [("BAL005", "accountingEntryLines[3]")],
    ),
    (
        "BAL006 three decimals both sides",
        [(f"{L1}.creditAmount", Decimal("1520.555")), (f"{L2}.creditAmount", Decimal("304.115"))],
        [("BAL006", f"{L1}.creditAmount"), ("BAL006", f"{L2}.creditAmount")],
    ),
    ("BAL006 trailing zeros are fine", [(f"{L1}.creditAmount", Decimal("1520.5600"))], []),
    (
        "BAL007 huge amount",
        [(f"{L0}.debitAmount", Decimal("1E400")), (f"{L1}.creditAmount", Decimal("1E400"))],
        [("BAL007", f"{L0}.debitAmount"), ("BAL007", f"{L1}.creditAmount")],
    ),
]


@pytest.mark.parametrize("name,edits,expected", CASES, ids=[c[0] for c in CASES])
def test_case(engine, name, edits, expected):
    report = engine.check(edited(name, edits), operation="createAccountingEntry")
    got = sorted((v.code, v.path) for v in report.violations)
    assert got == sorted(expected)


def test_every_bal_code_has_a_failing_case():
    codes = {code for _, _, expected in CASES for code, _ in expected}
    assert codes >= {f"BAL00{i}" for i in range(1, 8)}


def test_bal001_reports_totals_and_difference(engine):
    doc = seed001()
    doc["accountingEntryLines"][2]["creditAmount"] = Decimal("304.10")
    (violation,) = engine.check(doc, operation="createAccountingEntry").violations
    assert violation.code == "BAL001" and violation.name == "unbalanced-entry"
    assert dict(violation.figures) == {"debit": "1824.67", "credit": "1824.66", "difference": "0.01"}
    assert "1824.67" in violation.message and "0.01" in violation.message


def test_bal006_uses_the_context_currency():
    from ledger.io.context_file import context_from_dict

    doc = seed001()
    doc["accountingEntryLines"][1]["creditAmount"] = Decimal("1520.5")  # fine in EUR
    jpy = Engine(select=["BAL006"], context=context_from_dict({"organization": {"currency": "JPY"}}))
    codes = jpy.check(doc, operation="createAccountingEntry").codes()
    # JPY has no minor unit: 1824.67 (line and invoice), 1520.5 and 304.11 each carry decimals.
    assert codes.count("BAL006") == 4
    assert (
        Engine(select=["BAL006"], options=Options(currency="EUR"))
        .check(doc, operation="createAccountingEntry")
        .codes()
        == []
    )
