"""TAX: tax registers: treatment, amounts, regime, deductibility: pass and fail cases for every code.

One table, ``CASES``: a base document, one mutation, the EXACT set of codes expected (the builders
and the organisation are in ``tests.helpers.entries``).
"""

from __future__ import annotations

from rules.engine import Engine
from rules.env import Options
from tests.helpers.entries import (
    CTX,
    INVOICE,
    SELECT,
    TAX0,
    Case,
    D,
    L,
    assert_case,
    assert_pass_and_fail_cases,
    at,
    case,
    make_context,
    parametrize_cases,
    purchase_with_registers,
    register,
    sale_with_registers,
    seed_001,
    small_sale_with_register,
    uid,
    withholding_sale,
)

CASES: list[Case] = [
    case(
        "TAX001",
        "register without taxTreatmentId",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".taxTreatmentId"), delete=True),
        {"TAX001"},
    ),
    case("TAX001", "register with its treatment", sale_with_registers, None, set()),
    case(
        "TAX002",
        "20.50 on a base of 100.00 at 20 %",
        lambda: small_sale_with_register("20.50"),
        None,
        {"TAX002"},
    ),
    case(
        "TAX002",
        "works without context",
        lambda: small_sale_with_register("20.50"),
        None,
        {"TAX002"},
        context=None,
    ),
    case(
        "TAX002",
        "within a configured tolerance of 0.50",
        lambda: small_sale_with_register("20.50"),
        None,
        set(),
        options=Options(tax_tolerance=D("0.50")),
    ),
    case("TAX002", "seed 001 figures: 304.112 -> 304.11", sale_with_registers, None, set()),
    case(
        "TAX002",
        "185.045 -> 185.05 half-up",
        lambda: small_sale_with_register("185.05", "1850.45"),
        lambda d: [
            at(d, L(0, TAX0 + ".taxPercentage"), D("10")),
            at(d, L(0, TAX0 + ".taxId"), uid("tax/sales/10")),
        ],
        set(),
    ),
    case(
        "TAX002",
        "185.045 -> 185.04 with half-even rounding",
        lambda: small_sale_with_register("185.05", "1850.45"),
        lambda d: [
            at(d, L(0, TAX0 + ".taxPercentage"), D("10")),
            at(d, L(0, TAX0 + ".taxId"), uid("tax/sales/10")),
        ],
        {"TAX002"},
        options=Options(tax_rounding="half-even"),
    ),
    case(
        "TAX003",
        "register without regimeType",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".regimeType"), delete=True),
        {"TAX003"},
    ),
    case(
        "TAX003",
        "regimeType other than GENERAL (not FLD004)",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".regimeType"), "SIMPLIFIED"),
        {"TAX003"},
    ),
    case("TAX003", "regimeType GENERAL", sale_with_registers, None, set()),
    case(
        "TAX004",
        "deductible on a sales invoice",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".deductible"), True),
        {"TAX004"},
    ),
    case(
        "TAX004",
        "collected on a purchase invoice",
        purchase_with_registers,
        lambda d: at(d, L(0, TAX0 + ".deductible"), False),
        {"TAX004"},
    ),
    case("TAX004", "deductible purchase tax", purchase_with_registers, None, set()),
    case(
        "TAX005",
        "taxGroupId of another treatment",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".taxGroupId"), uid("group/purchases")),
        {"TAX005"},
    ),
    case(
        "TAX005",
        "taxType differs from the treatment's",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".taxType"), "IVA"),
        {"TAX005"},
    ),
    case(
        "TAX005",
        "taxId of another group",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".taxId"), uid("tax/purchases/20")),
        {"TAX005"},
    ),
    case(
        "TAX005",
        "taxPercentage differs from the tax's",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".taxId"), uid("tax/sales/10")),
        {"TAX005"},
    ),
    case(
        "TAX005",
        "unknown tax treatment",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".taxTreatmentId"), uid("treatment/nope")),
        {"TAX005"},
    ),
    case(
        "TAX005",
        "20.00 equals the tax's 20",
        sale_with_registers,
        lambda d: at(d, L(0, TAX0 + ".taxPercentage"), D("20.00")),
        set(),
    ),
    case(
        "TAX006",
        "register 304.11 but tax line 304.10",
        sale_with_registers,
        lambda d: [at(d, L(2, ".creditAmount"), D("304.10")), at(d, L(1, ".creditAmount"), D("1520.57"))],
        {"TAX006"},
    ),
    case(
        "TAX006",
        "no registers: nothing to compare",
        seed_001,
        lambda d: [at(d, L(2, ".creditAmount"), D("300.00")), at(d, L(1, ".creditAmount"), D("1524.67"))],
        set(),
    ),
    case(
        "TAX006",
        "withholding (IRPF) registers are left out",
        withholding_sale,
        None,
        set(),
        context=make_context(drop=("taxTreatments",)),
    ),
    case(
        "TAX007",
        "an extra 0 % base makes the registers exceed the invoice",
        sale_with_registers,
        lambda d: d["accountingEntryLines"][0]["accountingEntryInvoice"]["accountingEntryTaxes"].append(
            register("sales", "sales/0", "0", "100.00", "0.00", False)
        ),
        {"TAX007"},
    ),
    case(
        "TAX007",
        "two registers that add up",
        sale_with_registers,
        lambda d: at(
            d,
            L(0, INVOICE + ".accountingEntryTaxes"),
            [
                register("sales", "sales/20", "20", "1000.00", "200.00", False),
                register("sales", "sales/20", "20", "520.56", "104.11", False),
            ],
        ),
        set(),
    ),
    case(
        "TAX007",
        "withholding is subtracted from the total",
        withholding_sale,
        None,
        set(),
        context=make_context(drop=("taxTreatments",)),
    ),
]


@parametrize_cases(CASES)
def test_case(code, description, base, mutate, expected, extra):
    assert_case(base, mutate, expected, extra)


def test_every_code_has_pass_and_fail_cases():
    assert_pass_and_fail_cases("TAX", CASES)


def test_findings_point_at_the_field_and_carry_figures():
    document = small_sale_with_register("20.50")
    report = Engine(context=CTX, select=SELECT).check(document, operation="createAccountingEntry")
    (violation,) = report.violations
    assert violation.path == L(0, TAX0 + ".taxAmount")
    assert violation.severity.value == "warning"
    assert violation.message == "taxAmount 20.50 ≠ 100.00 × 20 % = 20.00"
    assert violation.figure("expected") == "20.00" and violation.figure("actual") == "20.50"
    assert report.valid  # a warning


def test_tax002_on_a_full_create_does_not_claim_the_simplified_operations_consequence():
    report = Engine(context=CTX, select=["TAX002"]).check(
        small_sale_with_register("20.50"), operation="createAccountingEntry"
    )
    (violation,) = report.violations
    assert "simplified" not in violation.message and "WITHOUT registers" not in violation.message
