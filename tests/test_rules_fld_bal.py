"""Pass and fail cases for every FLD and BAL code (a data-driven table, SQLFluff style).

Each case starts from one valid ``createAccountingEntry`` input (the seed 001 sales invoice, with real
UUIDs in place of its placeholders), applies one edit, and states exactly which codes the engine must
report. Adding a case needs no new Python.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.io.jsontext import dumps
from rules.engine import Engine, Options

JOURNAL = "6fdf8926-cfdd-4ef8-8f89-39d6bfa622da"
CUSTOMER_ACCOUNT = "11111111-1111-4111-8111-111111111111"
REVENUE_ACCOUNT = "22222222-2222-4222-8222-222222222222"
TAX_ACCOUNT = "33333333-3333-4333-8333-333333333333"
CUSTOMER = "44444444-4444-4444-8444-444444444444"
DOCUMENT_TYPE = "55555555-5555-4555-8555-555555555555"


def seed001() -> dict:
    """The seed 001 example entry, its placeholders replaced by UUIDs; amounts exact."""
    return {
        "description": "Facture FA0022",
        "date": "2023-03-01",
        "entryType": "GENERAL",
        "journalTypeId": JOURNAL,
        "accountingEntryLines": [
            {
                "description": "Facture FA0022",
                "creditAmount": Decimal("0"),
                "debitAmount": Decimal("1824.67"),
                "subAccountId": CUSTOMER_ACCOUNT,
                "accountingEntryThirdParty": {
                    "socialName": "Bijouterie Bagues",
                    "origin": "CUSTOMER",
                    "thirdPartyId": CUSTOMER,
                    "identificationTypeId": DOCUMENT_TYPE,
                    "documentId": "12345678900011",
                },
                "registerType": "ISSUED",
                "accountingEntryInvoice": {
                    "amount": Decimal("1824.67"),
                    "documentDate": "2023-03-01",
                    "expeditionDate": "2023-03-01",
                    "operationDate": "2023-03-01",
                    "settlementDate": "2023-03-01",
                    "externalInvoiceNumber": "FA0022",
                    "registerType": "ISSUED",
                },
            },
            {
                "description": "Facture FA0022",
                "creditAmount": Decimal("1520.56"),
                "debitAmount": Decimal("0"),
                "subAccountId": REVENUE_ACCOUNT,
                "registerType": "UNDEFINED",
            },
            {
                "description": "Facture FA0022",
                "creditAmount": Decimal("304.11"),
                "debitAmount": Decimal("0"),
                "subAccountId": TAX_ACCOUNT,
                "registerType": "UNDEFINED",
            },
        ],
    }


def _set(doc: dict, path: str, value) -> None:
    """Set (or with value DELETE, remove) a dotted path with [i] indexes."""
    parts = path.replace("]", "").replace("[", ".").split(".")
    target = doc
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


DELETE = object()
L0, L1, L2 = "accountingEntryLines[0]", "accountingEntryLines[1]", "accountingEntryLines[2]"

# (id, edits [(path, value)], expected [(code, path)])
CASES = [
    ("valid seed 001 entry", [], []),
    ("FLD002 missing date", [("date", DELETE)], [("FLD002", "date")]),
    ("FLD002 null creditAmount", [(f"{L1}.creditAmount", None)], [("FLD002", f"{L1}.creditAmount")]),
    (
        "FLD002 missing origin",
        [(f"{L0}.accountingEntryThirdParty.origin", DELETE)],
        [("FLD002", f"{L0}.accountingEntryThirdParty.origin")],
    ),
    ("FLD003 amount as string", [(f"{L1}.creditAmount", "1520.56")], [("FLD003", f"{L1}.creditAmount")]),
    ("FLD003 boolean amount", [(f"{L1}.debitAmount", True)], [("FLD003", f"{L1}.debitAmount")]),
    ("FLD003 bad date", [("date", "01/03/2023")], [("FLD003", "date")]),
    ("FLD003 bad uuid", [("journalTypeId", "{journalId}")], [("FLD003", "journalTypeId")]),
    ("FLD003 list expected", [("accountingEntryLines", {"a": 1})], [("FLD003", "accountingEntryLines")]),
    ("FLD004 registerType typo", [(f"{L0}.registerType", "ISSUE")], [("FLD004", f"{L0}.registerType")]),
    (
        "FLD004 origin",
        [(f"{L0}.accountingEntryThirdParty.origin", "CLIENT")],
        [("FLD004", f"{L0}.accountingEntryThirdParty.origin")],
    ),
    ("FLD005 description 201", [("description", "x" * 201)], [("FLD005", "description")]),
    (
        "FLD005 socialName 71",
        [(f"{L0}.accountingEntryThirdParty.socialName", "n" * 71)],
        [("FLD005", f"{L0}.accountingEntryThirdParty.socialName")],
    ),
    ("FLD005 boundary 200 ok", [("description", "x" * 200)], []),
    ("FLD006 misspelt field", [(f"{L1}.debitAmmount", Decimal(0))], [("FLD006", f"{L1}.debitAmmount")]),
    ("FLD007 read-only id", [("id", "9b2f6d0e-1111-4c1c-8d5b-0f0e0d0c0b0a")], [("FLD007", "id")]),
    (
        "FLD007 lettering on create",
        [(f"{L0}.accountingEntryPayment", {"matching": "FULL_MATCH"})],
        [("FLD007", f"{L0}.accountingEntryPayment")],
    ),
    ("FLD008 entryType absent", [("entryType", DELETE)], [("FLD008", "entryType")]),
    ("FLD008 entryType OPENING", [("entryType", "OPENING")], [("FLD008", "entryType")]),
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


def _fix_case(name, edits):
    doc = seed001()
    if name == "BAL002 one line":
        doc["accountingEntryLines"] = doc["accountingEntryLines"][:1]
        doc["accountingEntryLines"][0]["accountingEntryInvoice"]["amount"] = Decimal("1824.67")
        return doc
    for path, value in edits:
        if path == "accountingEntryLines[3]":
            doc["accountingEntryLines"].append(value)
        else:
            _set(doc, path, value)
    return doc


@pytest.fixture(scope="module")
def engine():
    # FLD and BAL only: the other families have their own tables.
    return Engine(select=["FLD", "BAL"])


@pytest.mark.parametrize("name,edits,expected", CASES, ids=[c[0] for c in CASES])
def test_case(engine, name, edits, expected):
    document = _fix_case(name, edits)
    report = engine.check(document, operation="createAccountingEntry")
    got = sorted((v.code, v.path) for v in report.violations)
    assert got == sorted(expected)


def test_every_fld_and_bal_code_has_a_failing_case(engine):
    codes = {code for _, _, expected in CASES for code, _ in expected}
    assert codes >= {f"FLD00{i}" for i in range(2, 9)} | {f"BAL00{i}" for i in range(1, 8)}


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


def test_fld006_hint_names_the_closest_field(engine):
    doc = seed001()
    doc["accountingEntryLines"][1]["debitAmmount"] = doc["accountingEntryLines"][1].pop("debitAmount")
    report = engine.check(doc, operation="createAccountingEntry")
    by_code = {v.code: v for v in report.violations}
    assert by_code["FLD006"].hint == "did you mean `debitAmount`?"
    assert by_code["FLD002"].path == f"{L1}.debitAmount"  # and the real field is missing


def test_fld004_hint_names_the_closest_value(engine):
    doc = seed001()
    doc["accountingEntryLines"][0]["registerType"] = "RECIEVED"
    (violation,) = engine.check(doc, operation="createAccountingEntry").violations
    assert violation.hint == "did you mean RECEIVED?"


@pytest.mark.parametrize(
    "text,message_part",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),  # a list given as one document: the input is not an object
        ('"just a string"', "must be a JSON object"),
    ],
)
def test_fld001_and_non_objects(text, message_part):
    report = Engine().check(text, operation="createAccountingEntry")
    assert not report.valid
    assert any(message_part in v.message for v in report.violations)


def test_fld001_without_operation():
    report = Engine().check({"date": "2024-01-01"})
    assert [v.code for v in report.violations] == ["FLD001"]
    assert "--operation" in report.violations[0].hint


def test_nan_and_infinity_are_refused_exactly():
    text = dumps(seed001()).replace("1520.56", "NaN")
    report = Engine(select=["FLD", "BAL"]).check(text, operation="createAccountingEntry")
    assert [(v.code, v.path) for v in report.violations] == [("FLD003", f"{L1}.creditAmount")]
    assert "NaN" in report.violations[0].message
