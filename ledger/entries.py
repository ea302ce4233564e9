"""Sage Active accounting entries: the entry, its lines, and what hangs off a line.

One class per API object, used both for the create input (``createAccountingEntry``, [SA-entry-v0]) and for
what ``accountingEntries`` returns ([SA-entries]): the read-only fields (``id``, ``number``, lettering,
open items…) are marked ``read_only`` and reported by FLD007 when a create input sets them.

Debit and credit are two separate decimals, exactly as the API has them (S3): a line may hold both,
neither, or a negative amount — the model represents whatever was sent, and the BAL rules judge it.
"""

from __future__ import annotations

# `datetime.date`, not `date`: the API names a field `date`, which would hide the type inside the class.
import datetime
from decimal import Decimal
from typing import ClassVar

import attrs

from ledger.enums import (
    EntryType,
    Matching,
    OpenItemStatus,
    Origin,
    RegimeType,
    RegisterType,
    SourceType,
    TaxType,
)
from ledger.fields import Kind, api


@attrs.frozen
class OpenItem:
    """One payment instalment of an invoice ([SA-entries], S19): read-only on an entry's invoice."""

    graphql_name: ClassVar[str] = "OpenItem"

    id: str | None = api("id", Kind.UUID, read_only=True)
    amount: Decimal | None = api("amount", Kind.DECIMAL)
    paid_amount_accumulated: Decimal | None = api("paidAmountAccumulated", Kind.DECIMAL)
    due_date: datetime.date | None = api("dueDate", Kind.DATE)
    status: OpenItemStatus | None = api("status", Kind.ENUM, enum=OpenItemStatus)
    payment_mean_id: str | None = api("paymentMeanId", Kind.UUID)
    creation_date: datetime.date | None = api("creationDate", Kind.DATE)
    modification_date: datetime.date | None = api("modificationDate", Kind.DATE)


@attrs.frozen
class TaxRegister:
    """A tax register line, ``accountingEntryTaxes`` ([SA-entry-v0], S12)."""

    graphql_name: ClassVar[str] = "AccountingEntryTax"

    id: str | None = api("id", Kind.UUID, read_only=True)
    tax_treatment_id: str | None = api("taxTreatmentId", Kind.UUID, checked_by="TAX001")
    tax_group_id: str | None = api("taxGroupId", Kind.UUID)
    tax_type: TaxType | None = api("taxType", Kind.ENUM, enum=TaxType)
    tax_id: str | None = api("taxId", Kind.UUID)
    tax_percentage: Decimal | None = api("taxPercentage", Kind.DECIMAL)
    tax_base: Decimal | None = api("taxBase", Kind.DECIMAL)
    tax_amount: Decimal | None = api("taxAmount", Kind.DECIMAL)
    deductible: bool | None = api("deductible", Kind.BOOL)
    # Kept as the raw string: TAX003 (not FLD002/FLD004) judges absence and value. The API's type is
    # the enum RegimeType (``enum=``), which is what a GraphQL literal must write and the schema says.
    regime_type: str | None = api("regimeType", Kind.STRING, enum=RegimeType, checked_by="TAX003")

    @property
    def regime_is_general(self) -> bool:
        return self.regime_type == RegimeType.GENERAL.value


@attrs.frozen
class EntryInvoice:
    """``accountingEntryInvoice``: the invoice carried by the third-party line of an invoice journal."""

    graphql_name: ClassVar[str] = "AccountingEntryInvoice"

    id: str | None = api("id", Kind.UUID, read_only=True)
    document_date: datetime.date | None = api("documentDate", Kind.DATE, required=True)
    # The three dates are mandatory but INV005 reports their absence (fix fills them, S10).
    expedition_date: datetime.date | None = api("expeditionDate", Kind.DATE, checked_by="INV005")
    operation_date: datetime.date | None = api("operationDate", Kind.DATE, checked_by="INV005")
    settlement_date: datetime.date | None = api("settlementDate", Kind.DATE, checked_by="INV005")
    external_invoice_number: str | None = api("externalInvoiceNumber", Kind.STRING, max_length=50)
    amount: Decimal | None = api("amount", Kind.DECIMAL, required=True)
    register_type: RegisterType | None = api("registerType", Kind.ENUM, enum=RegisterType, required=True)
    accounting_entry_taxes: tuple[TaxRegister, ...] | None = api(
        "accountingEntryTaxes", Kind.LIST, model=TaxRegister
    )
    open_items: tuple[OpenItem, ...] | None = api("openItems", Kind.LIST, model=OpenItem, read_only=True)

    @property
    def taxes(self) -> tuple[TaxRegister, ...]:
        return self.accounting_entry_taxes or ()


