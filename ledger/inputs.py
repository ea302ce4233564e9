"""The other Sage Active mutation inputs: simplified entries, posting, settlement.

* ``createAccountingEntryUsingIds`` / ``createAccountingEntryUsingCodes`` (S22, S23): a header and flat
  lines naming an account and a third party by id or by code. The server derives the rest (third-party
  block, invoice block, register types) and then applies the same business controls as the full form;
  :mod:`ledger.books.expansion` reproduces that derivation offline.
* ``postSalesInvoice`` ([SA-post]).
* ``salesOpenItemSettlement`` / ``purchaseOpenItemSettlement`` and the ``openItemSettlement`` preview
  ([SA-settle-preview], S30, S31, S32): identical but for the name of the list of paid amounts.
"""

from __future__ import annotations

# `datetime.date`, not `date`: the API names a field `date`, which would hide the type inside the class.
import datetime
from decimal import Decimal
from typing import ClassVar, TypeAlias

import attrs

from ledger.fields import Kind, api


@attrs.frozen
class LineUsingIds:
    graphql_name: ClassVar[str] = "AccountingEntryLineCreateUsingIds"

    sub_account_id: str | None = api("subAccountId", Kind.UUID, required=True)
    third_id: str | None = api("thirdId", Kind.UUID)
    description: str | None = api("description", Kind.STRING, max_length=200)
    debit_amount: Decimal | None = api("debitAmount", Kind.DECIMAL, required=True)
    credit_amount: Decimal | None = api("creditAmount", Kind.DECIMAL, required=True)


@attrs.frozen
class EntryUsingIds:
    graphql_name: ClassVar[str] = "AccountingEntryCreateUsingIds"

    date: datetime.date | None = api("date", Kind.DATE, required=True)
    journal_type_id: str | None = api("journalTypeId", Kind.UUID, required=True)
    document_date: datetime.date | None = api("documentDate", Kind.DATE)
    document_number: str | None = api("documentNumber", Kind.STRING, max_length=50)
    description: str | None = api("description", Kind.STRING, max_length=200)
    accounting_entry_lines: tuple[LineUsingIds, ...] | None = api(
        "accountingEntryLines", Kind.LIST, model=LineUsingIds, required=True
    )

    @property
    def lines(self) -> tuple[LineUsingIds, ...]:
        return self.accounting_entry_lines or ()


@attrs.frozen
class LineUsingCodes:
    graphql_name: ClassVar[str] = "AccountingEntryLineCreateUsingCodes"

    sub_account_code: str | None = api("subAccountCode", Kind.STRING, required=True)
    third_code: str | None = api("thirdCode", Kind.STRING, max_length=17)
    description: str | None = api("description", Kind.STRING, max_length=200)
    debit_amount: Decimal | None = api("debitAmount", Kind.DECIMAL, required=True)
    credit_amount: Decimal | None = api("creditAmount", Kind.DECIMAL, required=True)


@attrs.frozen
class EntryUsingCodes:
    graphql_name: ClassVar[str] = "AccountingEntryCreateUsingCodes"

    date: datetime.date | None = api("date", Kind.DATE, required=True)
    journal_type_code: str | None = api("journalTypeCode", Kind.STRING, required=True, max_length=20)
    document_date: datetime.date | None = api("documentDate", Kind.DATE)
    document_number: str | None = api("documentNumber", Kind.STRING, max_length=50)
    description: str | None = api("description", Kind.STRING, max_length=200)
    accounting_entry_lines: tuple[LineUsingCodes, ...] | None = api(
        "accountingEntryLines", Kind.LIST, model=LineUsingCodes, required=True
    )

    @property
    def lines(self) -> tuple[LineUsingCodes, ...]:
        return self.accounting_entry_lines or ()


@attrs.frozen
class PostSalesInvoice:
    graphql_name: ClassVar[str] = "PostSalesInvoice"

    sales_invoice_id: str | None = api("salesInvoiceId", Kind.UUID, required=True)
    accounting_entry_description: str | None = api("accountingEntryDescription", Kind.STRING, max_length=200)
    journal_type_id: str | None = api("journalTypeId", Kind.UUID, required=True)


@attrs.frozen
class OpenItemLinkagePaidAmount:
    graphql_name: ClassVar[str] = "OpenItemLinkagePaidAmount"

    open_item_id: str | None = api("openItemId", Kind.UUID, required=True)
    paid_amount: Decimal | None = api("paidAmount", Kind.DECIMAL, required=True)


@attrs.frozen
class SalesOpenItemSettlement:
    graphql_name: ClassVar[str] = "SalesOpenItemSettlement"
    ledger: ClassVar[str] = "SALES"

    entry_date: datetime.date | None = api("entryDate", Kind.DATE, required=True)
    payment_method_id: str | None = api("paymentMethodId", Kind.UUID, required=True)
    description: str | None = api("description", Kind.STRING, max_length=200)
    document_number: str | None = api("documentNumber", Kind.STRING, max_length=50)
    third_party_id: str | None = api("thirdPartyId", Kind.UUID, required=True)
    session_id: str | None = api("sessionId", Kind.UUID)
    linkages: tuple[OpenItemLinkagePaidAmount, ...] | None = api(
        "salesOpenItemLinkagePaidAmounts", Kind.LIST, model=OpenItemLinkagePaidAmount, required=True
    )


@attrs.frozen
class PurchaseOpenItemSettlement:
    graphql_name: ClassVar[str] = "PurchaseOpenItemSettlement"
    ledger: ClassVar[str] = "PURCHASE"

    entry_date: datetime.date | None = api("entryDate", Kind.DATE, required=True)
    payment_method_id: str | None = api("paymentMethodId", Kind.UUID, required=True)
    description: str | None = api("description", Kind.STRING, max_length=200)
    document_number: str | None = api("documentNumber", Kind.STRING, max_length=50)
    third_party_id: str | None = api("thirdPartyId", Kind.UUID, required=True)
    session_id: str | None = api("sessionId", Kind.UUID)
    linkages: tuple[OpenItemLinkagePaidAmount, ...] | None = api(
        "purchaseOpenItemLinkagePaidAmounts",
        Kind.LIST,
        model=OpenItemLinkagePaidAmount,
        required=True,
    )


@attrs.frozen
class OpenItemSettlement:
    """The COMING SOON preview of [SA-settle-preview] (sales side, S30; list field without a prefix)."""

    graphql_name: ClassVar[str] = "OpenItemSettlement"
    ledger: ClassVar[str] = "SALES"

    entry_date: datetime.date | None = api("entryDate", Kind.DATE, required=True)
    payment_method_id: str | None = api("paymentMethodId", Kind.UUID, required=True)
    description: str | None = api("description", Kind.STRING, max_length=200)
    document_number: str | None = api("documentNumber", Kind.STRING, max_length=50)
    third_party_id: str | None = api("thirdPartyId", Kind.UUID, required=True)
    session_id: str | None = api("sessionId", Kind.UUID)
    linkages: tuple[OpenItemLinkagePaidAmount, ...] | None = api(
        "openItemLinkagePaidAmounts", Kind.LIST, model=OpenItemLinkagePaidAmount, required=True
    )


SETTLEMENT_INPUTS = (SalesOpenItemSettlement, PurchaseOpenItemSettlement, OpenItemSettlement)
#: Any of the three settlement inputs (the type of :data:`SETTLEMENT_INPUTS`' instances).
SettlementInput: TypeAlias = SalesOpenItemSettlement | PurchaseOpenItemSettlement | OpenItemSettlement
