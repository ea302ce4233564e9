"""OIT: open items on invoices READ back from the API ([SA-entries], S19, S29).

Open items (``accountingEntryLines[].accountingEntryInvoice.openItems``) exist only when reading: a
create input that carries them is FLD007's. These rules therefore run on :class:`AccountingEntry` in
read mode only (``env.mode == "read"``, as ``ledger-rules audit`` loads entries) and stay silent on
create inputs.

The status thresholds are an ASSUMPTION (S86, certainty low): nothing
paid -> ``NOT_SPECIFIED``; part paid -> ``PARTIAL``; all paid -> ``COLLECTED`` on a customer invoice,
``PAID`` on a supplier invoice (S29). :func:`ledger.books.settlement.expected_status` is the one place that
states them; the settlement simulator uses the same function, so what it predicts always passes OIT.

Amounts are compared exactly. A credit note's items may be negative: "in range" then means between
the (negative) amount and zero — the rules read "paid" as "paid towards the amount", in its sign.

The invoice's side comes from the invoice ``registerType`` (ISSUED = customer invoice, RECEIVED =
supplier invoice, S10) or, when that is UNDEFINED or unreadable, from the line's third-party
``origin``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from ledger.books.settlement import FINAL_STATUS, expected_status, paid_in_range
from ledger.conventions import invoice_ledger
from ledger.entries import AccountingEntry, AccountingEntryLine, EntryInvoice, OpenItem
from ledger.enums import OpenItemLedger, OpenItemStatus
from ledger.money import total
from rules.families._shared import all_known
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


def _invoices(entry: AccountingEntry, env: Env) -> list[tuple[int, AccountingEntryLine, EntryInvoice]]:
    """(line index, line, invoice) for every read invoice that lists open items.

    Every OIT rule walks these for every entry of an audit, and nearly all of them are fine: the
    paths are written only for a finding (:func:`_invoice_path`, :func:`_item_path`)."""
    if env.mode != "read":
        return []
    return [
        (i, line, invoice)
        for i, line in enumerate(entry.lines)
        if (invoice := line.accounting_entry_invoice) is not None and invoice.open_items is not None
    ]


def _items(
    entry: AccountingEntry, env: Env
) -> Iterator[tuple[int, int, AccountingEntryLine, EntryInvoice, OpenItem]]:
    """(line index, item index, line, invoice, item) for every open item of a read invoice."""
    for i, line, invoice in _invoices(entry, env):
        for k, item in enumerate(invoice.open_items or ()):  # (never None: _invoices keeps lists only)
            yield i, k, line, invoice, item


def _invoice_path(i: int) -> str:
    return f"accountingEntryLines[{i}].accountingEntryInvoice"


def _item_path(i: int, k: int) -> str:
    return f"{_invoice_path(i)}.openItems[{k}]"


@rule("OIT001", "open-items-total-mismatch", "warning", targets=[AccountingEntry])
def open_items_total_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The open items of an invoice do not add up to the invoice amount.

    What it checks:
        Σ ``openItems[].amount`` = ``accountingEntryInvoice.amount``, exactly, for every read invoice
        that lists open items (an empty list is not judged: the items may not have been queried).
    Why it matters:
        Open items are the invoice's instalments (S19): if they do not cover the invoice, part of it
        will never appear as due — or more than the invoice will be chased.
    Example:
        Invoice 1 292.00 with open items 500.00 and 700.00 (Σ 1 200.00).
    How to fix:
        Check the invoice's payment terms (instalments) and the query: every item must be read.
    Assumption:
        That instalments always cover the invoice exactly is inferred (S19, medium): a warning.
    Source:
        S19, S86 (docs/sources.md).
    """
    for i, _line, invoice in _invoices(entry, env):
        items = invoice.open_items
        if not items or invoice.amount is None:
            continue
        amounts = all_known(item.amount for item in items)
        if amounts is None:
            continue
        items_total = total(amounts)
        if items_total != invoice.amount:
            yield finding(
                f"{_invoice_path(i)}.openItems",
                f"open items total {items_total}, the invoice {invoice.amount}",
                "check the instalments: their amounts must add up to the invoice amount",
                open_items=items_total,
                invoice=invoice.amount,
                difference=items_total - invoice.amount,
            )


