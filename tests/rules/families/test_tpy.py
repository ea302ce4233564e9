"""TPY: third parties: present where the account needs one, complete, known, consistent: pass and fail cases for every code.

One table, ``CASES``: a base document, one mutation, the EXACT set of codes expected (the builders
and the organisation are in ``tests.helpers.entries``).
"""

from __future__ import annotations

from rules.engine import Engine
from tests.helpers.entries import (
    CTX,
    SELECT,
    TP,
    Case,
    L,
    assert_case,
    assert_pass_and_fail_cases,
    at,
    bank_receipt,
    case,
    make_context,
    parametrize_cases,
    payroll,
    purchase_with_registers,
    seed_001,
    uid,
)

CASES: list[Case] = [
    case(
        "TPY001",
        "customer account without third party",
        bank_receipt,
        lambda d: at(d, L(1, TP), delete=True),
        {"TPY001"},
    ),
    case(
        "TPY001",
        "not in read mode (the query may not select it)",
        bank_receipt,
        lambda d: at(d, L(1, TP), delete=True),
        set(),
        mode="read",
    ),
    case(
        "TPY001",
        "prepayment account without third party",
        bank_receipt,
        lambda d: (at(d, L(1, TP), delete=True), at(d, L(1, ".subAccountId"), uid("account/419100"))),
        set(),
    ),
    case(
        "TPY002",
        "third party without documentId",
        seed_001,
        lambda d: at(d, L(0, TP + ".documentId"), delete=True),
        {"TPY002"},
    ),
    case(
        "TPY002",
        "without identificationTypeId",
        seed_001,
        lambda d: at(d, L(0, TP + ".identificationTypeId"), delete=True),
        {"TPY002"},
    ),
    case(
        "TPY002",
        "without code, as seed 001's own example (documented assumption: TPY007's warning)",
        lambda: seed_001(with_code=None),
        None,
        {"TPY007"},
    ),
    case("TPY007", "block without code", lambda: seed_001(with_code=None), None, {"TPY007"}),
    case(
        "TPY007",
        "blank code (not also a TPY006 mismatch)",
        seed_001,
        lambda d: at(d, L(0, TP + ".code"), " "),
        {"TPY007"},
    ),
    case("TPY007", "block with its code", seed_001, None, set()),
    case("TPY007", "not in read mode", lambda: seed_001(with_code=None), None, set(), mode="read"),
    case(
        "TPY002",
        "blank socialName (one fault, one code: not also TPY006)",
        seed_001,
        lambda d: at(d, L(0, TP + ".socialName"), "  "),
        {"TPY002"},
    ),
    case(
        "TPY002",
        "an unreadable identificationTypeId is FLD003's, not missing",
        seed_001,
        lambda d: at(d, L(0, TP + ".identificationTypeId"), "not-a-uuid"),
        {"FLD003"},
    ),
    case(
        "TPY002",
        "works without context",
        seed_001,
        lambda d: at(d, L(0, TP + ".documentId"), delete=True),
        {"TPY002"},
        context=None,
    ),
    case(
        "TPY002",
        "not in read mode",
        seed_001,
        lambda d: at(d, L(0, TP + ".documentId"), delete=True),
        set(),
        mode="read",
    ),
    case("TPY002", "complete block", seed_001, None, set()),
    case(
        "TPY003",
        "employee on a charge account",
        payroll,
        lambda d: at(d, L(1, ".subAccountId"), uid("account/607000")),
        {"TPY003"},
    ),
    case(
        "TPY003",
        "customer on the supplier account",
        bank_receipt,
        lambda d: at(d, L(1, ".subAccountId"), uid("account/401000")),
        {"TPY003"},
    ),
    case(
        "TPY003",
        "customer on a customer prepayment account",
        bank_receipt,
        lambda d: at(d, L(1, ".subAccountId"), uid("account/419100")),
        set(),
    ),
    case("TPY003", "employee on the employee account", payroll, None, set()),
    case(
        "TPY004",
        "supplier invoice in the sales journal",
        purchase_with_registers,
        lambda d: at(d, "journalTypeId", uid("journal/VTE")),
        {"TPY004"},
    ),
    case("TPY004", "supplier invoice in the purchase journal", purchase_with_registers, None, set()),
    case("TPY004", "employee in a general journal", payroll, None, set()),
    case(
        "TPY005",
        "unknown customer id",
        seed_001,
        lambda d: at(d, L(0, TP + ".thirdPartyId"), uid("customer/nobody")),
        {"TPY005"},
    ),
    case(
        "TPY005",
        "a supplier's id with origin CUSTOMER",
        seed_001,
        lambda d: at(d, L(0, TP + ".thirdPartyId"), uid("supplier/S1")),
        {"TPY005"},
    ),
    case(
        "TPY005",
        "employee line, employees not in the context: skipped, not guessed",
        payroll,
        lambda d: at(d, L(1, TP + ".thirdPartyId"), uid("employee/nobody")),
        set(),
        context=make_context(drop=("employees",)),
    ),
    case("TPY005", "known customer", seed_001, None, set()),
    case(
        "TPY006",
        "socialName differs from the record",
        seed_001,
        lambda d: at(d, L(0, TP + ".socialName"), "Client 1"),
        {"TPY006"},
    ),
    case("TPY006", "employee name copied as socialName", payroll, None, set()),
    case(
        "TPY006",
        "not in read mode (records change after posting)",
        seed_001,
        lambda d: at(d, L(0, TP + ".socialName"), "Client 1"),
        set(),
        mode="read",
    ),
]


@parametrize_cases(CASES)
def test_case(code, description, base, mutate, expected, extra):
    assert_case(base, mutate, expected, extra)


def test_every_code_has_pass_and_fail_cases():
    assert_pass_and_fail_cases("TPY", CASES)


def test_tpy005_hint_names_the_list_the_id_belongs_to():
    document = at(seed_001(), L(0, TP + ".thirdPartyId"), uid("supplier/S1"))
    (violation,) = (
        Engine(context=CTX, select=SELECT).check(document, operation="createAccountingEntry").violations
    )
    assert violation.code == "TPY005" and "supplier" in violation.hint


def test_tpy005_needs_customers_and_suppliers_but_not_employees():
    report = Engine(context=make_context(drop=("suppliers",)), select=SELECT).check(
        seed_001(), operation="createAccountingEntry"
    )
    assert {"TPY005", "TPY006"} <= set(report.skipped_rules)
    report = Engine(context=make_context(drop=("employees",)), select=SELECT).check(
        seed_001(), operation="createAccountingEntry"
    )
    assert "TPY005" not in report.skipped_rules
