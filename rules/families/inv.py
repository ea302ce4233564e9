"""INV: the invoice carried by an entry line, ``accountingEntryInvoice`` ([SA-entry-v0], S7, S8, S43, S9, S10, S44, S23).

[SA-entry-v0]: in PURCHASE_INVOICE / SALES_INVOICE journals the customer/supplier line carries the invoice
(INV001), other journals must not have one (INV002), there is one invoice and one third party per
entry (INV003), its amount is its line's (INV004), its three extra dates are mandatory (INV005), and an
invoice needs a third party (INV006). INV007 applies the invoice-date rule of the sales and purchase
modules (S44) to entries, as a warning. INV008 is the informational note of the simplified
operations' merge of same-third-party lines (S23), reported by :mod:`ledger.books.expansion`.
INV009 warns when the third-party line sits on the side opposite to its register (a customer credited
on a sale) in an entry that is not a credit note.

Read mode (``audit``): INV001 and INV005 are about what a create input must CONTAIN (a read query may
simply not select the block or the dates): create-only. The others judge values and run in both modes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ledger.conventions import DOCUMENT_DATE_DEFAULTS, THIRD_PARTY_SIDE, Side, invoice_register, other_side
from ledger.entries import AccountingEntry, AccountingEntryLine
from ledger.enums import RegisterType
from rules.families._shared import article, creating, describe_journal, journal_of_kind, line_path
from rules.registry import declared, rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


@rule("INV001", "missing-invoice", "error", targets=[AccountingEntry], needs=["journalTypes"])
def missing_invoice(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The customer or supplier line of an invoice journal has no invoice.

    What it checks:
        In a PURCHASE_INVOICE / SALES_INVOICE journal, the line with the CUSTOMER or SUPPLIER third
        party carries ``accountingEntryInvoice``. Only the entry's first third-party line is judged:
        further third-party lines are INV003's fault (one invoice per entry). Create inputs only.
    Why it matters:
        [SA-entry-v0]: "accountingEntryInvoice: mandatory for lines with a third party CUSTOMER, SUPPLIER
        for journal types PURCHASE_INVOICE or SALES_INVOICE". Without it there is no invoice, no open
        item to settle and no VAT register.
    Example:
        A sales entry whose 411000 line has the customer but no ``accountingEntryInvoice``.
    How to fix:
        Add the invoice block: amount = the line's amount, the dates = the invoice date, registerType
        like the line (or use createAccountingEntryUsingCodes, which builds it).
    Source:
        S7 (docs/sources.md).
    """
    if not creating(env) or journal_of_kind(entry, env, invoice=True) is None:
        return
    for i, line in enumerate(entry.lines):
        if line.accounting_entry_third_party is None:
            continue
        origin = line.origin
        if (
            origin is not None
            and invoice_register(origin) is not None
            and line.accounting_entry_invoice is None
        ):
            yield finding(
                line_path(i, ".accountingEntryInvoice"),
                f"the {origin.value.lower()} line of an invoice journal has no accountingEntryInvoice",
                "add the invoice block: amount = this line's amount, dates = the invoice date",
            )
        return  # only the first third-party line: the others are INV003's


