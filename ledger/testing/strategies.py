"""Hypothesis strategies for property-testing code that produces Sage Active payloads.

This is the public entry point for users' own property tests (``pip install 'ledger-rules[hypothesis]'``).
It draws organisations (the ``--context`` document), entries that are VALID for them
under every FLD, BAL, REG, TPY, INV, TAX and REF rule (and PST001's sales-account choice), and inputs
that break exactly one named rule::

    from ledger.testing.strategies import scenarios, breaking

    @given(scenarios(kind="sales-invoice", form="full"))
    def test_my_exporter_round_trips(scenario):
        context, values, operation = scenario
        ...

Design
------
* **Everything is a plain JSON-ready value.** A context is the ``--context`` dict and a drawn
  input is the dict you would put under ``variables.values``; amounts are :class:`~decimal.Decimal`
  (write them with :func:`ledger.io.jsontext.dumps`, which keeps them exact), dates are ``YYYY-MM-DD``
  strings, ids are UUID strings. Nothing of this module's own classes leaks into what you draw, except the
  :class:`Scenario` named tuple that groups ``(context, input, operation)``.
* **Amounts come from integers of minor units** (:func:`amounts`), never from ``st.decimals()`` or floats,
  so every drawn amount is exact in the currency and shrinks towards one minor unit.
* **Ids are derived, not guessed**: a context draws ONE uuid and derives every id from it with
  ``uuid5(drawn, name)``. Ids are therefore unique, reproducible from the Hypothesis database, and a
  failing example shrinks to a readable organisation.
* **Generation reads the context like a user's own would be read**: :func:`entries` accepts any context
  dict (yours, assembled from the API's responses, or one drawn by :func:`contexts`) and finds the
  journals, accounts, third parties and taxes it needs by their API types (``SALES_INVOICE``,
  ``subAccountType``…). A context that lacks something a kind needs is refused when the strategy is BUILT.
* **Simplest first**: every choice is drawn so that Hypothesis shrinks towards the smallest entry — one
  tax rate, the first third party, the entry dated the first open day, one-minor-unit differences.
* **Breaking one rule** (:func:`breaking`) starts from a valid drawn input and applies ONE targeted
  mutation. Where a rule cannot be broken without another one also firing, :data:`UNAVOIDABLE` says
  which, and why (see its table).

Argument errors raise :class:`hypothesis.errors.InvalidArgument` when the strategy is built, not when it
is drawn from, as Hypothesis's own strategies do. Only Hypothesis's public API is used.
:func:`_hypothesis_setup_hook` (the ``hypothesis`` entry point, defined in :mod:`ledger.testing.plugin`
and re-exported here) registers the model classes so that ``st.from_type(AccountingEntry)`` draws valid
entries. User documentation: docs/strategies.md.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installation
    if exc.name != "hypothesis":
        raise  # Hypothesis is there but failed to import: its own error says why
    raise ImportError(
        "ledger.testing.strategies needs Hypothesis, an optional extra: pip install 'ledger-rules[hypothesis]'"
    ) from exc

from ledger.books.vies import CustomerClass, classify_customer
from ledger.context import Context, ContextError
from ledger.conventions import line_register
from ledger.enums import AccountLevel, ExerciseStatus, JournalType, Origin, SubAccountType, TaxType
from ledger.io.context_file import context_from_dict
from ledger.money import (
    UnknownCurrency,
    from_minor_units,
    minor_unit_digits,
    percentage_of,
    round_to_minor_unit,
    to_minor_units,
)
from ledger.testing.plugin import _hypothesis_setup_hook  # noqa: F401  (re-exported: docs/strategies.md)

__all__ = [
    "BREAKABLE_CODES",
    "ENTRY_KINDS",
    "FORMS",
    "KINDS",
    "Scenario",
    "UNAVOIDABLE",
    "amounts",
    "breaking",
    "contexts",
    "entries",
    "scenarios",
    "uuids_as_str",
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
_JOURNAL_OF_KIND = {
    "sales-invoice": JournalType.SALES_INVOICE,
    "purchase-invoice": JournalType.PURCHASE_INVOICE,
    "general": JournalType.GENERAL,
    "financial": JournalType.FINANCIAL,
    "carry-forward": JournalType.CARRY_FORWARD,
    "sales-invoice-posting": JournalType.SALES_INVOICE,
}
_INVOICE_KINDS = ("sales-invoice", "purchase-invoice")
_PLAIN_KINDS = ("general", "financial", "carry-forward")


class Scenario(NamedTuple):
    """A context, an input consistent with it, and the operation to check the input as."""

    context: dict
    input: dict
    operation: str


# ---------------------------------------------------------------------------------------------------
# Small public helpers
# ---------------------------------------------------------------------------------------------------


def uuids_as_str() -> st.SearchStrategy[str]:
    """UUIDs as the lower-case strings the API uses (never the nil UUID)."""
    return st.uuids().map(str)


def _currency_digits(currency: Any) -> int:
    if not isinstance(currency, str):
        raise InvalidArgument(f"currency={currency!r} must be an ISO 4217 code such as 'EUR'")
    try:
        return minor_unit_digits(currency)
    except UnknownCurrency:
        raise InvalidArgument(f"currency={currency!r} is not an ISO 4217 currency") from None


def _units_of(name: str, value: Any, currency: str) -> int:
    if isinstance(value, float) or isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise InvalidArgument(
            f"{name}={value!r} must be an int, a Decimal or a decimal string (never a float)"
        )
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise InvalidArgument(f"{name}={value!r} is not a decimal number") from None
    if not amount.is_finite():
        raise InvalidArgument(f"{name}={value!r} must be finite")
    try:
        return to_minor_units(amount, currency)
    except ValueError:
        raise InvalidArgument(f"{name}={value!r} is not a whole number of {currency} minor units") from None


def amounts(
    *, currency: str = "EUR", min_value: Any = None, max_value: Any = None
) -> st.SearchStrategy[Decimal]:
    """Exact amounts of ``currency``: a Decimal with exactly the currency's decimals (EUR ``12.30``).

    Drawn as an integer number of minor units, so an amount never has more decimals than the currency
    allows and shrinks towards ``min_value`` (default: one minor unit, i.e. the smallest positive
    amount). ``min_value``/``max_value`` are ints, Decimals or decimal strings; floats are refused.
    """
    digits = _currency_digits(currency)
    low = 1 if min_value is None else _units_of("min_value", min_value, currency)
    high = 10 ** (12 + digits) - 1 if max_value is None else _units_of("max_value", max_value, currency)
    if low > high:
        raise InvalidArgument(f"min_value={min_value!r} is greater than max_value={max_value!r}")
    return st.integers(min_value=low, max_value=high).map(lambda units: Decimal(units).scaleb(-digits))


# ---------------------------------------------------------------------------------------------------
# Contexts
# ---------------------------------------------------------------------------------------------------

#: Standard VAT rates (simplest, i.e. the usual rate, first) and tax type per legislation.
_RATES = {
    "FR": ("TVA", ("20", "10", "5.5", "2.1")),
    "ES": ("IVA", ("21", "10", "4")),
    "DE": ("UST", ("19", "7")),
    "PT": ("IVA_PT", ("23", "13", "6")),
}
_DEFAULT_RATES = ("TVA", ("20", "10"))
#: Countries for the EU customers and suppliers; the posting class is decided per entry date by
#: ledger.books.vies, so edge cases (GB before 2021, XI, MC, RE) are welcome here.
_EU = ("BE", "DE", "IT", "ES", "NL", "LU", "IE", "PT", "AT", "PL", "SE", "GR", "FR", "HR", "XI")
_ELSEWHERE = ("US", "CH", "GB", "NO", "JP", "CA", "MC", "RE")

# (key, code, name, level, subAccountType, deactivated)
_CHART = (
    ("capital", "101000", "Capital", "SUB_ACCOUNT", "CAPITAL", False),
    ("result", "120000", "Résultat de l'exercice (bénéfice)", "SUB_ACCOUNT", "RESULT_BALANCE_SHEET", False),
    ("suppliers", "401000", "Fournisseurs", "SUB_ACCOUNT", "PROVIDER", False),
    ("class41", "41", "Clients et comptes rattachés", "ACCOUNT", "UNDEFINED", False),
    ("customers", "411000", "Clients", "SUB_ACCOUNT", "CUSTOMER", False),
    ("employees", "421000", "Personnel - rémunérations dues", "SUB_ACCOUNT", "EMPLOYEE", False),
    ("input_vat", "445660", "TVA déductible sur autres biens et services", "SUB_ACCOUNT", "INPUT_TAX", False),
    ("output_vat", "445710", "TVA collectée", "SUB_ACCOUNT", "OUTPUT_TAX", False),
    ("bank", "512000", "Banque", "SUB_ACCOUNT", "BANK", False),
    ("old_bank", "512100", "Banque (compte clôturé)", "SUB_ACCOUNT", "BANK", True),
    ("cash", "530000", "Caisse", "SUB_ACCOUNT", "CASH", False),
    ("class60", "60", "Achats", "ACCOUNT", "UNDEFINED", False),
    ("supplies", "606100", "Fournitures non stockables", "SUB_ACCOUNT", "CHARGE", False),
    ("purchases", "607000", "Achats de marchandises", "SUB_ACCOUNT", "CHARGE", False),
    ("postage", "626000", "Frais postaux et télécommunications", "SUB_ACCOUNT", "CHARGE", False),
    ("bank_fees", "627000", "Services bancaires", "SUB_ACCOUNT", "CHARGE", False),
    ("salaries", "641000", "Rémunérations du personnel", "SUB_ACCOUNT", "CHARGE", False),
    ("services", "706000", "Prestations de services", "SUB_ACCOUNT", "REVENUE", False),
    ("sales_eu", "707100", "Ventes de marchandises UE", "SUB_ACCOUNT", "REVENUE", False),
    ("sales_export", "707200", "Ventes de marchandises export", "SUB_ACCOUNT", "REVENUE", False),
)
_JOURNALS = (
    ("sales", "VTE", "Ventes", "SALES_INVOICE", False),
    ("purchases", "ACH", "Achats", "PURCHASE_INVOICE", False),
    ("general", "OD", "Opérations diverses", "GENERAL", False),
    ("bank", "BQ", "Banque", "FINANCIAL", False),
    ("carry", "AN", "À-nouveaux", "CARRY_FORWARD", False),
    ("old_bank", "BQ2", "Banque (compte clôturé)", "FINANCIAL", True),
)

# Character-list strategies rather than st.from_regex: the same values, several times faster to draw.
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NAME_CHARS = _UPPER + _UPPER.lower() + "0123456789ÀÂÇÉÈÊËÎÏÔÙÛÜàâçéèêëîïôùûüÄÖßäöñ' .&-"
#: Names: a capital letter, then letters, digits, accents and punctuation; never blank, never padded.
_NAMES = st.builds(
    lambda first, rest: first + rest.rstrip(" .'&-"),
    st.sampled_from(_UPPER),
    st.text(alphabet=_NAME_CHARS, max_size=40),
)
#: Third-party codes: 3 to 12 capitals and digits (the API allows 17).
_CODES = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_UPPER),
    st.text(alphabet=_UPPER + "0123456789", min_size=2, max_size=11),
)


def _digits(low: int, high: int) -> st.SearchStrategy[str]:
    """A string of ``low`` to ``high`` digits, not starting with 0."""
    return st.integers(min_value=10 ** (low - 1), max_value=10**high - 1).map(str)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _exercise(new_id, start: date, status: str) -> dict:
    end = _add_months(start, 12) - timedelta(days=1)
    periods = []
    for m in range(12):
        first = _add_months(start, m)
        last = _add_months(start, m + 1) - timedelta(days=1)
        periods.append(
            {"startDate": first.isoformat(), "endDate": last.isoformat(), "isClosed": status == "CLOSED"}
        )
    return {
        "id": new_id(f"exercise:{start.isoformat()}"),
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "status": status,
        "periods": periods,
    }


def _validate_org(legislation: Any, currency: Any, year: Any) -> None:
    if not isinstance(legislation, str) or len(legislation) != 2 or not legislation.isalpha():
        raise InvalidArgument(f"legislation={legislation!r} must be a two-letter country code such as 'FR'")
    _currency_digits(currency)
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2090):
        raise InvalidArgument(f"year={year!r} must be None or an int between 1990 and 2090")


def contexts(
    *, legislation: str = "FR", currency: str = "EUR", year: int | None = None
) -> st.SearchStrategy[dict]:
    """An organisation as a ``--context`` dict, loadable with ``context_from_dict``.

    It holds one active journal of every type (SALES_INVOICE, PURCHASE_INVOICE, GENERAL, FINANCIAL,
    CARRY_FORWARD) plus a deactivated FINANCIAL journal; a French-style chart of accounts (customer,
    supplier, employee, input and output VAT, bank, charge and revenue sub-accounts, plus two
    ACCOUNT-level accounts and a deactivated bank sub-account — real charts have them, and they let
    :func:`breaking` reach REF004/REF005); ``accountingSetup`` naming the default, intra-community and
    foreign sales accounts; customers (national ones and others, EU and beyond), at least two suppliers,
    employees; an ISSUED and a RECEIVED tax treatment with the legislation's VAT rates; products;
    the previous fiscal year CLOSED and an OPEN one with monthly periods; a bank payment method; closed
    sales invoices; and sessions: for a ``DE`` legislation two (one deactivated), else none (``[]``).

    ``year`` fixes the calendar year in which the open fiscal year starts (default: drawn, 2021–2030).
    """
    _validate_org(legislation, currency, year)
    return _contexts(legislation.upper(), currency.upper(), year)


@st.composite
def _contexts(draw, legislation: str, currency: str, year: int | None) -> dict:
    namespace = draw(st.uuids())

    def new_id(name: str) -> str:
        return str(uuid.uuid5(namespace, name))

    start_year = year if year is not None else draw(st.integers(min_value=2021, max_value=2030))
    start_month = draw(st.sampled_from((1, 4, 7, 10)))
    start = date(start_year, start_month, 1)

    accounts = [
        {
            "id": new_id(f"account:{key}"),
            "code": code,
            "name": name,
            "accountLevel": level,
            "subAccountType": kind,
            "deactivated": deactivated,
        }
        for key, code, name, level, kind, deactivated in _CHART
    ]
    account_id = {key: new_id(f"account:{key}") for key, *_ in _CHART}
    journals = [
        {"id": new_id(f"journal:{key}"), "code": code, "name": name, "type": kind, "deactivated": deactivated}
        for key, code, name, kind, deactivated in _JOURNALS
    ]

    doc_types = {k: new_id(f"documentType:{k}") for k in ("01", "02", "06")}
    national_countries = st.just(legislation)
    n_national = draw(st.integers(min_value=1, max_value=3))
    n_eu = draw(st.integers(min_value=1, max_value=2))
    n_other = draw(st.integers(min_value=1, max_value=2))
    n_suppliers = draw(st.integers(min_value=2, max_value=4))
    n_employees = draw(st.integers(min_value=1, max_value=2))
    total = n_national + n_eu + n_other + n_suppliers + n_employees
    codes = draw(st.lists(_CODES, min_size=total, max_size=total, unique=True))
    code_iter = iter(codes)

    def third_party(role: str, index: int, country: str) -> dict:
        national = country == legislation
        record = {
            "id": new_id(f"{role}:{index}"),
            "code": next(code_iter),
            "socialName": draw(_NAMES),
            "documentTypeId": doc_types["01" if national else "02" if country in _EU else "06"],
            "documentId": draw(_digits(9, 14)),
            "countryAcronym": country,
        }
        if country in _EU and draw(st.booleans()):
            prefix = "EL" if country == "GR" else country
            record["vatNumber"] = prefix + draw(_digits(8, 12))
        record["defaultAccountingAccountId"] = account_id["customers" if role == "customer" else "suppliers"]
        return record

    customers = []
    for _i in range(n_national):
        customers.append(third_party("customer", len(customers), draw(national_countries)))
    for _i in range(n_eu):
        country = draw(st.sampled_from([c for c in _EU if c != legislation]))
        customers.append(third_party("customer", len(customers), country))
    for _i in range(n_other):
        customers.append(third_party("customer", len(customers), draw(st.sampled_from(_ELSEWHERE))))
    suppliers = [
        third_party("supplier", i, draw(st.sampled_from((legislation,) + _EU + _ELSEWHERE)))
        for i in range(n_suppliers)
    ]
    employees = [
        {
            "id": new_id(f"employee:{i}"),
            "code": next(code_iter),
            "name": draw(_NAMES),
            "documentTypeId": doc_types["06"],
            "documentId": draw(st.integers(min_value=10**14, max_value=3 * 10**14 - 1).map(str)),
            "defaultAccountingAccountId": account_id["employees"],
        }
        for i in range(n_employees)
    ]

    tax_type, rates = _RATES.get(legislation, _DEFAULT_RATES)
    n_rates = draw(st.integers(min_value=1, max_value=len(rates)))
    groups = {"ISSUED": new_id("taxGroup:collected"), "RECEIVED": new_id("taxGroup:deductible")}
    treatments = [
        {
            "id": new_id(f"taxTreatment:{reg}"),
            "code": f"{tax_type}-{reg[0]}",
            "taxGroupId": group,
            "taxType": tax_type,
            "registerType": reg,
        }
        for reg, group in groups.items()
    ]
    taxes = [
        {
            "id": new_id(f"tax:{reg}:{rate}"),
            "name": f"{tax_type} {rate} %",
            "groupId": group,
            "percentage": Decimal(rate),
            "taxType": tax_type,
        }
        for reg, group in groups.items()
        for rate in rates[:n_rates]
    ]
    previous = date(start.year - 1, start.month, 1)
    context: dict[str, Any] = {
        "organization": {
            "id": new_id("organization"),
            "legislationCode": legislation,
            "currency": currency,
            "accountingSetup": {
                "defaultSaleProductsAccountId": account_id["services"],
                "intracommunityAccountId": account_id["sales_eu"],
                "foreignAccountId": account_id["sales_export"],
                "defaultPurchaseProductsAccountId": account_id["purchases"],
                "defaultCustomersAccountId": account_id["customers"],
                "defaultSuppliersAccountId": account_id["suppliers"],
                "defaultOutputVATAccountId": account_id["output_vat"],
                "defaultInputVATAccountId": account_id["input_vat"],
            },
        },
        "journalTypes": journals,
        "accountingAccounts": accounts,
        "customers": customers,
        "suppliers": suppliers,
        "employees": employees,
        "taxTreatments": treatments,
        "taxes": taxes,
        "products": [
            {
                "id": new_id("product:service"),
                "code": "PRESTATION",
                "name": "Prestation",
                "salesAccountingAccountId": account_id["services"],
            },
        ],
        "accountingExercises": [_exercise(new_id, previous, "CLOSED"), _exercise(new_id, start, "OPEN")],
        "paymentMethods": [
            {
                "id": new_id("paymentMethod:bank"),
                "type": "BANK_ACCOUNT",
                "journalTypeId": new_id("journal:bank"),
                "subAccountId": account_id["bank"],
            },
        ],
        "salesInvoices": [
            {"id": new_id(f"salesInvoice:{i}"), "status": "Closed", "customerId": customer["id"]}
            for i, customer in enumerate(customers[: draw(st.integers(min_value=1, max_value=2))])
        ],
    }
    # Sessions exist in Germany only (S20); elsewhere an EMPTY list says "no sessions" (a given, so
    # REF007 runs rather than being skipped for lack of data).
    context["sessions"] = (
        [
            {"id": new_id("session:main"), "name": "Hauptsitzung", "deactivated": False, "isDefault": True},
            {"id": new_id("session:old"), "name": "Alte Sitzung", "deactivated": True, "isDefault": False},
        ]
        if legislation == "DE"
        else []
    )
    return context


# ---------------------------------------------------------------------------------------------------
# Reading a context: what each kind of entry needs
# ---------------------------------------------------------------------------------------------------


class _Org:
    """A context dict, loaded, with the records each kind of entry draws from (usable ones only)."""

    def __init__(self, data: dict):
        self.data = data
        self.ctx: Context = context_from_dict(data)
        ctx = self.ctx
        self.currency = ctx.currency
        self.digits = minor_unit_digits(self.currency)
        self.legislation = ctx.legislation_code
        usable = [
            a
            for a in ctx.accounts
            if a.id and a.code and a.account_level is AccountLevel.SUB_ACCOUNT and not a.deactivated
        ]
        self.accounts = usable

        def of(*types: SubAccountType):
            return [a for a in usable if a.sub_account_type in types]

        self.customer_accounts = of(SubAccountType.CUSTOMER)
        self.supplier_accounts = of(SubAccountType.PROVIDER)
        self.employee_accounts = of(SubAccountType.EMPLOYEE)
        self.output_tax = of(SubAccountType.OUTPUT_TAX)
        self.input_tax = of(SubAccountType.INPUT_TAX)
        self.charges = of(SubAccountType.CHARGE)
        self.banks = of(SubAccountType.BANK, SubAccountType.CASH)
        self.plain = [
            a
            for a in usable
            if a.sub_account_type is None
            or (a.sub_account_type.third_party_origin is None and not a.sub_account_type.is_tax_account)
        ]
        self.journals = {
            jt: [j for j in ctx.journals if j.type is jt and not j.deactivated and j.id and j.code]
            for jt in JournalType
        }
        self.customers = [r for r in ctx.customers if r.id and r.code and _complete(r)]
        self.suppliers = [r for r in ctx.suppliers if r.id and r.code and _complete(r)]
        self.employees = [r for r in ctx.employees if r.id and r.code and _complete(r)]
        setup = ctx.organization.accounting_setup if ctx.organization else None
        by_id = {a.id: a for a in usable}
        self.sales_account = {}
        revenue = [a for a in of(SubAccountType.REVENUE)]
        special = set()
        if setup is not None:
            for cls, account_id in (
                (CustomerClass.VIES, setup.intracommunity_account_id),
                (CustomerClass.FOREIGN, setup.foreign_account_id),
            ):
                if account_id in by_id:
                    self.sales_account[cls] = by_id[account_id]
                    special.add(account_id)
            if setup.default_sale_products_account_id in by_id:
                self.sales_account[CustomerClass.NATIONAL] = by_id[setup.default_sale_products_account_id]
        national = [a for a in revenue if a.id not in special]
        if CustomerClass.NATIONAL not in self.sales_account and national:
            self.sales_account[CustomerClass.NATIONAL] = national[0]
        self.treatments = {
            reg: [
                t
                for t in ctx.tax_treatments
                if t.id
                and t.register_type is not None
                and t.register_type.value == reg
                and t.tax_group_id
                and t.tax_type
            ]
            for reg in ("ISSUED", "RECEIVED")
        }
        self.open_ranges: list[tuple[date, date]] = []
        for exercise in ctx.exercises:
            if exercise.status is not ExerciseStatus.OPEN or not exercise.start_date or not exercise.end_date:
                continue
            closed = sorted(
                (p.start_date, p.end_date)
                for p in exercise.periods or ()
                if p.is_closed and p.start_date and p.end_date
            )
            cursor = exercise.start_date
            for first, last in closed:
                if first > cursor:
                    self.open_ranges.append((cursor, min(first - timedelta(days=1), exercise.end_date)))
                cursor = max(cursor, last + timedelta(days=1))
            if cursor <= exercise.end_date:
                self.open_ranges.append((cursor, exercise.end_date))

    def money(self, units: int) -> Decimal:
        return from_minor_units(units, self.currency)

    def units(self, amount: Decimal) -> int:
        return to_minor_units(amount, self.currency)

    def account_for(self, origin: Origin, record) -> Any:
        accounts = {
            Origin.CUSTOMER: self.customer_accounts,
            Origin.SUPPLIER: self.supplier_accounts,
            Origin.EMPLOYEE: self.employee_accounts,
        }[origin]
        for account in accounts:
            if account.id == record.default_accounting_account_id:
                return account
        return accounts[0]

    def missing_for(self, kind: str) -> str | None:
        """Why this context cannot produce ``kind`` entries, or None."""
        if not self.open_ranges:
            return "it has no OPEN fiscal year with an open day (accountingExercises)"
        if not self.journals[_JOURNAL_OF_KIND[kind]]:
            return f"it has no active {_JOURNAL_OF_KIND[kind].value} journal"
        needs = {
            "sales-invoice": [
                (self.customers, "customers with code, socialName, documentTypeId and documentId"),
                (self.customer_accounts, "an active CUSTOMER sub-account"),
                (self.sales_account.get(CustomerClass.NATIONAL), "a revenue sub-account for national sales"),
            ],
            "purchase-invoice": [
                (self.suppliers, "complete suppliers"),
                (self.supplier_accounts, "an active PROVIDER sub-account"),
                (self.charges, "an active CHARGE sub-account"),
            ],
            "general": [(len(self.plain) >= 2 or None, "two active sub-accounts without a third party")],
            "financial": [
                (self.banks, "an active BANK or CASH sub-account"),
                (len(self.plain) >= 2 or None, "two active plain sub-accounts"),
            ],
            "carry-forward": [(len(self.plain) >= 2 or None, "two active plain sub-accounts")],
            "sales-invoice-posting": [
                (
                    [i for i in self.ctx.sales_invoices if i.id and i.status == "Closed"],
                    "a Closed sales invoice (salesInvoices)",
                ),
            ],
        }[kind]
        for value, what in needs:
            if not value:
                return f"it lacks {what}"
        return None


def _complete(record) -> bool:
    return bool(record.social_name and record.code and record.document_type_id and record.document_id)


def _third_party_block(origin: Origin, record) -> dict:
    """``accountingEntryThirdParty`` exactly as [SA-entry-v0] says to fill it from the record (S11)."""
    return {
        "thirdPartyId": record.id,
        "socialName": record.social_name,
        "code": record.code,
        "origin": origin.value,
        "identificationTypeId": record.document_type_id,
        "documentId": record.document_id,
    }


# ---------------------------------------------------------------------------------------------------
# Drawing entries
# ---------------------------------------------------------------------------------------------------


class _Line(NamedTuple):
    account: Any  # ledger.reference.Account
    debit: int  # minor units
    credit: int
    role: str  # "third_party" | "plain" | "tax"
    third: tuple[Origin, Any] | None = None
    description: str | None = None


class _Drawn(NamedTuple):
    """A drawn entry with what the mutations of :func:`breaking` need to know about it."""

    input: dict
    operation: str
    kind: str
    form: str
    lines: tuple[_Line, ...]
    register_tax_lines: tuple[int | None, ...]  # per tax register: index of the line holding its tax
    day: date


def _split(draw, total: int, parts: int) -> list[int]:
    """``total`` minor units as ``parts`` positive amounts (fewer when total is too small)."""
    parts = max(1, min(parts, total))
    if parts == 1:
        return [total]
    cuts = sorted(
        draw(
            st.lists(
                st.integers(min_value=1, max_value=total - 1),
                min_size=parts - 1,
                max_size=parts - 1,
                unique=True,
            )
        )
    )
    bounds = [0] + cuts + [total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def _draw_day(draw, org: _Org) -> date:
    first, last = draw(st.sampled_from(org.open_ranges))
    return first + timedelta(days=draw(st.integers(min_value=0, max_value=(last - first).days)))


def _line_units(draw, org: _Org, low_major: int = 1) -> int:
    """A line amount in minor units: at least ``low_major`` currency units, at most a million."""
    scale = 10**org.digits
    return draw(st.integers(min_value=low_major * scale, max_value=10**6 * scale))


def _draw_entry(
    draw,
    org: _Org,
    kind: str,
    form: str,
    *,
    registers: bool | None = None,
    third_party: bool | None = None,
) -> _Drawn:
    if kind == "sales-invoice-posting":
        return _draw_posting(draw, org)
    journal = draw(st.sampled_from(org.journals[_JOURNAL_OF_KIND[kind]]))
    day = _draw_day(draw, org)
    if kind == "carry-forward":
        day = org.open_ranges[0][0]  # carry-forward entries open the fiscal year
    number = draw(st.integers(min_value=1, max_value=9999))
    prefix = {
        "sales-invoice": "FA",
        "purchase-invoice": "FF",
        "general": "OD",
        "financial": "BQ",
        "carry-forward": "AN",
    }[kind]
    document_number = f"{prefix}-{day.year}-{number:04d}"
    lines: list[_Line] = []
    invoice: dict | None = None
    register_tax_lines: list[int | None] = []
    registers_out: list[dict] = []

    if kind in _INVOICE_KINDS:
        sales = kind == "sales-invoice"
        origin = Origin.CUSTOMER if sales else Origin.SUPPLIER
        candidates = org.customers if sales else org.suppliers
        klass = CustomerClass.NATIONAL
        if sales:
            if registers:
                national = [c for c in candidates if _class_of(org, c, day) is CustomerClass.NATIONAL]
                candidates = national or candidates
            else:  # customers whose sales account the context can give (PST001)
                candidates = [
                    c for c in candidates if _class_of(org, c, day) in org.sales_account
                ] or candidates
        record = draw(st.sampled_from(candidates))
        if sales:
            klass = _class_of(org, record, day)
            revenue_account = org.sales_account.get(klass, org.sales_account[CustomerClass.NATIONAL])
            tax_accounts = org.output_tax
            treatment_reg = "ISSUED"
        else:
            revenue_account = draw(st.sampled_from(org.charges))
            tax_accounts = org.input_tax
            treatment_reg = "RECEIVED"
        treatments = org.treatments[treatment_reg]
        # VAT: national sales and purchases; intra-community and export sales are exempt.
        vat_possible = bool(tax_accounts and treatments) and (not sales or klass is CustomerClass.NATIONAL)
        taxes = []
        treatment = None
        if vat_possible:
            treatment = draw(st.sampled_from(treatments))
            group_taxes = [
                t for t in org.ctx.taxes_of_group(treatment.tax_group_id) if t.id and t.percentage is not None
            ]
            if group_taxes:
                low = 1 if (sales or registers) else 0
                taxes = draw(
                    st.lists(
                        st.sampled_from(group_taxes),
                        min_size=low,
                        max_size=min(3, len(group_taxes)),
                        unique_by=lambda t: t.id,
                    )
                )
        bases = [_line_units(draw, org) for _ in (taxes or [None])]
        tax_units = [
            org.units(round_to_minor_unit(percentage_of(org.money(b), t.percentage), org.currency, "half-up"))
            for b, t in zip(bases, taxes)
        ]
        with_registers = bool(taxes) and (registers if registers is not None else draw(st.booleans()))
        combined_tax_line = draw(st.booleans()) if len(taxes) > 1 else False
        total = sum(bases) + sum(tax_units)
        description = f"Facture {document_number}"
        side = (lambda u: (u, 0)) if sales else (lambda u: (0, u))  # third-party line side
        other = (lambda u: (0, u)) if sales else (lambda u: (u, 0))
        account = org.account_for(origin, record)
        lines.append(_Line(account, *side(total), "third_party", (origin, record), description))
        for b in bases:
            lines.append(_Line(revenue_account, *other(b), "plain", None, description))
        tax_account = draw(st.sampled_from(tax_accounts)) if taxes else None
        if combined_tax_line:
            if sum(tax_units):
                lines.append(_Line(tax_account, *other(sum(tax_units)), "tax", None, description))
                register_tax_lines = [len(lines) - 1] * len(taxes)
            else:
                register_tax_lines = [None] * len(taxes)
        else:
            for u in tax_units:
                if u:
                    lines.append(_Line(tax_account, *other(u), "tax", None, description))
                    register_tax_lines.append(len(lines) - 1)
                else:
                    register_tax_lines.append(None)
        if with_registers:
            for b, u, t in zip(bases, tax_units, taxes):
                registers_out.append(
                    {
                        "taxTreatmentId": treatment.id,
                        "taxGroupId": treatment.tax_group_id,
                        "taxType": treatment.tax_type.value,
                        "taxId": t.id,
                        "taxPercentage": t.percentage,
                        "taxBase": org.money(b),
                        "taxAmount": org.money(u),
                        "deductible": not sales,
                        "regimeType": "GENERAL",
                    }
                )
        else:
            register_tax_lines = []
        start = org.open_ranges[0][0]
        for first, last in org.open_ranges:
            if first <= day <= last:
                start = first
        document_date = day - timedelta(
            days=draw(st.integers(min_value=0, max_value=min(30, (day - start).days)))
        )
        operation_date = document_date - timedelta(
            days=draw(st.integers(min_value=0, max_value=min(30, (document_date - start).days)))
        )
        expedition_date = operation_date + timedelta(
            days=draw(st.integers(min_value=0, max_value=(document_date - operation_date).days))
        )
        year_end = max(last for first, last in org.open_ranges if first <= day)
        settlement_date = document_date + timedelta(
            days=draw(st.integers(min_value=0, max_value=min(60, (year_end - document_date).days)))
        )
        invoice = {
            "documentDate": document_date.isoformat(),
            "expeditionDate": expedition_date.isoformat(),
            "operationDate": operation_date.isoformat(),
            "settlementDate": settlement_date.isoformat(),
            "externalInvoiceNumber": document_number,
            "amount": org.money(total),
            "registerType": "ISSUED" if sales else "RECEIVED",
        }
        if registers_out:
            invoice["accountingEntryTaxes"] = registers_out
    elif kind == "financial":
        bank = draw(st.sampled_from(org.banks))
        variants = ["fees"] if third_party is False else []
        if third_party is not False:
            if org.customers and org.customer_accounts:
                variants.append("customer")
            if org.suppliers and org.supplier_accounts:
                variants.append("supplier")
        if third_party is None and not variants:
            variants = ["fees"]
        variant = draw(st.sampled_from(variants))
        amount = _line_units(draw, org)
        if variant == "customer":
            record = draw(st.sampled_from(org.customers))
            lines.append(_Line(bank, amount, 0, "plain", None, f"Règlement {record.social_name}"[:200]))
            lines.append(
                _Line(
                    org.account_for(Origin.CUSTOMER, record),
                    0,
                    amount,
                    "third_party",
                    (Origin.CUSTOMER, record),
                    "Règlement client",
                )
            )
        elif variant == "supplier":
            record = draw(st.sampled_from(org.suppliers))
            lines.append(
                _Line(
                    org.account_for(Origin.SUPPLIER, record),
                    amount,
                    0,
                    "third_party",
                    (Origin.SUPPLIER, record),
                    "Règlement fournisseur",
                )
            )
            lines.append(_Line(bank, 0, amount, "plain", None, f"Virement {record.social_name}"[:200]))
        else:
            fees = [a for a in org.plain if a.id != bank.id]
            lines.append(_Line(draw(st.sampled_from(fees)), amount, 0, "plain", None, "Frais bancaires"))
            lines.append(_Line(bank, 0, amount, "plain", None, "Frais bancaires"))
    else:  # general, carry-forward
        payroll = (
            kind == "general"
            and org.employees
            and org.employee_accounts
            and org.charges
            and (third_party if third_party is not None else draw(st.booleans()))
        )
        carry_customer = (
            kind == "carry-forward"
            and org.customers
            and org.customer_accounts
            and (third_party if third_party is not None else draw(st.booleans()))
        )
        if payroll:
            record = draw(st.sampled_from(org.employees))
            amount = _line_units(draw, org)
            lines.append(_Line(draw(st.sampled_from(org.charges)), amount, 0, "plain", None, "Salaire"))
            lines.append(
                _Line(
                    org.account_for(Origin.EMPLOYEE, record),
                    0,
                    amount,
                    "third_party",
                    (Origin.EMPLOYEE, record),
                    f"Salaire {record.social_name}"[:200],
                )
            )
        else:
            debit_accounts = draw(st.lists(st.sampled_from(org.plain), min_size=1, max_size=3))
            debits = [_line_units(draw, org) for _ in debit_accounts]
            credit_accounts = draw(st.lists(st.sampled_from(org.plain), min_size=1, max_size=3))
            total = sum(debits)
            credits = _split(draw, total, len(credit_accounts))
            text = "À-nouveaux" if kind == "carry-forward" else "Opération diverse"
            for account, units in zip(debit_accounts, debits):
                lines.append(_Line(account, units, 0, "plain", None, text))
            for account, units in zip(credit_accounts, credits):
                lines.append(_Line(account, 0, units, "plain", None, text))
            if carry_customer:
                record = draw(st.sampled_from(org.customers))
                amount = _line_units(draw, org)
                lines.append(
                    _Line(
                        org.account_for(Origin.CUSTOMER, record),
                        amount,
                        0,
                        "third_party",
                        (Origin.CUSTOMER, record),
                        "Solde client",
                    )
                )
                lines.append(_Line(lines[0].account, 0, amount, "plain", None, text))
    entry_description = draw(st.one_of(st.none(), st.just(lines[0].description)))
    values = _render(org, kind, form, journal, day, document_number, entry_description, lines, invoice)
    return _Drawn(values, FORMS[form], kind, form, tuple(lines), tuple(register_tax_lines), day)


def _class_of(org: _Org, record, day: date) -> CustomerClass:
    if not org.legislation:
        return CustomerClass.NATIONAL
    try:
        klass = classify_customer(record.country_acronym, org.legislation, day)
    except ValueError:
        klass = None
    return klass if klass is not None else CustomerClass.NATIONAL


def _render(org, kind, form, journal, day, document_number, description, lines, invoice) -> dict:
    invoice_journal = kind in _INVOICE_KINDS
    if form == "full":
        rendered = []
        for line in lines:
            origin = line.third[0] if line.third is not None else None
            register = line_register(origin, _JOURNAL_OF_KIND[kind] if invoice_journal else None).value
            item: dict[str, Any] = {}
            if line.description:
                item["description"] = line.description
            item["debitAmount"] = org.money(line.debit) if line.debit else Decimal(0)
            item["creditAmount"] = org.money(line.credit) if line.credit else Decimal(0)
            item["subAccountId"] = line.account.id
            item["registerType"] = register
            if line.third is not None:
                item["accountingEntryThirdParty"] = _third_party_block(*line.third)
                if invoice is not None:
                    item["accountingEntryInvoice"] = copy.deepcopy(invoice)
            rendered.append(item)
        values: dict[str, Any] = {
            "entryType": "GENERAL",
            "date": day.isoformat(),
            "journalTypeId": journal.id,
        }
    else:
        ids = form == "ids"
        rendered = []
        for line in lines:
            item = {
                ("subAccountId" if ids else "subAccountCode"): line.account.id if ids else line.account.code
            }
            if line.third is not None:
                item["thirdId" if ids else "thirdCode"] = line.third[1].id if ids else line.third[1].code
            if line.description:
                item["description"] = line.description
            item["debitAmount"] = org.money(line.debit) if line.debit else Decimal(0)
            item["creditAmount"] = org.money(line.credit) if line.credit else Decimal(0)
            rendered.append(item)
        values = {"date": day.isoformat()}
        if ids:
            values["journalTypeId"] = journal.id
        else:
            values["journalTypeCode"] = journal.code
        values["documentDate"] = day.isoformat()
    values["documentNumber"] = document_number
    if description:
        values["description"] = description
    values["accountingEntryLines"] = rendered
    return values


def _draw_posting(draw, org: _Org) -> _Drawn:
    invoice = draw(st.sampled_from([i for i in org.ctx.sales_invoices if i.id and i.status == "Closed"]))
    journal = draw(st.sampled_from(org.journals[JournalType.SALES_INVOICE]))
    values = {
        "salesInvoiceId": invoice.id,
        "accountingEntryDescription": "Facture de vente",
        "journalTypeId": journal.id,
    }
    return _Drawn(values, "postSalesInvoice", "sales-invoice-posting", "full", (), (), org.open_ranges[0][0])


# ---------------------------------------------------------------------------------------------------
# Public entry strategies
# ---------------------------------------------------------------------------------------------------


def _choices(name: str, value: Any, allowed: Iterable[str]) -> tuple[str, ...]:
    allowed = tuple(allowed)
    if value is None:
        return allowed
    values = (
        (value,)
        if isinstance(value, str)
        else tuple(value)
        if isinstance(value, (list, tuple, set, frozenset))
        else None
    )
    if not values or any(not isinstance(v, str) or v not in allowed for v in values):
        raise InvalidArgument(f"{name}={value!r}: use one of {', '.join(allowed)} (or a list of them)")
    return tuple(dict.fromkeys(values))


def entries(
    *, context: dict, kind: str | Iterable[str] | None = None, form: str | Iterable[str] | None = None
) -> st.SearchStrategy[dict]:
    """Valid inputs for ``context`` (a context dict: yours, or one drawn by :func:`contexts`).

    ``kind`` is one of :data:`KINDS` (default: every entry kind the context can produce) and ``form``
    one of ``full`` (``createAccountingEntry``), ``ids`` (``createAccountingEntryUsingIds``), ``codes``
    (``createAccountingEntryUsingCodes``). The context is read when the strategy is built: an invalid
    context, or one lacking what a requested kind needs (an active journal of that type, customers…),
    raises InvalidArgument then. Use :func:`scenarios` when you also need the operation name.
    """
    return _entries(context, kind, form).map(lambda drawn: drawn.input)


def _entries(context: Any, kind: Any, form: Any) -> st.SearchStrategy[_Drawn]:
    if not isinstance(context, dict):
        raise InvalidArgument(f"context={context!r} must be a context dict (the --context format)")
    try:
        org = _Org(context)
    except ContextError as exc:
        raise InvalidArgument(f"context is not a valid context: {exc}") from None
    explicit = kind is not None
    kinds = _choices("kind", kind, KINDS if explicit else ENTRY_KINDS)
    forms = _choices("form", form, FORMS)
    usable = []
    for k in kinds:
        reason = org.missing_for(k)
        if reason is None:
            usable.append(k)
        elif explicit:
            raise InvalidArgument(f"cannot draw {k} entries from this context: {reason}")
    if not usable:
        raise InvalidArgument(
            "this context can produce no kind of entry: "
            + "; ".join(f"{k}: {org.missing_for(k)}" for k in kinds)
        )
    if "sales-invoice-posting" in usable and form not in (None, "full"):
        raise InvalidArgument("sales-invoice-posting has no simplified form: leave form=None")

    @st.composite
    def draw_one(draw):
        k = draw(st.sampled_from(usable))
        f = "full" if k == "sales-invoice-posting" else draw(st.sampled_from(forms))
        return _draw_entry(draw, org, k, f)

    return draw_one()


def scenarios(
    *,
    kind: str | Iterable[str] | None = None,
    form: str | Iterable[str] | None = None,
    legislation: str = "FR",
    currency: str = "EUR",
    year: int | None = None,
) -> st.SearchStrategy[Scenario]:
    """A drawn organisation and a VALID input for it: ``Scenario(context, input, operation)``.

    ``kind``: one of :data:`KINDS` or a list of them (default: the five entry kinds);
    ``form``: ``full``, ``ids``, ``codes`` or a list (default: all three). The input passes every FLD,
    BAL, REG, TPY, INV, TAX and REF rule with that context, and PST001's sales-account choice: check it
    with ``Engine(context=context_from_dict(context)).check(input, operation=operation)``.
    ``legislation``/``currency``/``year`` are passed to :func:`contexts`.
    """
    _validate_org(legislation, currency, year)
    kinds = _choices("kind", kind, KINDS if kind is not None else ENTRY_KINDS)
    forms = _choices("form", form, FORMS)
    if "sales-invoice-posting" in kinds and form not in (None, "full"):
        raise InvalidArgument("sales-invoice-posting has no simplified form: leave form=None")
    return _scenarios(kinds, forms, legislation.upper(), currency.upper(), year).map(
        lambda pair: Scenario(pair[0], pair[1].input, pair[1].operation)
    )


def _scenarios(
    kinds, forms, legislation, currency, year, **options
) -> st.SearchStrategy[tuple[dict, _Drawn]]:
    @st.composite
    def draw_one(draw):
        context = draw(_contexts(legislation, currency, year))
        org = _Org(context)
        k = draw(st.sampled_from(kinds))
        f = "full" if k == "sales-invoice-posting" else draw(st.sampled_from(forms))
        return context, _draw_entry(draw, org, k, f, **options)

    return draw_one()


# ---------------------------------------------------------------------------------------------------
# Breaking exactly one rule
# ---------------------------------------------------------------------------------------------------

#: Codes that another code unavoidably accompanies when :func:`breaking` breaks them (code -> codes
#: that MAY also be reported). Every other code is broken alone.
#:
#: ======  =========  =================================================================================
#: code    also       why
#: ======  =========  =================================================================================
#: BAL002  BAL001     A one-line entry cannot balance (an EMPTY line list, also drawn, is BAL002 alone).
#: REG003  REG004     A customer line turned RECEIVED (or supplier ISSUED) no longer equals its invoice's
#:                    registerType; turning the invoice too breaks REG004's "ISSUED for a customer".
#: INV002  REG004     An invoice outside an invoice journal sits on an UNDEFINED line (REG001), so its
#:                    registerType (ISSUED/RECEIVED by the third party) differs from the line's.
#: INV006  INV002     A lone invoice on a line without a third party: in an invoice journal that is a
#:                    second invoice (INV003) or a missing one (INV001); we use a non-invoice journal.
#: ======  =========  =================================================================================
#:
#: Notes on what is broken where: TPY002 is broken by an absent/null ``socialName``,
#: ``identificationTypeId`` or ``documentId`` (a missing ``code`` is TPY007's warning, see its doc);
#: INV008 is an info note (same-third-party lines merged by the simplified operations), drawn so that
#: the note can be tested like a fault; REF007/REF008 use a German (DE) organisation.
UNAVOIDABLE: dict[str, frozenset[str]] = {}

_BREAKERS: dict[str, tuple] = {}


def _breaker(code: str, *, kinds=ENTRY_KINDS, forms=tuple(FORMS), also=(), legislation=None, **options):
    def register(mutate):
        _BREAKERS[code] = (tuple(kinds), tuple(forms), legislation, options, mutate)
        UNAVOIDABLE[code] = frozenset(also)
        return mutate

    return register


class _Base(NamedTuple):
    context: dict
    org: _Org
    drawn: _Drawn

    @property
    def values(self) -> dict:
        return copy.deepcopy(self.drawn.input)

    @property
    def full(self) -> bool:
        return self.drawn.form == "full"

    def new_id(self, name: str) -> str:
        namespace = uuid.UUID(self.drawn.lines[0].account.id) if self.drawn.lines else uuid.NAMESPACE_URL
        return str(uuid.uuid5(namespace, "unknown:" + name))

    def indexes(self, *roles: str) -> list[int]:
        return [i for i, line in enumerate(self.drawn.lines) if line.role in roles]

    def journal_key(self) -> str:
        return "journalTypeCode" if self.drawn.form == "codes" else "journalTypeId"

    def journal_ref(self, journal) -> str:
        return journal.code if self.drawn.form == "codes" else journal.id

    def account_key(self) -> str:
        return "subAccountCode" if self.drawn.form == "codes" else "subAccountId"

    def account_ref(self, account) -> str:
        return account.code if self.drawn.form == "codes" else account.id

    def third_key(self) -> str:
        return {"full": "accountingEntryThirdParty", "ids": "thirdId", "codes": "thirdCode"}[self.drawn.form]


def _third_party_block_of(values: dict, base: _Base) -> dict:
    """The ``accountingEntryThirdParty`` of the drawn input's first third-party line (in ``values``)."""
    return values["accountingEntryLines"][base.indexes("third_party")[0]]["accountingEntryThirdParty"]


