"""Open-item settlement, offline: what ``salesOpenItemSettlement`` / ``purchaseOpenItemSettlement`` /
``openItemSettlement`` will do to the books ([SA-settle-preview], S19, S29, S30, S31, S32, S34).

The server "creates a bank entry and modifies the open items" (S30). :func:`simulate_settlement`
predicts both from the settlement input and the organisation's reference data (:class:`Context`: open
items, payment methods, third parties, accounting setup), plus the lettering that follows:

* the BANK ENTRY, in the payment method's journal (``paymentMethods[].journalTypeId``), dated
  ``entryDate``: one line on the payment method's account (``subAccountId``) for the total — a debit
  for a sales settlement (money comes in), a credit for a purchase settlement — and one third-party
  line per settled item, on the side opposite, on the item's account (``OpenItemRecord.subAccountId``,
  else the third party's ``defaultAccountingAccountId``, else the setup's ``defaultCustomersAccountId``
  / ``defaultSuppliersAccountId``). The entry balances by construction. Lines carry ``registerType``
  UNDEFINED and no invoice block: a bank journal is not an invoice journal (S5, S7).
* the OPEN ITEMS afterwards: ``paidAmountAccumulated`` += ``paidAmount`` and the status that follows
  from it (:func:`expected_status`).
* the MATCHING: per invoice (the items sharing ``invoiceId``; an item without one stands alone), the
  new third-party lines are lettered with the invoice's — FULL (upper-case letter) when every item of
  the invoice is now fully paid, else PARTIAL (lower case). Letters come from
  :class:`ledger.books.lettering.LetterAllocator` (bijective base 26 per account and third party).

Assumptions (S86–S88 in docs/sources.md, certainty low, each documented where the rules use them): the status
thresholds (nothing paid -> NOT_SPECIFIED, part -> PARTIAL, all -> COLLECTED for sales / PAID for
purchases); one bank line for the total (the server may split it: it is not documented); the item's
account as described above. The simulator does NOT judge the input: check it with the SET rules first
(``ledger-rules settle`` does); it only refuses what makes a prediction impossible
(:class:`SettlementError`: unknown payment method or item, no account, unreadable amount, a paid
amount finer than the currency's minor unit — the server's rounding of it is not documented).

:meth:`SettlementResult.apply` turns a prediction into the READ ledger it produces (the bank entry
appended, the invoices' open items updated, the lines lettered as the UI does, S38) — what the
property tests feed to ``audit``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import attrs

from ledger.books.lettering import (
    Ledger,
    LetterAllocator,
    group_key,
    letter_index,
    letter_lines,
    letter_text,
    lettering_groups,
)
from ledger.context import Context
from ledger.conventions import copied_from_record, invoice_ledger, ledger_origin
from ledger.entries import AccountingEntry, AccountingEntryLine, EntryThirdParty
from ledger.enums import EntryType, Matching, OpenItemLedger, OpenItemStatus, Origin, RegisterType
from ledger.io.loading import dump
from ledger.money import exceeds_minor_unit, minor_unit_digits, total
from ledger.reference import OpenItemRecord

#: Statuses of a fully settled item (S29).
FINAL_STATUS = frozenset({OpenItemStatus.COLLECTED, OpenItemStatus.PAID})
#: Namespace of the deterministic ids the simulator gives the entries and lines it predicts.
SETTLEMENT_NAMESPACE = uuid.UUID("0b7e1a4e-5f0c-4d8e-8f57-3d2f6c1b9a11")


class SettlementError(ValueError):
    """The settlement cannot be simulated with this context (the message says what is missing)."""


# -- status thresholds (the one place that states them) -------------------------------------------


def paid_in_range(amount: Decimal, paid: Decimal) -> bool:
    """0 ≤ paid ≤ amount, or amount ≤ paid ≤ 0 for a negative (credit-note) item."""
    return 0 <= paid <= amount if amount >= 0 else amount <= paid <= 0


def expected_status(amount: Decimal, paid: Decimal, ledger: OpenItemLedger | None) -> OpenItemStatus | None:
    """The status an item with this amount and paid amount should have (assumption S86).

    Nothing paid -> NOT_SPECIFIED; part paid -> PARTIAL; everything paid -> COLLECTED for the sales
    ledger, PAID for the purchase ledger (COLLECTED when the ledger is unknown: callers that cannot
    tell the side accept either final status). None for a zero item with nothing paid, whose status
    cannot be told.
    """
    if paid == 0:
        return None if amount == 0 else OpenItemStatus.NOT_SPECIFIED
    if abs(paid) >= abs(amount):
        return OpenItemStatus.PAID if ledger is OpenItemLedger.PURCHASE else OpenItemStatus.COLLECTED
    return OpenItemStatus.PARTIAL


def settlement_ledger(settlement: Any) -> OpenItemLedger:
    """SALES or PURCHASE: the ledger a settlement input class works on (its ``ledger`` attribute)."""
    return OpenItemLedger(type(settlement).ledger)


# -- results --------------------------------------------------------------------------------------


@attrs.frozen
class OpenItemUpdate:
    """One settled open item, before and after."""

    open_item_id: str
    invoice_id: str | None
    third_party_id: str | None
    account_id: str
    amount: Decimal
    paid_before: Decimal
    paid_now: Decimal
    paid_after: Decimal
    status_before: OpenItemStatus | None
    status_after: OpenItemStatus | None

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid_after

    def to_dict(self) -> dict[str, Any]:
        return {
            "openItemId": self.open_item_id,
            "invoiceId": self.invoice_id,
            "amount": self.amount,
            "paidAmount": self.paid_now,
            "paidAmountAccumulated": {"before": self.paid_before, "after": self.paid_after},
            "status": {
                "before": self.status_before.value if self.status_before else None,
                "after": self.status_after.value if self.status_after else None,
            },
            "remaining": self.remaining,
        }


@attrs.frozen
class PredictedMatch:
    """The lettering of one invoice after the settlement."""

    account_id: str
    third_party_id: str | None
    invoice_id: str | None
    open_item_ids: tuple[str, ...]
    line_indexes: tuple[int, ...]  # the bank entry's third-party lines in this match
    matching: Matching
    letter: str
    remaining: Decimal  # still due on the invoice's known items

    def to_dict(self) -> dict[str, Any]:
        return {
            "accountId": self.account_id,
            "thirdPartyId": self.third_party_id,
            "invoiceId": self.invoice_id,
            "openItemIds": list(self.open_item_ids),
            "accountingEntryLines": list(self.line_indexes),
            "matching": self.matching.value,
            "matchingLetter": self.letter,
            "remaining": self.remaining,
        }


@attrs.frozen
class SettlementResult:
    """What a settlement does: the bank entry, the open items afterwards, the lettering."""

    entry: AccountingEntry  # as created (no ids, no lettering): the createAccountingEntry shape
    items: tuple[OpenItemUpdate, ...]
    matches: tuple[PredictedMatch, ...]
    ledger: OpenItemLedger

    @property
    def total(self) -> Decimal:
        return total(item.paid_now for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ledger": self.ledger.value,
            "total": self.total,
            "accountingEntry": dump(self.entry),
            "openItems": [item.to_dict() for item in self.items],
            "matches": [match.to_dict() for match in self.matches],
        }

    def updated_context(self, context: Context) -> Context:
        """The context with the settled items' paid amounts and statuses as they will read afterwards."""
        updates = {u.open_item_id: u for u in self.items}
        records = tuple(
            attrs.evolve(
                r, paid_amount_accumulated=updates[r.id].paid_after, status=updates[r.id].status_after
            )
            if r.id in updates
            else r
            for r in context.open_items
        )
        return attrs.evolve(context, open_items=records)

    def read_entry(self, salt: str = "") -> AccountingEntry:
        """The bank entry as it will read back: with deterministic ids for the entry and its lines."""
        entry_id = str(uuid.uuid5(SETTLEMENT_NAMESPACE, f"entry;{salt};{self._fingerprint()}"))
        lines = tuple(
            attrs.evolve(line, id=str(uuid.uuid5(SETTLEMENT_NAMESPACE, f"{entry_id};{i}")))
            for i, line in enumerate(self.entry.lines)
        )
        return attrs.evolve(self.entry, id=entry_id, accounting_entry_lines=lines)

    def _fingerprint(self) -> str:
        return ";".join(f"{u.open_item_id}:{u.paid_now}:{u.paid_before}" for u in self.items)

    def apply(self, ledger: Ledger, *, salt: str = "") -> Ledger:
        """The read ledger after the settlement: bank entry appended, items updated, lines lettered.

        The invoice lines are the ledger's lines whose ``accountingEntryInvoice.openItems`` hold a
        settled item; they are lettered with the new third-party lines as the UI does (S38): with any
        partial group they already belong to, upper case when the lines now balance.
        """
        updates = {u.open_item_id: u for u in self.items}
        # 1. the invoices' open items, and where each settled item's invoice line is
        changed: dict[tuple[int, int], AccountingEntryLine] = {}
        line_of_item: dict[str, tuple[int, int]] = {}
        for ref in ledger.lines():
            invoice = ref.line.accounting_entry_invoice
            if invoice is None or not invoice.open_items:
                continue
            if not any(item.id in updates for item in invoice.open_items):
                continue
            new_items = []
            for item in invoice.open_items:
                update = updates.get(item.id) if item.id is not None else None
                if update is not None:
                    line_of_item[update.open_item_id] = (ref.entry_index, ref.line_index)
                    item = attrs.evolve(
                        item, paid_amount_accumulated=update.paid_after, status=update.status_after
                    )
                new_items.append(item)
            changed[(ref.entry_index, ref.line_index)] = attrs.evolve(
                ref.line, accounting_entry_invoice=attrs.evolve(invoice, open_items=tuple(new_items))
            )
        ledger = ledger.replace_lines(changed).append(self.read_entry(salt))
        bank = len(ledger.entries) - 1
        # 2. the lettering, one invoice at a time
        for match in self.matches:
            positions = [(bank, i) for i in match.line_indexes]
            positions += sorted({line_of_item[i] for i in match.open_item_ids if i in line_of_item})
            ledger, _ = letter_lines(ledger, positions)
        return ledger


