"""``fix`` applies only documented defaults and never touches amounts, accounts or dates given."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from ledger.io.jsontext import dumps, loads
from rules.engine import Engine
from rules.fixing import fix_document, fix_input
from tests.helpers import EXAMPLES
from tests.helpers.seed import seed001

PROTECTED = ("Amount", "amount", "subAccountId", "Date", "date", "taxBase", "taxPercentage")


def _leaves(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def _protected(value) -> dict:
    return {p: v for p, v in _leaves(value) if p.rsplit(".", 1)[-1].endswith(PROTECTED)}


def assert_kept(before, after) -> None:
    """Every amount, account and date present before is unchanged after (fix may only ADD dates)."""
    kept, now = _protected(before), _protected(after)
    assert {p: now.get(p) for p in kept} == kept


def minimal_entry() -> dict:
    """The seed 001 entry stripped of everything fix may fill in."""
    doc = seed001()
    del doc["entryType"]
    for line in doc["accountingEntryLines"]:
        del line["registerType"]
    invoice = doc["accountingEntryLines"][0]["accountingEntryInvoice"]
    for key in ("expeditionDate", "operationDate", "settlementDate", "registerType"):
        del invoice[key]
    invoice["accountingEntryTaxes"] = [
        {
            "taxTreatmentId": "66666666-6666-4666-8666-666666666666",
            "taxGroupId": "77777777-7777-4777-8777-777777777777",
            "taxType": "TVA",
            "taxId": "88888888-8888-4888-8888-888888888888",
            "taxPercentage": Decimal(20),
            "taxBase": Decimal("1520.56"),
            "taxAmount": Decimal("304.11"),
        }
    ]
    return doc


def test_fix_turns_a_minimal_entry_into_one_that_passes():
    engine = Engine()
    before = engine.check(minimal_entry(), operation="createAccountingEntry")
    assert {"FLD002", "FLD008"} <= set(before.codes())
    result = fix_input(minimal_entry(), "createAccountingEntry")
    after = engine.check(result.document, operation="createAccountingEntry")
    # Without a context fix cannot know the customer's code: only TPY007's warning remains.
    assert after.valid and [v.code for v in after.violations] == ["TPY007"]
    paths = {c.path for c in result.changes}
    assert "entryType" in paths and "accountingEntryLines[0].registerType" in paths
    assert "accountingEntryLines[0].accountingEntryInvoice.accountingEntryTaxes[0].deductible" in paths


def test_fix_never_touches_amounts_accounts_or_dates_given():
    for document in json.loads((EXAMPLES / "batch.json").read_text(), parse_float=Decimal, parse_int=Decimal):
        result = fix_document(document)
        assert_kept(document, result.document)
    broken = minimal_entry()
    broken["accountingEntryLines"][2]["creditAmount"] = Decimal("1")  # unbalanced: fix must not "repair" it
    broken["date"] = "2019-01-01"
    result = fix_input(broken, "createAccountingEntry")
    assert_kept(broken, result.document)


def test_fix_does_not_overwrite_invoice_dates_and_reports_changes():
    doc = minimal_entry()
    doc["accountingEntryLines"][0]["accountingEntryInvoice"]["operationDate"] = "2023-02-27"
    result = fix_input(doc, "createAccountingEntry")
    invoice = result.document["accountingEntryLines"][0]["accountingEntryInvoice"]
    assert invoice["operationDate"] == "2023-02-27" and invoice["expeditionDate"] == "2023-03-01"
    assert all(c.describe().startswith(c.path) for c in result.changes)
    assert (
        doc["accountingEntryLines"][0]["accountingEntryInvoice"].get("expeditionDate") is None
    )  # input untouched


@pytest.mark.slow  # a subprocess
def test_fix_cli_writes_the_corrected_document_and_says_what_changed(tmp_path):
    source = tmp_path / "entry.json"
    source.write_text(dumps({"values": minimal_entry()}))
    out = tmp_path / "fixed.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rules",
            "fix",
            str(source),
            "--operation",
            "createAccountingEntry",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fixed entryType: (absent) -> 'GENERAL'" in result.stderr
    fixed = loads(out.read_text())
    assert Engine().check(fixed, operation="createAccountingEntry").valid


def test_fix_descriptions_show_values_as_json_not_python():
    from decimal import Decimal as D

    from rules.fixing import Change

    assert Change("a.regimeType", D(5), "GENERAL").describe() == "a.regimeType: 5 -> 'GENERAL'"
    assert Change("a.deductible", None, True).describe() == "a.deductible: (absent) -> true"
    assert Change("a.deductible", [D("1.5")], False).describe() == "a.deductible: [1.5] -> false"