def _side(line: dict) -> str:
    return "creditAmount" if line["creditAmount"] and not line["debitAmount"] else "debitAmount"


# -- FLD ---------------------------------------------------------------------------------------------


@_breaker("FLD001")
def _fld001(draw, base: _Base):
    root = base.drawn.operation
    wrong = draw(
        st.sampled_from(
            [root + "s", root.lower(), root[:-1], "create" + root[6:].replace("Entry", "Entries")]
        )
    )
    query = f"mutation ($values: AccountingEntryCreateGLDtoInput!) {{ {wrong}(input: $values) {{ id }} }}"
    return {"query": query, "variables": {"values": base.values}}


@_breaker("FLD002")
def _fld002(draw, base: _Base):
    values = base.values
    lines = values["accountingEntryLines"]
    options = ["zero-side"] + (["registerType"] if base.full else [])
    choice = draw(st.sampled_from(options))
    i = draw(
        st.sampled_from(
            range(len(lines))
            if choice == "zero-side"
            else [j for j, l in enumerate(lines) if l["registerType"] == "UNDEFINED"]
        )
    )
    if choice == "zero-side":
        del lines[i]["creditAmount" if _side(lines[i]) == "debitAmount" else "debitAmount"]
    else:
        del lines[i]["registerType"]
    return values


