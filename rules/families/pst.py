"""PST: posting sales invoices — the revenue account by VIES classification, and postability.

PST001/PST002 look at a SALES_INVOICE entry the way ``postSalesInvoice`` would have built it: the
customer line (the line with ``accountingEntryThirdParty``), the VAT lines (accounts whose
``subAccountType`` is a tax nature) and the revenue lines (everything else). The revenue lines must
use the account the posting rules choose for the customer's country on the entry date
(:mod:`ledger.books.sales_accounts`, which the posting simulator uses too, so rule and simulator cannot
drift apart). PST003 checks that a ``postSalesInvoice`` request names an invoice that can be posted.

What the rules need, and why (the engine skips a rule whose ``needs`` are not all given):

* PST001/PST002 need ``journalTypes`` (is it a SALES_INVOICE entry?), ``accountingAccounts`` (which
  lines are on tax accounts), ``organization.legislationCode`` (national vs foreign) and
  ``organization.accountingSetup`` (the three sales accounts). ``customers`` is NOT required: the
  line's own ``countryAcronym`` is enough when present; the customer record is consulted only when it
  is absent, and when neither is available PST002 says so. ``products`` is optional: a product's own
  sales account is then accepted for a national customer.
* PST003 needs ``salesInvoices`` (the invoice's status).

Simplified inputs (``createAccountingEntryUsingIds/Codes``) reach PST001 through the engine's
expansion into the full form (:mod:`ledger.books.expansion`), with paths mapped back to the user's lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ledger.books.sales_accounts import revenue_expectation
from ledger.books.vies import CustomerClass, classify_customer
from ledger.context import Context
from ledger.entries import AccountingEntry, AccountingEntryLine, EntryThirdParty
from ledger.enums import JournalType, Origin, SubAccountType
from ledger.inputs import PostSalesInvoice
from ledger.reference import AccountingSetup
from rules.families._shared import article, needed_context
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


ENTRY_NEEDS = [
    "journalTypes",
    "accountingAccounts",
    "organization.legislationCode",
    "organization.accountingSetup",
]

#: Account natures of customer deposits: the deposit-deduction entry of a posted invoice (S36, S58)
#: books them in the SALES_INVOICE journal; they are not revenue lines.
PREPAYMENT_TYPES = frozenset(
    {SubAccountType.CUSTOMER_PREPAYMENT, SubAccountType.CUSTOMER_PREPAYMENT_TAX_INCLUDED}
)

#: Sales-invoice statuses (S57), compared case-insensitively.
POSTABLE = "closed"
DRAFT = "pending"
ALREADY_POSTED = frozenset({"posted", "partiallycollected", "collected"})


def _is_sales_invoice_entry(entry: AccountingEntry, context: Context) -> bool:
    journal = context.journal(entry.journal_type_id) if entry.journal_type_id else None
    return journal is not None and journal.type is JournalType.SALES_INVOICE


def _customer_line(entry: AccountingEntry) -> tuple[int, EntryThirdParty] | None:
    """``(index, third-party block)`` of the single customer third-party line, or None (no line, or
    several different third parties: INV003/TPY004 report those, PST cannot pick one)."""
    found = [
        (i, block) for i, l in enumerate(entry.lines) if (block := l.accounting_entry_third_party) is not None
    ]
    if not found:
        return None
    ids = {block.third_party_id for _, block in found}
    origins = {block.origin for _, block in found}
    if len(ids) != 1 or origins != {Origin.CUSTOMER}:
        return None
    return found[0]


def _country(third_party: EntryThirdParty, context: Context) -> tuple[str | None, str]:
    """The customer's country and where it came from (for the messages)."""
    if third_party.country_acronym and third_party.country_acronym.strip():
        return third_party.country_acronym.strip(), "the line's countryAcronym"
    if not context.has("customers"):
        return None, "no countryAcronym on the line and no customers in the context"
    record = (
        context.third_party(Origin.CUSTOMER, third_party.third_party_id)
        if third_party.third_party_id
        else None
    )
    if record is None:
        return None, "no countryAcronym on the line and the customer is not in the context"
    if not (record.country_acronym and record.country_acronym.strip()):
        return None, "no countryAcronym on the line nor on the customer's record"
    return record.country_acronym.strip(), "the customer's record"


def _classification(
    entry: AccountingEntry, context: Context
) -> tuple[int, str | None, str, CustomerClass | None, str | None] | None:
    """``(customer index, country, source, class or None, error text or None)`` or None to skip."""
    if entry.date is None or not _is_sales_invoice_entry(entry, context):
        return None
    located = _customer_line(entry)
    if located is None:
        return None
    index, third_party = located
    country, source = _country(third_party, context)
    if country is None:
        return index, None, source, None, source
    legislation = context.legislation_code
    if legislation is None:
        return None  # (never: the PST rules need organization.legislationCode)
    try:
        customer_class = classify_customer(country, legislation, entry.date)
    except ValueError:
        try:  # which side is malformed decides whose fault it is
            classify_customer(None, legislation, entry.date)
        except ValueError:
            return None  # the organisation's legislationCode is unusable: nothing to say per entry
        return index, country, source, None, f"{source} {country!r} is not a two-letter country code"
    return index, country, source, customer_class, None


