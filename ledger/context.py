"""The context: an organisation's reference data, loaded once and indexed for look-ups.

A context file (``--context``) lists the organisation's journals, accounts, third parties, taxes,
fiscal years, open items… under the names of the Sage Active queries that return them. Every key is
optional. :meth:`Context.has` tells whether a key was GIVEN (an empty list is a given: "this
organisation has no sessions"), which is what the engine uses to skip rules that need missing data.

Unlike a document, a broken context is not something to report on and carry on: the user's reference
data is wrong and every result would be suspect. :func:`load_context` therefore raises
:class:`ContextError` naming the key (``accountingAccounts[3].accountLevel``), and the CLI turns it into
a one-line usage error. That includes a value no organisation can have: a ``legislationCode`` outside
:data:`LEGISLATIONS` (``"FRA"``) would otherwise quietly turn the legislation-bound rules off.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, overload

import attrs

from ledger.conventions import ORIGIN_KEYS
from ledger.enums import ExerciseStatus, Origin
from ledger.luca import EntryMatch, PostingLine
from ledger.money import DEFAULT_CURRENCY
from ledger.reference import (
    Account,
    AccountingExercise,
    EmployeeRecord,
    Journal,
    OpenItemRecord,
    Organization,
    PaymentMethod,
    Product,
    SalesInvoiceRecord,
    Session,
    Tax,
    TaxTreatment,
    ThirdPartyRecord,
)

#: Context keys holding lists of records, and the record class of each.
LIST_KEYS: dict[str, type] = {
    "journalTypes": Journal,
    "accountingAccounts": Account,
    "customers": ThirdPartyRecord,
    "suppliers": ThirdPartyRecord,
    "employees": EmployeeRecord,
    "taxTreatments": TaxTreatment,
    "taxes": Tax,
    "products": Product,
    "accountingExercises": AccountingExercise,
    "sessions": Session,
    "paymentMethods": PaymentMethod,
    "openItems": OpenItemRecord,
    "salesInvoices": SalesInvoiceRecord,
}
LUCA_KEYS: dict[str, type] = {"postingLines": PostingLine, "entryMatches": EntryMatch}
#: Every key a rule may declare in ``needs`` (``luca.postingLines`` style for the nested ones).
KNOWN_KEYS = frozenset(
    ["organization", "organization.legislationCode", "organization.accountingSetup"]
    + list(LIST_KEYS)
    + [f"luca.{k}" for k in LUCA_KEYS]
)
#: The legislations an organisation can have (``organization.legislationCode``, S41): Sage Active
#: runs one endpoint per legislation (S40), and the legislation-bound rules (PST001/PST002's national
#: customer, REF007/REF008's German sessions) compare against these values. Written as the API
#: writes them, upper case: anything else is a context error naming these, never a silent "no rule
#: applies" (PT is being introduced; it is accepted so that its organisations load).
LEGISLATIONS = ("DE", "ES", "FR", "PT")


class ContextError(ValueError):
    """The context file is unusable; the message names the key."""


def _index(records: Iterable, attr: str) -> dict:
    index: dict = {}
    for record in records:
        key = getattr(record, attr)
        if key is not None:
            index.setdefault(key, record)  # first wins, as a look-up by id would
    return index


@attrs.frozen
class Context:
    """Reference data with its look-up indexes (built once, at load time)."""

    given: frozenset[str] = frozenset()
    organization: Organization | None = None
    journals: tuple[Journal, ...] = ()
    accounts: tuple[Account, ...] = ()
    customers: tuple[ThirdPartyRecord, ...] = ()
    suppliers: tuple[ThirdPartyRecord, ...] = ()
    employees: tuple[EmployeeRecord, ...] = ()
    tax_treatments: tuple[TaxTreatment, ...] = ()
    taxes: tuple[Tax, ...] = ()
    products: tuple[Product, ...] = ()
    exercises: tuple[AccountingExercise, ...] = ()
    sessions: tuple[Session, ...] = ()
    payment_methods: tuple[PaymentMethod, ...] = ()
    open_items: tuple[OpenItemRecord, ...] = ()
    sales_invoices: tuple[SalesInvoiceRecord, ...] = ()
    posting_lines: tuple[PostingLine, ...] = ()
    entry_matches: tuple[EntryMatch, ...] = ()

    # Indexes, derived in __attrs_post_init__ (not part of equality).
    _by: dict = attrs.field(factory=dict, eq=False, repr=False, init=False)

    def __attrs_post_init__(self) -> None:
        by = self._by
        by["journal.id"] = _index(self.journals, "id")
        by["journal.code"] = _index(self.journals, "code")
        by["account.id"] = _index(self.accounts, "id")
        by["account.code"] = _index(self.accounts, "code")
        for origin, records in (
            (Origin.CUSTOMER, self.customers),
            (Origin.SUPPLIER, self.suppliers),
            (Origin.EMPLOYEE, self.employees),
        ):
            by[f"{origin.value}.id"] = _index(records, "id")
            by[f"{origin.value}.code"] = _index(records, "code")
        by["taxTreatment.id"] = _index(self.tax_treatments, "id")
        by["tax.id"] = _index(self.taxes, "id")
        by["product.id"] = _index(self.products, "id")
        by["session.id"] = _index(self.sessions, "id")
        by["paymentMethod.id"] = _index(self.payment_methods, "id")
        by["openItem.id"] = _index(self.open_items, "id")
        by["salesInvoice.id"] = _index(self.sales_invoices, "id")
        by["postingLine.id"] = _index(self.posting_lines, "id")
        matched: dict[str, str] = {}
        for match in self.entry_matches:
            for line_id in match.posting_line_ids or ():
                matched.setdefault(line_id, match.id or "")
        by["postingLine.match"] = matched

    # -- what was given -------------------------------------------------------------------------

    def has(self, key: str) -> bool:
        return key in self.given

    @property
    def currency(self) -> str:
        org = self.organization
        return (org.currency if org and org.currency else DEFAULT_CURRENCY).upper()

    @property
    def legislation_code(self) -> str | None:
        org = self.organization
        return org.legislation_code if org else None

    # -- look-ups -------------------------------------------------------------------------------

    def journal(self, id: str | None = None, *, code: str | None = None) -> Journal | None:
        if id is not None:
            return self._by["journal.id"].get(id)
        return self._by["journal.code"].get(code)

    def account(self, id: str | None = None, *, code: str | None = None) -> Account | None:
        if id is not None:
            return self._by["account.id"].get(id)
        return self._by["account.code"].get(code)

    # Customers and suppliers are third-party records, employees their own kind: the overloads let a
    # caller that asks for a customer use customer fields without checking the record's class.
    @overload
    def third_party(
        self,
        origin: Literal[Origin.CUSTOMER, Origin.SUPPLIER],
        id: str | None = None,
        *,
        code: str | None = None,
    ) -> ThirdPartyRecord | None: ...

    @overload
    def third_party(
        self, origin: Literal[Origin.EMPLOYEE], id: str | None = None, *, code: str | None = None
    ) -> EmployeeRecord | None: ...

    @overload
    def third_party(
        self, origin: Origin, id: str | None = None, *, code: str | None = None
    ) -> ThirdPartyRecord | EmployeeRecord | None: ...

    def third_party(
        self, origin: Origin, id: str | None = None, *, code: str | None = None
    ) -> ThirdPartyRecord | EmployeeRecord | None:
        if id is not None:
            return self._by[f"{origin.value}.id"].get(id)
        return self._by[f"{origin.value}.code"].get(code)

    def find_third_party(
        self, id: str | None = None, *, code: str | None = None
    ) -> tuple[Origin, ThirdPartyRecord | EmployeeRecord] | None:
        """Search customers, then suppliers, then employees."""
        for origin in (Origin.CUSTOMER, Origin.SUPPLIER, Origin.EMPLOYEE):
            record = self.third_party(origin, id, code=code)
            if record is not None:
                return origin, record
        return None

    def third_parties_given(self, origin: Origin) -> bool:
        return self.has(ORIGIN_KEYS[origin])

    def tax_treatment(self, id: str) -> TaxTreatment | None:
        return self._by["taxTreatment.id"].get(id)

    def tax(self, id: str) -> Tax | None:
        return self._by["tax.id"].get(id)

    def taxes_of_group(self, group_id: str) -> tuple[Tax, ...]:
        return tuple(t for t in self.taxes if t.group_id == group_id)

    def product(self, id: str) -> Product | None:
        return self._by["product.id"].get(id)

    def session(self, id: str) -> Session | None:
        return self._by["session.id"].get(id)

    def payment_method(self, id: str) -> PaymentMethod | None:
        return self._by["paymentMethod.id"].get(id)

    def open_item(self, id: str) -> OpenItemRecord | None:
        return self._by["openItem.id"].get(id)

    def sales_invoice(self, id: str) -> SalesInvoiceRecord | None:
        return self._by["salesInvoice.id"].get(id)

    def posting_line(self, id: str) -> PostingLine | None:
        return self._by["postingLine.id"].get(id)

    def match_of_posting_line(self, id: str) -> str | None:
        """The id of an existing match that already holds this posting line, if any."""
        return self._by["postingLine.match"].get(id)

    def exercise_on(self, day: date) -> AccountingExercise | None:
        for exercise in self.exercises:
            if exercise.start_date and exercise.end_date and exercise.start_date <= day <= exercise.end_date:
                return exercise
        return None

    def is_open_on(self, day: date) -> tuple[bool, str]:
        """Whether entries may be dated ``day``, and why not (REF006, S53)."""
        exercise = self.exercise_on(day)
        if exercise is None:
            return False, f"{day} falls in no fiscal year"
        if exercise.status is ExerciseStatus.CLOSED:
            return False, f"{day} falls in the closed fiscal year {exercise.start_date}–{exercise.end_date}"
        for period in exercise.periods or ():
            if period.start_date and period.end_date and period.start_date <= day <= period.end_date:
                if period.is_closed:
                    return False, f"{day} falls in the closed period {period.start_date}–{period.end_date}"
        return True, ""