@_breaker("FLD003")
def _fld003(draw, base: _Base):
    values = base.values
    lines = values["accountingEntryLines"]
    if draw(st.booleans()):
        day = date.fromisoformat(values["date"])
        values["date"] = draw(
            st.sampled_from([day.strftime("%d/%m/%Y"), day.strftime("%Y%m%d"), day.isoformat() + "Z1"])
        )
    else:
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        zero = "creditAmount" if _side(lines[i]) == "debitAmount" else "debitAmount"
        lines[i][zero] = draw(st.sampled_from(["0", "0.00", "zero"]))
    return values


@_breaker("FLD004", forms=("full",))
def _fld004(draw, base: _Base):
    values = base.values
    lines = values["accountingEntryLines"]
    i = draw(st.sampled_from([j for j, l in enumerate(lines) if l["registerType"] == "UNDEFINED"]))
    lines[i]["registerType"] = draw(st.sampled_from(["UNDEFINE", "undefined", "NONE", "UNDEFINED_"]))
    return values


@_breaker("FLD005")
def _fld005(draw, base: _Base):
    values = base.values
    if draw(st.booleans()):
        values["description"] = "x" * draw(st.integers(min_value=201, max_value=260))
    else:
        values["documentNumber"] = "N" * draw(st.integers(min_value=51, max_value=80))
    return values


