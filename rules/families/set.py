"""SET: open-item settlement inputs ([SA-settle-preview], S30, S31, S32, S34).

The three settlement operations (``salesOpenItemSettlement``, ``purchaseOpenItemSettlement`` and the
``openItemSettlement`` preview) share one shape and differ by the name of their list of paid amounts;
each input class says which ledger it works on (class attribute ``ledger``: SALES or PURCHASE), which
SET009 compares with the item's.

SET001, SET003 and SET007 read the input alone; the others need the open items AS READ (context key
``openItems``: amount, paidAmountAccumulated, status, thirdPartyId, ledger, invoicePosted). An item the
context does not hold is SET005's, and the other context rules skip it rather than guess.

One fault, one code: an item that is not open (SET002) is not also reported as overpaid (SET004); a
linkage whose ``paidAmount`` is not positive (SET003) is not judged against the remaining amount.
The status thresholds behind "open" are the ones :mod:`ledger.books.settlement` states (S86).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from ledger.books.settlement import FINAL_STATUS, settlement_ledger
from ledger.inputs import SETTLEMENT_INPUTS, OpenItemLinkagePaidAmount, SettlementInput
from ledger.reference import OpenItemRecord
from rules.families._shared import needed_context, repeats, settlement_linkages, settlement_list_name
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


TARGETS = SETTLEMENT_INPUTS


def _known(
    settlement: SettlementInput, env: Env
) -> Iterator[tuple[str, OpenItemLinkagePaidAmount, OpenItemRecord]]:
    """(path, linkage, record) for every linkage whose open item the context holds."""
    for path, linkage in settlement_linkages(settlement):
        if linkage.open_item_id is None:
            continue
        record = needed_context(env).open_item(linkage.open_item_id)
        if record is not None:
            yield path, linkage, record


@rule("SET001", "empty-settlement", "error", targets=TARGETS)
def empty_settlement(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """The settlement lists no open item.

    What it checks:
        The list of paid amounts (``salesOpenItemLinkagePaidAmounts``,
        ``purchaseOpenItemLinkagePaidAmounts`` or ``openItemLinkagePaidAmounts``) is not empty. (An
        absent list is FLD002's.)
    Why it matters:
        "Open Items: Mandatory, specify the open items and the amounts for settlement" ([SA-settle-preview]): with
        nothing to settle the server has no bank entry to create.
    Example:
        ``"salesOpenItemLinkagePaidAmounts": []``.
    How to fix:
        Add ``{"openItemId": …, "paidAmount": …}`` for each due date being paid.
    Source:
        S30, S31 (docs/sources.md).
    """
    if settlement.linkages is not None and len(settlement.linkages) == 0:
        name = settlement_list_name(settlement)
        yield finding(
            name,
            "the settlement lists no open item to settle",
            "add {openItemId, paidAmount} for each due date being paid",
        )


@rule("SET002", "open-item-not-open", "error", targets=TARGETS, needs=["openItems"])
def open_item_not_open(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """A settled open item is already fully paid (COLLECTED or PAID).

    What it checks:
        Every targeted item's status (as read, context ``openItems``) is NOT_SPECIFIED or PARTIAL.
    Why it matters:
        "The purpose of this action is to target open items that have not yet been fully paid (status
        = NOT_SPECIFIED or PARTIAL)" ([SA-settle-preview]): paying a settled item again is a double payment.
    Example:
        Settling an item whose status is ``COLLECTED``.
    How to fix:
        Re-read the open items: someone settled this one already; remove it from the list.
    Source:
        S30 (docs/sources.md).
    """
    for path, _linkage, record in _known(settlement, env):
        if record.status in FINAL_STATUS:
            yield finding(
                f"{path}.openItemId",
                f"open item {record.id} is already {record.status}: only NOT_SPECIFIED or PARTIAL "
                f"items can be settled",
                "re-read the open items and remove this one from the settlement",
                status=record.status.value,
            )


@rule("SET003", "non-positive-paid-amount", "error", targets=TARGETS)
def non_positive_paid_amount(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """A paid amount is zero or negative.

    What it checks:
        Every ``paidAmount`` is greater than 0.
    Why it matters:
        A settlement records money received or paid; a zero line creates an empty bank movement and a
        negative one would re-open the item. Neither is a settlement.
    Example:
        ``{"openItemId": "…", "paidAmount": 0}``.
    How to fix:
        Remove the line, or give the amount actually paid.
    Assumption:
        The docs do not state that the server refuses it (S87, low); ranked an
        error because no payment is made of nothing.
    Source:
        S31, S87 (docs/sources.md).
    """
    for path, linkage in settlement_linkages(settlement):
        if linkage.paid_amount is not None and linkage.paid_amount <= 0:
            yield finding(
                f"{path}.paidAmount",
                f"paid amount {linkage.paid_amount} is not positive",
                "remove the line or give the amount actually paid",
                paid=linkage.paid_amount,
            )


@rule("SET004", "overpayment", "error", targets=TARGETS, needs=["openItems"])
def overpayment(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """A paid amount exceeds what is still due on the item.

    What it checks:
        ``paidAmount`` ≤ ``amount − paidAmountAccumulated`` of the targeted item (context
        ``openItems``), exactly.
    Why it matters:
        Overpaying an instalment leaves a credit the settlement flow cannot represent on that item;
        the surplus belongs on another item or on an advance.
    Example:
        Paying 800 on an item of 792 with nothing paid yet ([SA-settle-preview] figures).
    How to fix:
        Pay at most the remaining amount and put the surplus on the next due date.
    Assumption:
        That the server refuses an overpayment is not documented (S87, low).
    Source:
        S30, S87 (docs/sources.md).
    """
    for path, linkage, record in _known(settlement, env):
        paid = linkage.paid_amount
        if paid is None or paid <= 0 or record.amount is None or record.status in FINAL_STATUS:
            continue
        already = record.paid_amount_accumulated or Decimal(0)
        remaining = record.amount - already
        if paid > remaining:
            yield finding(
                f"{path}.paidAmount",
                f"paid amount {paid} exceeds the {remaining} still due on the item "
                f"(amount {record.amount}, paid {already})",
                f"pay at most {remaining} on this item; put the surplus on another due date",
                paid=paid,
                remaining=remaining,
                excess=paid - remaining,
            )


@rule("SET005", "unknown-open-item", "error", targets=TARGETS, needs=["openItems"])
def unknown_open_item(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """A settled open item is not among the organisation's open items.

    What it checks:
        Every ``openItemId`` is the id of an item in the context's ``openItems``.
    Why it matters:
        The server cannot settle an item it does not know; often the id is an invoice id or a line id
        copied by mistake.
    Example:
        ``"openItemId"`` set to the ``accountingEntryInvoice.id``.
    How to fix:
        Read the ids from ``accountingEntryInvoice.openItems`` ([SA-settle-preview] "How to retrieve the IDs").
    Source:
        S30, S31 (docs/sources.md).
    """
    for path, linkage in settlement_linkages(settlement):
        if linkage.open_item_id is not None and needed_context(env).open_item(linkage.open_item_id) is None:
            yield finding(
                f"{path}.openItemId",
                f"open item {linkage.open_item_id} is not among the organisation's open items",
                "read the ids from accountingEntryInvoice.openItems",
            )


@rule("SET006", "settlement-third-party-mismatch", "error", targets=TARGETS, needs=["openItems"])
def settlement_third_party_mismatch(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """A settled open item belongs to another third party than the settlement's.

    What it checks:
        Every targeted item's ``thirdPartyId`` (context) equals the settlement's ``thirdPartyId``.
    Why it matters:
        The bank entry is booked to ``thirdPartyId``; settling another customer's item credits the
        wrong account and leaves both balances wrong.
    Example:
        ``thirdPartyId`` = customer A, one item of customer B.
    How to fix:
        Settle each third party's items in its own settlement.
    Assumption:
        Whether one settlement may mix third parties is not stated (S88); the input names one
        third party, so we assume not (low).
    Source:
        S31, S88 (docs/sources.md).
    """
    expected = settlement.third_party_id
    if expected is None:
        return
    for path, _linkage, record in _known(settlement, env):
        if record.third_party_id is not None and record.third_party_id != expected:
            yield finding(
                f"{path}.openItemId",
                f"open item {record.id} belongs to third party {record.third_party_id}, not {expected}",
                "settle each third party's items in its own settlement",
                item_third_party=record.third_party_id,
                settlement_third_party=expected,
            )


@rule("SET007", "duplicate-open-item", "error", targets=TARGETS)
def duplicate_open_item(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """The same open item appears twice in one settlement.

    What it checks:
        No ``openItemId`` is listed more than once. Reported on the second (and later) occurrence.
    Why it matters:
        "A total or partial amount for each due date" ([SA-settle-preview]): one amount per item. Two lines are
        ambiguous (sum or replace?) and usually a copy-paste error.
    Example:
        Two linkages with the same ``openItemId``, 500 and 292.
    How to fix:
        Merge them into one line with the total paid on that item.
    Source:
        S31 (docs/sources.md).
    """
    items = ((path, linkage.open_item_id) for path, linkage in settlement_linkages(settlement))
    for path, item, first in repeats((path, item) for path, item in items if item is not None):
        yield finding(
            f"{path}.openItemId",
            f"open item {item} is already settled by {first}",
            "merge the lines into one with the total paid on the item",
        )


@rule("SET008", "invoice-not-posted", "error", targets=TARGETS, needs=["openItems"])
def invoice_not_posted(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """A settled open item's invoice has not been posted.

    What it checks:
        Every targeted item whose context record says ``invoicePosted: false``. (Unknown = not judged.)
    Why it matters:
        "An invoice must be posted before a settlement can be applied to it" (S34).
    Example:
        Settling an item of a sales invoice still in status Pending.
    How to fix:
        Post the invoice first (``postSalesInvoice``), then settle.
    Source:
        S34 (docs/sources.md).
    """
    for path, _linkage, record in _known(settlement, env):
        if record.invoice_posted is False:
            yield finding(
                f"{path}.openItemId",
                f"open item {record.id} belongs to an invoice that has not been posted",
                "post the invoice first (postSalesInvoice), then settle",
            )


@rule("SET009", "wrong-ledger", "error", targets=TARGETS, needs=["openItems"])
def wrong_ledger(settlement: SettlementInput, env: Env) -> Iterator[Finding]:
    """A sales settlement targets a purchase open item, or the reverse.

    What it checks:
        The item's ``ledger`` (context: SALES or PURCHASE) is the settlement's: SALES for
        ``salesOpenItemSettlement`` and the ``openItemSettlement`` preview, PURCHASE for
        ``purchaseOpenItemSettlement``.
    Why it matters:
        The two mutations book on opposite sides of the bank account; settling a supplier invoice as a
        customer receipt records money coming in that actually went out.
    Example:
        ``salesOpenItemSettlement`` with the open item of a purchase invoice.
    How to fix:
        Use ``purchaseOpenItemSettlement`` for supplier items, ``salesOpenItemSettlement`` for customer
        items.
    Source:
        S30, S31, S32 (docs/sources.md).
    """
    side = settlement_ledger(settlement)
    for path, _linkage, record in _known(settlement, env):
        if record.ledger is not None and record.ledger is not side:
            right = "purchaseOpenItemSettlement" if side.value == "SALES" else "salesOpenItemSettlement"
            yield finding(
                f"{path}.openItemId",
                f"open item {record.id} is a {record.ledger.value.lower()} item; this settlement is "
                f"{side.value.lower()}",
                f"settle it with {right}",
                item_ledger=record.ledger.value,
                settlement_ledger=side.value,
            )
