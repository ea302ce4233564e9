"""The API's conventions that tie one field to another: one copy, used by expansion, rules, fix and tests.

Sage Active derives some values from others instead of asking for them: a line's ``registerType``
follows from its third party's origin and its journal's type, the invoice register from the origin,
the account natures that take a third party from the nature, the origin an invoice journal takes from
the journal's type, the open-item ledger of an invoice from its register or origin, a tax register's
``deductible`` flag from the invoice's register, three invoice dates from its ``documentDate``; and
four fields of the third-party block are copies of the third party's record. The rules check these
conventions, the expansion and the posting simulators apply them as the server does, ``fix`` fills
them in and the Hypothesis strategies draw payloads that respect them — all of them read this module,
so a convention changes in one place.

The facts and their sources are in ``docs/sources.md`` (S-numbers there).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, TypedDict

import attrs

from ledger.enums import JournalType, OpenItemLedger, Origin, RegisterType, SubAccountType

__all__ = [
    "COLLECTIVE_NATURES",
    "DEDUCTIBLE",
    "DOCUMENT_DATE_DEFAULTS",
    "INVOICE_REGISTER",
    "JOURNAL_ORIGINS",
    "OPEN_ITEM_LEDGERS",
    "ORIGIN_KEYS",
    "PREPAYMENT_ORIGINS",
    "RECORD_COPIES",
    "CopiedField",
    "THIRD_PARTY_SIDE",
    "Side",
    "accepted_origin",
    "copied_from_record",
    "dates_from_document_date",
    "deductible",
    "invoice_ledger",
    "invoice_register",
    "ledger_origin",
    "line_register",
    "other_side",
]

#: A line's side: the one of ``debitAmount`` / ``creditAmount`` that holds its amount.
Side = Literal["debit", "credit"]

#: The register an invoice of each third-party origin goes to, which is also the ``registerType`` of
#: that third party's lines in an invoice journal: a customer's sale is ISSUED, a supplier's purchase
#: RECEIVED. Other origins (employees, none) have no invoice register.
INVOICE_REGISTER: dict[Origin, RegisterType] = {
    Origin.CUSTOMER: RegisterType.ISSUED,
    Origin.SUPPLIER: RegisterType.RECEIVED,
}

#: The side an invoice puts its third-party line on, by register: a sale makes the customer owe the
#: invoice total (debit), a purchase makes the company owe the supplier (credit). The counterpart lines
#: (revenue or charge, VAT) take the other side, and a credit note reverses every side.
THIRD_PARTY_SIDE: dict[RegisterType, Side] = {
    RegisterType.ISSUED: "debit",
    RegisterType.RECEIVED: "credit",
}

#: The context key holding the third parties of each origin.
ORIGIN_KEYS: dict[Origin, str] = {
    Origin.CUSTOMER: "customers",
    Origin.SUPPLIER: "suppliers",
    Origin.EMPLOYEE: "employees",
}

#: The open-item ledger of an invoice of each origin: a customer's invoice is collected (SALES), a
#: supplier's paid (PURCHASE); the settlement of a ledger's items books that origin's third parties.
OPEN_ITEM_LEDGERS: dict[Origin, OpenItemLedger] = {
    Origin.CUSTOMER: OpenItemLedger.SALES,
    Origin.SUPPLIER: OpenItemLedger.PURCHASE,
}

#: The nature of each origin's own (collective) accounts: the inverse of
#: ``SubAccountType.third_party_origin`` (a customer on a CUSTOMER account, a supplier on a PROVIDER
#: account, an employee on an EMPLOYEE account).
COLLECTIVE_NATURES: dict[Origin, SubAccountType] = {
    origin: nature for nature in SubAccountType if (origin := nature.third_party_origin) is not None
}

#: The one third-party origin each invoice journal takes: a SALES_INVOICE journal books customers'
#: invoices, a PURCHASE_INVOICE journal suppliers'. Other journals take any origin.
JOURNAL_ORIGINS: dict[JournalType, Origin] = {
    JournalType.SALES_INVOICE: Origin.CUSTOMER,
    JournalType.PURCHASE_INVOICE: Origin.SUPPLIER,
}

#: A tax register's ``deductible`` flag by its invoice's register ("true for a deductible tax, false
#: for a collected tax"): a sale (ISSUED) collects tax, a purchase (RECEIVED) deducts it. Assumption:
#: the flag follows the register; a self-assessed purchase is the exception the rules warn about.
DEDUCTIBLE: dict[RegisterType, bool] = {
    RegisterType.ISSUED: False,
    RegisterType.RECEIVED: True,
}

#: The invoice dates that are "mandatory, assign it by default with documentDate", in the order the
#: invoice lists them: (attribute of :class:`ledger.entries.EntryInvoice`, name in the API).
DOCUMENT_DATE_DEFAULTS: tuple[tuple[str, str], ...] = (
    ("expedition_date", "expeditionDate"),
    ("operation_date", "operationDate"),
    ("settlement_date", "settlementDate"),
)

#: Account natures that may carry a third party besides CUSTOMER / PROVIDER / EMPLOYEE (which REQUIRE
#: one, ``SubAccountType.third_party_origin``): the customer and supplier prepayment accounts, on which
#: deposits are booked. Assumption: they accept the matching origin; the docs do not list them.
PREPAYMENT_ORIGINS: dict[SubAccountType, Origin] = {
    SubAccountType.CUSTOMER_PREPAYMENT_TAX_INCLUDED: Origin.CUSTOMER,
    SubAccountType.CUSTOMER_PREPAYMENT: Origin.CUSTOMER,
    SubAccountType.SUPPLIER_PREPAYMENT_TAX_INCLUDED: Origin.SUPPLIER,
    SubAccountType.SUPPLIER_PREPAYMENT: Origin.SUPPLIER,
}


def invoice_register(origin: Origin | None) -> RegisterType | None:
    """The register of an invoice of a third party of ``origin``: ISSUED, RECEIVED, or None."""
    return INVOICE_REGISTER.get(origin) if origin is not None else None


def line_register(origin: Origin | None, journal_type: JournalType | None) -> RegisterType:
    """A line's ``registerType``: its invoice register in an invoice journal, UNDEFINED everywhere else.

    Lines of customers and suppliers in a SALES_INVOICE / PURCHASE_INVOICE journal are ISSUED /
    RECEIVED; every other line — another origin, no third party, or a bank, cash or miscellaneous
    journal — is UNDEFINED.
    """
    if journal_type is None or not journal_type.is_invoice_journal:
        return RegisterType.UNDEFINED
    return invoice_register(origin) or RegisterType.UNDEFINED


def accepted_origin(nature: SubAccountType | None) -> Origin | None:
    """The third-party origin an account of this nature accepts, or None for a non-third-party account."""
    if nature is None:
        return None
    return nature.third_party_origin or PREPAYMENT_ORIGINS.get(nature)


class InvoiceDates(TypedDict):
    """The invoice dates that default to its ``documentDate``, as keyword arguments of ``EntryInvoice``."""

    expedition_date: date | None
    operation_date: date | None
    settlement_date: date | None


def dates_from_document_date(document_date: date | None) -> InvoiceDates:
    """The defaulted invoice dates, all ``document_date`` (the keys are :data:`DOCUMENT_DATE_DEFAULTS`'s)."""
    return InvoiceDates(
        expedition_date=document_date, operation_date=document_date, settlement_date=document_date
    )


def invoice_ledger(register: RegisterType | None, origin: Origin | None) -> OpenItemLedger | None:
    """The open-item ledger of an invoice: by its register (ISSUED: SALES, RECEIVED: PURCHASE), else by
    its line's third-party origin; None when neither tells."""
    by_register = next((o for o, r in INVOICE_REGISTER.items() if r is register), None)
    key = by_register or origin
    return OPEN_ITEM_LEDGERS.get(key) if key is not None else None


def ledger_origin(ledger: OpenItemLedger) -> Origin:
    """The origin of the third parties whose open items are in ``ledger`` (SALES: customers)."""
    return next(o for o, side in OPEN_ITEM_LEDGERS.items() if side is ledger)


def deductible(register: RegisterType | None) -> bool | None:
    """The ``deductible`` flag of the tax registers of an invoice of ``register``; None: not decided."""
    return DEDUCTIBLE.get(register) if register is not None else None


@attrs.frozen
class CopiedField:
    """One field of ``accountingEntryThirdParty`` that is a copy of the third party's record."""

    attr: str  #: the attribute of :class:`ledger.entries.EntryThirdParty`
    field: str  #: its name in the API's block
    record_attr: str  #: the attribute of the record (an employee's ``social_name`` is its ``name``)
    record_field: str  #: its name on the record in the API

    def source(self, origin: Origin | None) -> str:
        """The record's field this one is copied from: an employee's ``socialName`` is its ``name``."""
        return (
            "name" if self.record_field == "socialName" and origin is Origin.EMPLOYEE else self.record_field
        )


#: The block fields that "must be filled in" from the third party's record, in the order the block
#: lists them: the expansion and the posting simulators copy them, ``fix`` fills them in, the TPY
#: rules check them and the strategies draw them.
RECORD_COPIES: tuple[CopiedField, ...] = (
    CopiedField("social_name", "socialName", "social_name", "socialName"),
    CopiedField("code", "code", "code", "code"),
    CopiedField("identification_type_id", "identificationTypeId", "document_type_id", "documentTypeId"),
    CopiedField("document_id", "documentId", "document_id", "documentId"),
)


def copied_from_record(record: Any) -> dict[str, Any]:
    """The block's attributes copied from a third party's record, as keyword arguments of
    :class:`ledger.entries.EntryThirdParty` (``None`` where the record has no value, or no record)."""
    return {f.attr: getattr(record, f.record_attr) if record is not None else None for f in RECORD_COPIES}


def other_side(side: Side) -> Side:
    """The side opposite to ``side``: where an invoice's counterpart lines go."""
    return "credit" if side == "debit" else "debit"
