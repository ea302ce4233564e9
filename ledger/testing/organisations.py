"""Organisations: drawing a ``--context`` document, and reading one for what each kind of entry needs.

:func:`contexts` draws a complete organisation (journals, a French-style chart, third parties, taxes,
fiscal years…) as the plain context dict a user would assemble from the API's responses; every id is a
``uuid5`` of ONE drawn uuid, so ids are unique and a failing example shrinks to a readable organisation.
:class:`Org` reads ANY context dict (drawn or the user's) the way the rules read it, through
:func:`ledger.io.context_file.context_from_dict`, and keeps the usable records each kind of entry draws
from; :meth:`Org.missing_for` says why a context cannot produce a kind, so a strategy is refused when it
is built.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ledger.books.vies import CustomerClass
from ledger.context import LEGISLATIONS, Context
from ledger.enums import AccountLevel, ExerciseStatus, JournalType, Origin, SubAccountType
from ledger.io.context_file import context_from_dict
from ledger.money import from_minor_units, minor_unit_digits, to_minor_units
from ledger.reference import Account, EmployeeRecord, ThirdPartyRecord
from ledger.testing.kinds import JOURNAL_OF_KIND
from ledger.testing.values import currency_digits

__all__ = ["Org", "contexts", "drawn_contexts", "validate_org"]

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


def _exercise(new_id: Callable[[str], str], start: date, status: str) -> dict:
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


def validate_org(legislation: Any, currency: Any, year: Any) -> None:
    if legislation not in LEGISLATIONS:  # a context of another legislation would not load
        raise InvalidArgument(f"legislation={legislation!r} must be one of {', '.join(LEGISLATIONS)}")
    currency_digits(currency)
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2090):
        raise InvalidArgument(f"year={year!r} must be None or an int between 1990 and 2090")


def contexts(
    *, legislation: str = "FR", currency: str = "EUR", year: int | None = None
) -> st.SearchStrategy[dict]:
    """An organisation as a ``--context`` dict (shaped like examples/context.json), loadable with ``context_from_dict``.

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
    validate_org(legislation, currency, year)
    return drawn_contexts(legislation.upper(), currency.upper(), year)


@st.composite
def drawn_contexts(draw: st.DrawFn, legislation: str, currency: str, year: int | None) -> dict:
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

    customers: list[dict] = []
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


class Org:
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

        def of(*types: SubAccountType) -> list[Account]:
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

    def account_for(self, origin: Origin, record: ThirdPartyRecord | EmployeeRecord) -> Any:
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
        if not self.journals[JOURNAL_OF_KIND[kind]]:
            return f"it has no active {JOURNAL_OF_KIND[kind].value} journal"
        # Per kind: (what must be non-empty, what it is).
        needs_of: dict[str, list[tuple[object, str]]] = {
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
        }
        needs = needs_of[kind]
        for value, what in needs:
            if not value:
                return f"it lacks {what}"
        return None


def _complete(record: ThirdPartyRecord | EmployeeRecord) -> bool:
    return bool(record.social_name and record.code and record.document_type_id and record.document_id)
