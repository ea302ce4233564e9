"""The five entry families together (REG, TPY, INV, TAX, REF): their catalogue and documentation, the
rules skipped for lack of reference data, seed 001 end to end and the bundled example.
"""

from __future__ import annotations

import json

from ledger.io.jsontext import loads
from rules.engine import Engine
from rules.families import default_registry
from tests.helpers import EXAMPLES
from tests.helpers.entries import (
    CTX,
    FAMILIES,
    SEED_001,
    SELECT,
    TP,
    L,
    at,
    make_context,
    seed_001,
    seed_001_purchase,
)


def test_the_catalogue_matches_rules_md():
    """Codes, names and severities are the contract (rules.md); INV008 is our documented addition."""
    expected = {
        "REG001": ("register-type-outside-invoice-journal", "error"),
        "REG002": ("register-type-without-third-party", "error"),
        "REG003": ("register-type-third-party-mismatch", "error"),
        "REG004": ("invoice-register-type", "error"),
        "TPY001": ("missing-third-party", "error"),
        "TPY002": ("incomplete-third-party", "error"),
        "TPY003": ("third-party-account-mismatch", "error"),
        "TPY004": ("third-party-journal-mismatch", "error"),
        "TPY005": ("unknown-third-party", "error"),
        "TPY006": ("third-party-data-mismatch", "warning"),
        "TPY007": ("missing-third-party-code", "warning"),
        "INV001": ("missing-invoice", "error"),
        "INV002": ("invoice-outside-invoice-journal", "error"),
        "INV003": ("several-invoices-in-entry", "error"),
        "INV004": ("invoice-amount-mismatch", "error"),
        "INV005": ("missing-invoice-dates", "error"),
        "INV006": ("invoice-without-third-party", "error"),
        "INV007": ("operation-date-after-document-date", "warning"),
        "INV008": ("same-third-party-lines-merged", "info"),
        "INV009": ("third-party-line-wrong-side", "warning"),
        "TAX001": ("missing-tax-treatment", "error"),
        "TAX002": ("tax-amount-inconsistent", "warning"),
        "TAX003": ("regime-type-not-general", "error"),
        "TAX004": ("deductible-flag-mismatch", "warning"),
        "TAX005": ("tax-treatment-mismatch", "error"),
        "TAX006": ("tax-register-lines-mismatch", "warning"),
        "TAX007": ("invoice-total-mismatch", "warning"),
        "REF001": ("unknown-journal", "error"),
        "REF002": ("deactivated-journal", "error"),
        "REF003": ("unknown-account", "error"),
        "REF004": ("not-a-sub-account", "error"),
        "REF005": ("deactivated-account", "error"),
        "REF006": ("closed-period", "error"),
        "REF007": ("deactivated-session", "error"),
        "REF008": ("missing-document-number", "error"),
        "REF009": ("wrong-journal-for-operation", "error"),
    }
    actual = {r.code: (r.name, r.severity.value) for r in default_registry() if r.family in FAMILIES}
    assert actual == expected
    # The needs are what rules.md's "ctx" column says: these decide from the input alone.
    context_free = {
        "REG003",
        "REG004",
        "TPY002",
        "TPY007",
        "INV003",
        "INV004",
        "INV005",
        "INV006",
        "INV007",
        "TAX001",
        "TAX002",
        "TAX003",
        "TAX004",
        "TAX007",
    }
    for spec in default_registry():
        if spec.family in FAMILIES and spec.scope == "document":
            assert (not spec.needs) == (spec.code in context_free), spec.code


def test_rules_document_their_source_and_the_assumptions_where_docs_are_silent():
    for spec in default_registry():
        if spec.family in FAMILIES:
            assert spec.doc.source, spec.code
    for code in (
        "REG001",
        "TPY003",
        "INV003",
        "INV004",
        "INV007",
        "INV008",
        "INV009",
        "TAX002",
        "TAX004",
        "TAX006",
        "TAX007",
        "REF008",
    ):
        assert default_registry().get(code).doc.assumption, code


# -- skipped for lack of reference data --------------------------------------------------------------------


CONTEXT_RULES_ON_ENTRIES = {
    "REG001",
    "REG002",
    "TPY001",
    "TPY003",
    "TPY004",
    "TPY005",
    "TPY006",
    "INV001",
    "INV002",
    "TAX005",
    "TAX006",
    "REF001",
    "REF002",
    "REF003",
    "REF004",
    "REF005",
    "REF006",
    "REF007",
    "REF008",
}


def test_without_context_the_context_rules_are_listed_as_skipped():
    report = Engine(select=SELECT).check(seed_001(), operation="createAccountingEntry")
    assert report.valid and report.violations == ()
    assert CONTEXT_RULES_ON_ENTRIES <= set(report.skipped_rules)
    assert not {"REG003", "REG004", "INV003", "INV004", "TAX002"} & set(report.skipped_rules)


def test_a_missing_key_skips_exactly_the_rules_that_need_it():
    context = make_context(drop=("journalTypes", "accountingExercises"))
    report = Engine(context=context, select=SELECT).check(seed_001(), operation="createAccountingEntry")
    skipped = set(report.skipped_rules)
    assert {"REG001", "REG002", "TPY004", "INV001", "INV002", "REF001", "REF002", "REF006"} <= skipped
    assert not {"REF003", "TPY001", "TPY005", "TAX005", "REG003"} & skipped


# -- the seed 001 example and the bundled example ---------------------------------------------------------


def test_seed_001_sale_passes_with_a_context_defining_its_placeholders():
    report = Engine(context=CTX).check({"values": seed_001()}, operation="createAccountingEntry")
    assert report.violations == ()


def test_seed_001_turned_into_a_purchase_passes_too():
    document = seed_001_purchase()
    assert document["accountingEntryLines"][0]["registerType"] == "RECEIVED"
    report = Engine(context=CTX).check({"values": document}, operation="createAccountingEntry")
    assert report.violations == ()


def test_seed_001_verbatim_without_code_passes_too():
    """The example omits `code` (its field table says "must be filled in"): valid, with TPY007's warning."""
    report = Engine(context=CTX).check(
        {"values": seed_001(with_code=None)}, operation="createAccountingEntry"
    )
    assert report.valid and [v.code for v in report.violations] == ["TPY007"]
    wrong = at(seed_001(), L(0, TP + ".code"), "C2")
    report = Engine(context=CTX).check({"values": wrong}, operation="createAccountingEntry")
    assert [(v.code, v.path) for v in report.violations] == [("TPY006", L(0, TP + ".code"))]


def test_seed_transcription(shared_dir):
    text = next((shared_dir / "seeds").glob("001_*.txt")).read_text(encoding="utf-8")
    start = text.index('{\n"values"')
    end = text.index("\nHeader")
    assert json.loads(text[start:end]) == json.loads(SEED_001)


def test_bundled_example_reports_exactly_the_planted_findings(example_context):
    root = EXAMPLES
    documents = loads((root / "batch.json").read_text(encoding="utf-8"))
    expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    engine = Engine(context=example_context)
    found = []
    for index, document in enumerate(documents):
        report = engine.check(document, index=index)
        found += [(index, v.code, v.path) for v in report.violations]
        assert report.skipped_rules == () or not set(report.skipped_rules) & CONTEXT_RULES_ON_ENTRIES
    assert sorted(found) == sorted((e["document"], e["code"], e["path"]) for e in expected)