@attrs.frozen
class EntryThirdParty:
    """``accountingEntryThirdParty``: who the line is about ([SA-entry-v0], S11)."""

    graphql_name: ClassVar[str] = "AccountingEntryThirdParty"

    id: str | None = api("id", Kind.UUID, read_only=True)
    third_party_id: str | None = api("thirdPartyId", Kind.UUID, required=True)
    # TPY002 reports a missing socialName / code / identificationTypeId / documentId.
    social_name: str | None = api("socialName", Kind.STRING, max_length=70)
    code: str | None = api("code", Kind.STRING, max_length=17)
    origin: Origin | None = api("origin", Kind.ENUM, enum=Origin, required=True)
    identification_type_id: str | None = api("identificationTypeId", Kind.UUID)
    document_id: str | None = api("documentId", Kind.STRING, max_length=25)
    vat_number: str | None = api("vatNumber", Kind.STRING, max_length=25)
    country_acronym: str | None = api("countryAcronym", Kind.STRING, max_length=2)
    vies_code: str | None = api("viesCode", Kind.STRING, read_only=True)


@attrs.frozen
class EntryPayment:
    """``accountingEntryPayment``: the lettering of a read line ([SA-entry-v0]/[SA-entries], S13, S14, S55)."""

    graphql_name: ClassVar[str] = "AccountingEntryPayment"

    id: str | None = api("id", Kind.UUID, read_only=True)
    matching: Matching | None = api("matching", Kind.ENUM, enum=Matching)
    # LET005, not FLD005, judges the letter's length and alphabet.
    matching_letter: str | None = api("matchingLetter", Kind.STRING, checked_by="LET005")
    match_id: str | None = api("matchId", Kind.UUID)


@attrs.frozen
class AccountingEntryLine:
    """One line of an entry: an account, a debit and a credit, and optionally a third party."""

    graphql_name: ClassVar[str] = "AccountingEntryLine"

    id: str | None = api("id", Kind.UUID, read_only=True)
    sub_account_id: str | None = api("subAccountId", Kind.UUID, required=True)
    description: str | None = api("description", Kind.STRING, max_length=200)
    document_number: str | None = api("documentNumber", Kind.STRING, max_length=50)
    debit_amount: Decimal | None = api("debitAmount", Kind.DECIMAL, required=True)
    credit_amount: Decimal | None = api("creditAmount", Kind.DECIMAL, required=True)
    register_type: RegisterType | None = api("registerType", Kind.ENUM, enum=RegisterType, required=True)
    accounting_entry_third_party: EntryThirdParty | None = api(
        "accountingEntryThirdParty", Kind.OBJECT, model=EntryThirdParty
    )
    accounting_entry_invoice: EntryInvoice | None = api(
        "accountingEntryInvoice", Kind.OBJECT, model=EntryInvoice
    )
    accounting_entry_payment: EntryPayment | None = api(
        "accountingEntryPayment", Kind.OBJECT, model=EntryPayment, read_only=True
    )

    @property
    def origin(self) -> Origin | None:
        third_party = self.accounting_entry_third_party
        return third_party.origin if third_party is not None else None

    @property
    def amount(self) -> Decimal | None:
        """The line's non-zero side (debit first); None when neither side is readable."""
        debit, credit = self.debit_amount, self.credit_amount
        if debit:
            return debit
        if credit:
            return credit
        return debit if debit is not None else credit


@attrs.frozen
class AccountingEntry:
    """An accounting entry: the ``createAccountingEntry`` input and the ``accountingEntries`` node."""

    graphql_name: ClassVar[str] = "AccountingEntry"

    id: str | None = api("id", Kind.UUID, read_only=True)
    number: Decimal | None = api("number", Kind.DECIMAL, read_only=True)
    date: datetime.date | None = api("date", Kind.DATE, required=True)
    document_date: datetime.date | None = api("documentDate", Kind.DATE)
    # FLD008, not FLD002/FLD004, reports an absent or non-GENERAL entryType on create. The API's type
    # is the enum EntryType (``enum=``), which is what a GraphQL literal must write and the schema says.
    entry_type: str | None = api("entryType", Kind.STRING, enum=EntryType, checked_by="FLD008")
    journal_type_id: str | None = api("journalTypeId", Kind.UUID, required=True)
    session_id: str | None = api("sessionId", Kind.UUID)
    document_number: str | None = api("documentNumber", Kind.STRING, max_length=50)
    description: str | None = api("description", Kind.STRING, max_length=200)
    close_date: datetime.date | None = api("closeDate", Kind.DATE, read_only=True)
    is_closed: bool | None = api("isClosed", Kind.BOOL, read_only=True)
    source_type: SourceType | None = api("sourceType", Kind.ENUM, enum=SourceType, read_only=True)
    source_entity_id: str | None = api("sourceEntityId", Kind.UUID, read_only=True)
    accounting_entry_lines: tuple[AccountingEntryLine, ...] | None = api(
        "accountingEntryLines", Kind.LIST, model=AccountingEntryLine, required=True
    )

    @property
    def lines(self) -> tuple[AccountingEntryLine, ...]:
        return self.accounting_entry_lines or ()

    @property
    def entry_type_is_general(self) -> bool:
        return self.entry_type == EntryType.GENERAL.value


@attrs.frozen
class DeleteAccountingEntry:
    """``deleteAccountingEntry`` input ([SA-entry-v0]; the fields are undocumented, ``id`` assumed, S90)."""

    graphql_name: ClassVar[str] = "AccountingEntryDelete"

    id: str | None = api("id", Kind.UUID, required=True)
