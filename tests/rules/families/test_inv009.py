"""INV009 third-party-line-wrong-side: pass and fail cases, one table.

Each row starts from a valid sales or purchase entry (customer debited on an ISSUED invoice, supplier
credited on a RECEIVED one), applies one change, and states what INV009 must report: the paths of its
findings, or none. The context holds only the journals, which is all INV009 needs. Then properties on
the public strategies' drawn organisations: valid scenarios never warn, a valid invoice reversed as a
whole is a credit note, and ``breaking("INV009")`` is reported on its third-party line.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.io.context_file import context_from_dict
from ledger.testing import FORMS, breaking, scenarios
from rules.engine import Engine
from rules.families import default_registry
from tests.helpers.budgets import examples

D = Decimal
OPERATION = "createAccountingEntry"


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledger-rules-test/inv009/{name}"))


JOURNALS = {"VTE": "SALES_INVOICE", "ACH": "PURCHASE_INVOICE", "BQ": "FINANCIAL", "OD": "GENERAL"}
CONTEXT = context_from_dict(
    {
        "organization": {"legislationCode": "FR", "currency": "EUR"},
        "journalTypes": [
            {"id": uid(code), "code": code, "name": code, "type": kind, "deactivated": False}
            for code, kind in JOURNALS.items()
        ],
    }
)


def _third_party(origin: str, name: str) -> dict:
    return {
        "thirdPartyId": uid(name),
        "socialName": name,
        "code": name,
        "origin": origin,
        "identificationTypeId": uid("document-type"),
        "documentId": "12345678900011",
    }


def _invoice(amount: str, register: str) -> dict:
    return {
        "documentDate": "2025-03-10",
        "expeditionDate": "2025-03-10",
        "operationDate": "2025-03-10",
        "settlementDate": "2025-04-10",
        "externalInvoiceNumber": "F-2025-0001",
        "amount": D(amount),
        "registerType": register,
    }


def _line(account: str, debit: str, credit: str, register: str = "UNDEFINED", **blocks) -> dict:
    return {
        "subAccountId": uid(account),
        "debitAmount": D(debit),
        "creditAmount": D(credit),
        "registerType": register,
        **blocks,
    }


def sale() -> dict:
    """A valid sale: 411 debited 1 200.00, 706 credited 1 000.00, 44571 credited 200.00."""
    return {
        "entryType": "GENERAL",
        "date": "2025-03-10",
        "journalTypeId": uid("VTE"),
        "documentNumber": "F-2025-0001",
        "accountingEntryLines": [
            _line(
                "411000",
                "1200.00",
                "0",
                "ISSUED",
                accountingEntryThirdParty=_third_party("CUSTOMER", "LUMEN"),
                accountingEntryInvoice=_invoice("1200.00", "ISSUED"),
            ),
            _line("706000", "0", "1000.00"),
            _line("445710", "0", "200.00"),
        ],
    }


def purchase() -> dict:
    """A valid purchase: 401 credited 600.00, 606 debited 500.00, 44566 debited 100.00."""
    return {
        "entryType": "GENERAL",
        "date": "2025-03-10",
        "journalTypeId": uid("ACH"),
        "documentNumber": "FF-2025-0001",
        "accountingEntryLines": [
            _line(
                "401000",
                "0",
                "600.00",
                "RECEIVED",
                accountingEntryThirdParty=_third_party("SUPPLIER", "VERRERIE"),
                accountingEntryInvoice=_invoice("600.00", "RECEIVED"),
            ),
            _line("606100", "500.00", "0"),
            _line("445660", "100.00", "0"),
        ],
    }


def receipt() -> dict:
    """A customer receipt in the bank journal: the customer is CREDITED, as a payment must be."""
    return {
        "entryType": "GENERAL",
        "date": "2025-04-10",
        "journalTypeId": uid("BQ"),
        "accountingEntryLines": [
            _line("512000", "1200.00", "0"),
            _line("411000", "0", "1200.00", accountingEntryThirdParty=_third_party("CUSTOMER", "LUMEN")),
        ],
    }


# -- changes ---------------------------------------------------------------------------------------------


def flip(*indexes: int) -> Callable[[dict], None]:
    """Swap debit and credit on the given lines (all lines when none is given)."""

    def change(entry: dict) -> None:
        lines = entry["accountingEntryLines"]
        for i in indexes or range(len(lines)):
            lines[i]["debitAmount"], lines[i]["creditAmount"] = (
                lines[i]["creditAmount"],
                lines[i]["debitAmount"],
            )

    return change


def sets(index: int, **fields) -> Callable[[dict], None]:
    def change(entry: dict) -> None:
        entry["accountingEntryLines"][index].update({k: D(v) for k, v in fields.items()})

    return change


def negative_invoice(entry: dict) -> None:
    invoice = entry["accountingEntryLines"][0]["accountingEntryInvoice"]
    invoice["amount"] = -invoice["amount"]


def without_third_party(entry: dict) -> None:
    del entry["accountingEntryLines"][0]["accountingEntryThirdParty"]


def both(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(entry: dict) -> None:
        for one in changes:
            one(entry)

    return change


def nothing(entry: dict) -> None:
    pass


# -- the table -------------------------------------------------------------------------------------------

CASES = [
    ("customer debited on an ISSUED invoice", sale, nothing, []),
    ("supplier credited on a RECEIVED invoice", purchase, nothing, []),
    (
        "customer credited on an ISSUED invoice (one sign flipped, unbalanced)",
        sale,
        flip(0),
        ["accountingEntryLines[0].creditAmount"],
    ),
    (
        "supplier debited on a RECEIVED invoice (one sign flipped, unbalanced)",
        purchase,
        flip(0),
        ["accountingEntryLines[0].debitAmount"],
    ),
    (
        "customer credited, balanced by an inflated revenue debit: not a mirror, so not a credit note",
        sale,
        both(flip(0), sets(1, debitAmount="1400.00", creditAmount="0")),
        ["accountingEntryLines[0].creditAmount"],
    ),
    ("sales credit note: every line reversed", sale, flip(), []),
    ("purchase credit note: every line reversed", purchase, flip(), []),
    (
        "credit note declared by a negative invoice amount, lines not mirrored",
        sale,
        both(flip(0), sets(1, debitAmount="1400.00", creditAmount="0"), negative_invoice),
        [],
    ),
    (
        "an invoice line without third party is judged by the invoice's registerType",
        sale,
        both(without_third_party, flip(0)),
        ["accountingEntryLines[0].creditAmount"],
    ),
    (
        "a two-sided third-party line is BAL003's, not judged here",
        sale,
        sets(0, creditAmount="5.00"),
        [],
    ),
    ("customer credited in a bank journal: a receipt, not an invoice", receipt, nothing, []),
    (
        "customer debited in a general journal: not an invoice journal",
        receipt,
        both(flip(), lambda entry: entry.update(journalTypeId=uid("OD"))),
        [],
    ),
]


@pytest.mark.parametrize(("base", "change", "paths"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_inv009(base, change, paths):
    entry = base()
    change(entry)
    report = Engine(context=CONTEXT, select=["INV009"]).check(entry, operation=OPERATION)
    assert [v.path for v in report.violations] == paths
    assert all(v.code == "INV009" and v.severity.value == "warning" for v in report.violations)
    assert "INV009" not in report.skipped_rules


@pytest.mark.parametrize("base", [sale, purchase, receipt])
def test_the_valid_bases_are_valid_under_every_invoice_rule(base):
    # So a row's finding is the change's, not something the base already had.
    report = Engine(context=CONTEXT, select=["BAL", "REG", "INV"]).check(base(), operation=OPERATION)
    assert report.violations == ()


def test_the_finding_names_the_register_and_the_side():
    entry = purchase()
    flip(0)(entry)
    (violation,) = Engine(context=CONTEXT, select=["INV009"]).check(entry, operation=OPERATION).violations
    assert violation.figure("registerType") == "RECEIVED"
    assert violation.figure("side") == "debit"
    assert "supplier line debited" in violation.message
    assert violation.hint.startswith("credit this line")


def test_without_context_it_is_skipped():
    entry = sale()
    flip(0)(entry)
    report = Engine(select=["INV009"]).check(entry, operation=OPERATION)
    assert report.violations == ()
    assert "INV009" in report.skipped_rules


def test_without_journal_types_it_is_skipped():
    entry = sale()
    flip(0)(entry)
    no_journals = context_from_dict({"organization": {"legislationCode": "FR", "currency": "EUR"}})
    report = Engine(context=no_journals, select=["INV009"]).check(entry, operation=OPERATION)
    assert report.violations == ()
    assert "INV009" in report.skipped_rules


def test_it_is_a_catalogued_warning_that_needs_the_journals():
    spec = default_registry().get("INV009")
    assert spec.severity.value == "warning"
    assert spec.needs == ("journalTypes",)
    assert spec.doc.assumption and "credit note" in spec.doc.assumption


# -- properties, on the strategies' drawn organisations ------------------------------------------------

# A whole organisation drawn and every invoice rule run per example: fewer than the profile's.
FEW = examples(15)


def _inv009(scenario, *, select=("INV009",)):
    engine = Engine(context=context_from_dict(scenario.context), select=list(select))
    return engine.check(scenario.input, operation=scenario.operation)


@pytest.mark.parametrize("form", list(FORMS))
@FEW
@given(data=st.data())
def test_valid_scenarios_do_not_warn(form, data):
    # Every kind: invoices (customer debited, supplier credited) and the other journals (not judged).
    scenario = data.draw(scenarios(form=form))
    report = _inv009(scenario)
    assert report.violations == ()
    assert "INV009" not in report.skipped_rules  # it ran: the drawn context has the journals


@pytest.mark.parametrize("form", list(FORMS))
@FEW
@given(data=st.data())
def test_a_valid_invoice_reversed_as_a_whole_is_a_credit_note(form, data):
    scenario = data.draw(scenarios(kind=["sales-invoice", "purchase-invoice"], form=form))
    flip()(scenario.input)
    assert _inv009(scenario).violations == ()


@FEW
@given(breaking("INV009"))
def test_the_breaker_flips_the_third_party_line(scenario):
    (violation,) = _inv009(scenario).violations
    third_party = [
        i
        for i, line in enumerate(scenario.input["accountingEntryLines"])
        if {"accountingEntryThirdParty", "thirdId", "thirdCode"} & set(line)
    ]
    assert violation.path.startswith(f"accountingEntryLines[{third_party[0]}].")
