"""The API's enumerations, with the values the public documentation gives (S21, S60).

Each enum is a ``str`` enum whose values are the API's spelling, so a member compares equal to the
string the API sends and dumps back to it unchanged.
"""

from __future__ import annotations

import enum


class _ApiEnum(str, enum.Enum):
    def __str__(self) -> str:  # "ISSUED", not "RegisterType.ISSUED", in messages
        return self.value


class RegisterType(_ApiEnum):
    """Tax register type of a line or an invoice ([SA-entry-v0]: "mandatory value")."""

    UNDEFINED = "UNDEFINED"
    ISSUED = "ISSUED"
    RECEIVED = "RECEIVED"


class Origin(_ApiEnum):
    """Kind of third party on a line ([SA-entry-v0])."""

    CUSTOMER = "CUSTOMER"
    SUPPLIER = "SUPPLIER"
    EMPLOYEE = "EMPLOYEE"


class RegimeType(_ApiEnum):
    GENERAL = "GENERAL"


class TaxType(_ApiEnum):
    NOT_SPECIFIED = "NOT_SPECIFIED"
    DOM = "DOM"
    FOREIGN = "FOREIGN"
    IGIC = "IGIC"
    IPSI = "IPSI"
    IRPF = "IRPF"
    IVA = "IVA"
    IVA_PT = "IVA_PT"
    TVA = "TVA"
    UST = "UST"


class Matching(_ApiEnum):
    """Lettering state of a read line ([SA-entries]): upper-case letter = full, lower-case = partial."""

    FULL_MATCH = "FULL_MATCH"
    PARTIAL_MATCH = "PARTIAL_MATCH"


class OpenItemStatus(_ApiEnum):
    NOT_SPECIFIED = "NOT_SPECIFIED"
    COLLECTED = "COLLECTED"
    PAID = "PAID"
    PARTIAL = "PARTIAL"


class EntryType(_ApiEnum):
    """Entry types seen when reading (S21, S60); on create only GENERAL is allowed (FLD008)."""

    UNDEFINED = "UNDEFINED"
    CASH_VAT_ADJUSTMENT = "CASH_VAT_ADJUSTMENT"
    CLOSURE_ACCOUNTING = "CLOSURE_ACCOUNTING"
    CLOSURE_EXERCISE = "CLOSURE_EXERCISE"
    CLOSURE_WORTH = "CLOSURE_WORTH"
    GENERAL = "GENERAL"
    OPENING = "OPENING"
    TEMPORARY_CARRY_FORWARD = "TEMPORARY_CARRY_FORWARD"


class JournalType(_ApiEnum):
    CARRY_FORWARD = "CARRY_FORWARD"
    CLOSING = "CLOSING"
    FINANCIAL = "FINANCIAL"
    GENERAL = "GENERAL"
    PURCHASE_INVOICE = "PURCHASE_INVOICE"
    SALES_INVOICE = "SALES_INVOICE"

    @property
    def is_invoice_journal(self) -> bool:
        return self in (JournalType.PURCHASE_INVOICE, JournalType.SALES_INVOICE)


class AccountLevel(_ApiEnum):
    UNDEFINED = "UNDEFINED"
    ACCOUNT = "ACCOUNT"
    BREAKDOWN = "BREAKDOWN"
    GROUP = "GROUP"
    SUB_ACCOUNT = "SUB_ACCOUNT"
    SUB_GROUP = "SUB_GROUP"
    TOTAL = "TOTAL"