# -- the simulation -------------------------------------------------------------------------------


def _third_party_account(
    record: OpenItemRecord, side: OpenItemLedger, origin: Origin, context: Context
) -> str:
    if record.sub_account_id:
        return record.sub_account_id
    if record.third_party_id:
        party = context.third_party(origin, record.third_party_id)
        if party is not None and party.default_accounting_account_id:
            return party.default_accounting_account_id
    setup = context.organization.accounting_setup if context.organization else None
    if setup is not None:
        default = (
            setup.default_customers_account_id
            if side is OpenItemLedger.SALES
            else setup.default_suppliers_account_id
        )
        if default:
            return default
    raise SettlementError(
        f"open item {record.id}: no account known (give the item's subAccountId, the third party's "
        f"defaultAccountingAccountId or the setup's default {origin.value.lower()}s account)"
    )


def _third_party_block(
    third_party_id: str | None, origin: Origin, context: Context
) -> EntryThirdParty | None:
    if third_party_id is None:
        return None
    party = context.third_party(origin, third_party_id)
    return EntryThirdParty(
        third_party_id=third_party_id,
        origin=origin,
        **copied_from_record(party),
        country_acronym=party.country_acronym if party else None,
        vat_number=getattr(party, "vat_number", None) if party else None,
    )


def simulate_settlement(
    settlement: Any, context: Context, *, ledger: Ledger | None = None
) -> SettlementResult:
    """Predict the bank entry, the open items and the lettering a settlement produces.

    ``settlement`` is a :class:`~ledger.inputs.SalesOpenItemSettlement`,
    :class:`~ledger.inputs.PurchaseOpenItemSettlement` or :class:`~ledger.inputs.OpenItemSettlement`;
    ``context`` must hold the open items and payment methods. ``ledger`` (optional) seeds the letter
    allocator with the letters already in use. Raises :class:`SettlementError` when the prediction is
    impossible; does not judge the input (that is the SET rules' job).
    """
    side = settlement_ledger(settlement)
    origin = ledger_origin(side)
    if settlement.payment_method_id is None:
        raise SettlementError("the settlement has no paymentMethodId")
    method = context.payment_method(settlement.payment_method_id)
    if method is None:
        raise SettlementError(f"payment method {settlement.payment_method_id} is not in the context")
    if not method.journal_type_id or not method.sub_account_id:
        raise SettlementError(f"payment method {method.id} lacks journalTypeId or subAccountId")
    linkages = settlement.linkages or ()
    if not linkages:
        raise SettlementError("the settlement settles no open item")

    # Paid amounts accumulate per item (the same item twice is SET007's fault, but stays computable).
    # Keyed by the linkage's openItemId, which is the record's id (the context finds records by id).
    paid_now: dict[str, Decimal] = {}
    records: dict[str, OpenItemRecord] = {}
    amounts: dict[str, Decimal] = {}
    order: list[str] = []
    for k, linkage in enumerate(linkages):
        item_id = linkage.open_item_id
        if item_id is None or linkage.paid_amount is None:
            raise SettlementError(f"linkage {k} has no readable openItemId or paidAmount")
        if exceeds_minor_unit(linkage.paid_amount, context.currency):
            # The server books the currency's minor unit; how it rounds is not documented, so any
            # prediction (a 0.001 residue, or none) would be a guess (BAL006 reports the input).
            raise SettlementError(
                f"linkage {k}: paidAmount {linkage.paid_amount} has more decimals than {context.currency} "
                f"allows ({minor_unit_digits(context.currency)})"
            )
        record = context.open_item(item_id)
        if record is None:
            raise SettlementError(f"open item {item_id} is not in the context")
        if record.amount is None:
            raise SettlementError(f"open item {record.id} has no amount in the context")
        if item_id not in paid_now:
            order.append(item_id)
            paid_now[item_id] = Decimal(0)
        paid_now[item_id] = total((paid_now[item_id], linkage.paid_amount))
        records[item_id] = record
        amounts[item_id] = record.amount

    updates: list[OpenItemUpdate] = []
    bank_side_total = total(paid_now.values())
    description = settlement.description
    lines: list[AccountingEntryLine] = [
        AccountingEntryLine(
            sub_account_id=method.sub_account_id,
            description=description,
            document_number=settlement.document_number,
            debit_amount=bank_side_total if side is OpenItemLedger.SALES else Decimal(0),
            credit_amount=Decimal(0) if side is OpenItemLedger.SALES else bank_side_total,
            register_type=RegisterType.UNDEFINED,
        )
    ]
    line_of: dict[str, int] = {}
    for item_id in order:
        record = records[item_id]
        account = _third_party_account(record, side, origin, context)
        before = record.paid_amount_accumulated or Decimal(0)
        after = total((before, paid_now[item_id]))
        updates.append(
            OpenItemUpdate(
                open_item_id=item_id,
                invoice_id=record.invoice_id,
                third_party_id=record.third_party_id,
                account_id=account,
                amount=amounts[item_id],
                paid_before=before,
                paid_now=paid_now[item_id],
                paid_after=after,
                status_before=record.status,
                status_after=expected_status(amounts[item_id], after, side) or OpenItemStatus.NOT_SPECIFIED,
            )
        )
        amount = paid_now[item_id]
        line_of[item_id] = len(lines)
        lines.append(
            AccountingEntryLine(
                sub_account_id=account,
                description=description,
                document_number=settlement.document_number,
                debit_amount=Decimal(0) if side is OpenItemLedger.SALES else amount,
                credit_amount=amount if side is OpenItemLedger.SALES else Decimal(0),
                register_type=RegisterType.UNDEFINED,
                accounting_entry_third_party=_third_party_block(
                    record.third_party_id or settlement.third_party_id, origin, context
                ),
            )
        )
    entry = AccountingEntry(
        date=settlement.entry_date,
        journal_type_id=method.journal_type_id,
        document_number=settlement.document_number,
        description=description,
        entry_type=EntryType.GENERAL.value,
        session_id=settlement.session_id,
        accounting_entry_lines=tuple(lines),
    )
    matches = _predict_matches(updates, line_of, side, context, ledger)
    return SettlementResult(entry, tuple(updates), matches, side)


