"""REG: an entry line's registerType agrees with its journal and third party: pass and fail cases for every code.

One table, ``CASES``: a base document, one mutation, the EXACT set of codes expected (the builders
and the organisation are in ``tests.helpers.entries``).
"""

from __future__ import annotations

from tests.helpers.entries import (
    INVOICE,
    Case,
    L,
    assert_case,
    assert_pass_and_fail_cases,
    at,
    bank_receipt,
    case,
    parametrize_cases,
    seed_001,
    seed_001_purchase,
    uid,
)

CASES: list[Case] = [
    case(
        "REG001",
        "customer line ISSUED in the bank journal",
        bank_receipt,
        lambda d: at(d, L(1, ".registerType"), "ISSUED"),
        {"REG001"},
    ),
    case(
        "REG001",
        "a wrong side there is REG003 too (rules.md)",
        bank_receipt,
        lambda d: at(d, L(1, ".registerType"), "RECEIVED"),
        {"REG001", "REG003"},
    ),
    case("REG001", "every line UNDEFINED in the bank journal", bank_receipt, None, set()),
    case(
        "REG001",
        "carry-forward journal, all UNDEFINED",
        bank_receipt,
        lambda d: at(d, "journalTypeId", uid("journal/AN")),
        set(),
    ),
    case(
        "REG002",
        "revenue line ISSUED in the sales journal",
        seed_001,
        lambda d: at(d, L(1, ".registerType"), "ISSUED"),
        {"REG002"},
    ),
    case(
        "REG002",
        "customer line UNDEFINED in the sales journal (the twin)",
        seed_001,
        lambda d: at(d, L(0, ".registerType"), "UNDEFINED"),
        {"REG002"},
    ),
    case("REG002", "the seed 001 sale", seed_001, None, set()),
    case(
        "REG003",
        "customer line RECEIVED in the sales journal",
        seed_001,
        lambda d: at(d, L(0, ".registerType"), "RECEIVED"),
        {"REG003"},
    ),
    case(
        "REG003",
        "works without context",
        seed_001,
        lambda d: at(d, L(0, ".registerType"), "RECEIVED"),
        {"REG003"},
        context=None,
    ),
    case("REG003", "supplier line RECEIVED", seed_001_purchase, None, set()),
    case(
        "REG004",
        "customer invoice RECEIVED",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".registerType"), "RECEIVED"),
        {"REG004"},
    ),
    case(
        "REG004",
        "works without context",
        seed_001,
        lambda d: at(d, L(0, INVOICE + ".registerType"), "RECEIVED"),
        {"REG004"},
        context=None,
    ),
    case("REG004", "supplier invoice RECEIVED", seed_001_purchase, None, set()),
]


@parametrize_cases(CASES)
def test_case(code, description, base, mutate, expected, extra):
    assert_case(base, mutate, expected, extra)


def test_every_code_has_pass_and_fail_cases():
    assert_pass_and_fail_cases("REG", CASES)