def _is_revenue_line(
    line: AccountingEntryLine, context: Context, setup: AccountingSetup | None
) -> bool | None:
    """True/False, or None when the account is unknown (REF003's fault: skip the line)."""
    if line.accounting_entry_third_party is not None or line.sub_account_id is None:
        return False
    account = context.account(line.sub_account_id)
    if account is None:
        return None
    nature = account.sub_account_type
    if nature is not None and (nature.is_tax_account or nature in PREPAYMENT_TYPES):
        return False
    # (setup is never None here: without a setup there is no expectation, and no line is looked at)
    if setup is not None and setup.default_prepayment_customer_account_id == line.sub_account_id:
        return False
    return True


def _account_label(context: Context, account_id: str | None) -> str:
    account = context.account(account_id) if account_id else None
    return account.code if account is not None and account.code else str(account_id)


@rule("PST001", "sales-account-selection", "error", targets=[AccountingEntry], needs=ENTRY_NEEDS)
def sales_account_selection(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A revenue line of a sales-invoice entry is not on the account posting chooses for the customer.

    What it checks:
        In a SALES_INVOICE entry, every revenue line — a line that is neither the third-party line
        (the one with ``accountingEntryThirdParty``) nor on a tax account (``subAccountType``
        INPUT_TAX, OUTPUT_TAX and the DE equivalents) nor on a customer-deposit account
        (CUSTOMER_PREPAYMENT[_TAX_INCLUDED] or the setup's ``defaultPrepaymentCustomerAccountId``) —
        uses the account chosen for the customer's country on the entry date:
        national customer (same country as ``organization.legislationCode``) → any revenue account
        except ``intracommunityAccountId`` and ``foreignAccountId`` (an entry does not name its
        products; one of those two is accepted when it is the default sales account or a product's
        ``salesAccountingAccountId`` in the context); customer in a VIES country on that date →
        ``intracommunityAccountId``; any other country → ``foreignAccountId``. With the option
        ``sales_account_policy = "legacy"`` (CLI ``--sales-account-policy legacy``) every customer is
        treated as national ([SA-post] "Currently"). The country is the line's
        ``accountingEntryThirdParty.countryAcronym``, else the customer record's ``countryAcronym``.
    Why it matters:
        An entry built by hand (or by an integration) for a sales invoice should book what Sage's own
        posting books: intra-community and export sales sit on separate revenue accounts, which feed
        the VAT return and the EC sales list; a Belgian sale on 707000 is misreported.
    Example:
        FR organisation, customer BE on 2025-03-10, revenue line on 707000 while
        ``intracommunityAccountId`` is 707100.
    How to fix:
        Book the revenue on the account named in the message (the organisation's accounting setup),
        or run with ``--sales-account-policy legacy`` if the tenant still uses the old rule.
    Assumption:
        That Sage's "VIES country" means ``countries.viesCode`` is not null (S28) is an inference (low);
        membership is taken date-aware from ledger.books.vies (GB VIES until 2020-12-31, HR from
        2013-07-01, XI from 2021-01-01 although XI is goods-only in law (S70, low for posting), Monaco
        treated as France (S68; low that Sage's country table agrees)). Which logic is in force —
        [SA-post] calls the VIES logic "next release" (high), [SA-copy] 09 says it is live (medium) — cannot be read
        from a payload, hence the policy switch (default vies). Lines on deposit accounts are not
        revenue lines: that is our reading of S36, S58 (low). When the setup lacks the account the rule
        names (e.g. no ``intracommunityAccountId``) the rule says nothing: Sage's fallback is
        undocumented. Lines on accounts missing from the context are skipped (REF003 reports them).
    Source:
        S28, S33, S48, S54, S67, S68, S69, S70, S71, S72, S73, S91 (docs/sources.md).
    """
    context = needed_context(env)
    setup = context.organization.accounting_setup if context.organization else None
    classified = env.derived("pst.classification", entry, lambda e: _classification(e, context))
    if classified is None or setup is None:
        return
    index, country, source, customer_class, problem = classified
    if problem is not None and env.options.sales_account_policy == "vies":
        return  # PST002 reports it
    expectation = revenue_expectation(
        setup, customer_class, context.products, policy=env.options.sales_account_policy
    )
    if expectation is None:
        return
    for i, line in enumerate(entry.lines):
        if (
            line.sub_account_id is None  # (never a revenue line: the test tells the checker)
            or _is_revenue_line(line, context, setup) is not True
            or expectation.allows(line.sub_account_id)
        ):
            continue
        account = _account_label(context, line.sub_account_id)
        if expectation.required is not None:
            assert customer_class is not None  # an account is required only for a known class (VIES, foreign)
            expected = _account_label(context, expectation.required)
            kind = "intra-community" if customer_class is CustomerClass.VIES else "foreign"
            yield finding(
                f"accountingEntryLines[{i}].subAccountId",
                f"revenue on {account}, but {article(kind)} customer ({country}, on {entry.date}) posts to {expected}",
                f"book this line on {expected} (setup {'intracommunityAccountId' if kind == 'intra-community' else 'foreignAccountId'})",
                account=account,
                expected=expected,
                country=country,
                customerClass=customer_class.value,
            )
        else:
            who = (
                f"a national customer ({country})"
                if customer_class is CustomerClass.NATIONAL
                else f"any customer under the legacy rule ({country or 'country unknown'})"
            )
            default = _account_label(context, setup.default_sale_products_account_id)
            yield finding(
                f"accountingEntryLines[{i}].subAccountId",
                f"revenue on {account}, reserved for intra-community/export sales, for {who}",
                f"book it on the product's sales account or the default sales account {default}",
                account=account,
                expected=default,
                country=country or "",
                policy=expectation.policy,
            )


@rule("PST002", "vies-classification-unknown", "warning", targets=[AccountingEntry], needs=ENTRY_NEEDS)
def vies_classification_unknown(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The customer's country cannot be determined, so the revenue account cannot be checked.

    What it checks:
        In a SALES_INVOICE entry with a customer line, the customer's country is known: the line's
        ``accountingEntryThirdParty.countryAcronym``, else the ``countryAcronym`` of the customer's
        record in the context. Fires when neither exists (no countryAcronym, the customer missing
        from the context or no customers given at all, or a record without a country), or when the
        country is not a two-letter code. Silent under the legacy policy (which ignores the country).
    Why it matters:
        PST001 cannot tell a national from an intra-community or export sale, so a wrong revenue
        account would go unnoticed.
    Example:
        A line ``{"accountingEntryThirdParty": {"thirdPartyId": "…", "origin": "CUSTOMER", …}}``
        without ``countryAcronym``, for a customer absent from ``customers``.
    How to fix:
        Add ``countryAcronym`` to the line's third party, or give the customer (with its
        ``countryAcronym``) in the context.
    Assumption:
        A record without ``countryAcronym`` is treated as unknown, not as national, although Sage
        defaults the field to the legislation country when a customer is created (S48, medium): a record
        lacking it is an incomplete export, and guessing "national" would hide VIES/foreign sales.
    Source:
        S33, S48 (docs/sources.md).
    """
    if env.options.sales_account_policy != "vies":
        return
    classified = env.derived("pst.classification", entry, lambda e: _classification(e, needed_context(env)))
    if classified is None:
        return
    index, country, source, customer_class, problem = classified
    if problem is None:
        return
    yield finding(
        f"accountingEntryLines[{index}].accountingEntryThirdParty.countryAcronym",
        f"customer's country unknown ({problem}): the revenue account cannot be checked",
        "add countryAcronym to the third party, or give the customer's record in the context",
    )


@rule("PST003", "invoice-not-postable", "error", targets=[PostSalesInvoice], needs=["salesInvoices"])
def invoice_not_postable(request: PostSalesInvoice, env: Env) -> Iterator[Finding]:
    """``postSalesInvoice`` for an invoice that is a draft, already posted, or unknown.

    What it checks:
        The invoice named by ``salesInvoiceId`` is in the context's ``salesInvoices`` with status
        ``Closed``. ``Pending`` (a draft) is refused; ``Posted``, ``PartiallyCollected`` and
        ``Collected`` mean it was posted already. An id that is not among the organisation's
        invoices is reported too. Other statuses are not judged.
    Why it matters:
        Only a closed (locked, numbered) invoice can be posted, and posting twice would double the
        revenue and the receivable; the API refuses both (S57).
    Example:
        ``{"salesInvoiceId": "…", "journalTypeId": "…"}`` for an invoice whose status is ``Pending``.
    How to fix:
        Close the invoice first (``closeSalesInvoice``); for one already posted, do not post it again
        (its entries exist: look them up by ``sourceEntityId``).
    Assumption:
        The status spellings are those of S57 (Pending, Closed, Posted, PartiallyCollected,
        Collected; medium), compared case-insensitively. An unknown invoice id is reported here (no other
        rule covers it), as an error like the other unknown-reference rules: it assumes the context
        lists all of the organisation's sales invoices.
    Source:
        S35, S57 (docs/sources.md).
    """
    invoice_id = request.sales_invoice_id
    if invoice_id is None:
        return
    record = needed_context(env).sales_invoice(invoice_id)
    if record is None:
        yield finding(
            "salesInvoiceId",
            f"sales invoice {invoice_id} is not among the organisation's sales invoices",
            "check the id (salesInvoices in the context), or create and close the invoice first",
            salesInvoiceId=invoice_id,
        )
        return
    status = (record.status or "").strip()
    key = status.lower()
    if key == DRAFT:
        yield finding(
            "salesInvoiceId",
            f"sales invoice {invoice_id} is a draft ({status}): it must be closed before posting",
            "close it with closeSalesInvoice, then post it",
            status=status,
        )
    elif key in ALREADY_POSTED:
        yield finding(
            "salesInvoiceId",
            f"sales invoice {invoice_id} is already posted (status {status})",
            "do not post it again; its entries already exist",
            status=status,
        )