def _predict_matches(
    updates: list[OpenItemUpdate],
    line_of: dict[str, int],
    side: OpenItemLedger,
    context: Context,
    ledger: Ledger | None,
) -> tuple[PredictedMatch, ...]:
    after = {u.open_item_id: u for u in updates}
    groups: dict[tuple, list[OpenItemUpdate]] = {}
    for update in updates:
        key = (update.account_id, update.third_party_id, update.invoice_id or ("item", update.open_item_id))
        groups.setdefault(key, []).append(update)
    allocator = LetterAllocator.from_ledger(ledger)
    kept = _partial_letters(ledger, after) if ledger is not None else {}
    matches = []
    for (account, party, _invoice_key), members in groups.items():
        invoice_id = members[0].invoice_id
        if invoice_id is not None:
            siblings = [r for r in context.open_items if r.invoice_id == invoice_id]
        else:
            siblings = [r for r in (context.open_item(members[0].open_item_id),) if r is not None]
        remaining = total(
            (
                r.amount
                - (after[r.id].paid_after if r.id in after else (r.paid_amount_accumulated or Decimal(0)))
            )
            for r in siblings
            if r.amount is not None
        )
        full = remaining == 0
        # S38: a payment added to a partially matched invoice takes that group's letter.
        reused = sorted(kept[m.open_item_id] for m in members if m.open_item_id in kept)
        if reused:
            letter = letter_text(reused[0], full=full)
        else:
            letter = allocator.next(account, party, full=full)
        matches.append(
            PredictedMatch(
                account_id=account,
                third_party_id=party,
                invoice_id=invoice_id,
                open_item_ids=tuple(m.open_item_id for m in members),
                line_indexes=tuple(line_of[m.open_item_id] for m in members),
                matching=Matching.FULL_MATCH if full else Matching.PARTIAL_MATCH,
                letter=letter,
                remaining=remaining,
            )
        )
    return tuple(matches)


