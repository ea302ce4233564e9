"""REF: references to the organisation's journals, accounts, periods and sessions: pass and fail cases for every code.

One table, ``CASES``: a base document, one mutation, the EXACT set of codes expected (the builders
and the organisation are in ``tests.helpers.entries``).
"""

from __future__ import annotations

from tests.helpers.entries import (
    Case,
    L,
    assert_case,
    assert_pass_and_fail_cases,
    at,
    bank_receipt,
    case,
    make_context,
    parametrize_cases,
    post_sales_invoice,
    seed_001,
    settlement,
    uid,
)

CASES: list[Case] = [
    case(
        "REF001",
        "unknown journal id",
        seed_001,
        lambda d: at(d, "journalTypeId", uid("journal/nope")),
        {"REF001"},
    ),
    case(
        "REF001",
        "postSalesInvoice on an unknown journal",
        lambda: post_sales_invoice("nope"),
        None,
        {"REF001"},
        operation="postSalesInvoice",
    ),
    case("REF001", "known journal", seed_001, None, set()),
    case(
        "REF002",
        "deactivated bank journal",
        bank_receipt,
        lambda d: at(d, "journalTypeId", uid("journal/BP")),
        {"REF002"},
    ),
    case(
        "REF002",
        "not in read mode (old entries stay on it)",
        bank_receipt,
        lambda d: at(d, "journalTypeId", uid("journal/BP")),
        set(),
        mode="read",
    ),
    case(
        "REF003",
        "unknown account",
        seed_001,
        lambda d: at(d, L(1, ".subAccountId"), uid("account/999999")),
        {"REF003"},
    ),
    case("REF003", "known accounts", seed_001, None, set()),
    case(
        "REF004",
        "revenue on the group account 70",
        seed_001,
        lambda d: at(d, L(1, ".subAccountId"), uid("account/70")),
        {"REF004"},
    ),
    case(
        "REF004",
        "also in read mode",
        seed_001,
        lambda d: at(d, L(1, ".subAccountId"), uid("account/70")),
        {"REF004"},
        mode="read",
    ),
    case("REF004", "every account a sub-account", bank_receipt, None, set()),
    case(
        "REF005",
        "deactivated bank account",
        bank_receipt,
        lambda d: at(d, L(0, ".subAccountId"), uid("account/512100")),
        {"REF005"},
    ),
    case(
        "REF005",
        "not in read mode",
        bank_receipt,
        lambda d: at(d, L(0, ".subAccountId"), uid("account/512100")),
        set(),
        mode="read",
    ),
    case(
        "REF006", "date in the CLOSED year 2022", seed_001, lambda d: at(d, "date", "2022-06-30"), {"REF006"}
    ),
    case(
        "REF006",
        "date in the closed period January 2023",
        seed_001,
        lambda d: at(d, "date", "2023-01-15"),
        {"REF006"},
    ),
    case("REF006", "date in no fiscal year", seed_001, lambda d: at(d, "date", "2031-01-01"), {"REF006"}),
    case(
        "REF006",
        "settlement dated in the closed year",
        lambda: settlement(entryDate="2022-12-31"),
        None,
        {"REF006"},
        operation="salesOpenItemSettlement",
    ),
    case("REF006", "not in read mode", seed_001, lambda d: at(d, "date", "2022-06-30"), set(), mode="read"),
    case("REF006", "date in an open period", seed_001, None, set()),
    case(
        "REF007",
        "DE: deactivated session",
        lambda: seed_001() | {"documentNumber": "FA0022"},
        lambda d: at(d, "sessionId", uid("session/old")),
        {"REF007"},
        context=make_context("DE"),
    ),
    case(
        "REF007",
        "DE: unknown session",
        lambda: seed_001() | {"documentNumber": "FA0022"},
        lambda d: at(d, "sessionId", uid("session/nope")),
        {"REF007"},
        context=make_context("DE"),
    ),
    case(
        "REF007",
        "DE: active session",
        lambda: seed_001() | {"documentNumber": "FA0022"},
        lambda d: at(d, "sessionId", uid("session/main")),
        set(),
        context=make_context("DE"),
    ),
    case(
        "REF007",
        "FR: sessions are not used",
        seed_001,
        lambda d: at(d, "sessionId", uid("session/old")),
        set(),
    ),
    case("REF008", "DE: no documentNumber", seed_001, None, {"REF008"}, context=make_context("DE")),
    case(
        "REF008",
        "DE: with documentNumber",
        lambda: seed_001() | {"documentNumber": "FA0022"},
        None,
        set(),
        context=make_context("DE"),
    ),
    case("REF008", "FR: not required", seed_001, None, set()),
    case(
        "REF009",
        "postSalesInvoice on the purchase journal",
        lambda: post_sales_invoice("ACH"),
        None,
        {"REF009"},
        operation="postSalesInvoice",
    ),
    case(
        "REF009",
        "settlement with an unknown payment method",
        settlement,
        lambda d: at(d, "paymentMethodId", uid("payment/nope")),
        {"REF009"},
        operation="salesOpenItemSettlement",
    ),
    case(
        "REF009",
        "postSalesInvoice on the sales journal",
        post_sales_invoice,
        None,
        set(),
        operation="postSalesInvoice",
    ),
    case(
        "REF009",
        "settlement with a known payment method",
        settlement,
        None,
        set(),
        operation="salesOpenItemSettlement",
    ),
]


@parametrize_cases(CASES)
def test_case(code, description, base, mutate, expected, extra):
    assert_case(base, mutate, expected, extra)


def test_every_code_has_pass_and_fail_cases():
    assert_pass_and_fail_cases("REF", CASES)


# -- legislation-bound rules: not applicable is not "skipped for lack of data" (issue 13 item 18) ------------


def _skipped_and_found(context, mutate=None):
    from rules.engine import Engine

    document = seed_001()
    if mutate is not None:
        mutate(document)
    report = Engine(context=context, select=["REF"]).check(document, operation="createAccountingEntry")
    return set(report.skipped_rules), set(report.codes())


def test_german_rules_are_neither_run_nor_listed_as_skipped_for_a_french_organisation():
    skipped, found = _skipped_and_found(make_context("FR"), lambda d: at(d, "sessionId", uid("session/old")))
    assert not {"REF007", "REF008"} & (skipped | found)


def test_german_rules_are_skipped_when_the_context_names_no_legislation():
    context = make_context("FR", drop=("organization",))
    assert context.legislation_code is None
    skipped, _ = _skipped_and_found(context)
    assert {"REF007", "REF008"} <= skipped


def test_german_rules_run_for_a_german_organisation():
    skipped, found = _skipped_and_found(make_context("DE"), lambda d: at(d, "sessionId", uid("session/old")))
    assert {"REF007", "REF008"} <= found and not {"REF007", "REF008"} & skipped


def test_german_rules_declare_their_legislation():
    from rules.families import default_registry

    registry = default_registry()
    assert {r.code for r in registry if r.legislations} == {"REF007", "REF008"}
    assert all(r.legislations == ("DE",) for r in registry if r.legislations)
