"""Reference data records: the organisation as the Sage Active queries return it.

These are what the ``--context`` file holds. Field names follow the API's queries (``journalTypes``,
``accountingAccounts``, ``customers``…) so a context can be assembled from saved responses. All fields
are optional: a context may describe only what a user has at hand, and rules that need a missing part
are skipped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar

import attrs

from ledger.enums import (
    AccountLevel,
    ExerciseStatus,
    JournalType,
    OpenItemLedger,
    OpenItemStatus,
    PaymentMethodType,
    SubAccountType,
    TaxTreatmentRegisterType,
    TaxType,
)
from ledger.fields import Kind, api


@attrs.frozen
class AccountingSetup:
    graphql_name: ClassVar[str] = "OrganizationAccountingSetup"

    default_sale_products_account_id: str | None = api("defaultSaleProductsAccountId", Kind.UUID)
    intracommunity_account_id: str | None = api("intracommunityAccountId", Kind.UUID)
    foreign_account_id: str | None = api("foreignAccountId", Kind.UUID)
    default_purchase_products_account_id: str | None = api("defaultPurchaseProductsAccountId", Kind.UUID)
    default_customers_account_id: str | None = api("defaultCustomersAccountId", Kind.UUID)
    default_suppliers_account_id: str | None = api("defaultSuppliersAccountId", Kind.UUID)
    default_prepayment_customer_account_id: str | None = api("defaultPrepaymentCustomerAccountId", Kind.UUID)
    default_output_vat_account_id: str | None = api("defaultOutputVATAccountId", Kind.UUID)
    default_input_vat_account_id: str | None = api("defaultInputVATAccountId", Kind.UUID)


@attrs.frozen
class Organization:
    graphql_name: ClassVar[str] = "Organization"

    id: str | None = api("id", Kind.UUID)
    legislation_code: str | None = api("legislationCode", Kind.STRING)
    currency: str | None = api("currency", Kind.STRING)
    accounting_setup: AccountingSetup | None = api("accountingSetup", Kind.OBJECT, model=AccountingSetup)


@attrs.frozen
class Journal:
    graphql_name: ClassVar[str] = "JournalType"

    id: str | None = api("id", Kind.UUID)
    code: str | None = api("code", Kind.STRING)
    name: str | None = api("name", Kind.STRING)
    type: JournalType | None = api("type", Kind.ENUM, enum=JournalType)
    deactivated: bool | None = api("deactivated", Kind.BOOL)


@attrs.frozen
class Account:
    graphql_name: ClassVar[str] = "AccountingAccount"

    id: str | None = api("id", Kind.UUID)
    code: str | None = api("code", Kind.STRING)
    name: str | None = api("name", Kind.STRING)
    account_level: AccountLevel | None = api("accountLevel", Kind.ENUM, enum=AccountLevel)
    sub_account_type: SubAccountType | None = api("subAccountType", Kind.ENUM, enum=SubAccountType)
    deactivated: bool | None = api("deactivated", Kind.BOOL)


@attrs.frozen
class ThirdPartyRecord:
    """A customer or supplier (``customers`` / ``suppliers``)."""

    graphql_name: ClassVar[str] = "ThirdParty"

    id: str | None = api("id", Kind.UUID)
    code: str | None = api("code", Kind.STRING)
    social_name: str | None = api("socialName", Kind.STRING)
    document_type_id: str | None = api("documentTypeId", Kind.UUID)
    document_id: str | None = api("documentId", Kind.STRING)
    country_acronym: str | None = api("countryAcronym", Kind.STRING)
    vat_number: str | None = api("vatNumber", Kind.STRING)
    default_accounting_account_id: str | None = api("defaultAccountingAccountId", Kind.UUID)


@attrs.frozen
class EmployeeRecord:
    """An employee: its display name is ``name``, which an entry line copies as ``socialName`` (S11)."""

    graphql_name: ClassVar[str] = "Employee"

    id: str | None = api("id", Kind.UUID)
    code: str | None = api("code", Kind.STRING)
    name: str | None = api("name", Kind.STRING)
    document_type_id: str | None = api("documentTypeId", Kind.UUID)
    document_id: str | None = api("documentId", Kind.STRING)
    default_accounting_account_id: str | None = api("defaultAccountingAccountId", Kind.UUID)

    @property
    def social_name(self) -> str | None:
        return self.name

    @property
    def country_acronym(self) -> str | None:
        return None


@attrs.frozen
class TaxTreatment:
    graphql_name: ClassVar[str] = "TaxTreatment"

    id: str | None = api("id", Kind.UUID)
    code: str | None = api("code", Kind.STRING)
    tax_group_id: str | None = api("taxGroupId", Kind.UUID)
    tax_type: TaxType | None = api("taxType", Kind.ENUM, enum=TaxType)
    register_type: TaxTreatmentRegisterType | None = api(
        "registerType", Kind.ENUM, enum=TaxTreatmentRegisterType
    )


@attrs.frozen
class Tax:
    graphql_name: ClassVar[str] = "Tax"

    id: str | None = api("id", Kind.UUID)
    name: str | None = api("name", Kind.STRING)
    group_id: str | None = api("groupId", Kind.UUID)
    percentage: Decimal | None = api("percentage", Kind.DECIMAL)
    tax_type: TaxType | None = api("taxType", Kind.ENUM, enum=TaxType)


@attrs.frozen
class Product:
    graphql_name: ClassVar[str] = "Product"

    id: str | None = api("id", Kind.UUID)
    code: str | None = api("code", Kind.STRING)
    name: str | None = api("name", Kind.STRING)
    sales_accounting_account_id: str | None = api("salesAccountingAccountId", Kind.UUID)


@attrs.frozen
class Period:
    graphql_name: ClassVar[str] = "AccountingPeriod"

    start_date: date | None = api("startDate", Kind.DATE)
    end_date: date | None = api("endDate", Kind.DATE)
    is_closed: bool | None = api("isClosed", Kind.BOOL)


@attrs.frozen
class AccountingExercise:
    graphql_name: ClassVar[str] = "AccountingExercise"

    id: str | None = api("id", Kind.UUID)
    start_date: date | None = api("startDate", Kind.DATE)
    end_date: date | None = api("endDate", Kind.DATE)
    status: ExerciseStatus | None = api("status", Kind.ENUM, enum=ExerciseStatus)
    periods: tuple[Period, ...] | None = api("periods", Kind.LIST, model=Period)


@attrs.frozen
class Session:
    graphql_name: ClassVar[str] = "AccountingEntrySession"

    id: str | None = api("id", Kind.UUID)
    name: str | None = api("name", Kind.STRING)
    deactivated: bool | None = api("deactivated", Kind.BOOL)
    is_default: bool | None = api("isDefault", Kind.BOOL)


@attrs.frozen
class PaymentMethod:
    graphql_name: ClassVar[str] = "PaymentMethod"

    id: str | None = api("id", Kind.UUID)
    type: PaymentMethodType | None = api("type", Kind.ENUM, enum=PaymentMethodType)
    journal_type_id: str | None = api("journalTypeId", Kind.UUID)
    sub_account_id: str | None = api("subAccountId", Kind.UUID)


@attrs.frozen
class OpenItemRecord:
    """An open item as read, with what settlement checks need to know about it."""

    graphql_name: ClassVar[str] = "OpenItemRecord"

    id: str | None = api("id", Kind.UUID)
    amount: Decimal | None = api("amount", Kind.DECIMAL)
    paid_amount_accumulated: Decimal | None = api("paidAmountAccumulated", Kind.DECIMAL)
    status: OpenItemStatus | None = api("status", Kind.ENUM, enum=OpenItemStatus)
    due_date: date | None = api("dueDate", Kind.DATE)
    third_party_id: str | None = api("thirdPartyId", Kind.UUID)
    ledger: OpenItemLedger | None = api("ledger", Kind.ENUM, enum=OpenItemLedger)
    invoice_posted: bool | None = api("invoicePosted", Kind.BOOL)
    invoice_id: str | None = api("invoiceId", Kind.UUID)
    sub_account_id: str | None = api("subAccountId", Kind.UUID)


@attrs.frozen
class SalesInvoiceRecord:
    graphql_name: ClassVar[str] = "SalesInvoice"

    id: str | None = api("id", Kind.UUID)
    status: str | None = api("status", Kind.STRING)
    customer_id: str | None = api("customerId", Kind.UUID)
    operational_number: str | None = api("operationalNumber", Kind.STRING)
