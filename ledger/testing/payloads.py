"""Valid payloads: entries and ``postSalesInvoice`` inputs that pass every rule for their organisation.

An entry is drawn as lines of minor units with a role each (third party, plain, tax), then rendered in
the requested form (``full``, ``ids``, ``codes``). The lines follow the API's conventions from
:mod:`ledger.conventions` (a line's ``registerType`` by its third party and journal), the invoice block
and tax registers are derived from the lines, and every choice is drawn so that Hypothesis shrinks
towards the smallest entry. :class:`Drawn` keeps what the drawing knew (roles, tax lines) for the
mutations of :mod:`ledger.testing.breakers`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ledger.books.vies import CustomerClass, classify_customer
from ledger.context import ContextError
from ledger.conventions import INVOICE_REGISTER, THIRD_PARTY_SIDE, Side, line_register, other_side
from ledger.enums import JournalType, Origin
from ledger.money import percentage_of, round_to_minor_unit
from ledger.reference import EmployeeRecord, Journal, ThirdPartyRecord
from ledger.testing.kinds import ENTRY_KINDS, FORMS, INVOICE_KINDS, JOURNAL_OF_KIND, KINDS, Scenario
from ledger.testing.organisations import Org, drawn_contexts, validate_org
from ledger.testing.values import choices

__all__ = ["Drawn", "drawn_scenarios", "entries", "line_units", "scenarios", "third_party_block"]


def third_party_block(origin: Origin, record: ThirdPartyRecord | EmployeeRecord) -> dict:
    """``accountingEntryThirdParty`` exactly as [SA-entry-v0] says to fill it from the record (S11)."""
    return {
        "thirdPartyId": record.id,
        "socialName": record.social_name,
        "code": record.code,
        "origin": origin.value,
        "identificationTypeId": record.document_type_id,
        "documentId": record.document_id,
    }


class _Line(NamedTuple):
    account: Any  # ledger.reference.Account
    debit: int  # minor units
    credit: int
    role: str  # "third_party" | "plain" | "tax"
    third: tuple[Origin, Any] | None = None
    description: str | None = None


def _party_line(org: Org, origin: Origin, record: Any, debit: int, credit: int, text: str) -> _Line:
    """A line on ``record``'s own account, carrying the third party: every third-party line is one."""
    return _Line(org.account_for(origin, record), debit, credit, "third_party", (origin, record), text)


class Drawn(NamedTuple):
    """A drawn entry with what the mutations of :func:`breaking` need to know about it."""

    input: dict
    operation: str
    kind: str
    form: str
    lines: tuple[_Line, ...]
    register_tax_lines: tuple[int | None, ...]  # per tax register: index of the line holding its tax
    day: date


def _sided(units: int, side: Side) -> tuple[int, int]:
    """(debit, credit) in minor units for an amount on ``side``."""
    return (units, 0) if side == "debit" else (0, units)


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
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


def _draw_day(draw: st.DrawFn, org: Org) -> date:
    first, last = draw(st.sampled_from(org.open_ranges))
    return first + timedelta(days=draw(st.integers(min_value=0, max_value=(last - first).days)))


def line_units(draw: st.DrawFn, org: Org, low_major: int = 1) -> int:
    """A line amount in minor units: at least ``low_major`` currency units, at most a million."""
    scale = 10**org.digits
    return draw(st.integers(min_value=low_major * scale, max_value=10**6 * scale))


def _draw_entry(
    draw: st.DrawFn,
    org: Org,
    kind: str,
    form: str,
    *,
    registers: bool | None = None,
    third_party: bool | None = None,
) -> Drawn:
    if kind == "sales-invoice-posting":
        return _draw_posting(draw, org)
    journal = draw(st.sampled_from(org.journals[JOURNAL_OF_KIND[kind]]))
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

    if kind in INVOICE_KINDS:
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
            assert treatment.tax_group_id is not None  # Org.treatments keeps complete treatments only
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
        bases = [line_units(draw, org) for _ in range(max(len(taxes), 1))]  # one base without taxes
        tax_units = []
        for b, t in zip(bases, taxes):
            assert t.percentage is not None  # group_taxes keeps taxes with a percentage only
            tax_units.append(
                org.units(
                    round_to_minor_unit(percentage_of(org.money(b), t.percentage), org.currency, "half-up")
                )
            )
        with_registers = bool(taxes) and (registers if registers is not None else draw(st.booleans()))
        combined_tax_line = draw(st.booleans()) if len(taxes) > 1 else False
        total = sum(bases) + sum(tax_units)
        description = f"Facture {document_number}"
        side = THIRD_PARTY_SIDE[INVOICE_REGISTER[origin]]  # the counterparts take the other side
        lines.append(_party_line(org, origin, record, *_sided(total, side), description))
        for b in bases:
            lines.append(_Line(revenue_account, *_sided(b, other_side(side)), "plain", None, description))
        tax_account = draw(st.sampled_from(tax_accounts)) if taxes else None
        if combined_tax_line:
            if sum(tax_units):
                lines.append(
                    _Line(tax_account, *_sided(sum(tax_units), other_side(side)), "tax", None, description)
                )
                register_tax_lines = [len(lines) - 1] * len(taxes)
            else:
                register_tax_lines = [None] * len(taxes)
        else:
            for u in tax_units:
                if u:
                    lines.append(_Line(tax_account, *_sided(u, other_side(side)), "tax", None, description))
                    register_tax_lines.append(len(lines) - 1)
                else:
                    register_tax_lines.append(None)
        if with_registers:
            # Registers need taxes, and taxes were drawn from a treatment (a complete one: Org.treatments).
            assert treatment is not None and treatment.tax_type is not None
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
        amount = line_units(draw, org)
        if variant == "customer":
            record = draw(st.sampled_from(org.customers))
            lines.append(_Line(bank, amount, 0, "plain", None, f"Règlement {record.social_name}"[:200]))
            lines.append(_party_line(org, Origin.CUSTOMER, record, 0, amount, "Règlement client"))
        elif variant == "supplier":
            record = draw(st.sampled_from(org.suppliers))
            lines.append(_party_line(org, Origin.SUPPLIER, record, amount, 0, "Règlement fournisseur"))
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
            employee = draw(st.sampled_from(org.employees))
            amount = line_units(draw, org)
            lines.append(_Line(draw(st.sampled_from(org.charges)), amount, 0, "plain", None, "Salaire"))
            lines.append(
                _party_line(
                    org, Origin.EMPLOYEE, employee, 0, amount, f"Salaire {employee.social_name}"[:200]
                )
            )
        else:
            debit_accounts = draw(st.lists(st.sampled_from(org.plain), min_size=1, max_size=3))
            debits = [line_units(draw, org) for _ in debit_accounts]
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
                amount = line_units(draw, org)
                lines.append(_party_line(org, Origin.CUSTOMER, record, amount, 0, "Solde client"))
                lines.append(_Line(lines[0].account, 0, amount, "plain", None, text))
    entry_description = draw(st.one_of(st.none(), st.just(lines[0].description)))
    values = _render(org, kind, form, journal, day, document_number, entry_description, lines, invoice)
    return Drawn(values, FORMS[form], kind, form, tuple(lines), tuple(register_tax_lines), day)


