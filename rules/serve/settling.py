"""What the live settlement mutations do to the stored books, through the existing simulator.

``salesOpenItemSettlement`` / ``purchaseOpenItemSettlement`` "create a bank entry and modify the open
items" (S30). The prediction is :func:`ledger.books.settlement.simulate_settlement`'s, and
:meth:`~ledger.books.settlement.SettlementResult.apply` turns it into the read ledger afterwards —
bank entry appended, invoices' items updated, lines lettered as the UI does (S38). This module only
writes that ledger back to the store:

* the bank entry is stored as any entry (number, ids; ``sourceType`` BANKING), with its lettering;
* every earlier entry whose lettering changed is rewritten with its new ``accountingEntryPayment``;
* each settled item gets its new ``paidAmountAccumulated`` and status, and ``modificationDate`` the
  settlement's ``entryDate`` — the seed's items (which have no entry in the store) included.

The ledger given to the simulator and to ``apply`` is the organisation's stored entries, so the letters
already in use are known and a new one is never a duplicate.
"""

from __future__ import annotations

from typing import Any

from ledger.books.lettering import Ledger
from ledger.books.settlement import SettlementResult, simulate_settlement
from ledger.entries import AccountingEntry
from ledger.enums import SourceType
from ledger.io.loading import dump
from rules.serve.books import Books, make_id


def stored_ledger(books: Books) -> tuple[Ledger, list[dict[str, Any]]]:
    """The organisation's entries as a read :class:`Ledger` (and their views, in the same order)."""
    views = books.entries()
    loader = books.loader
    models = [loader.load(AccountingEntry, view, mode="read").model for view in views]
    return Ledger(tuple(models)), views


def preview(books: Books, settlement: Any) -> SettlementResult:
    """The prediction alone (``openItemSettlement``): nothing is written."""
    ledger, _ = stored_ledger(books)
    return simulate_settlement(settlement, books.context, ledger=ledger)


def settle(books: Books, settlement: Any) -> dict[str, Any]:
    """Apply a checked settlement to the store; the bank entry's view. Call inside a transaction."""
    ledger, views = stored_ledger(books)
    result = simulate_settlement(settlement, books.context, ledger=ledger)
    after = result.apply(ledger)
    for index, (before, entry) in enumerate(zip(ledger.entries, after.entries)):
        assert before is not None and entry is not None
        payments = [line.accounting_entry_payment for line in entry.lines]
        if payments == [line.accounting_entry_payment for line in before.lines]:
            continue
        body = books.store.entry(books.org_id, views[index]["id"])
        assert body is not None
        for line, payment in zip(body["accountingEntryLines"], payments):
            if payment is not None:
                line["accountingEntryPayment"] = {**dump(payment), "id": make_id(line["id"], "payment")}
            else:
                line.pop("accountingEntryPayment", None)
        books.store.put_entry(books.org_id, int(body["number"]), body)
    bank = after.entries[-1]
    assert bank is not None
    created = books.store_entry(bank, source=SourceType.BANKING)
    updates = {u.open_item_id: u for u in result.items}
    for record in books.store.open_items(books.org_id):
        update = updates.get(record["id"])
        if update is None:
            continue
        record.update(
            paidAmountAccumulated=update.paid_after,
            modificationDate=created.get("date"),
        )
        if update.status_after is not None:
            record["status"] = update.status_after.value
        books.store.put_open_item(
            books.org_id, record, entry_id=books.store.open_item_entry(books.org_id, record["id"])
        )
    return created
