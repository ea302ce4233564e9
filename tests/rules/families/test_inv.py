"""INV: invoice blocks: where they belong, one per entry, amounts and dates: pass and fail cases for every code.

One table, ``CASES``: a base document, one mutation, the EXACT set of codes expected (the builders
and the organisation are in ``tests.helpers.entries``).
"""

from __future__ import annotations

from rules.engine import Engine
from tests.helpers.entries import (
    CTX,
    INVOICE,
    SELECT,
    TP,
    Case,
    D,
    L,
    assert_case,
    assert_pass_and_fail_cases,
    at,
    bank_receipt,
    case,
    flip,
    invoice,
    line,
    make_context,
    parametrize_cases,
    sale_two_customers,
    seed_001,
    third_party,
)
from tests.helpers.entries import entry as entry_of

CASES: list[Case] = [
    case(
        "INV001",
        "sales customer line without invoice",
        seed_001,
        lambda d: at(d, L(0, INVOICE), delete=True),
        {"INV001"},
    ),
    case("INV001", "bank receipt needs no invoice", bank_receipt, None, set()),
    case(
        "INV002",
        "invoice block in the bank journal",
        bank_receipt,
        lambda d: at(d, L(1, INVOICE), invoice("1824.67", "ISSUED")),
        {"INV002"},
    ),
    case("INV002", "invoice block in the sales journal", seed_001, None, set()),
    case("INV003", "two customers in one sales entry", sale_two_customers, None, {"INV003"}),
    case(
        "INV003",
        "two invoices, no journal types: the context-free part",
        sale_two_customers,
        None,
        {"INV003"},
        context=make_context(drop=("journalTypes",)),
    ),
    case("INV003", "one customer", seed_001, None, set()),
    case(
        "INV004",
        "invoice amount differs from its line",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".amount"), D("1800.00")),
        {"INV004"},
    ),
    case(
        "INV004",
        "works without context",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".amount"), D("1800.00")),
        {"INV004"},
        context=None,
    ),
    case(
        "INV004",
        "credit-note sign: magnitudes compared",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".amount"), D("-1824.67")),
        set(),
    ),
    case(
        "INV005",
        "invoice without expeditionDate",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".expeditionDate"), delete=True),
        {"INV005"},
    ),
    case(
        "INV005",
        "not in read mode",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".expeditionDate"), delete=True),
        set(),
        mode="read",
    ),
    case("INV005", "all dates", seed_001, None, set()),
    case(
        "INV006",
        "invoice on the revenue line",
        seed_001,
        lambda d: at(d, L(1, INVOICE), invoice("1520.56", "UNDEFINED")),
        {"INV006"},
    ),
    case("INV006", "invoice on the customer line", seed_001, None, set()),
    case(
        "INV007",
        "operationDate after documentDate",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".operationDate"), "2023-03-15"),
        {"INV007"},
    ),
    case(
        "INV007",
        "operationDate before documentDate",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".operationDate"), "2023-02-27"),
        set(),
    ),
    case(
        "INV009",
        "customer line credited on an ISSUED invoice",
        seed_001,
        lambda d: flip(d, 0),
        {"INV009", "BAL001"},
    ),
    case("INV009", "a credit note: every line reversed", seed_001, lambda d: flip(d, 0, 1, 2), set()),
]


@parametrize_cases(CASES)
def test_case(code, description, base, mutate, expected, extra):
    assert_case(base, mutate, expected, extra)


def test_every_code_has_pass_and_fail_cases():
    assert_pass_and_fail_cases("INV", CASES)


def test_inv003_reports_the_second_third_party_only():
    report = Engine(context=CTX, select=SELECT).check(sale_two_customers(), operation="createAccountingEntry")
    assert [(v.code, v.path) for v in report.violations] == [("INV003", L(1, TP))]
    no_journals = Engine(context=make_context(drop=("journalTypes",)), select=SELECT)
    report = no_journals.check(sale_two_customers(), operation="createAccountingEntry")
    assert [(v.code, v.path) for v in report.violations] == [("INV003", L(1, INVOICE))]


def _inv003_message(document) -> str:
    report = Engine(context=CTX, select=["INV003"]).check(document, operation="createAccountingEntry")
    (violation,) = report.violations
    assert violation.path == L(1, TP)
    return violation.message


def _sale(second_third_party: str, *, second_invoice: bool) -> dict:
    extra = {"accountingEntryInvoice": invoice("824.67", "ISSUED")} if second_invoice else {}
    return entry_of(
        "VTE",
        [
            line(
                "411000",
                debit="1000.00",
                register="ISSUED",
                accountingEntryThirdParty=third_party("customer", "C1"),
                accountingEntryInvoice=invoice("1000.00", "ISSUED"),
            ),
            line(
                "411000",
                debit="824.67",
                register="ISSUED",
                accountingEntryThirdParty=third_party("customer", second_third_party),
                **extra,
            ),
            line("706000", credit="1520.56"),
            line("445710", credit="304.11"),
        ],
    )


def test_inv003_words_two_invoices_of_one_customer_as_a_second_invoice():
    customer = third_party("customer", "C1")["thirdPartyId"]
    assert _inv003_message(_sale("C1", second_invoice=True)) == (
        f"a second invoice of the same third party ({customer}) in one SALES_INVOICE entry "
        "(the first is on line 0)"
    )


def test_inv003_words_a_second_line_of_one_customer_as_such():
    message = _inv003_message(_sale("C1", second_invoice=False))
    assert message.startswith("a second line of the same third party (")


def test_inv003_words_two_customers_as_a_second_third_party():
    first, second = (third_party("customer", c)["thirdPartyId"] for c in ("C1", "C2"))
    assert _inv003_message(sale_two_customers()) == (
        f"a second third party ({second}) in one SALES_INVOICE entry (the first, {first}, is on line 0)"
    )