@_breaker("FLD006")
def _fld006(draw, base: _Base):
    values = base.values
    where = draw(st.sampled_from(["header", "line"]))
    if where == "header":
        key = draw(st.sampled_from(["descripton", "entryDate", "comment"]))
        values[key] = "x"
    else:
        line = values["accountingEntryLines"][0]
        key = draw(st.sampled_from(["debitAmmount", "amount", "accountId"]))
        line[key] = Decimal(0) if "mount" in key else "x"
    return values


@_breaker("FLD007", forms=("full",))
def _fld007(draw, base: _Base):
    values = base.values
    field = draw(st.sampled_from(["id", "number", "isClosed"]))
    values[field] = {"id": base.new_id("entry"), "number": Decimal(785), "isClosed": False}[field]
    return values


@_breaker("FLD008", forms=("full",))
def _fld008(draw, base: _Base):
    values = base.values
    value = draw(st.sampled_from([None, "OPENING", "UNDEFINED", "general"]))
    if value is None:
        del values["entryType"]
    else:
        values["entryType"] = value
    return values


# -- BAL ---------------------------------------------------------------------------------------------


@_breaker("BAL001")
def _bal001(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]
    side = _side(line)
    line[side] = line[side] + base.org.money(draw(st.integers(min_value=1, max_value=10_000)))
    return values


