"""The API's conventions that tie one field to another: one copy, used by expansion, rules, fix and tests.

Sage Active derives some values from others instead of asking for them: a line's ``registerType``
follows from its third party's origin and its journal's type, the invoice register from the origin,
the account natures that take a third party from the nature. The rules check these conventions, the
expansion applies them as the server does, ``fix`` fills them in and the Hypothesis strategies draw
payloads that respect them — all four read this module, so a convention changes in one place.

The facts and their sources are in ``docs/sources.md`` (S-numbers there).
"""

from __future__ import annotations

from typing import Literal

from ledger.enums import JournalType, Origin, RegisterType, SubAccountType

__all__ = [
    "INVOICE_REGISTER",
    "ORIGIN_KEYS",
    "PREPAYMENT_ORIGINS",
    "THIRD_PARTY_SIDE",
    "Side",
    "accepted_origin",
    "invoice_register",
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


def other_side(side: Side) -> Side:
    """The side opposite to ``side``: where an invoice's counterpart lines go."""
    return "credit" if side == "debit" else "debit"
