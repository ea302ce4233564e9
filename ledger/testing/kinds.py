"""What the strategies draw: the kinds of entry, the three create forms, and the scenario they return.

A kind says what an entry is about (a sale, a purchase, a bank movement…) and so which journal type it is
posted to; a form says which create operation carries it. Every strategy module reads these tables, so a
kind or a form is added here, once.
"""

from __future__ import annotations

from typing import NamedTuple

from ledger.enums import JournalType

__all__ = [
    "ENTRY_KINDS",
    "FORMS",
    "INVOICE_KINDS",
    "JOURNAL_OF_KIND",
    "KINDS",
    "PLAIN_KINDS",
    "Scenario",
]

#: What a drawn entry is about. ``sales-invoice-posting`` is a ``postSalesInvoice`` input, not an entry.
ENTRY_KINDS = ("sales-invoice", "purchase-invoice", "general", "financial", "carry-forward")
KINDS = ENTRY_KINDS + ("sales-invoice-posting",)
#: The three ways to create an entry, and the operation each one is.
FORMS = {
    "full": "createAccountingEntry",
    "ids": "createAccountingEntryUsingIds",
    "codes": "createAccountingEntryUsingCodes",
}
#: The journal type each kind is posted to.
JOURNAL_OF_KIND = {
    "sales-invoice": JournalType.SALES_INVOICE,
    "purchase-invoice": JournalType.PURCHASE_INVOICE,
    "general": JournalType.GENERAL,
    "financial": JournalType.FINANCIAL,
    "carry-forward": JournalType.CARRY_FORWARD,
    "sales-invoice-posting": JournalType.SALES_INVOICE,
}
#: The kinds posted to an invoice journal (with a third party and an invoice), and the others.
INVOICE_KINDS = ("sales-invoice", "purchase-invoice")
PLAIN_KINDS = ("general", "financial", "carry-forward")


class Scenario(NamedTuple):
    """A context, an input consistent with it, and the operation to check the input as."""

    context: dict
    input: dict
    operation: str