@_breaker("BAL002", kinds=_PLAIN_KINDS, also=("BAL001",))
def _bal002(draw, base: _Base):
    values = base.values
    values["accountingEntryLines"] = values["accountingEntryLines"][
        : draw(st.integers(min_value=0, max_value=1))
    ]
    return values


@_breaker("BAL003")
def _bal003(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]
    extra = base.org.money(draw(st.integers(min_value=1, max_value=10_000)))
    line["debitAmount"] = line["debitAmount"] + extra
    line["creditAmount"] = line["creditAmount"] + extra
    return values


@_breaker("BAL004")
def _bal004(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]
    side = _side(line)
    other = "creditAmount" if side == "debitAmount" else "debitAmount"
    line[other], line[side] = -line[side], Decimal(0)
    return values


@_breaker("BAL005")
def _bal005(draw, base: _Base):
    values = base.values
    lines = values["accountingEntryLines"]
    zero = copy.deepcopy(lines[draw(st.sampled_from(base.indexes("plain")))])
    zero["debitAmount"] = zero["creditAmount"] = Decimal(0)
    lines.append(zero)
    return values


def _one_per_side(draw, values) -> tuple[dict, dict]:
    lines = values["accountingEntryLines"]
    debit = draw(st.sampled_from([l for l in lines if _side(l) == "debitAmount"]))
    credit = draw(st.sampled_from([l for l in lines if _side(l) == "creditAmount"]))
    return debit, credit


