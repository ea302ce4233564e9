"""BAL: balance and amounts, on the full entry and on the simplified create inputs.

BAL006 (the currency's minor unit) also reads the settlement inputs: a ``paidAmount`` of 791.999 is
the same fault as a ``debitAmount`` of 791.999 — the server books the bank entry in the currency, so
the amount it settles is not the one written — and one rule states the minor unit for every amount
(one fault, one code; no SET code of the catalogue covers it).

All arithmetic is exact Decimal arithmetic on the amounts as written (no tolerance): the API compares
debit and credit totals, and a 0.01 difference is a rejected entry. Amounts that could not be read are
FLD003's business; these rules skip an entry whose amounts are not all readable rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

from ledger.entries import AccountingEntry, AccountingEntryLine
from ledger.inputs import (
    SETTLEMENT_INPUTS,
    EntryUsingCodes,
    EntryUsingIds,
    LineUsingCodes,
    LineUsingIds,
    SettlementInput,
)
from ledger.money import MAX_MAGNITUDE, decimals_of, exceeds_minor_unit, minor_unit_digits, total
from rules.families._shared import all_known, settlement_linkages, too_few
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


ENTRIES = (AccountingEntry, EntryUsingIds, EntryUsingCodes)
AnyEntry: TypeAlias = AccountingEntry | EntryUsingIds | EntryUsingCodes
AnyLine: TypeAlias = AccountingEntryLine | LineUsingIds | LineUsingCodes

#: .NET ``decimal`` (Hot Chocolate's Decimal scalar, S1) holds 28–29 significant digits, scale ≤ 28.
MAX_SIGNIFICANT_DIGITS = 28
MAX_SCALE = 28
_SIDES = ("debitAmount", "creditAmount")


def _lines(entry: AnyEntry) -> tuple[AnyLine, ...]:
    """The lines of any of the three entry forms (they share ``debitAmount`` and ``creditAmount``)."""
    return entry.lines


def out_of_range(amount: Decimal, decimals: int | None = None) -> str | None:
    """Why an amount is beyond what the API's Decimal can sensibly hold, or None.

    ``decimals`` is ``decimals_of(amount)`` when the caller already has it.
    """
    # copy_abs, not abs(): abs() rounds to the context and raises decimal.Overflow on 1e999999999.
    if amount.copy_abs() >= MAX_MAGNITUDE:
        return "its magnitude is 10^15 or more"
    if (decimals_of(amount) if decimals is None else decimals) <= MAX_SIGNIFICANT_DIGITS - 15:
        # Below 10^15 there are at most 15 integer digits: with at most 13 decimals the amount is
        # within both digit limits, and real amounts are decided here without reading every digit.
        return None
    sign, digits, exponent = amount.as_tuple()
    if isinstance(exponent, int) and -exponent > MAX_SCALE:
        return f"it has {-exponent} decimals (the API's Decimal holds at most {MAX_SCALE})"
    if len(digits) > MAX_SIGNIFICANT_DIGITS:
        return f"it has {len(digits)} significant digits (the API's Decimal holds at most {MAX_SIGNIFICANT_DIGITS})"
    return None


def entry_amounts(entry: AnyEntry) -> Iterator[tuple[Decimal, tuple]]:
    """Every readable amount of an entry with where it is: line sides, invoice amount, tax base/amount.

    ``where`` is ``(line index, tax index or None, field name)``; :func:`amount_path` turns it into the
    report path. Paths are built only for the amounts that are reported: most amounts never are.
    """
    for i, line in enumerate(_lines(entry)):
        if line.debit_amount is not None:
            yield line.debit_amount, (i, None, "debitAmount")
        if line.credit_amount is not None:
            yield line.credit_amount, (i, None, "creditAmount")
        invoice = getattr(line, "accounting_entry_invoice", None)
        if invoice is None:
            continue
        if invoice.amount is not None:
            yield invoice.amount, (i, None, "accountingEntryInvoice.amount")
        for t, tax in enumerate(invoice.taxes):
            if tax.tax_base is not None:
                yield tax.tax_base, (i, t, "taxBase")
            if tax.tax_amount is not None:
                yield tax.tax_amount, (i, t, "taxAmount")


def amount_census(entry: AnyEntry, env: Env) -> tuple[tuple[Decimal, tuple, int, str | None], ...]:
    """``(amount, where, decimals, out-of-range reason or None)`` for every readable amount.

    BAL001, BAL006 and BAL007 all need each amount's decimals and range; they are worked out once
    per entry (:meth:`rules.engine.Env.derived`).
    """
    return env.derived("bal.amounts", entry, _census)


def _census(entry: AnyEntry) -> tuple[tuple[Decimal, tuple, int, str | None], ...]:
    facts = []
    for amount, where in entry_amounts(entry):
        decimals = decimals_of(amount)
        facts.append((amount, where, decimals, out_of_range(amount, decimals)))
    return tuple(facts)


def amount_path(where: tuple) -> str:
    """The report path of an amount found by :func:`entry_amounts`."""
    line, tax, name = where
    if tax is None:
        return f"accountingEntryLines[{line}].{name}"
    return f"accountingEntryLines[{line}].accountingEntryInvoice.accountingEntryTaxes[{tax}].{name}"


@rule("BAL001", "unbalanced-entry", "error", targets=ENTRIES)
def unbalanced_entry(entry: AnyEntry, env: Env) -> Iterator[Finding]:
    """The sum of debits differs from the sum of credits.

    What it checks:
        Σ ``debitAmount`` = Σ ``creditAmount`` over the entry's lines, exactly (no tolerance). The
        figures give both totals and the difference.
    Why it matters:
        "Adding an unbalanced entry will return an error." The classic cause is rounding each VAT line
        separately, or a currency conversion, leaving the entry off by 0.01.
    Example:
        Debits 1824.67, credits 1520.56 + 304.10 = 1824.66: off by 0.01.
    How to fix:
        Correct the line amounts so both sides total the same (put a rounding difference on the VAT or
        revenue line, never on the third-party line: it must equal the invoice amount).
    Source:
        S2 (docs/sources.md).
    """
    lines = entry.lines
    if len(lines) < 2:  # BAL002's fault: a one-line entry cannot balance
        return
    debits = all_known(l.debit_amount for l in lines)
    credits = all_known(l.credit_amount for l in lines)
    if debits is None or credits is None:
        return  # unreadable (FLD003): nothing sound to compare
    if any(
        reason is not None and where[1] is None and where[2] in _SIDES
        for _, where, _, reason in amount_census(entry, env)
    ):
        return  # beyond exact arithmetic (BAL007)
    debit = total(debits)
    credit = total(credits)
    if debit != credit:
        difference = abs(debit - credit)
        larger = "debits" if debit > credit else "credits"
        yield finding(
            "accountingEntryLines",
            f"entry is unbalanced: debits {debit} ≠ credits {credit} (difference {difference})",
            f"the {larger} exceed by {difference}; correct a line so both sides total the same",
            debit=debit,
            credit=credit,
            difference=difference,
        )


@rule("BAL002", "too-few-lines", "error", targets=ENTRIES)
def too_few_lines(entry: AnyEntry, env: Env) -> Iterator[Finding]:
    """An entry with fewer than two lines.

    What it checks:
        ``accountingEntryLines`` holds at least two lines. (A missing list is FLD002's.)
    Why it matters:
        A double-entry document needs a debit and a credit on at least two accounts; the API refuses
        an entry that cannot balance.
    Example:
        ``"accountingEntryLines": []``, or one line of 100.00 debit.
    How to fix:
        Add the counterpart line(s).
    Source:
        S2 (docs/sources.md).
    """
    yield from too_few(
        "accountingEntryLines", entry.accounting_entry_lines, "an entry", "lines", "add the counterpart line"
    )


@rule("BAL003", "two-sided-line", "warning", targets=ENTRIES)
def two_sided_line(entry: AnyEntry, env: Env) -> Iterator[Finding]:
    """A line with both a debit and a credit amount.

    What it checks:
        No line has both ``debitAmount`` and ``creditAmount`` non-zero.
    Why it matters:
        Every documented example leaves the unused side at 0; a two-sided line usually means amounts
        were copied into the wrong column, and reports by side (lettering, VAT) read it oddly.
    Example:
        ``"debitAmount": 100, "creditAmount": 20`` — write one line of 80 debit instead.
    How to fix:
        Net the two sides into one, or split the line in two.
    Assumption:
        The public docs do not say the server rejects such a line (S3, certainty low): a warning.
    Source:
        S3 (docs/sources.md).
    """
    for i, line in enumerate(_lines(entry)):
        if line.debit_amount and line.credit_amount:
            yield finding(
                f"accountingEntryLines[{i}]",
                f"line has both a debit ({line.debit_amount}) and a credit ({line.credit_amount})",
                "keep one side and set the other to 0",
                debit=line.debit_amount,
                credit=line.credit_amount,
            )


@rule("BAL004", "negative-amount", "warning", targets=ENTRIES)
def negative_amount(entry: AnyEntry, env: Env) -> Iterator[Finding]:
    """A negative debit or credit amount.

    What it checks:
        ``debitAmount`` and ``creditAmount`` are not below zero.
    Why it matters:
        A negative debit is a credit written in the wrong column; exports and VAT reports that read
        sides misclassify it.
    Example:
        ``"debitAmount": -50`` — write ``"creditAmount": 50`` instead.
    How to fix:
        Put the amount, positive, on the other side.
    Assumption:
        The public docs never show negative amounts and do not say they are refused (S3, low): a warning.
    Source:
        S3, S85 (docs/sources.md).
    """
    for i, line in enumerate(_lines(entry)):
        for side, amount in (("debitAmount", line.debit_amount), ("creditAmount", line.credit_amount)):
            if amount is not None and amount < 0:
                other = "creditAmount" if side == "debitAmount" else "debitAmount"
                yield finding(
                    f"accountingEntryLines[{i}].{side}",
                    f"`{side}` is negative ({amount})",
                    f"write {-amount} as `{other}` instead",
                    amount=amount,
                )


@rule("BAL005", "zero-line", "warning", targets=ENTRIES)
def zero_line(entry: AnyEntry, env: Env) -> Iterator[Finding]:
    """A line whose debit and credit are both zero.

    What it checks:
        At least one side of each line is non-zero.
    Why it matters:
        A zero line carries no amount: usually a placeholder that an exporter forgot to fill or drop.
    Example:
        ``"debitAmount": 0, "creditAmount": 0``.
    How to fix:
        Remove the line, or give it its amount.
    Assumption:
        Whether the server refuses it is undocumented: a warning.
    Source:
        S3, S85 (docs/sources.md).
    """
    for i, line in enumerate(_lines(entry)):
        if line.debit_amount == 0 and line.credit_amount == 0:
            yield finding(
                f"accountingEntryLines[{i}]",
                "line has neither a debit nor a credit amount",
                "remove the line or give it its amount",
            )


@rule("BAL006", "excess-precision", "error", targets=ENTRIES + SETTLEMENT_INPUTS)
def excess_precision(subject: AnyEntry | SettlementInput, env: Env) -> Iterator[Finding]:
    """An amount with more decimals than the currency's minor unit.

    What it checks:
        Every amount (line sides, invoice amount, tax base and tax amount; the ``paidAmount`` of each
        open item a settlement pays) has no more significant decimals than the currency allows (EUR,
        NOK: 2; JPY: 0; BHD: 3). The currency is the organisation's (context) or EUR. Trailing zeros
        do not count (10.50 is fine, 10.005 is not).
    Why it matters:
        The server rounds stored amounts to the currency: 10.005 + 10.005 balances as written but can
        become 10.01 + 10.00 once rounded — the real-world cause of unexplained 0.01 imbalances. A
        settlement paying 791.999 on an item of 792 books a bank entry of 792.00 or 791.99, never the
        amount written, and leaves the item paid or open by a residue nobody asked for.
    Example:
        ``"debitAmount": 18.375`` in EUR; ``"paidAmount": 791.999`` in a settlement.
    How to fix:
        Round every amount to the currency's minor unit BEFORE summing, and re-balance; pay an exact
        amount of the currency.
    Assumption:
        A settlement is booked in the organisation's currency (the settlement input names no other),
        so its paid amounts follow the same minor unit as the entries'.
    Source:
        S79, S85 (docs/sources.md).
    """
    currency = env.currency
    digits = minor_unit_digits(currency)
    if isinstance(subject, SETTLEMENT_INPUTS):
        amounts, building = _paid_amounts(subject), "the settlement"
    else:
        building = "the entry"
        amounts = (
            (amount, amount_path(where))
            for amount, where, decimals, reason in amount_census(subject, env)
            if decimals > digits and reason is None
        )
    for amount, path in amounts:
        if exceeds_minor_unit(amount, currency):
            yield finding(
                path,
                f"{amount} has more decimals than {currency} allows ({digits})",
                f"round to {digits} decimals before building {building}",
                amount=amount,
                decimals=digits,
            )


def _paid_amounts(settlement: SettlementInput) -> Iterator[tuple[Decimal, str]]:
    """Each readable, in-range ``paidAmount`` of a settlement with its report path."""
    for path, linkage in settlement_linkages(settlement):
        if linkage.paid_amount is not None and out_of_range(linkage.paid_amount) is None:
            yield linkage.paid_amount, f"{path}.paidAmount"


@rule("BAL007", "amount-out-of-range", "error", targets=ENTRIES)
def amount_out_of_range(entry: AnyEntry, env: Env) -> Iterator[Finding]:
    """An amount beyond what the API's Decimal field can sensibly hold.

    What it checks:
        Magnitude below 10^15, at most 28 significant digits and at most 28 decimals — the range of
        the .NET ``decimal`` behind the GraphQL Decimal scalar (Hot Chocolate, S1).
    Why it matters:
        Such a number is an export bug (an id or a float artefact in an amount column) and overflows
        or is silently rounded by the server.
    Example:
        ``"debitAmount": 1e400`` or ``"creditAmount": 4000000000000000``.
    How to fix:
        Check the exporter's amount column.
    Assumption:
        The 10^15 ceiling is ours (no documented maximum); the digit limits are .NET's.
    Source:
        S1, S80 (docs/sources.md).
    """
    for _amount, where, _, reason in amount_census(entry, env):
        if reason is not None:
            yield finding(
                amount_path(where), f"amount is out of range: {reason}", "check the exporter's amount column"
            )
