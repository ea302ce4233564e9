"""FLD: the input's shape (fields, types, values, JSON itself): pass and fail cases for every code.

Each case starts from one valid ``createAccountingEntry`` input (seed 001's sales invoice, with real
UUIDs in place of its placeholders: ``tests.helpers.seed``), applies one edit, and states exactly which
codes the engine must report. Adding a case needs no new Python.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.io.jsontext import dumps
from rules.engine import Engine
from tests.helpers.seed import DELETE, L0, L1, edited, seed001

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
]


@pytest.mark.parametrize("name,edits,expected", CASES, ids=[c[0] for c in CASES])
def test_case(engine, name, edits, expected):
    report = engine.check(edited(name, edits), operation="createAccountingEntry")
    got = sorted((v.code, v.path) for v in report.violations)
    assert got == sorted(expected)


def test_every_fld_code_has_a_failing_case():
    codes = {code for _, _, expected in CASES for code, _ in expected}
    assert codes >= {f"FLD00{i}" for i in range(2, 9)}


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