@_breaker("BAL006", kinds=_PLAIN_KINDS)
def _bal006(draw, base: _Base):
    values = base.values
    debit, credit = _one_per_side(draw, values)
    excess = Decimal(draw(st.integers(min_value=1, max_value=9))).scaleb(-(base.org.digits + 1))
    debit["debitAmount"] += excess
    credit["creditAmount"] += excess
    return values


@_breaker("BAL007", kinds=_PLAIN_KINDS)
def _bal007(draw, base: _Base):
    values = base.values
    debit, credit = _one_per_side(draw, values)
    huge = Decimal(10) ** draw(st.integers(min_value=15, max_value=20))
    debit["debitAmount"] += huge
    credit["creditAmount"] += huge
    return values


# -- REG ---------------------------------------------------------------------------------------------


@_breaker("REG001", kinds=_PLAIN_KINDS, forms=("full",))
def _reg001(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]
    line["registerType"] = draw(st.sampled_from(["ISSUED", "RECEIVED"]))
    return values


@_breaker("REG002", kinds=_INVOICE_KINDS, forms=("full",))
def _reg002(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain", "tax")))]
    line["registerType"] = draw(st.sampled_from(["ISSUED", "RECEIVED"]))
    return values


@_breaker("REG003", kinds=_INVOICE_KINDS, forms=("full",), also=("REG004",))
def _reg003(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][base.indexes("third_party")[0]]
    line["registerType"] = "RECEIVED" if line["registerType"] == "ISSUED" else "ISSUED"
    return values


@_breaker("REG004", kinds=_INVOICE_KINDS, forms=("full",))
def _reg004(draw, base: _Base):
    values = base.values
    invoice = values["accountingEntryLines"][base.indexes("third_party")[0]]["accountingEntryInvoice"]
    choices = ["UNDEFINED"]
    if "accountingEntryTaxes" not in invoice:  # else TAX004 would judge the deductible flags anew
        choices.append("RECEIVED" if invoice["registerType"] == "ISSUED" else "ISSUED")
    invoice["registerType"] = draw(st.sampled_from(choices))
    return values


# -- TPY ---------------------------------------------------------------------------------------------


@_breaker("TPY001", kinds=("general", "financial"), third_party=True)
def _tpy001(draw, base: _Base):
    values = base.values
    del values["accountingEntryLines"][base.indexes("third_party")[0]][base.third_key()]
    return values


@_breaker(
    "TPY002",
    forms=("full",),
    kinds=("sales-invoice", "purchase-invoice", "general", "financial"),
    third_party=True,
)
def _tpy002(draw, base: _Base):
    values = base.values
    block = _third_party_block_of(values, base)
    # Not ``code``: rules.md lists it, but the rule set reports a missing code as TPY007 (a warning),
    # because [SA-entry-v0]'s own worked example omits it (see TPY007's documentation).
    # Absent or null. (A blank value is TPY002's too, and only TPY002's: TPY006 leaves it alone.)
    field = draw(st.sampled_from(["socialName", "identificationTypeId", "documentId"]))
    if draw(st.booleans()):
        del block[field]
    else:
        block[field] = None
    return values


@_breaker(
    "TPY007",
    forms=("full",),
    kinds=("sales-invoice", "purchase-invoice", "general", "financial"),
    third_party=True,
)
def _tpy007(draw, base: _Base):
    values = base.values
    block = _third_party_block_of(values, base)
    del block["code"]
    return values


@_breaker("TPY003", kinds=_PLAIN_KINDS, forms=("full",))
def _tpy003(draw, base: _Base):
    values = base.values
    org = base.org
    pools = [
        (o, r)
        for o, rs in (
            (Origin.CUSTOMER, org.customers),
            (Origin.SUPPLIER, org.suppliers),
            (Origin.EMPLOYEE, org.employees),
        )
        for r in rs
    ]
    origin, record = draw(st.sampled_from(pools))
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]
    line["accountingEntryThirdParty"] = _third_party_block(origin, record)
    return values


