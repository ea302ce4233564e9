"""The API's conventions (``ledger.conventions``): each table as documented, and every user agrees.

A convention is written once; these tests pin each table to what the sources say, then check that
the expansion (which applies it as the server does), ``fix`` (which fills it in) and the rules (which
check it) agree on drawn inputs: what the expansion or ``fix`` produces, the rules accept, and what
they would have produced, a different value of which the rules reject.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.books.expansion import expand
from ledger.context import LIST_KEYS
from ledger.conventions import (
    COLLECTIVE_NATURES,
    DEDUCTIBLE,
    DOCUMENT_DATE_DEFAULTS,
    INVOICE_REGISTER,
    JOURNAL_ORIGINS,
    OPEN_ITEM_LEDGERS,
    ORIGIN_KEYS,
    PREPAYMENT_ORIGINS,
    RECORD_COPIES,
    accepted_origin,
    copied_from_record,
    dates_from_document_date,
    deductible,
    invoice_ledger,
    invoice_register,
    ledger_origin,
    line_register,
)
from ledger.entries import EntryInvoice, EntryThirdParty
from ledger.enums import JournalType, OpenItemLedger, Origin, RegisterType, SubAccountType
from ledger.fields import field_by_api_name
from ledger.inputs import SETTLEMENT_INPUTS
from ledger.io.context_file import context_from_dict
from ledger.io.loading import load
from ledger.operations import BY_NAME
from ledger.reference import EmployeeRecord, ThirdPartyRecord
from rules.engine import Engine
from rules.fixing import fix_input


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledger-rules-conventions-test/{name}"))


# -- one organisation: a journal of every type, an account of every third-party nature ----------------------

_ACCOUNTS = {
    Origin.CUSTOMER: ("411000", "CUSTOMER"),
    Origin.SUPPLIER: ("401000", "PROVIDER"),
    Origin.EMPLOYEE: ("421000", "EMPLOYEE"),
    None: ("706000", "REVENUE"),
}
_THIRD_CODES = {Origin.CUSTOMER: "CLI1", Origin.SUPPLIER: "FOU1", Origin.EMPLOYEE: "SAL1"}


def _record(origin: Origin) -> dict:
    code = _THIRD_CODES[origin]
    name = "socialName" if origin is not Origin.EMPLOYEE else "name"
    return {
        "id": uid(f"third/{code}"),
        "code": code,
        name: f"{origin.value.title()} {code}",
        "documentTypeId": uid("doctype/01"),
        "documentId": f"DOC-{code}",
    }


CONTEXT_DATA = {
    "organization": {"legislationCode": "FR", "currency": "EUR"},
    "journalTypes": [
        {
            "id": uid(f"journal/{t.value}"),
            "code": t.value[:3],
            "name": t.value,
            "type": t.value,
            "deactivated": False,
        }
        for t in JournalType
    ],
    "accountingAccounts": [
        {
            "id": uid(f"account/{code}"),
            "code": code,
            "name": code,
            "accountLevel": "SUB_ACCOUNT",
            "subAccountType": nature,
            "deactivated": False,
        }
        for code, nature in _ACCOUNTS.values()
    ],
    **{ORIGIN_KEYS[origin]: [_record(origin)] for origin in _THIRD_CODES},
}
CONTEXT = context_from_dict(CONTEXT_DATA)
ENGINE = Engine(context=CONTEXT)

origins = st.sampled_from([Origin.CUSTOMER, Origin.SUPPLIER, Origin.EMPLOYEE, None])
journal_types = st.sampled_from(list(JournalType))
registers = st.sampled_from([*RegisterType, None])


def codes(document: dict, select: str) -> list[str]:
    report = Engine(context=CONTEXT, select=select).check(document, operation="createAccountingEntry")
    return report.codes()


def simplified(journal_type: JournalType, origin: Origin | None) -> dict:
    """A createAccountingEntryUsingCodes input: one line of ``origin``'s account (its third party), one
    revenue line."""
    first = {
        "subAccountCode": _ACCOUNTS[origin][0],
        "debitAmount": Decimal("120"),
        "creditAmount": Decimal(0),
    }
    if origin is not None:
        first["thirdCode"] = _THIRD_CODES[origin]
    return {
        "date": "2025-03-01",
        "documentDate": "2025-02-27",
        "journalTypeCode": journal_type.value[:3],
        "description": "conventions",
        "accountingEntryLines": [
            first,
            {"subAccountCode": "706000", "debitAmount": Decimal(0), "creditAmount": Decimal("120")},
        ],
    }


def expanded(journal_type: JournalType, origin: Origin | None):
    loaded = load(BY_NAME["createAccountingEntryUsingCodes"].model, simplified(journal_type, origin))
    assert loaded.problems == ()
    return expand(loaded.model, CONTEXT)


# -- the tables -------------------------------------------------------------------------------------------


def test_invoice_register_table():
    assert INVOICE_REGISTER == {Origin.CUSTOMER: RegisterType.ISSUED, Origin.SUPPLIER: RegisterType.RECEIVED}
    assert [invoice_register(o) for o in (Origin.EMPLOYEE, None)] == [None, None]


@pytest.mark.parametrize("journal_type", list(JournalType))
@pytest.mark.parametrize("origin", [*Origin, None])
def test_line_register_table(journal_type, origin):
    invoice_journal = journal_type in (JournalType.SALES_INVOICE, JournalType.PURCHASE_INVOICE)
    expected = {Origin.CUSTOMER: RegisterType.ISSUED, Origin.SUPPLIER: RegisterType.RECEIVED}.get(origin)
    assert line_register(origin, journal_type) is (
        expected if invoice_journal and expected else RegisterType.UNDEFINED
    )
    assert line_register(origin, None) is RegisterType.UNDEFINED


def test_origin_keys_are_the_context_lists_of_each_origin():
    assert ORIGIN_KEYS == {
        Origin.CUSTOMER: "customers",
        Origin.SUPPLIER: "suppliers",
        Origin.EMPLOYEE: "employees",
    }
    assert {LIST_KEYS[key] for key in ORIGIN_KEYS.values()} == {ThirdPartyRecord, EmployeeRecord}
    empty = context_from_dict({"customers": []})
    assert [empty.third_parties_given(o) for o in ORIGIN_KEYS] == [True, False, False]


def test_accepted_origin_table():
    expected = {
        SubAccountType.CUSTOMER: Origin.CUSTOMER,
        SubAccountType.PROVIDER: Origin.SUPPLIER,
        SubAccountType.EMPLOYEE: Origin.EMPLOYEE,
        SubAccountType.CUSTOMER_PREPAYMENT: Origin.CUSTOMER,
        SubAccountType.CUSTOMER_PREPAYMENT_TAX_INCLUDED: Origin.CUSTOMER,
        SubAccountType.SUPPLIER_PREPAYMENT: Origin.SUPPLIER,
        SubAccountType.SUPPLIER_PREPAYMENT_TAX_INCLUDED: Origin.SUPPLIER,
    }
    assert {n: accepted_origin(n) for n in SubAccountType if accepted_origin(n)} == expected
    assert accepted_origin(None) is None
    assert set(PREPAYMENT_ORIGINS) <= set(expected)


def test_collective_natures_are_the_natures_that_require_each_origin():
    assert COLLECTIVE_NATURES == {
        Origin.CUSTOMER: SubAccountType.CUSTOMER,
        Origin.SUPPLIER: SubAccountType.PROVIDER,
        Origin.EMPLOYEE: SubAccountType.EMPLOYEE,
    }
    assert all(nature.third_party_origin is origin for origin, nature in COLLECTIVE_NATURES.items())


def test_each_invoice_journal_takes_the_origin_of_its_register():
    assert JOURNAL_ORIGINS == {
        JournalType.SALES_INVOICE: Origin.CUSTOMER,
        JournalType.PURCHASE_INVOICE: Origin.SUPPLIER,
    }
    assert {t for t in JournalType if t.is_invoice_journal} == set(JOURNAL_ORIGINS)


def test_deductible_table():
    assert DEDUCTIBLE == {RegisterType.ISSUED: False, RegisterType.RECEIVED: True}
    assert [deductible(r) for r in (RegisterType.UNDEFINED, None)] == [None, None]


@given(registers, origins)
def test_invoice_ledger_follows_the_register_then_the_origin(register, origin):
    side = invoice_ledger(register, origin)
    if register is RegisterType.ISSUED:
        assert side is OpenItemLedger.SALES
    elif register is RegisterType.RECEIVED:
        assert side is OpenItemLedger.PURCHASE
    else:
        assert side is {Origin.CUSTOMER: OpenItemLedger.SALES, Origin.SUPPLIER: OpenItemLedger.PURCHASE}.get(
            origin
        )


def test_each_open_item_ledger_has_one_origin():
    assert OPEN_ITEM_LEDGERS == {
        Origin.CUSTOMER: OpenItemLedger.SALES,
        Origin.SUPPLIER: OpenItemLedger.PURCHASE,
    }
    assert [ledger_origin(side) for side in OpenItemLedger] == [Origin.CUSTOMER, Origin.SUPPLIER]
    # Every settlement input works on one of the two ledgers, so its third parties have an origin.
    assert {OpenItemLedger(cls.ledger) for cls in SETTLEMENT_INPUTS} <= set(OPEN_ITEM_LEDGERS.values())


def test_record_copies_name_real_fields_on_both_sides():
    block = field_by_api_name(EntryThirdParty)
    record = field_by_api_name(ThirdPartyRecord)
    assert [c.field for c in RECORD_COPIES] == ["socialName", "code", "identificationTypeId", "documentId"]
    for copied in RECORD_COPIES:
        assert block[copied.field][0] == copied.attr
        assert record[copied.record_field][0] == copied.record_attr
    employee = EmployeeRecord(id="e", code="E", name="Ada", document_type_id="t", document_id="d")
    assert copied_from_record(employee)["social_name"] == "Ada"
    assert [c.source(Origin.EMPLOYEE) for c in RECORD_COPIES][0] == "name"
    assert [c.source(Origin.CUSTOMER) for c in RECORD_COPIES] == [c.record_field for c in RECORD_COPIES]
    assert set(copied_from_record(None).values()) == {None}


def test_document_date_defaults_name_the_invoice_dates():
    invoice = field_by_api_name(EntryInvoice)
    assert [name for _, name in DOCUMENT_DATE_DEFAULTS] == [
        "expeditionDate",
        "operationDate",
        "settlementDate",
    ]
    assert all(invoice[name][0] == attr for attr, name in DOCUMENT_DATE_DEFAULTS)
    day = date(2025, 2, 27)
    assert set(dates_from_document_date(day).values()) == {day}


# -- expansion, fix and rules agree -----------------------------------------------------------------------


@given(journal_types, origins)
def test_expansion_applies_the_register_and_invoice_conventions(journal_type, origin):
    expansion = expanded(journal_type, origin)
    assert expansion.problems == ()
    line = expansion.entry.lines[0]
    assert line.register_type is line_register(origin, journal_type)
    invoice = line.accounting_entry_invoice
    if journal_type.is_invoice_journal and invoice_register(origin) is not None:
        assert invoice.register_type is line.register_type
        assert all(getattr(invoice, attr) == date(2025, 2, 27) for attr, _ in DOCUMENT_DATE_DEFAULTS)
    else:
        assert invoice is None
    if origin is not None:
        block = line.accounting_entry_third_party
        record = CONTEXT.third_party(origin, code=_THIRD_CODES[origin])
        assert {c.attr: getattr(block, c.attr) for c in RECORD_COPIES} == copied_from_record(record)
        assert block.origin is origin


@given(journal_types, origins)
def test_what_fix_writes_the_rules_accept(journal_type, origin):
    fixed = fix_input(simplified(journal_type, origin), "createAccountingEntryUsingCodes", CONTEXT).document
    assert fixed["accountingEntryLines"][0]["registerType"] == line_register(origin, journal_type).value
    # Only the third party's journal may object: a supplier in the sales journal is TPY004's fault.
    wrong_journal = origin is not None and JOURNAL_ORIGINS.get(journal_type, origin) is not origin
    assert codes(fixed, "REG,TPY,INV001,INV005,INV006,TAX004") == (["TPY004"] if wrong_journal else [])


@given(journal_types, origins, registers.filter(lambda r: r is not None))
def test_the_rules_reject_another_register_type_and_fix_restores_it(journal_type, origin, register):
    document = fix_input(
        simplified(journal_type, origin), "createAccountingEntryUsingCodes", CONTEXT
    ).document
    expected = line_register(origin, journal_type)
    document["accountingEntryLines"][0]["registerType"] = register.value
    found = codes(document, "REG001,REG002,REG003")
    assert bool(found) == (register is not expected)
    again = fix_input(document, "createAccountingEntry", CONTEXT).document
    assert again["accountingEntryLines"][0]["registerType"] == expected.value


@given(
    st.sampled_from([JournalType.SALES_INVOICE, JournalType.PURCHASE_INVOICE]),
    st.sampled_from([True, False, None]),
)
def test_deductible_flag_fix_and_tax004_agree(journal_type, flag):
    origin = JOURNAL_ORIGINS[journal_type]
    document = fix_input(
        simplified(journal_type, origin), "createAccountingEntryUsingCodes", CONTEXT
    ).document
    invoice = document["accountingEntryLines"][0]["accountingEntryInvoice"]
    invoice["accountingEntryTaxes"] = [
        {"taxBase": Decimal(100), "taxPercentage": Decimal(20), "taxAmount": Decimal(20)}
    ]
    if flag is not None:
        invoice["accountingEntryTaxes"][0]["deductible"] = flag
    expected = deductible(invoice_register(origin))
    assert ("TAX004" in codes(document, "TAX004")) == (flag is not None and flag is not expected)
    fixed = fix_input(document, "createAccountingEntry", CONTEXT).document
    tax = fixed["accountingEntryLines"][0]["accountingEntryInvoice"]["accountingEntryTaxes"][0]
    assert tax["deductible"] is expected
    assert codes(fixed, "TAX004") == []


@given(origins.filter(lambda o: o is not None), st.sets(st.sampled_from(RECORD_COPIES), min_size=1))
def test_record_copies_fix_and_tpy_agree(origin, changed):
    journal_type = JournalType.GENERAL
    document = fix_input(
        simplified(journal_type, origin), "createAccountingEntryUsingCodes", CONTEXT
    ).document
    block = document["accountingEntryLines"][0]["accountingEntryThirdParty"]
    for copied in changed:
        block[copied.field] = "X" if copied.field in ("socialName", "code", "documentId") else uid("other")
    found = Engine(context=CONTEXT, select="TPY006").check(document, operation="createAccountingEntry")
    messages = {v.path.rsplit(".", 1)[1]: v.message for v in found.violations}
    assert sorted(messages) == sorted(c.field for c in changed)
    assert all(f"the record's {c.source(origin)} " in messages[c.field] for c in changed)
    fixed = fix_input(document, "createAccountingEntry", CONTEXT).document
    assert codes(fixed, "TPY002,TPY006") == []


@given(st.sets(st.sampled_from([name for _, name in DOCUMENT_DATE_DEFAULTS])))
def test_document_date_defaults_fix_and_inv005_agree(missing):
    origin = Origin.CUSTOMER
    document = fix_input(
        simplified(JournalType.SALES_INVOICE, origin), "createAccountingEntryUsingCodes", CONTEXT
    ).document
    invoice = document["accountingEntryLines"][0]["accountingEntryInvoice"]
    for name in missing:
        del invoice[name]
    found = Engine(context=CONTEXT, select="INV005").check(document, operation="createAccountingEntry")
    assert sorted(v.path.rsplit(".", 1)[1] for v in found.violations) == sorted(missing)
    fixed = fix_input(document, "createAccountingEntry", CONTEXT).document
    assert all(fixed["accountingEntryLines"][0]["accountingEntryInvoice"][n] == "2025-02-27" for n in missing)
    assert codes(fixed, "INV005") == []


@given(journal_types, origins, st.booleans())
def test_fix_without_a_context_decides_the_register_only_when_the_entry_tells(
    journal_type, origin, keep_invoice
):
    document = fix_input(
        simplified(journal_type, origin), "createAccountingEntryUsingCodes", CONTEXT
    ).document
    line = document["accountingEntryLines"][0]
    del line["registerType"]
    if not keep_invoice:
        line.pop("accountingEntryInvoice", None)
    has_invoice = "accountingEntryInvoice" in line
    fixed = fix_input(document, "createAccountingEntry", None).document["accountingEntryLines"][0]
    if invoice_register(origin) is None:
        assert fixed["registerType"] == "UNDEFINED"  # never an invoice register, whatever the journal
    elif has_invoice:
        assert (
            fixed["registerType"]
            == line_register(origin, journal_type).value
            == invoice_register(origin).value
        )
    else:
        assert "registerType" not in fixed  # a bank or an invoice journal: not guessed