def _class_of(org: Org, record: ThirdPartyRecord, day: date) -> CustomerClass:
    if not org.legislation:
        return CustomerClass.NATIONAL
    try:
        klass = classify_customer(record.country_acronym, org.legislation, day)
    except ValueError:
        klass = None
    return klass if klass is not None else CustomerClass.NATIONAL


def _render(
    org: Org,
    kind: str,
    form: str,
    journal: Journal,
    day: date,
    document_number: str,
    description: str | None,
    lines: list[_Line],
    invoice: dict | None,
) -> dict:
    invoice_journal = kind in INVOICE_KINDS
    if form == "full":
        rendered = []
        for line in lines:
            origin = line.third[0] if line.third is not None else None
            register = line_register(origin, JOURNAL_OF_KIND[kind] if invoice_journal else None).value
            item: dict[str, Any] = {}
            if line.description:
                item["description"] = line.description
            item["debitAmount"] = org.money(line.debit) if line.debit else Decimal(0)
            item["creditAmount"] = org.money(line.credit) if line.credit else Decimal(0)
            item["subAccountId"] = line.account.id
            item["registerType"] = register
            if line.third is not None:
                item["accountingEntryThirdParty"] = third_party_block(*line.third)
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


def _draw_posting(draw: st.DrawFn, org: Org) -> Drawn:
    invoice = draw(st.sampled_from([i for i in org.ctx.sales_invoices if i.id and i.status == "Closed"]))
    journal = draw(st.sampled_from(org.journals[JournalType.SALES_INVOICE]))
    values = {
        "salesInvoiceId": invoice.id,
        "accountingEntryDescription": "Facture de vente",
        "journalTypeId": journal.id,
    }
    return Drawn(values, "postSalesInvoice", "sales-invoice-posting", "full", (), (), org.open_ranges[0][0])


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


def _entries(context: Any, kind: Any, form: Any) -> st.SearchStrategy[Drawn]:
    if not isinstance(context, dict):
        raise InvalidArgument(
            f"context={context!r} must be a context dict (shaped like examples/context.json)"
        )
    try:
        org = Org(context)
    except ContextError as exc:
        raise InvalidArgument(f"context is not a valid context: {exc}") from None
    explicit = kind is not None
    kinds = choices("kind", kind, KINDS if explicit else ENTRY_KINDS)
    forms = choices("form", form, FORMS)
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
    def draw_one(draw: st.DrawFn) -> Drawn:
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
    validate_org(legislation, currency, year)
    kinds = choices("kind", kind, KINDS if kind is not None else ENTRY_KINDS)
    forms = choices("form", form, FORMS)
    if "sales-invoice-posting" in kinds and form not in (None, "full"):
        raise InvalidArgument("sales-invoice-posting has no simplified form: leave form=None")
    return drawn_scenarios(kinds, forms, legislation.upper(), currency.upper(), year).map(
        lambda pair: Scenario(pair[0], pair[1].input, pair[1].operation)
    )


def drawn_scenarios(
    kinds: Sequence[str],
    forms: Sequence[str],
    legislation: str,
    currency: str,
    year: int | None,
    **options: bool | None,
) -> st.SearchStrategy[tuple[dict, Drawn]]:
    @st.composite
    def draw_one(draw: st.DrawFn) -> tuple[dict, Drawn]:
        context = draw(drawn_contexts(legislation, currency, year))
        org = Org(context)
        k = draw(st.sampled_from(kinds))
        f = "full" if k == "sales-invoice-posting" else draw(st.sampled_from(forms))
        return context, _draw_entry(draw, org, k, f, **options)

    return draw_one()
