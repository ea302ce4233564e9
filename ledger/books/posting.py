"""An offline simulator of ``postSalesInvoice``: the accounting entries posting a sales invoice makes.

Why this module exists
----------------------
``postSalesInvoice`` ([SA-post]) turns a closed sales invoice into ledger entries in a SALES_INVOICE
journal; the API returns only their ids. To see — before posting, and without a tenant — which
accounts, amounts and VAT registers the entries will carry, :func:`post_sales_invoice` builds them as
:class:`ledger.entries.AccountingEntry` objects in the full ``createAccountingEntry`` form, so that
every entry rule of the engine can check them and ``ledger.io.loading.dump`` writes them as API JSON.

The input model (:class:`SalesInvoice`, :class:`SalesInvoiceLine`) is a frozen attrs model declared
with :func:`ledger.fields.api`, so a JSON file loads through the ordinary :class:`ledger.io.loading.Loader`
with paths in its problems. Field names follow the Sage Active sales-invoice resource where the
docs give them ([SA-copy] 09: ``customerId``, ``documentDate``, ``operationalNumber``, ``type``, line
``productId``, ``quantity``, ``unitPrice``, ``originId``); a line's VAT is given as ``vatPercentage``
or ``taxId`` (the purchase-invoice convention, S37). Example::

    {"id": "…", "type": "NORMAL", "customerId": "…", "documentDate": "2025-03-10",
     "operationalNumber": "FA-0007",
     "lines": [{"productId": "…", "quantity": 2, "unitPrice": 150.00, "vatPercentage": 20}]}

What the entries look like
--------------------------
For a NORMAL invoice (or NONE) — the *invoice entry*:

* the customer line, on the customer's ``defaultAccountingAccountId`` else the setup's
  ``defaultCustomersAccountId``, with ``accountingEntryThirdParty`` copied from the customer record
  (S11) and ``accountingEntryInvoice`` (amount = the customer line, the four dates = the invoice date
  (S10), ``registerType`` ISSUED, ``externalInvoiceNumber`` = the invoice number, and one
  ``accountingEntryTaxes`` register per VAT rate when the context has an ISSUED tax treatment for
  every rate);
* one revenue line per account, the account chosen by :func:`ledger.books.sales_accounts.select_sales_account`
  (policy ``vies`` or ``legacy``);
* one VAT line on the output VAT account (setup ``defaultOutputVATAccountId``, else the account whose
  ``subAccountType`` is OUTPUT_TAX).

Sides follow the sign of each amount, so no line is ever negative (BAL004): an invoice debits the
customer and credits revenue and VAT; a CREDIT_NOTE reverses every side; a negative line (a discount)
nets into its account.

Deposits (S36, S58), our exact reading — **assumption, certainty low** (the docs say only "two ledger
entries … one for the invoice amount excluding the deposit deduction, one for the deposit deduction
itself", [SA-post], high, and that an advance invoice books the prepayment account, [SA-copy] 09, medium):

* a *deposit-deduction line* is a line with ``originId`` (the advance invoice; S58: the deposit
  product, quantity −1, positive unit price);
* the invoice entry is built from the other lines only ("the invoice amount excluding the deposit
  deduction");
* the *deduction entry* moves the deduction, tax included, from the customer back to the prepayment
  account: prepayment account (``defaultPrepaymentCustomerAccountId``, else the account of nature
  CUSTOMER_PREPAYMENT_TAX_INCLUDED / CUSTOMER_PREPAYMENT) debited, customer credited, by the
  deduction lines' net + VAT; it carries the customer's third-party and invoice blocks (a SALES_INVOICE
  journal requires them, S7) and no tax register (it has no VAT line);
* a PAYMENT_IN_ADVANCE invoice posts the mirror image: customer debited, prepayment account
  credited, tax included. "Tax included" follows the FR account nature
  CUSTOMER_PREPAYMENT_TAX_INCLUDED; the VAT on deposits is then collected once, on the final invoice.

Rounding
--------
Every line's net amount (quantity × unit price) is rounded half-up to the currency's minor unit (an
invoice line total is money). VAT is rounded per the ``rounding`` argument, always half-up to the
minor unit via :mod:`ledger.money`:

* ``"line"``: each line's VAT is rounded, then summed per rate;
* ``"document"``: the nets are summed per rate and the VAT of each sum is rounded once.

Both give a balanced entry by construction (the customer line is the sum of the rounded revenue and
VAT amounts), but they can differ by a few minor units; see docs/posting.md for a worked example. The
register of a rate holds the sum of the nets and the VAT as rounded by the chosen policy, so with
per-line rounding TAX002 (which recomputes base × rate, rounded once) can warn exactly when the two
policies differ — that warning is the point of TAX002, not a fault of the simulator.

Nothing here reads a clock, a file or a global: the result depends only on the arguments.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ledger.books.sales_accounts import check_policy, classify_customer_record, select_sales_account
from ledger.books.vies import CustomerClass
from ledger.context import Context
from ledger.conventions import copied_from_record, dates_from_document_date, deductible
from ledger.entries import AccountingEntry, AccountingEntryLine, EntryInvoice, EntryThirdParty, TaxRegister
from ledger.enums import (
    AccountLevel,
    JournalType,
    Origin,
    RegisterType,
    SubAccountType,
    TaxTreatmentRegisterType,
)
from ledger.fields import Kind, api
from ledger.io.loading import Loader
from ledger.money import percentage_of, round_to_minor_unit, total
from ledger.reference import (
    Account,
    AccountingSetup,
    Tax,
    TaxTreatment,
    ThirdPartyRecord,
)

__all__ = [
    "ROUNDINGS",
    "PostingError",
    "PostingResult",
    "SalesInvoice",
    "SalesInvoiceLine",
    "SalesInvoiceType",
    "load_sales_invoice",
    "post_sales_invoice",
]

#: VAT rounding policies of :func:`post_sales_invoice`.
ROUNDINGS: tuple[str, ...] = ("line", "document")
#: ``description`` and ``documentNumber`` limits of an entry ([SA-entry-v0]).
_DESCRIPTION_MAX = 200
_DEPOSIT_SUFFIX = " - deposit deduction"
_PREPAYMENT_TYPES = (SubAccountType.CUSTOMER_PREPAYMENT_TAX_INCLUDED, SubAccountType.CUSTOMER_PREPAYMENT)


class PostingError(ValueError):
    """The invoice cannot be posted with this context (a missing account, customer, tax…)."""


class SalesInvoiceType(str, enum.Enum):
    """Sales invoice ``type`` (S59)."""

    NONE = "NONE"
    NORMAL = "NORMAL"
    CREDIT_NOTE = "CREDIT_NOTE"
    PAYMENT_IN_ADVANCE = "PAYMENT_IN_ADVANCE"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class SalesInvoiceLine:
    """One line of a sales invoice, as much of it as posting needs."""

    graphql_name: ClassVar[str] = "SalesInvoiceLine"

    product_id: str | None = api("productId", Kind.UUID)
    description: str | None = api("description", Kind.STRING, max_length=_DESCRIPTION_MAX)
    quantity: Decimal | None = api("quantity", Kind.DECIMAL, required=True)
    unit_price: Decimal | None = api("unitPrice", Kind.DECIMAL, required=True)
    vat_percentage: Decimal | None = api("vatPercentage", Kind.DECIMAL)
    tax_id: str | None = api("taxId", Kind.UUID)
    # S58: a deposit deduction names the advance invoice it deducts.
    origin_id: str | None = api("originId", Kind.UUID)

    @property
    def is_deposit_deduction(self) -> bool:
        return self.origin_id is not None


@attrs.frozen
class SalesInvoice:
    """A closed sales invoice to post (the input of the simulator)."""

    graphql_name: ClassVar[str] = "SalesInvoice"

    id: str | None = api("id", Kind.UUID, required=True)
    type: SalesInvoiceType | None = api("type", Kind.ENUM, enum=SalesInvoiceType)
    customer_id: str | None = api("customerId", Kind.UUID, required=True)
    date: date | None = api("documentDate", Kind.DATE, required=True)
    number: str | None = api("operationalNumber", Kind.STRING, max_length=50)
    lines: tuple[SalesInvoiceLine, ...] | None = api(
        "lines", Kind.LIST, model=SalesInvoiceLine, required=True
    )


def load_sales_invoice(data: Any) -> SalesInvoice:
    """Load a sales invoice from parsed JSON (Decimals for numbers); PostingError names the first
    problem (``lines[1].unitPrice: …``)."""
    loaded = Loader().load(SalesInvoice, data, mode="create")
    if loaded.problems:
        first = loaded.problems[0]
        where = f"{first.path}: " if first.path else ""
        raise PostingError(f"{where}{first.message}")
    if loaded.model is None:
        raise PostingError("a sales invoice must be a JSON object")
    if not loaded.model.lines:
        raise PostingError("lines: the invoice has no lines")
    return loaded.model


@attrs.frozen
class PostingResult:
    """The entries posting makes, first the invoice entry (the API's ``accountingEntryId``)."""

    invoice_id: str | None  # the invoice's id, when it has one
    entries: tuple[AccountingEntry, ...]
    customer_class: CustomerClass | None
    rounding: str
    policy: str
    #: Things the simulator had to leave out, said plainly (e.g. registers without a tax treatment).
    notes: tuple[str, ...] = ()

    @property
    def entry(self) -> AccountingEntry:
        return self.entries[0]


# -- the priced lines ----------------------------------------------------------------------------


@attrs.frozen
class _Priced:
    index: int
    line: SalesInvoiceLine
    net: Decimal  # rounded to the minor unit
    rate: Decimal
    tax: Tax | None  # the line's taxId, if given


def _multiply(a: Decimal, b: Decimal) -> Decimal:
    # Exact product (40 digits hold any amount x quantity we accept); rounding is money's job.
    with decimal.localcontext() as ctx:
        ctx.prec = 40
        return a * b


def _price(invoice: SalesInvoice, context: Context, currency: str) -> list[_Priced]:
    priced = []
    for i, line in enumerate(invoice.lines or ()):
        where = f"lines[{i}]"
        if line.quantity is None or line.unit_price is None:
            raise PostingError(f"{where}: quantity and unitPrice are required")
        tax = None
        tax_rate: Decimal | None = None  # the percentage of taxId, when the line gives one
        if line.tax_id is not None:
            tax = context.tax(line.tax_id)
            if tax is None or tax.percentage is None:
                raise PostingError(f"{where}.taxId: tax {line.tax_id} is not in the context (taxes)")
            tax_rate = tax.percentage
        if line.vat_percentage is not None:
            rate = line.vat_percentage
            if tax_rate is not None and tax_rate != rate:
                raise PostingError(
                    f"{where}: vatPercentage {rate} differs from the percentage of taxId ({tax_rate})"
                )
        elif tax_rate is not None:
            rate = tax_rate
        else:
            raise PostingError(f"{where}: give vatPercentage or taxId")
        if not (0 <= rate <= 100):
            raise PostingError(f"{where}: VAT rate {rate} is not between 0 and 100")
        if (
            line.product_id is not None
            and context.has("products")
            and context.product(line.product_id) is None
        ):
            raise PostingError(f"{where}.productId: product {line.product_id} is not in the context")
        net = round_to_minor_unit(_multiply(line.quantity, line.unit_price), currency)
        priced.append(_Priced(i, line, net, rate, tax))
    return priced


def _vat_by_rate(
    lines: Iterable[_Priced], rounding: str, currency: str
) -> dict[Decimal, tuple[Decimal, Decimal]]:
    """rate -> (Σ net, VAT) with VAT rounded per line or once per rate."""
    groups: dict[Decimal, list[_Priced]] = {}
    for p in lines:
        groups.setdefault(p.rate, []).append(p)
    result = {}
    for rate, members in groups.items():
        base = total(p.net for p in members)
        if rounding == "line":
            vat = total(round_to_minor_unit(percentage_of(p.net, rate), currency) for p in members)
        else:
            vat = round_to_minor_unit(percentage_of(base, rate), currency)
        result[rate] = (base, vat)
    return result


# -- accounts ------------------------------------------------------------------------------------


def _usable(account: Account) -> bool:
    return not account.deactivated and account.account_level in (None, AccountLevel.SUB_ACCOUNT)


def _account_of_nature(context: Context, natures: Iterable[SubAccountType]) -> str | None:
    for nature in natures:
        for account in context.accounts:
            if account.sub_account_type is nature and account.id and _usable(account):
                return account.id
    return None


def _journal(context: Context, journal_type_id: str | None) -> str:
    if journal_type_id is not None:
        journal = context.journal(journal_type_id)
        if journal is None or journal.type is not JournalType.SALES_INVOICE:
            raise PostingError(f"journal {journal_type_id} is not a SALES_INVOICE journal of the context")
        return journal_type_id
    for journal in context.journals:
        if journal.type is JournalType.SALES_INVOICE and not journal.deactivated and journal.id:
            return journal.id
    raise PostingError("the context has no active SALES_INVOICE journal (journalTypes)")


_OUTPUT_REGISTERS = (TaxTreatmentRegisterType.ISSUED, TaxTreatmentRegisterType.BOTH)


def _tax_for(context: Context, rate: Decimal, tax: Tax | None) -> tuple[TaxTreatment, Tax] | None:
    """An output (ISSUED/BOTH) tax treatment and the tax of its group with this rate."""
    for treatment in context.tax_treatments:
        group_id = treatment.tax_group_id
        if treatment.register_type not in _OUTPUT_REGISTERS or not group_id:
            continue
        if tax is not None:
            if tax.group_id == group_id:
                return treatment, tax
            continue
        for candidate in context.taxes_of_group(group_id):
            if candidate.percentage == rate and candidate.id:
                return treatment, candidate
    return None


# -- building entries ----------------------------------------------------------------------------


def _sided(amount: Decimal, zero: Decimal) -> tuple[Decimal, Decimal]:
    """(debit, credit) for a signed debit amount: never a negative side."""
    return (amount, zero) if amount > 0 else (zero, -amount)


@attrs.frozen
class _Builder:
    invoice: SalesInvoice
    context: Context
    currency: str
    journal_type_id: str
    customer_account: str
    third_party: EntryThirdParty
    description: str

    @property
    def zero(self) -> Decimal:
        return round_to_minor_unit(Decimal(0), self.currency)

    def line(
        self,
        account: str,
        signed_debit: Decimal,
        *,
        description: str | None = None,
        register_type: RegisterType = RegisterType.UNDEFINED,
        third_party: EntryThirdParty | None = None,
        invoice: EntryInvoice | None = None,
    ) -> AccountingEntryLine:
        debit, credit = _sided(signed_debit, self.zero)
        return AccountingEntryLine(
            sub_account_id=account,
            description=description if description is not None else self.description,
            debit_amount=debit,
            credit_amount=credit,
            register_type=register_type,
            accounting_entry_third_party=third_party,
            accounting_entry_invoice=invoice,
        )

    def customer_line(
        self, signed_debit: Decimal, taxes: tuple[TaxRegister, ...] | None, description: str
    ) -> AccountingEntryLine:
        day = self.invoice.date
        invoice = EntryInvoice(
            document_date=day,
            **dates_from_document_date(day),
            external_invoice_number=self.invoice.number,
            amount=abs(signed_debit),
            register_type=RegisterType.ISSUED,
            accounting_entry_taxes=taxes,
        )
        return self.line(
            self.customer_account,
            signed_debit,
            description=description,
            register_type=RegisterType.ISSUED,
            third_party=self.third_party,
            invoice=invoice,
        )

    def entry(self, lines: list[AccountingEntryLine], description: str) -> AccountingEntry:
        return AccountingEntry(
            date=self.invoice.date,
            document_date=self.invoice.date,
            entry_type="GENERAL",
            journal_type_id=self.journal_type_id,
            document_number=self.invoice.number,
            description=description,
            accounting_entry_lines=tuple(lines),
        )


def _third_party(record: ThirdPartyRecord) -> EntryThirdParty:
    country = record.country_acronym.strip() if record.country_acronym else None
    return EntryThirdParty(
        third_party_id=record.id,
        origin=Origin.CUSTOMER,
        **copied_from_record(record),
        vat_number=record.vat_number,
        country_acronym=country or None,
    )


def _default_description(invoice: SalesInvoice, invoice_date: date) -> str:
    day = invoice_date.strftime("%d/%m/%Y")
    # The [SA-post] example: "Sales Invoice No. 0007 27/06/2024".
    text = f"Sales Invoice No. {invoice.number} {day}" if invoice.number else f"Sales Invoice {day}"
    return text[:_DESCRIPTION_MAX]


def post_sales_invoice(
    invoice: SalesInvoice,
    context: Context,
    *,
    rounding: str = "line",
    policy: str = "vies",
    journal_type_id: str | None = None,
    description: str | None = None,
) -> PostingResult:
    """Build the entries ``postSalesInvoice`` would create for ``invoice`` (see the module doc).

    Args:
        invoice: the sales invoice (see :func:`load_sales_invoice`).
        context: the organisation's reference data: the customer, the SALES_INVOICE journal, the
            accounting setup and chart of accounts, and (for registers) tax treatments and taxes.
        rounding: ``"line"`` or ``"document"`` VAT rounding.
        policy: ``"vies"`` (S33) or ``"legacy"`` ([SA-post] "Currently") sales-account selection.
        journal_type_id: the ``postSalesInvoice`` journal; default: the context's first active
            SALES_INVOICE journal.
        description: ``accountingEntryDescription`` (≤200); default "Sales Invoice No. N dd/mm/yyyy".

    Raises:
        PostingError: the context lacks what posting needs, or the invoice totals zero.
        ValueError: an unknown ``rounding`` or ``policy``.
    """
    if rounding not in ROUNDINGS:
        raise ValueError(f"unknown rounding {rounding!r}; use line or document")
    check_policy(policy)
    if invoice.date is None or invoice.customer_id is None or not invoice.lines:
        raise PostingError("the invoice needs documentDate, customerId and at least one line")
    currency = context.currency
    customer = context.third_party(Origin.CUSTOMER, invoice.customer_id)
    if customer is None:
        raise PostingError(f"customer {invoice.customer_id} is not in the context (customers)")
    org = context.organization
    setup = org.accounting_setup if org is not None else None
    customer_account = customer.default_accounting_account_id or (
        setup.default_customers_account_id if setup else None
    )
    if customer_account is None:
        raise PostingError(
            "no customer account: set the customer's defaultAccountingAccountId "
            "or organization.accountingSetup.defaultCustomersAccountId"
        )
    customer_class = _classify(customer, context, invoice.date, policy)
    if description is not None and len(description) > _DESCRIPTION_MAX:
        raise PostingError(f"accountingEntryDescription is longer than {_DESCRIPTION_MAX} characters")
    text = description if description is not None else _default_description(invoice, invoice.date)
    builder = _Builder(
        invoice,
        context,
        currency,
        _journal(context, journal_type_id),
        customer_account,
        _third_party(customer),
        text,
    )
    priced = _price(invoice, context, currency)
    kind = invoice.type or SalesInvoiceType.NORMAL
    sign = Decimal(-1) if kind is SalesInvoiceType.CREDIT_NOTE else Decimal(1)
    notes: list[str] = []

    if kind is SalesInvoiceType.PAYMENT_IN_ADVANCE:
        entry = _prepayment_entry(builder, priced, rounding, setup, sign=sign, description=text)
        return PostingResult(
            invoice.id,
            (entry,),
            customer_class,
            rounding,
            policy,
            ("advance invoice: booked tax included on the prepayment account",),
        )

    main = [p for p in priced if not p.line.is_deposit_deduction]
    deductions = [p for p in priced if p.line.is_deposit_deduction]
    if not main:
        raise PostingError("the invoice has only deposit-deduction lines: nothing to post as revenue")
    entries = [_invoice_entry(builder, main, rounding, setup, customer_class, policy, sign, notes)]
    if deductions:
        suffix_text = text[: _DESCRIPTION_MAX - len(_DEPOSIT_SUFFIX)] + _DEPOSIT_SUFFIX
        # The deduction lines are negative on the invoice: posted like invoice amounts they credit
        # the customer, and the prepayment account takes the opposite side.
        entries.append(
            _prepayment_entry(builder, deductions, rounding, setup, sign=sign, description=suffix_text)
        )
    return PostingResult(invoice.id, tuple(entries), customer_class, rounding, policy, tuple(notes))


def _classify(customer: ThirdPartyRecord, context: Context, day: date, policy: str) -> CustomerClass | None:
    legislation = context.legislation_code
    if not legislation:
        if policy == "vies":
            raise PostingError("organization.legislationCode is needed to classify the customer")
        return None
    try:
        customer_class = classify_customer_record(customer, legislation, day)
    except ValueError as exc:
        raise PostingError(str(exc)) from None
    if customer_class is None and policy == "vies":
        raise PostingError(f"customer {customer.id} has no countryAcronym: national, VIES or foreign?")
    return customer_class


def _invoice_entry(
    builder: _Builder,
    lines: list[_Priced],
    rounding: str,
    setup: AccountingSetup | None,
    customer_class: CustomerClass | None,
    policy: str,
    sign: Decimal,
    notes: list[str],
) -> AccountingEntry:
    context, currency = builder.context, builder.currency
    by_rate = _vat_by_rate(lines, rounding, currency)
    revenue: dict[str, list[Decimal]] = {}
    for p in lines:
        product = context.product(p.line.product_id) if p.line.product_id else None
        account = select_sales_account(setup, customer_class, product, policy=policy)
        if account is None:
            name = "defaultSaleProductsAccountId"
            if policy == "vies" and customer_class is CustomerClass.VIES:
                name = "intracommunityAccountId"
            elif policy == "vies" and customer_class is CustomerClass.FOREIGN:
                name = "foreignAccountId"
            raise PostingError(f"lines[{p.index}]: no sales account (organization.accountingSetup.{name})")
        revenue.setdefault(account, []).append(p.net)
    net_total = total(base for base, _ in by_rate.values())
    vat_total = total(vat for _, vat in by_rate.values())
    gross = net_total + vat_total
    if gross == 0:
        raise PostingError("the invoice totals zero: nothing to post")
    registers = _registers(context, lines, by_rate, Decimal(1) if gross > 0 else Decimal(-1), notes)
    entry_lines = [builder.customer_line(sign * gross, registers, builder.description)]
    for account, nets in revenue.items():
        amount = total(nets)
        if amount:
            entry_lines.append(builder.line(account, -sign * amount))
    if vat_total:
        vat_account = (setup.default_output_vat_account_id if setup else None) or _account_of_nature(
            context, (SubAccountType.OUTPUT_TAX,)
        )
        if vat_account is None:
            raise PostingError(
                "no output VAT account: set defaultOutputVATAccountId or an OUTPUT_TAX account"
            )
        entry_lines.append(builder.line(vat_account, -sign * vat_total))
    return builder.entry(entry_lines, builder.description)


def _registers(
    context: Context,
    lines: list[_Priced],
    by_rate: dict[Decimal, tuple[Decimal, Decimal]],
    factor: Decimal,
    notes: list[str],
) -> tuple[TaxRegister, ...] | None:
    """One register per rate, all amounts on the customer line's side; None (and a note) when any
    rate has no output tax treatment in the context — partial registers would contradict the VAT."""
    registers = []
    for rate, (base, vat) in by_rate.items():
        first_tax = next((p.tax for p in lines if p.rate == rate and p.tax is not None), None)
        found = _tax_for(context, rate, first_tax)
        if found is None:
            notes.append(f"no tax register: no ISSUED tax treatment with a {rate} % tax in the context")
            return None
        treatment, tax = found
        registers.append(
            TaxRegister(
                tax_treatment_id=treatment.id,
                tax_group_id=treatment.tax_group_id,
                tax_type=treatment.tax_type or tax.tax_type,
                tax_id=tax.id,
                tax_percentage=tax.percentage,
                tax_base=factor * base,
                tax_amount=factor * vat,
                deductible=deductible(RegisterType.ISSUED),  # collected tax on a sales invoice (S12)
                regime_type="GENERAL",
            )
        )
    return tuple(registers)


def _prepayment_entry(
    builder: _Builder,
    lines: list[_Priced],
    rounding: str,
    setup: AccountingSetup | None,
    *,
    sign: Decimal,
    description: str,
) -> AccountingEntry:
    """Customer against the prepayment account, tax included (the module doc's deposit reading).

    The customer line's signed debit is ``sign × gross`` exactly as on an invoice entry (``sign`` = −1
    for a credit note): an advance invoice (positive gross) debits the customer and credits the
    prepayment account; deduction lines (quantity −1, so a negative gross) do the reverse."""
    by_rate = _vat_by_rate(lines, rounding, builder.currency)
    gross = total(base + vat for base, vat in by_rate.values())
    if gross == 0:
        raise PostingError("the deposit amounts total zero: nothing to post")
    prepayment = (setup.default_prepayment_customer_account_id if setup else None) or _account_of_nature(
        builder.context, _PREPAYMENT_TYPES
    )
    if prepayment is None:
        raise PostingError(
            "no prepayment account: set defaultPrepaymentCustomerAccountId or a CUSTOMER_PREPAYMENT account"
        )
    customer_signed = sign * gross
    lines_out = [
        builder.customer_line(customer_signed, None, description),
        builder.line(prepayment, -customer_signed, description=description),
    ]
    return builder.entry(lines_out, description)