@rule("OIT002", "paid-amount-out-of-range", "error", targets=[AccountingEntry])
def paid_amount_out_of_range(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """An open item's paid amount is negative or more than the item.

    What it checks:
        0 ≤ ``paidAmountAccumulated`` ≤ ``amount`` (for a negative item, a credit note's: amount ≤
        paid ≤ 0).
    Why it matters:
        Settlement refuses to pay more than is due (SET004); an accumulated amount outside that range
        means the item was edited outside the settlement flow or the read data is corrupt.
    Example:
        ``{"amount": 792, "paidAmountAccumulated": 800}``.
    How to fix:
        Find the payment that over-settled the item and reverse or re-allocate it.
    Source:
        S19, S30 (docs/sources.md).
    """
    for i, k, _line, _invoice, item in _items(entry, env):
        if item.amount is None or item.paid_amount_accumulated is None:
            continue
        if not paid_in_range(item.amount, item.paid_amount_accumulated):
            paid, amount = item.paid_amount_accumulated, item.amount
            if (amount >= 0 and paid < 0) or (amount < 0 and paid > 0):
                why = "has the wrong sign"
            else:
                why = "exceeds the item's amount"
            yield finding(
                f"{_item_path(i, k)}.paidAmountAccumulated",
                f"paid amount {paid} {why} (open item amount {amount})",
                "reverse or re-allocate the payment that over-settled the item",
                amount=amount,
                paid=paid,
            )


@rule("OIT003", "open-item-status-inconsistent", "warning", targets=[AccountingEntry])
def open_item_status_inconsistent(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """An open item's status contradicts its paid amount.

    What it checks:
        ``NOT_SPECIFIED`` with something paid; ``PARTIAL`` with nothing or everything paid;
        ``COLLECTED`` / ``PAID`` with something still due. (An item whose paid amount is out of range is
        OIT002's.)
    Why it matters:
        Settlement picks items by status (only NOT_SPECIFIED and PARTIAL, S30): a wrong status hides a
        debt from collection or offers a paid item for payment again.
    Example:
        ``{"amount": 500, "paidAmountAccumulated": 500, "status": "PARTIAL"}``.
    How to fix:
        Re-read the item after the last settlement; if it persists, report it to the vendor.
    Assumption:
        The thresholds are inferred, not stated (S86, low): paid 0 -> NOT_SPECIFIED,
        0 < paid < amount -> PARTIAL, paid = amount -> COLLECTED (sales) / PAID (purchases).
    Source:
        S21, S29, S86 (docs/sources.md).
    """
    for i, k, _line, _invoice, item in _items(entry, env):
        amount, paid, status = item.amount, item.paid_amount_accumulated, item.status
        if amount is None or paid is None or status is None or not paid_in_range(amount, paid):
            continue
        expected = expected_status(amount, paid, None)
        if status in FINAL_STATUS:
            fine = expected is None or expected in FINAL_STATUS  # the side is OIT004's
        else:
            fine = status is expected or (expected is None and status is OpenItemStatus.NOT_SPECIFIED)
        if fine:
            continue
        due = amount - paid
        if status is OpenItemStatus.NOT_SPECIFIED:
            why = f"{paid} is already paid"
        elif status is OpenItemStatus.PARTIAL:
            why = "nothing is paid" if paid == 0 else "everything is paid"
        else:
            why = f"{due} is still due"
        yield finding(
            f"{_item_path(i, k)}.status",
            f"status {status} but {why} (amount {amount}, paid {paid})",
            "re-read the item after the last settlement; the status should follow the paid amount",
            status=status.value,
            amount=amount,
            paid=paid,
        )


@rule("OIT004", "open-item-status-wrong-side", "warning", targets=[AccountingEntry])
def open_item_status_wrong_side(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """COLLECTED on a supplier invoice, or PAID on a customer invoice.

    What it checks:
        A customer (ISSUED) invoice's items are never ``PAID``; a supplier (RECEIVED) invoice's items
        are never ``COLLECTED``. The side is the invoice ``registerType``, else the line's third-party
        ``origin``; when neither tells, the item is not judged.
    Why it matters:
        ``COLLECTED`` is "fully collected from customers (not used for suppliers)", ``PAID`` "fully made
        to suppliers (not used for customers)" (S29): a swapped status means the invoice sits in the
        wrong ledger.
    Example:
        An item with ``"status": "PAID"`` on an invoice with ``"registerType": "ISSUED"``.
    How to fix:
        Check the invoice's journal and register type.
    Source:
        S21, S29 (docs/sources.md).
    """
    for i, k, line, invoice, item in _items(entry, env):
        if item.status is None or item.status not in FINAL_STATUS:
            continue
        side = invoice_ledger(invoice.register_type, line.origin)
        if side is None:
            continue
        wanted = expected_status(Decimal(1), Decimal(1), side)
        if wanted is not None and item.status is not wanted:  # (wanted: never None for a side)
            who = "customer" if side is OpenItemLedger.SALES else "supplier"
            yield finding(
                f"{_item_path(i, k)}.status",
                f"status {item.status} on a {who} invoice: settled {who} items are {wanted}",
                f"check the invoice's journal and register type (a {who} invoice is "
                f"{'ISSUED' if side is OpenItemLedger.SALES else 'RECEIVED'})",
                status=item.status.value,
                expected=wanted.value,
            )
