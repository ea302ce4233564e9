"""The settlement simulator and the letter allocator (seed 004, D51–D58; rules.md SET, LET)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal as D

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.books.lettering import (
    LETTER_CAPACITY,
    Ledger,
    LetterAllocator,
    LetteringError,
    is_valid_letter,
    letter_index,
    letter_lines,
    letter_text,
    lettering_groups,
)
from ledger.books.settlement import (
    SettlementError,
    expected_status,
    open_item_records,
    simulate_settlement,
)
from ledger.entries import AccountingEntry
from ledger.enums import Matching, OpenItemLedger, OpenItemStatus
from ledger.inputs import OpenItemLinkagePaidAmount, PurchaseOpenItemSettlement, SalesOpenItemSettlement
from ledger.io.context_file import context_from_dict
from ledger.io.jsontext import dumps
from ledger.io.loading import Loader, dump
from ledger.operations import BY_NAME
from rules.audit import audit
from rules.engine import Engine
from tests.helpers.budgets import examples

NS = uuid.UUID("8a0f2b1e-7d1c-4f5e-a0b2-9c3d4e5f6a7b")


def uid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


# The seed 004 ids.
PM = "815c1835-90dd-4e62-8504-79a3f97fac67"
THIRD = "815c1835-9cb5-4e62-8504-79a3f97fac67"
ITEM_500 = "815c1835-a4e7-4e62-8504-79a3f97fac67"
ITEM_792 = "815c1835-a647-4e62-8504-79a3f97fac67"
SUPPLIER = uid("supplier")
BANK_JOURNAL, BANK_ACCOUNT = uid("BQ"), uid("512000")
CUSTOMERS_ACCOUNT, SUPPLIERS_ACCOUNT, OWN_ACCOUNT = uid("411000"), uid("401000"), uid("411100")
INVOICE = uid("invoice-IN0022")

SEED_004 = {
    "query": "mutation($input: OpenItemSettlementGLDtoInput!) { openItemSettlement(input: $input) { id } }",
    "variables": {
        "input": {
            "entryDate": "2024-01-01",
            "paymentMethodId": PM,
            "description": "Full settlement of Invoice IN0022",
            "documentNumber": "IN00022",
            "thirdPartyId": THIRD,
            "openItemLinkagePaidAmounts": [
                {"openItemId": ITEM_500, "paidAmount": D(500)},
                {"openItemId": ITEM_792, "paidAmount": D(792)},
            ],
        }
    },
}


def seed_context(**overrides):
    items = [
        {
            "id": ITEM_500,
            "amount": D(500),
            "paidAmountAccumulated": D(0),
            "status": "NOT_SPECIFIED",
            "dueDate": "2024-01-31",
            "thirdPartyId": THIRD,
            "ledger": "SALES",
            "invoicePosted": True,
            "invoiceId": INVOICE,
        },
        {
            "id": ITEM_792,
            "amount": D(792),
            "paidAmountAccumulated": D(0),
            "status": "NOT_SPECIFIED",
            "dueDate": "2024-02-29",
            "thirdPartyId": THIRD,
            "ledger": "SALES",
            "invoicePosted": True,
            "invoiceId": INVOICE,
        },
    ]
    for item in items:
        item.update(overrides.get(item["id"], {}))
    return context_from_dict(
        {
            "organization": {
                "currency": "EUR",
                "accountingSetup": {
                    "defaultCustomersAccountId": CUSTOMERS_ACCOUNT,
                    "defaultSuppliersAccountId": SUPPLIERS_ACCOUNT,
                },
            },
            "customers": [{"id": THIRD, "code": "IN22", "socialName": "Client IN0022"}],
            "paymentMethods": [
                {
                    "id": PM,
                    "type": "BANK_ACCOUNT",
                    "journalTypeId": BANK_JOURNAL,
                    "subAccountId": BANK_ACCOUNT,
                }
            ],
            "openItems": items,
        }
    )


def load_settlement(value, operation="openItemSettlement"):
    loaded = Loader().load(BY_NAME[operation].model, value)
    assert not loaded.problems
    return loaded.model


# -- letters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "index,letter",
    [
        (1, "A"),
        (2, "B"),
        (26, "Z"),
        (27, "AA"),
        (52, "AZ"),
        (53, "BA"),
        (702, "ZZ"),
        (703, "AAA"),
        (LETTER_CAPACITY, "ZZZZZ"),
    ],
)
def test_bijective_base_26(index, letter):
    assert letter_text(index, full=True) == letter
    assert letter_text(index, full=False) == letter.lower()
    assert letter_index(letter) == index == letter_index(letter.lower())


def test_no_sixth_letter():
    with pytest.raises(LetteringError):
        letter_text(LETTER_CAPACITY + 1, full=True)
    with pytest.raises(LetteringError):
        letter_text(0, full=True)


@given(st.integers(1, LETTER_CAPACITY), st.booleans())
def test_letters_round_trip(index, full):
    text = letter_text(index, full=full)
    assert is_valid_letter(text) and 1 <= len(text) <= 5
    assert text.isupper() == full
    assert letter_index(text) == index


def test_allocator_counts_per_account_and_third_party_and_both_cases():
    allocator = LetterAllocator()
    assert allocator.next("411", "c1", full=True) == "A"
    assert allocator.next("411", "c1", full=False) == "b"
    assert allocator.next("411", "c2", full=True) == "A"
    assert allocator.next("401", "c1", full=True) == "A"
    allocator.reserve("411", "c1", "z")
    assert allocator.next("411", "c1", full=True) == "AA"


# -- the seed 004 example -------------------------------------------------------------------------


def test_seed_004_example_passes_every_rule():
    report = Engine(context=seed_context()).check(SEED_004)
    assert report.valid, report.violations
    assert report.codes() == []


def test_seed_004_predicted_entry_items_and_matching():
    result = simulate_settlement(load_settlement(SEED_004["variables"]["input"]), seed_context())
    entry = result.entry
    assert entry.journal_type_id == BANK_JOURNAL and entry.date == date(2024, 1, 1)
    bank, *parties = entry.lines
    assert (bank.sub_account_id, bank.debit_amount, bank.credit_amount) == (BANK_ACCOUNT, D(1292), D(0))
    assert [(l.sub_account_id, l.debit_amount, l.credit_amount) for l in parties] == [
        (CUSTOMERS_ACCOUNT, D(0), D(500)),
        (CUSTOMERS_ACCOUNT, D(0), D(792)),
    ]
    assert all(l.accounting_entry_third_party.third_party_id == THIRD for l in parties)
    assert parties[0].accounting_entry_third_party.social_name == "Client IN0022"
    assert [(u.paid_after, u.status_after) for u in result.items] == [
        (D(500), OpenItemStatus.COLLECTED),
        (D(792), OpenItemStatus.COLLECTED),
    ]
    [match] = result.matches
    assert (match.matching, match.letter, match.line_indexes, match.remaining) == (
        Matching.FULL_MATCH,
        "A",
        (1, 2),
        D(0),
    )
    # The predicted entry passes BAL (and every other create rule that can run).
    check = Engine(select="BAL").check_value(dump(entry), BY_NAME["createAccountingEntry"])
    assert check.codes() == []


def test_paying_800_on_the_792_item_reports_set004():
    body = {"query": SEED_004["query"], "variables": {"input": dict(SEED_004["variables"]["input"])}}
    body["variables"]["input"]["openItemLinkagePaidAmounts"] = [
        {"openItemId": ITEM_500, "paidAmount": D(500)},
        {"openItemId": ITEM_792, "paidAmount": D(800)},
    ]
    report = Engine(context=seed_context()).check(body)
    assert report.codes() == ["SET004"]
    assert report.violations[0].path == "openItemLinkagePaidAmounts[1].paidAmount"
    assert report.violations[0].figure("excess") == "8"


def test_settling_a_collected_item_reports_set002():
    context = seed_context(**{ITEM_500: {"paidAmountAccumulated": D(500), "status": "COLLECTED"}})
    report = Engine(context=context).check(SEED_004)
    assert report.codes() == ["SET002"]
    assert report.violations[0].path == "openItemLinkagePaidAmounts[0].openItemId"


def test_partial_payment_gives_partial_status_and_lower_case_letter():
    settlement = load_settlement(
        {
            **SEED_004["variables"]["input"],
            "openItemLinkagePaidAmounts": [{"openItemId": ITEM_792, "paidAmount": D("292.50")}],
        }
    )
    result = simulate_settlement(settlement, seed_context())
    [update] = result.items
    assert (update.paid_after, update.status_after, update.remaining) == (
        D("292.50"),
        OpenItemStatus.PARTIAL,
        D("499.50"),
    )
    [match] = result.matches
    assert (match.matching, match.letter, match.remaining) == (Matching.PARTIAL_MATCH, "a", D("999.50"))
    after = result.updated_context(seed_context())
    assert after.open_item(ITEM_792).status is OpenItemStatus.PARTIAL
    assert after.open_item(ITEM_500).status is OpenItemStatus.NOT_SPECIFIED


def test_purchase_settlement_credits_the_bank_and_marks_items_paid():
    item = uid("purchase-item")
    context = context_from_dict(
        {
            "organization": {"accountingSetup": {"defaultSuppliersAccountId": SUPPLIERS_ACCOUNT}},
            "paymentMethods": [{"id": PM, "journalTypeId": BANK_JOURNAL, "subAccountId": BANK_ACCOUNT}],
            "openItems": [
                {
                    "id": item,
                    "amount": D("1014.36"),
                    "paidAmountAccumulated": D(0),
                    "status": "NOT_SPECIFIED",
                    "thirdPartyId": SUPPLIER,
                    "ledger": "PURCHASE",
                    "invoicePosted": True,
                }
            ],
        }
    )
    settlement = PurchaseOpenItemSettlement(
        entry_date=date(2025, 6, 30),
        payment_method_id=PM,
        third_party_id=SUPPLIER,
        linkages=(OpenItemLinkagePaidAmount(open_item_id=item, paid_amount=D("1014.36")),),
    )
    result = simulate_settlement(settlement, context)
    bank, party = result.entry.lines
    assert (bank.debit_amount, bank.credit_amount) == (D(0), D("1014.36"))
    assert (party.sub_account_id, party.debit_amount, party.credit_amount) == (
        SUPPLIERS_ACCOUNT,
        D("1014.36"),
        D(0),
    )
    assert party.accounting_entry_third_party.origin.value == "SUPPLIER"
    assert result.items[0].status_after is OpenItemStatus.PAID
    assert result.ledger is OpenItemLedger.PURCHASE


def test_third_party_account_fallbacks():
    base = seed_context()
    # 1. the item's own account
    items = tuple(attrs.evolve(r, sub_account_id=OWN_ACCOUNT) for r in base.open_items)
    result = simulate_settlement(
        load_settlement(SEED_004["variables"]["input"]), attrs.evolve(base, open_items=items)
    )
    assert {l.sub_account_id for l in result.entry.lines[1:]} == {OWN_ACCOUNT}
    # 2. the third party's default account
    customers = (attrs.evolve(base.customers[0], default_accounting_account_id=uid("411CLIENT")),)
    result = simulate_settlement(
        load_settlement(SEED_004["variables"]["input"]), attrs.evolve(base, customers=customers)
    )
    assert {l.sub_account_id for l in result.entry.lines[1:]} == {uid("411CLIENT")}
    # 3. nothing at all: the simulator says what is missing
    with pytest.raises(SettlementError, match="no account known"):
        simulate_settlement(
            load_settlement(SEED_004["variables"]["input"]), attrs.evolve(base, organization=None)
        )


def test_simulator_refuses_unknown_payment_method_and_item():
    settlement = load_settlement({**SEED_004["variables"]["input"], "paymentMethodId": uid("nope")})
    with pytest.raises(SettlementError, match="payment method"):
        simulate_settlement(settlement, seed_context())
    settlement = load_settlement(
        {
            **SEED_004["variables"]["input"],
            "openItemLinkagePaidAmounts": [{"openItemId": uid("nope"), "paidAmount": D(1)}],
        }
    )
    with pytest.raises(SettlementError, match="not in the context"):
        simulate_settlement(settlement, seed_context())


def test_simulator_predicts_no_residue_for_a_sub_cent_paid_amount():
    (linkage,) = SEED_004["variables"]["input"]["openItemLinkagePaidAmounts"][:1]
    settlement = load_settlement(
        {
            **SEED_004["variables"]["input"],
            "openItemLinkagePaidAmounts": [{**linkage, "paidAmount": D("791.999")}],
        }
    )
    with pytest.raises(
        SettlementError, match=r"^linkage 0: paidAmount 791.999 has more decimals than EUR allows \(2\)$"
    ):
        simulate_settlement(settlement, seed_context())


@pytest.mark.parametrize(
    "amount,paid,side,status",
    [
        ("500", "0", None, OpenItemStatus.NOT_SPECIFIED),
        ("500", "1", None, OpenItemStatus.PARTIAL),
        ("500", "500", OpenItemLedger.SALES, OpenItemStatus.COLLECTED),
        ("500", "500", OpenItemLedger.PURCHASE, OpenItemStatus.PAID),
        ("-150", "-150", OpenItemLedger.SALES, OpenItemStatus.COLLECTED),
        ("0", "0", None, None),
    ],
)
def test_status_thresholds(amount, paid, side, status):
    assert expected_status(D(amount), D(paid), side) is status


# -- a ledger, settled and lettered -----------------------------------------------------------------


CUSTOMER = uid("customer")
SALES_JOURNAL, PURCHASE_JOURNAL, REVENUE, CHARGES = uid("VTE"), uid("ACH"), uid("706000"), uid("607000")


def read_invoice(name: str, amounts: list[D], side: str) -> dict:
    """An invoice entry as read from the API, with one open item per instalment."""
    total = sum(amounts, D(0))
    sales = side == "SALES"
    register = "ISSUED" if sales else "RECEIVED"
    party_line = {
        "id": uid(f"{name}.0"),
        "subAccountId": CUSTOMERS_ACCOUNT if sales else SUPPLIERS_ACCOUNT,
        "debitAmount": total if sales else D(0),
        "creditAmount": D(0) if sales else total,
        "registerType": register,
        "accountingEntryThirdParty": {
            "thirdPartyId": CUSTOMER if sales else SUPPLIER,
            "origin": "CUSTOMER" if sales else "SUPPLIER",
        },
        "accountingEntryInvoice": {
            "id": uid(f"{name}.invoice"),
            "documentDate": "2025-01-15",
            "amount": total,
            "registerType": register,
            "openItems": [
                {
                    "id": uid(f"{name}.item{k}"),
                    "amount": a,
                    "paidAmountAccumulated": D(0),
                    "status": "NOT_SPECIFIED",
                    "dueDate": "2025-02-15",
                }
                for k, a in enumerate(amounts)
            ],
        },
    }
    other = {
        "id": uid(f"{name}.1"),
        "subAccountId": REVENUE if sales else CHARGES,
        "debitAmount": D(0) if sales else total,
        "creditAmount": total if sales else D(0),
        "registerType": register,
    }
    return {
        "id": uid(name),
        "number": D(1),
        "date": "2025-01-15",
        "journalTypeId": SALES_JOURNAL if sales else PURCHASE_JOURNAL,
        "accountingEntryLines": [party_line, other],
    }


def ledger_of(values) -> Ledger:
    loader = Loader()
    entries = []
    for value in values:
        loaded = loader.load(AccountingEntry, value, mode="read")
        assert not loaded.problems
        entries.append(loaded.model)
    return Ledger(tuple(entries))


def context_for(ledger: Ledger):
    context = context_from_dict(
        {
            "organization": {"currency": "EUR"},
            "paymentMethods": [
                {
                    "id": PM,
                    "type": "BANK_ACCOUNT",
                    "journalTypeId": BANK_JOURNAL,
                    "subAccountId": BANK_ACCOUNT,
                }
            ],
            "openItems": [],
        }
    )
    return attrs.evolve(context, open_items=open_item_records(ledger))


def settle(side: str, pairs, day: int = 1):
    cls = SalesOpenItemSettlement if side == "SALES" else PurchaseOpenItemSettlement
    return cls(
        entry_date=date(2025, 3, day),
        payment_method_id=PM,
        third_party_id=CUSTOMER if side == "SALES" else SUPPLIER,
        description="payment",
        linkages=tuple(OpenItemLinkagePaidAmount(open_item_id=i, paid_amount=a) for i, a in pairs),
    )


def audit_ledger(ledger: Ledger):
    return audit(dumps([dump(e) for e in ledger.entries]))


def test_two_partial_payments_then_full_reuse_the_letter():
    ledger = ledger_of([read_invoice("inv", [D(500), D(792)], "SALES")])
    context = context_for(ledger)
    first = simulate_settlement(settle("SALES", [(uid("inv.item0"), D(500))]), context, ledger=ledger)
    assert [(m.matching, m.letter) for m in first.matches] == [(Matching.PARTIAL_MATCH, "a")]
    ledger = first.apply(ledger)
    context = first.updated_context(context)
    second = simulate_settlement(settle("SALES", [(uid("inv.item1"), D(792))], 2), context, ledger=ledger)
    assert [(m.matching, m.letter) for m in second.matches] == [(Matching.FULL_MATCH, "A")]
    ledger = second.apply(ledger)
    [group] = lettering_groups(ledger)
    assert len(group.lines) == 3 and group.letter == "A" and group.matching is Matching.FULL_MATCH
    assert [r.violations for r in audit_ledger(ledger)] == [(), (), ()]
    # The next invoice of the customer gets the next letter.
    ledger = Ledger(ledger.entries + ledger_of([read_invoice("inv2", [D(80)], "SALES")]).entries)
    context = context_for(ledger)
    third = simulate_settlement(settle("SALES", [(uid("inv2.item0"), D(80))], 3), context, ledger=ledger)
    assert [m.letter for m in third.matches] == ["B"]


def test_a_fully_matched_line_cannot_be_lettered_again():
    ledger = ledger_of([read_invoice("inv", [D(100)], "SALES")])
    result = simulate_settlement(
        settle("SALES", [(uid("inv.item0"), D(100))]), context_for(ledger), ledger=ledger
    )
    ledger = result.apply(ledger)
    with pytest.raises(LetteringError, match="unmatch it first"):
        letter_lines(ledger, [(0, 0)])


# -- properties -------------------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=5_000_00)


@st.composite
def invoices(draw):
    """1–3 invoices of one side, each with 1–3 instalments (amounts in cents, as Decimals)."""
    side = draw(st.sampled_from(["SALES", "PURCHASE"]))
    count = draw(st.integers(1, 3))
    values = [
        read_invoice(
            f"inv{n}", [D(c).scaleb(-2) for c in draw(st.lists(cents, min_size=1, max_size=3))], side
        )
        for n in range(count)
    ]
    return side, values


def draw_settlement(data, side: str, context) -> SalesOpenItemSettlement | PurchaseOpenItemSettlement | None:
    """A valid settlement of some of the items still open: each pays 0.01 … what remains."""
    open_items = [r for r in context.open_items if r.paid_amount_accumulated < r.amount]
    if not open_items:
        return None
    chosen = data.draw(
        st.lists(st.sampled_from(open_items), min_size=1, max_size=len(open_items), unique_by=lambda r: r.id)
    )
    pairs = []
    for record in chosen:
        remaining = int((record.amount - record.paid_amount_accumulated).scaleb(2))
        pay = data.draw(st.one_of(st.just(remaining), st.integers(1, remaining)))
        pairs.append((record.id, D(pay).scaleb(-2)))
    return settle(side, pairs)


@given(invoices(), st.data())
def test_simulated_settlements_balance_and_statuses_pass_oit(drawn, data):
    side, values = drawn
    ledger = ledger_of(values)
    context = context_for(ledger)
    settlement = draw_settlement(data, side, context)
    assert Engine(context=context).check_value(dump(settlement), _operation(settlement)).codes() == []
    result = simulate_settlement(settlement, context, ledger=ledger)
    entry_check = Engine(select="BAL").check_value(dump(result.entry), BY_NAME["createAccountingEntry"])
    assert entry_check.codes() == []
    after = result.apply(ledger)
    oit = audit(dumps([dump(e) for e in after.entries]), select="OIT")
    assert [v for r in oit for v in r.violations] == []


@examples(40)  # each example settles, letters and audits a whole ledger
@given(invoices(), st.data())
def test_a_ledger_built_by_settling_and_lettering_passes_audit(drawn, data):
    side, values = drawn
    ledger = ledger_of(values)
    context = context_for(ledger)
    for round_ in range(data.draw(st.integers(1, 4))):
        settlement = draw_settlement(data, side, context)
        if settlement is None:
            break
        settlement = attrs.evolve(settlement, entry_date=date(2025, 3, round_ + 1))
        assert Engine(context=context).check_value(dump(settlement), _operation(settlement)).valid
        result = simulate_settlement(settlement, context, ledger=ledger)
        ledger = result.apply(ledger)
        # The prediction agrees with the lettering actually applied, and with the ledger's items.
        bank = ledger.entries[-1]
        for match in result.matches:
            letters = {bank.lines[i].accounting_entry_payment.matching_letter for i in match.line_indexes}
            assert letters == {match.letter}
        context = result.updated_context(context)
        assert sorted(map(_item_state, context.open_items)) == sorted(
            map(_item_state, open_item_records(ledger))
        )
    reports = audit_ledger(ledger)
    assert [v for r in reports for v in r.violations] == []


def _item_state(record):
    return record.id, record.paid_amount_accumulated, record.status


def _operation(settlement):
    return BY_NAME[
        "salesOpenItemSettlement"
        if isinstance(settlement, SalesOpenItemSettlement)
        else "purchaseOpenItemSettlement"
    ]