class SubAccountType(_ApiEnum):
    """Account nature; the union of the FR, ES and DE lists (S21, S60)."""

    UNDEFINED = "UNDEFINED"
    CUSTOMER = "CUSTOMER"
    PROVIDER = "PROVIDER"
    BANK = "BANK"
    CASH = "CASH"
    CHARGE = "CHARGE"
    REVENUE = "REVENUE"
    CAPITAL = "CAPITAL"
    FIXED_ASSET = "FIXED_ASSET"
    MANAGEMENT_RESULT = "MANAGEMENT_RESULT"
    DEPRECIATION_PROVISION = "DEPRECIATION_PROVISION"
    STOCK = "STOCK"
    RESULT_BALANCE_SHEET = "RESULT_BALANCE_SHEET"
    EMPLOYEE = "EMPLOYEE"
    TITLE = "TITLE"
    CUSTOMER_PREPAYMENT_TAX_INCLUDED = "CUSTOMER_PREPAYMENT_TAX_INCLUDED"
    SUPPLIER_PREPAYMENT_TAX_INCLUDED = "SUPPLIER_PREPAYMENT_TAX_INCLUDED"
    INPUT_TAX = "INPUT_TAX"
    OUTPUT_TAX = "OUTPUT_TAX"
    CUSTOMER_RETURNABLE_PACKAGING = "CUSTOMER_RETURNABLE_PACKAGING"
    SUPPLIER_RETURNABLE_PACKAGING = "SUPPLIER_RETURNABLE_PACKAGING"
    CURRENT_ASSETS = "CURRENT_ASSETS"
    BORROWED_CAPITAL = "BORROWED_CAPITAL"
    COST = "COST"
    REDUCTION_IN_EXPENSES = "REDUCTION_IN_EXPENSES"
    NEUTRAL_REVENUE = "NEUTRAL_REVENUE"
    NEUTRAL_EXPENSES = "NEUTRAL_EXPENSES"
    SALES_DEDUCTION = "SALES_DEDUCTION"
    EXCHANGE_RATE_INCOME = "EXCHANGE_RATE_INCOME"
    EXCHANGE_RATE_EXPENSE = "EXCHANGE_RATE_EXPENSE"
    BALANCE_CARRIED_FORWARD = "BALANCE_CARRIED_FORWARD"
    AGGREGATE_CARRIED_FORWARD = "AGGREGATE_CARRIED_FORWARD"
    OTHER_BALANCE_SHEET_ACCOUNT = "OTHER_BALANCE_SHEET_ACCOUNT"
    STATISTICAL_BALANCE = "STATISTICAL_BALANCE"
    STATISTICAL_CONSUMPTION = "STATISTICAL_CONSUMPTION"
    CURRENT_ASSETS_INPUT_TAX = "CURRENT_ASSETS_INPUT_TAX"
    BORROWED_CAPITAL_OUTPUT_TAX = "BORROWED_CAPITAL_OUTPUT_TAX"
    CUSTOMER_PREPAYMENT = "CUSTOMER_PREPAYMENT"
    SUPPLIER_PREPAYMENT = "SUPPLIER_PREPAYMENT"

    @property
    def third_party_origin(self) -> Origin | None:
        """The third-party origin this account nature requires (S23, S45), if any."""
        return _THIRD_PARTY_ACCOUNTS.get(self)

    @property
    def is_tax_account(self) -> bool:
        return self in (
            SubAccountType.INPUT_TAX,
            SubAccountType.OUTPUT_TAX,
            SubAccountType.CURRENT_ASSETS_INPUT_TAX,
            SubAccountType.BORROWED_CAPITAL_OUTPUT_TAX,
        )


_THIRD_PARTY_ACCOUNTS = {
    SubAccountType.CUSTOMER: Origin.CUSTOMER,
    SubAccountType.PROVIDER: Origin.SUPPLIER,
    SubAccountType.EMPLOYEE: Origin.EMPLOYEE,
}


class ExerciseStatus(_ApiEnum):
    UNDEFINED = "UNDEFINED"
    CLOSED = "CLOSED"
    OPEN = "OPEN"


class TaxTreatmentRegisterType(_ApiEnum):
    UNDEFINED = "UNDEFINED"
    BOTH = "BOTH"
    ISSUED = "ISSUED"
    RECEIVED = "RECEIVED"


class PaymentMethodType(_ApiEnum):
    NOT_SPECIFIED = "NOT_SPECIFIED"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    CASH = "CASH"


class OpenItemLedger(_ApiEnum):
    """Which ledger an open item belongs to (context field ``ledger`` of an open item)."""

    SALES = "SALES"
    PURCHASE = "PURCHASE"


class SourceType(_ApiEnum):
    """Where a read entry came from; the union of [SA-entries] and [SA-copy] (the sources conflict, S21)."""

    NOT_SPECIFIED = "NOT_SPECIFIED"
    SALES = "SALES"
    ACCOUNTING = "ACCOUNTING"
    BANKING = "BANKING"
    IMPORT_FILES = "IMPORT_FILES"
    IMPORT_FILE = "IMPORT_FILE"
    YEAR_END_PROCESS = "YEAR_END_PROCESS"
    YEAR_END_PROCESS_PREVIEW = "YEAR_END_PROCESS_PREVIEW"
    AP_AUTOMATION = "AP_AUTOMATION"
    PUBLIC_API = "PUBLIC_API"
    SAGE_FR_PAYROLL_CLOUD = "SAGE_FR_PAYROLL_CLOUD"
    SAGE_DE_PAYROLL_CLOUD = "SAGE_DE_PAYROLL_CLOUD"
    FIXED_ASSETS = "FIXED_ASSETS"
    ONLINE_PAYMENTS = "ONLINE_PAYMENTS"