@_breaker("TPY004", kinds=("sales-invoice",))
def _tpy004(draw, base: _Base):
    values = base.values
    journal = draw(st.sampled_from(base.org.journals[JournalType.PURCHASE_INVOICE]))
    values[base.journal_key()] = base.journal_ref(journal)
    return values


@_breaker("TPY005", kinds=("purchase-invoice", "general", "financial"), third_party=True)
def _tpy005(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][base.indexes("third_party")[0]]
    if base.drawn.form == "full":
        line["accountingEntryThirdParty"]["thirdPartyId"] = base.new_id("third party")
    elif base.drawn.form == "ids":
        line["thirdId"] = base.new_id("third party")
    else:
        known = {r.code for r in base.org.ctx.customers + base.org.ctx.suppliers + base.org.ctx.employees}
        line["thirdCode"] = next(
            c for c in ("UNKNOWN", "UNKNOWN1", "UNKNOWN2", "ZZZ999ZZZ") if c not in known
        )
    return values


@_breaker(
    "TPY006",
    forms=("full",),
    kinds=("sales-invoice", "purchase-invoice", "general", "financial"),
    third_party=True,
)
def _tpy006(draw, base: _Base):
    values = base.values
    block = _third_party_block_of(values, base)
    field = draw(st.sampled_from(["socialName", "documentId", "code"]))
    old = block[field]
    limit = {"socialName": 70, "documentId": 25, "code": 17}[field]
    block[field] = (old[: limit - 1] + "X") if not old.endswith("X") else (old[: limit - 1] + "Y")
    return values


# -- INV ---------------------------------------------------------------------------------------------


def _invoice_of(values, base: _Base) -> dict:
    return values["accountingEntryLines"][base.indexes("third_party")[0]]["accountingEntryInvoice"]


@_breaker("INV001", kinds=_INVOICE_KINDS, forms=("full",))
def _inv001(draw, base: _Base):
    values = base.values
    del values["accountingEntryLines"][base.indexes("third_party")[0]]["accountingEntryInvoice"]
    return values


def _invoice_for(line: dict, day: str, register: str) -> dict:
    return {
        "documentDate": day,
        "expeditionDate": day,
        "operationDate": day,
        "settlementDate": day,
        "amount": line[_side(line)],
        "registerType": register,
    }


@_breaker("INV002", kinds=("financial",), forms=("full",), third_party=True, also=("REG004",))
def _inv002(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][base.indexes("third_party")[0]]
    origin = line["accountingEntryThirdParty"]["origin"]
    line["accountingEntryInvoice"] = _invoice_for(
        line, values["date"], "ISSUED" if origin == "CUSTOMER" else "RECEIVED"
    )
    return values


@_breaker("INV003", kinds=("purchase-invoice",))
def _inv003(draw, base: _Base):
    values = base.values
    lines = values["accountingEntryLines"]
    org = base.org
    first = base.drawn.lines[base.indexes("third_party")[0]]
    others = [s for s in org.suppliers if s.id != first.third[1].id] or org.suppliers
    supplier = draw(st.sampled_from(others))
    amount = org.money(_line_units(draw, org))
    charge = copy.deepcopy(lines[base.indexes("plain")[0]])
    charge["debitAmount"], charge["creditAmount"] = amount, Decimal(0)
    second = copy.deepcopy(lines[base.indexes("third_party")[0]])
    second["debitAmount"], second["creditAmount"] = Decimal(0), amount
    account = org.account_for(Origin.SUPPLIER, supplier)
    second[base.account_key()] = base.account_ref(account)
    if base.full:
        second["accountingEntryThirdParty"] = _third_party_block(Origin.SUPPLIER, supplier)
        invoice = second["accountingEntryInvoice"]
        invoice.pop("accountingEntryTaxes", None)
        invoice["amount"] = amount
        invoice["externalInvoiceNumber"] = invoice["externalInvoiceNumber"][:45] + "-B"
    else:
        second[base.third_key()] = supplier.id if base.drawn.form == "ids" else supplier.code
    lines.extend([charge, second])
    return values


@_breaker("INV008", kinds=_INVOICE_KINDS, forms=("ids", "codes"))
def _inv008(draw, base: _Base):
    # An info note, not a fault: the third party's amount split over two lines (due dates, say), which
    # the server merges into one line (S23).
    values = base.values
    lines = values["accountingEntryLines"]
    i = base.indexes("third_party")[0]
    side = _side(lines[i])
    units = base.org.units(lines[i][side])
    part = base.org.money(draw(st.integers(min_value=1, max_value=units - 1)))
    second = copy.deepcopy(lines[i])
    second[side] = lines[i][side] - part
    lines[i][side] = part
    lines.insert(i + 1, second)
    return values


@_breaker("INV004", kinds=_INVOICE_KINDS, forms=("full",), registers=False)
def _inv004(draw, base: _Base):
    values = base.values
    invoice = _invoice_of(values, base)
    delta = base.org.money(draw(st.integers(min_value=1, max_value=10_000)))
    if draw(st.booleans()) and invoice["amount"] > delta:
        delta = -delta
    invoice["amount"] += delta
    return values


@_breaker("INV005", kinds=_INVOICE_KINDS, forms=("full",))
def _inv005(draw, base: _Base):
    values = base.values
    del _invoice_of(values, base)[
        draw(st.sampled_from(["expeditionDate", "operationDate", "settlementDate"]))
    ]
    return values


@_breaker("INV006", kinds=_PLAIN_KINDS, forms=("full",), also=("INV002",))
def _inv006(draw, base: _Base):
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]
    line["accountingEntryInvoice"] = _invoice_for(line, values["date"], "UNDEFINED")
    return values


@_breaker("INV007", kinds=_INVOICE_KINDS, forms=("full",))
def _inv007(draw, base: _Base):
    values = base.values
    invoice = _invoice_of(values, base)
    later = date.fromisoformat(invoice["documentDate"]) + timedelta(
        days=draw(st.integers(min_value=1, max_value=60))
    )
    invoice["operationDate"] = later.isoformat()
    return values


# -- TAX ---------------------------------------------------------------------------------------------


def _register(draw, values, base: _Base) -> tuple[int, dict]:
    taxes = _invoice_of(values, base)["accountingEntryTaxes"]
    r = draw(st.integers(min_value=0, max_value=len(taxes) - 1))
    return r, taxes[r]


@_breaker("TAX001", kinds=_INVOICE_KINDS, forms=("full",), registers=True)
def _tax001(draw, base: _Base):
    values = base.values
    del _register(draw, values, base)[1]["taxTreatmentId"]
    return values


@_breaker("TAX002", kinds=_INVOICE_KINDS, forms=("full",), registers=True)
def _tax002(draw, base: _Base):
    # The exporter computed one rate's VAT wrong but carried the wrong figure CONSISTENTLY (tax line,
    # invoice total, third-party line): only the base x rate check can see it.
    values = base.values
    lines = values["accountingEntryLines"]
    r, register = _register(draw, values, base)
    delta = base.org.money(draw(st.integers(min_value=1, max_value=10_000)))
    register["taxAmount"] += delta
    tax_line = base.drawn.register_tax_lines[r]
    if tax_line is None:  # a zero tax had no line: give it one now
        zero = copy.deepcopy(lines[base.indexes("plain")[0]])
        side = _side(zero)
        zero[side] = delta
        zero[base.account_key()] = base.account_ref(
            (base.org.output_tax if base.drawn.kind == "sales-invoice" else base.org.input_tax)[0]
        )
        lines.append(zero)
    else:
        lines[tax_line][_side(lines[tax_line])] += delta
    third = lines[base.indexes("third_party")[0]]
    third[_side(third)] += delta
    third["accountingEntryInvoice"]["amount"] += delta
    return values