def _partial_letters(ledger: Ledger, items: dict[str, OpenItemUpdate]) -> dict[str, int]:
    """Settled item id -> the letter index of the partial group its invoice line already belongs to."""
    groups = {g.key: g for g in lettering_groups(ledger)}
    found: dict[str, int] = {}
    for ref in ledger.lines():
        invoice = ref.line.accounting_entry_invoice
        if invoice is None or not invoice.open_items:
            continue
        key = group_key(ref)
        if key is None or groups[key].matching is not Matching.PARTIAL_MATCH:
            continue
        index = letter_index(groups[key].letter or "")
        if index is None:
            continue
        for item in invoice.open_items:
            if item.id in items:
                found[item.id] = index
    return found


# -- from a read ledger to settlement reference data ----------------------------------------------


def open_item_records(ledger: Ledger) -> tuple[OpenItemRecord, ...]:
    """The ``openItems`` context records of the invoices in a read ledger.

    Each item takes its third party and account from the invoice's line, its ledger from the invoice
    ``registerType`` (ISSUED = SALES, RECEIVED = PURCHASE) or the third party's origin, and
    ``invoicePosted`` true (an invoice with an accounting entry has been posted, S34). Items whose
    side cannot be told are left out.
    """
    records = []
    for ref in ledger.lines():
        line = ref.line
        invoice = line.accounting_entry_invoice
        if invoice is None or not invoice.open_items:
            continue
        side = invoice_ledger(invoice.register_type, line.origin)
        if side is None:
            continue
        for item in invoice.open_items:
            records.append(
                OpenItemRecord(
                    id=item.id,
                    amount=item.amount,
                    paid_amount_accumulated=item.paid_amount_accumulated,
                    status=item.status,
                    due_date=item.due_date,
                    third_party_id=ref.third_party_id,
                    ledger=side,
                    invoice_posted=True,
                    invoice_id=invoice.id,
                    sub_account_id=line.sub_account_id,
                )
            )
    return tuple(records)


__all__ = [
    "FINAL_STATUS",
    "OpenItemUpdate",
    "PredictedMatch",
    "SettlementError",
    "SettlementResult",
    "expected_status",
    "open_item_records",
    "paid_in_range",
    "settlement_ledger",
    "simulate_settlement",
]