@rule("INV002", "invoice-outside-invoice-journal", "error", targets=[AccountingEntry], needs=["journalTypes"])
def invoice_outside_invoice_journal(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """An invoice block in a journal that is not an invoice journal.

    What it checks:
        No line carries ``accountingEntryInvoice`` in a GENERAL, FINANCIAL, CARRY_FORWARD or CLOSING
        journal.
    Why it matters:
        [SA-entry-v0]: the invoice block "must not be defined for other journals". A payment in the bank
        journal is not an invoice; the API refuses it.
    Example:
        A customer receipt in the bank journal copied from the sales entry, invoice block included.
    How to fix:
        Remove ``accountingEntryInvoice``, or post the entry to the sales/purchase journal.
    Source:
        S7 (docs/sources.md).
    """
    known = journal_of_kind(entry, env, invoice=False)
    if known is None:
        return
    journal, journal_type = known
    for i, line in enumerate(entry.lines):
        if line.accounting_entry_invoice is not None:
            yield finding(
                line_path(i, ".accountingEntryInvoice"),
                f"invoice block in journal {describe_journal(journal)}; only invoice journals take one",
                "remove accountingEntryInvoice, or use the sales/purchase journal",
                journalType=journal_type.value,
            )


@rule("INV003", "several-invoices-in-entry", "error", targets=[AccountingEntry], uses=["journalTypes"])
def several_invoices_in_entry(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """More than one invoice, or more than one third party in an invoice-journal entry.

    What it checks:
        Without context: at most one ``accountingEntryInvoice`` per entry (invoices exist only in
        invoice journals, and there at most one). With ``journalTypes`` in the context and an invoice
        journal: at most one line with an ``accountingEntryThirdParty``. The first invoice / third party
        is accepted; every further one is reported, worded by what it doubles: another third party,
        a second invoice of the same third party, or a second line of the same third party (the
        third parties are told apart by ``thirdPartyId``). For the simplified operations this runs on the
        expansion, where the lines of one third party are already merged (INV008, info): so it reports
        several DIFFERENT third parties.
    Why it matters:
        [SA-entry-v0]: "It is not possible to group several invoices in one accounting entry for the journals
        PURCHASE_INVOICE or SALES_INVOICE … only one accountingEntryThirdParty and one
        accountingEntryInvoice per accountingEntry".
    Example:
        One sales entry for two customers: two 411000 lines with different customers.
    How to fix:
        Post one entry per invoice (per customer or supplier).
    Assumption:
        For the simplified operations, that the server rejects two different third parties in one
        invoice entry is not stated (S92); [SA-entry-v0]'s rule is assumed to apply (S22).
    Source:
        S8, S23, S92 (docs/sources.md).
    """
    known = journal_of_kind(entry, env, invoice=True)
    if known is not None:
        _journal, journal_type = known
        third_party_lines = [
            i for i, l in enumerate(entry.lines) if l.accounting_entry_third_party is not None
        ]
        first = third_party_lines[0] if third_party_lines else 0
        for i in third_party_lines[1:]:
            message, hint = _doubled(entry.lines[first], entry.lines[i], first, journal_type.value)
            yield finding(
                line_path(i, ".accountingEntryThirdParty"),
                message,
                hint,
                thirdParties=len(third_party_lines),
            )
        if third_party_lines:
            return
    invoice_lines = [i for i, l in enumerate(entry.lines) if l.accounting_entry_invoice is not None]
    for i in invoice_lines[1:]:
        yield finding(
            line_path(i, ".accountingEntryInvoice"),
            f"a second invoice in one entry (the first is on line {invoice_lines[0]})",
            "post one entry per invoice",
            invoices=len(invoice_lines),
        )


def _doubled(first: AccountingEntryLine, line: AccountingEntryLine, at: int, journal: str) -> tuple[str, str]:
    """INV003's message and hint for a further third-party ``line``, worded by what it doubles: another
    third party, another invoice of the same third party, or another line of the same third party."""
    first_id = (
        first.accounting_entry_third_party.third_party_id if first.accounting_entry_third_party else None
    )
    this_id = line.accounting_entry_third_party.third_party_id if line.accounting_entry_third_party else None
    if first_id is None or this_id is None:
        return (
            f"a second third-party line in one {journal} entry (the first is on line {at})",
            "post one entry per invoice: one third party and one invoice per entry",
        )
    if first_id != this_id:
        return (
            f"a second third party ({this_id}) in one {journal} entry (the first, {first_id}, is on line {at})",
            "post one entry per invoice: one third party and one invoice per entry",
        )
    if first.accounting_entry_invoice is not None and line.accounting_entry_invoice is not None:
        return (
            f"a second invoice of the same third party ({this_id}) in one {journal} entry (the first is "
            f"on line {at})",
            "post one entry per invoice",
        )
    return (
        f"a second line of the same third party ({this_id}) in one {journal} entry (the first is on line {at})",
        "put the third party on one line, the one that carries the invoice",
    )


@rule("INV004", "invoice-amount-mismatch", "error", targets=[AccountingEntry])
def invoice_amount_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The invoice amount differs from the amount of the line that carries it.

    What it checks:
        ``accountingEntryInvoice.amount`` equals its line's amount (its non-zero side), exactly.
        A line with both sides non-zero (BAL003's) or unreadable amounts is not judged.
    Why it matters:
        [SA-entry-v0]: the amount "must be equal to the amount of the entry line where the third party is
        present". The invoice amount becomes the open item to collect or pay: a different figure
        leaves a balance that never letters.
    Example:
        Customer line 1 260.00 (1 050.00 + 210.00 VAT) with an invoice amount of 1 200.00.
    How to fix:
        Set the invoice ``amount`` to the line's amount (the invoice total, tax included).
    Assumption:
        The sign of a credit note's invoice amount is not documented: magnitudes are compared, so
        -120.00 on a 120.00 credit line passes.
    Source:
        S9, S94 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        invoice = line.accounting_entry_invoice
        if invoice is None or invoice.amount is None:
            continue
        if line.debit_amount is None or line.credit_amount is None:
            continue
        if line.debit_amount and line.credit_amount:
            continue  # two-sided line: BAL003's; there is no single line amount to compare
        amount = line.amount
        if amount is None:
            continue  # (never: both sides are readable here; the test tells the checker)
        if abs(invoice.amount) != abs(amount):
            yield finding(
                line_path(i, ".accountingEntryInvoice.amount"),
                f"invoice amount {invoice.amount} ≠ its line's amount {amount}",
                f"set the invoice amount to {abs(amount)}, the amount of the third-party line",
                invoice=invoice.amount,
                line=amount,
                difference=abs(abs(invoice.amount) - abs(amount)),
            )


@rule("INV005", "missing-invoice-dates", "error", targets=[AccountingEntry])
def missing_invoice_dates(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """An invoice lacks ``expeditionDate``, ``operationDate`` or ``settlementDate``.

    What it checks:
        Each ``accountingEntryInvoice`` of a create input has the three dates. Create inputs only (the
        V2 read model does not even return all three, S10).
    Why it matters:
        [SA-entry-v0]: "mandatory, assign it by default with documentDate". The VAT registers date the
        operation with them (chargeability).
    Example:
        An invoice block with only ``documentDate``.
    How to fix:
        Set the missing dates; when in doubt, to ``documentDate`` (``ledger-rules fix`` does).
    Source:
        S10 (docs/sources.md).
    """
    if not creating(env):
        return
    for i, line in enumerate(entry.lines):
        invoice = line.accounting_entry_invoice
        if invoice is None:
            continue
        for attr, name in DOCUMENT_DATE_DEFAULTS:
            if getattr(invoice, attr) is None:
                default = f" ({invoice.document_date})" if invoice.document_date else ""
                yield finding(
                    line_path(i, f".accountingEntryInvoice.{name}"),
                    f"invoice lacks `{name}`, which is mandatory",
                    f"set `{name}`; the documented default is documentDate{default}",
                )


@rule("INV006", "invoice-without-third-party", "error", targets=[AccountingEntry])
def invoice_without_third_party(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """An invoice on a line that has no third party.

    What it checks:
        A line with ``accountingEntryInvoice`` also has ``accountingEntryThirdParty``.
    Why it matters:
        An invoice is always some customer's or supplier's: [SA-entry-v0] puts it "on the entry line where
        the third party is present". On a revenue or VAT line it has nobody to be collected from.
    Example:
        The invoice block placed on the 706000 revenue line instead of the 411000 customer line.
    How to fix:
        Move the invoice block to the customer/supplier line.
    Source:
        S7, S9 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        if line.accounting_entry_invoice is not None and line.accounting_entry_third_party is None:
            yield finding(
                line_path(i, ".accountingEntryInvoice"),
                "invoice block on a line without a third party",
                "move the invoice to the customer/supplier line",
            )


@rule("INV007", "operation-date-after-document-date", "warning", targets=[AccountingEntry])
def operation_date_after_document_date(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The invoice's ``operationDate`` is later than its ``documentDate``.

    What it checks:
        ``operationDate`` ≤ ``documentDate`` on every invoice block (both readable).
    Why it matters:
        The sales and purchase modules refuse an operation (fulfilment) date after the invoice date
        (S44): an invoice is issued for a supply that has happened. A later date is usually the two
        dates swapped.
    Example:
        ``"documentDate": "2025-03-01", "operationDate": "2025-03-15"``.
    How to fix:
        Check the dates; swap them if they were exchanged.
    Assumption:
        That the same check applies to ``accountingEntryInvoice`` is not documented (S44, medium): a warning.
    Source:
        S44 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        invoice = line.accounting_entry_invoice
        if invoice is None or invoice.operation_date is None or invoice.document_date is None:
            continue
        if invoice.operation_date > invoice.document_date:
            yield finding(
                line_path(i, ".accountingEntryInvoice.operationDate"),
                f"operationDate {invoice.operation_date} is after documentDate {invoice.document_date}",
                "the operation (fulfilment) date is on or before the invoice date; check for swapped dates",
                operationDate=invoice.operation_date.isoformat(),
                documentDate=invoice.document_date.isoformat(),
            )


INV008 = declared(
    "INV008",
    "same-third-party-lines-merged",
    "info",
    """The server merges lines of the same third party into one (simplified operations).

    What it checks:
        In createAccountingEntryUsingIds / createAccountingEntryUsingCodes on a PURCHASE_INVOICE or
        SALES_INVOICE journal, several lines name the same third party on the same account. The server
        sums them into ONE line (debits and credits summed), which then carries the invoice. Reported by
        the expansion, as a note: nothing is wrong.
    Why it matters:
        The created entry has fewer lines than the input, and the invoice amount is the total of the
        merged lines — worth knowing when reconciling what was sent with what was stored (e.g. due
        dates split over lines end up as one line).
    Example:
        Two 411000 lines for customer HOTCELESTINS, 500.00 and 268.00: one line of 768.00 is created.
    How to fix:
        Nothing to fix. Send one line per third party to make the input match the stored entry.
    Assumption:
        Lines of one third party on two DIFFERENT accounts are not merged (one line has one account);
        they stay separate and INV003 reports them.
    Source:
        S23 (docs/sources.md).
    """,
)


def _side(line: AccountingEntryLine) -> Side | None:
    """``"debit"`` or ``"credit"`` for a line with exactly one positive side; None otherwise.

    Two-sided (BAL003), zero (BAL005), negative (BAL004) and unreadable lines have no side to judge.
    """
    debit, credit = line.debit_amount, line.credit_amount
    if debit is None or credit is None:
        return None
    if debit > 0 and credit == 0:
        return "debit"
    if credit > 0 and debit == 0:
        return "credit"
    return None


def _register_of(line: AccountingEntryLine) -> RegisterType | None:
    """The invoice register a line belongs to: by its third party's origin, else by its invoice block."""
    register = invoice_register(line.origin)
    if register is None and line.origin is None and line.accounting_entry_invoice is not None:
        register = line.accounting_entry_invoice.register_type
    return register if register in THIRD_PARTY_SIDE else None


def _declares_credit_note(line: AccountingEntryLine) -> bool:
    invoice = line.accounting_entry_invoice
    return invoice is not None and invoice.amount is not None and invoice.amount < 0


@rule("INV009", "third-party-line-wrong-side", "warning", targets=[AccountingEntry], needs=["journalTypes"])
def third_party_line_wrong_side(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The third-party line of an invoice entry sits on the side opposite to its register.

    What it checks:
        In a SALES_INVOICE / PURCHASE_INVOICE journal, a customer line (register ISSUED) is debited and
        a supplier line (register RECEIVED) is credited — unless the entry as a whole is a credit note
        (see the assumption). Every third-party line is judged; lines with two sides, no amount or a
        negative amount are left to the BAL rules.
    Why it matters:
        An invoice makes the customer owe its total (411 debited, revenue and VAT credited) and makes
        the company owe the supplier (401 credited, charge and VAT debited). A customer line credited
        while the revenue and VAT lines are still credited is a sign flipped on one line: the customer
        account ends up owing the customer, and the open item the invoice creates is on the wrong side
        for the payment to settle it.
    Example:
        A sales entry whose 411000 line is credited 1 200.00 while 706000 and 445710 are credited
        1 000.00 and 200.00: one sign flipped (BAL001 reports the imbalance too).
    How to fix:
        Debit the customer line of a sale, credit the supplier line of a purchase. For a credit note,
        reverse EVERY line of the entry (third party credited, revenue and VAT debited, for a sale).
    Assumption:
        A third-party line is a line of an invoice journal whose ``accountingEntryThirdParty`` has
        origin CUSTOMER or SUPPLIER (its register is ISSUED or RECEIVED by ``ledger.conventions``), or,
        without a third party, a line carrying ``accountingEntryInvoice`` with registerType ISSUED or
        RECEIVED. The entry is a credit note, and nothing is reported, when it is reversed as a whole:
        every third-party line is on the side opposite to its register, all on the same side, and every
        other line with an amount is on the other side (the invoice mirrored); or when an invoice block
        has a negative ``amount`` (INV004 accepts that sign for a credit note). The model has no other
        credit-note notion: ``entryType`` (GENERAL, OPENING…), ``registerType`` (ISSUED, RECEIVED) and the
        journal types do not name one, so the register and journal cannot say more. Credit-note
        conventions vary between exporters (a negative invoice on the usual sides, or the usual sides
        reversed), so this is a warning.
    Source:
        S5, S9, S10, S94 (docs/sources.md).
    """
    if journal_of_kind(entry, env, invoice=True) is None:
        return
    third_party_lines = 0
    # The third-party lines on the side opposite to their register, and the sides of the other lines.
    wrong: list[tuple[int, RegisterType, Side]] = []
    others: list[Side | None] = []
    for i, line in enumerate(entry.lines):
        register, side = _register_of(line), _side(line)
        if register is None:
            others.append(side)
            continue
        third_party_lines += 1
        if side is not None and side != THIRD_PARTY_SIDE[register]:
            wrong.append((i, register, side))
    if not wrong or any(_declares_credit_note(line) for line in entry.lines):
        return
    sides = {side for _i, _register, side in wrong}
    if len(wrong) == third_party_lines and len(sides) == 1:
        counterpart_side = other_side(sides.pop())
        if all(side is None or side == counterpart_side for side in others):
            return  # the whole entry reversed: a credit note
    for i, register, side in wrong:
        line = entry.lines[i]
        who = (line.origin.value if line.origin is not None else "invoice").lower()
        expected = THIRD_PARTY_SIDE[register]
        yield finding(
            line_path(i, f".{side}Amount"),
            f"{who} line {side}ed in {article(register.value)} invoice entry, where it is {expected}ed "
            f"(the entry is not reversed as a whole, as a credit note is)",
            f"{expected} this line; for a credit note, reverse every line of the entry",
            registerType=register.value,
            side=side,
        )