@_breaker("TAX003", kinds=_INVOICE_KINDS, forms=("full",), registers=True)
def _tax003(draw, base: _Base):
    values = base.values
    register = _register(draw, values, base)[1]
    value = draw(st.sampled_from([None, "SPECIAL", "general", "SIMPLIFIED"]))
    if value is None:
        del register["regimeType"]
    else:
        register["regimeType"] = value
    return values


@_breaker("TAX004", kinds=_INVOICE_KINDS, forms=("full",), registers=True)
def _tax004(draw, base: _Base):
    values = base.values
    register = _register(draw, values, base)[1]
    register["deductible"] = not register["deductible"]
    return values


@_breaker("TAX005", kinds=_INVOICE_KINDS, forms=("full",), registers=True)
def _tax005(draw, base: _Base):
    values = base.values
    register = _register(draw, values, base)[1]
    ctx = base.org.ctx
    twins = [
        t
        for t in ctx.taxes
        if t.id != register["taxId"]
        and t.group_id != register["taxGroupId"]
        and t.percentage == register["taxPercentage"]
    ]
    choices = ["taxType"] + (["taxId"] if twins else [])
    if draw(st.sampled_from(choices)) == "taxType":
        # Not IRPF: a withholding register legitimately changes the invoice total (TAX007 subtracts it).
        register["taxType"] = draw(
            st.sampled_from(
                [t.value for t in TaxType if t.value != register["taxType"] and t is not TaxType.IRPF]
            )
        )
    else:
        register["taxId"] = draw(st.sampled_from(twins)).id
    return values


@_breaker("TAX006", kinds=_INVOICE_KINDS, forms=("full",), registers=True)
def _tax006(draw, base: _Base):
    values = base.values
    lines = values["accountingEntryLines"]
    tax_lines = [i for i in base.drawn.register_tax_lines if i is not None]
    tax = lines[draw(st.sampled_from(tax_lines))] if tax_lines else None
    plain = lines[draw(st.sampled_from(base.indexes("plain")))]
    side = _side(plain)
    units = base.org.units(plain[side])
    delta = base.org.money(draw(st.integers(min_value=1, max_value=max(1, min(units - 1, 10_000)))))
    if tax is None:  # every tax was zero: book some on the tax account
        tax = copy.deepcopy(plain)
        tax[side] = Decimal(0)
        tax[base.account_key()] = base.account_ref(
            (base.org.output_tax if base.drawn.kind == "sales-invoice" else base.org.input_tax)[0]
        )
        lines.append(tax)
    tax[side] += delta
    plain[side] -= delta
    return values


@_breaker("TAX007", kinds=_INVOICE_KINDS, forms=("full",), registers=True)
def _tax007(draw, base: _Base):
    # An untaxed extra (a fee outside the VAT base) booked on the revenue/charge line and in the total,
    # but never registered: the registers no longer add up to the invoice.
    values = base.values
    lines = values["accountingEntryLines"]
    extra = base.org.money(draw(st.integers(min_value=1, max_value=10_000)))
    plain = lines[draw(st.sampled_from(base.indexes("plain")))]
    plain[_side(plain)] += extra
    third = lines[base.indexes("third_party")[0]]
    third[_side(third)] += extra
    third["accountingEntryInvoice"]["amount"] += extra
    return values


# -- REF ---------------------------------------------------------------------------------------------


@_breaker("REF001")
def _ref001(draw, base: _Base):
    values = base.values
    known = {j.code for j in base.org.ctx.journals}
    values[base.journal_key()] = (
        next(c for c in ("XX", "JRNL", "ZZ9") if c not in known)
        if base.drawn.form == "codes"
        else base.new_id("journal")
    )
    return values


@_breaker("REF002", kinds=_PLAIN_KINDS)
def _ref002(draw, base: _Base):
    values = base.values
    deactivated = [j for j in base.org.ctx.journals if j.deactivated and j.type is JournalType.FINANCIAL]
    values[base.journal_key()] = base.journal_ref(draw(st.sampled_from(deactivated)))
    return values


def _plain_account_swap(draw, base: _Base, accounts) -> dict:
    values = base.values
    line = values["accountingEntryLines"][draw(st.sampled_from(base.indexes("plain")))]
    line[base.account_key()] = draw(st.sampled_from(accounts))
    return values


@_breaker("REF003", kinds=_PLAIN_KINDS)
def _ref003(draw, base: _Base):
    known = {a.code for a in base.org.ctx.accounts}
    unknown = (
        next(c for c in ("999999", "9999999", "ZZZ") if c not in known)
        if base.drawn.form == "codes"
        else base.new_id("account")
    )
    return _plain_account_swap(draw, base, [unknown])


@_breaker("REF004", kinds=_PLAIN_KINDS)
def _ref004(draw, base: _Base):
    accounts = [
        a
        for a in base.org.ctx.accounts
        if a.account_level not in (None, AccountLevel.SUB_ACCOUNT)
        and not a.deactivated
        and (a.sub_account_type is None or a.sub_account_type.third_party_origin is None)
    ]
    return _plain_account_swap(draw, base, [base.account_ref(a) for a in accounts])


@_breaker("REF005", kinds=_PLAIN_KINDS)
def _ref005(draw, base: _Base):
    accounts = [
        a
        for a in base.org.ctx.accounts
        if a.deactivated
        and a.account_level is AccountLevel.SUB_ACCOUNT
        and (a.sub_account_type is None or a.sub_account_type.third_party_origin is None)
    ]
    return _plain_account_swap(draw, base, [base.account_ref(a) for a in accounts])


@_breaker("REF006", kinds=_PLAIN_KINDS)
def _ref006(draw, base: _Base):
    values = base.values
    exercises = base.org.ctx.exercises
    closed = [e for e in exercises if e.status is ExerciseStatus.CLOSED and e.start_date and e.end_date]
    first = min(e.start_date for e in exercises if e.start_date)
    last = max(e.end_date for e in exercises if e.end_date)
    choices = ["before", "after"] + (["closed"] if closed else [])
    where = draw(st.sampled_from(choices))
    if where == "closed":
        e = draw(st.sampled_from(closed))
        day = e.start_date + timedelta(
            days=draw(st.integers(min_value=0, max_value=(e.end_date - e.start_date).days))
        )
    elif where == "before":
        day = first - timedelta(days=draw(st.integers(min_value=1, max_value=400)))
    else:
        day = last + timedelta(days=draw(st.integers(min_value=1, max_value=400)))
    values["date"] = day.isoformat()
    return values


@_breaker("REF007", kinds=_PLAIN_KINDS, forms=("full",), legislation="DE")
def _ref007(draw, base: _Base):
    values = base.values
    deactivated = [s.id for s in base.org.ctx.sessions if s.deactivated]
    values["sessionId"] = draw(st.sampled_from(deactivated + [base.new_id("session")]))
    return values


@_breaker("REF008", legislation="DE")
def _ref008(draw, base: _Base):
    values = base.values
    del values["documentNumber"]
    return values


@_breaker("REF009", kinds=("sales-invoice-posting",), forms=("full",))
def _ref009(draw, base: _Base):
    values = base.values
    journals = base.org.journals
    others = [
        j
        for t in (
            JournalType.PURCHASE_INVOICE,
            JournalType.GENERAL,
            JournalType.FINANCIAL,
            JournalType.CARRY_FORWARD,
        )
        for j in journals[t]
    ]
    values["journalTypeId"] = draw(st.sampled_from(others)).id
    return values


#: Every code :func:`breaking` can break (FLD, BAL, REG, TPY, INV, TAX, REF).
BREAKABLE_CODES: tuple[str, ...] = tuple(sorted(_BREAKERS))


def breaking(
    code: str,
    *,
    form: str | Iterable[str] | None = None,
    currency: str = "EUR",
    year: int | None = None,
) -> st.SearchStrategy[Scenario]:
    """``Scenario(context, input, operation)`` where the input breaks the rule ``code`` — and only it.

    The input is a valid drawn input (see :func:`scenarios`) with ONE targeted mutation: a line moved
    off balance for BAL001, a customer line's registerType flipped for REG003, an unknown journal id for
    REF001... Checking it reports ``code``, and any other code reported is in ``UNAVOIDABLE[code]``.
    Each rule is broken on the kinds and forms where it applies (e.g. TAX rules on full-form invoice
    entries with tax registers); ``form`` restricts the forms further (InvalidArgument when that leaves
    none). FLD001 returns a GraphQL request body (a document naming an unknown mutation). REF007 and
    REF008 are German rules: their contexts have ``legislationCode`` DE.
    """
    if not isinstance(code, str) or code.upper() not in _BREAKERS:
        raise InvalidArgument(f"code={code!r}: breaking() knows {', '.join(BREAKABLE_CODES)}")
    code = code.upper()
    kinds, forms, legislation, options, mutate = _BREAKERS[code]
    _validate_org(legislation or "FR", currency, year)
    if form is not None:
        wanted = _choices("form", form, FORMS)
        forms = tuple(f for f in forms if f in wanted)
        if not forms:
            raise InvalidArgument(
                f"{code} cannot be broken in form {form!r}: it applies to {', '.join(_BREAKERS[code][1])}"
            )

    @st.composite
    def draw_one(draw):
        context, drawn = draw(
            _scenarios(kinds, forms, legislation or "FR", currency.upper(), year, **options)
        )
        base = _Base(context, _Org(context), drawn)
        return Scenario(context, mutate(draw, base), drawn.operation)

    return draw_one()
