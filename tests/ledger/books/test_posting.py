"""ledger.books.posting (the postSalesInvoice simulator) and the ``post-sales-invoice`` command.

The property test draws invoices (amounts from integers of minor units, so every price is an exact
EUR amount) and checks that every entry the simulator builds is balanced and passes EVERY registered
rule family, under both VAT rounding policies and both sales-account policies.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.books.posting import (
    PostingError,
    SalesInvoice,
    SalesInvoiceLine,
    SalesInvoiceType,
    load_sales_invoice,
    post_sales_invoice,
)
from ledger.books.vies import CustomerClass
from ledger.io.context_file import context_from_dict
from ledger.io.jsontext import dumps, loads
from ledger.io.loading import dump
from ledger.money import from_minor_units, percentage_of, round_to_minor_unit, total
from ledger.operations import BY_NAME
from rules.cli import main
from rules.engine import Engine
from rules.env import Options
from tests.helpers import ROOT
from tests.helpers.sales import (
    A419100,
    A706000,
    A707000,
    A707100,
    A707200,
    BE,
    CUSTOMERS_ACCOUNT,
    DE,
    FR,
    GB,
    MC,
    NOCOUNTRY,
    OUTPUT_VAT,
    SALES_JOURNAL,
    US,
    context_data,
)

CREATE = BY_NAME["createAccountingEntry"]
P_SUSPENSION = "bf459a40-6b5e-56e7-a1f3-308af2379666"  # sales account 707000
P_ETUDE = "0a2fb629-8491-5d7a-b29d-18078c463763"  # sales account 706000
TAX_20 = "a3cfb46f-1570-53f0-8206-47e3c7e9515c"  # output group, 20 %
TAX_20_PURCHASE = "a0b517f6-9a7b-5373-a282-a2ca5bad65a2"  # input group, 20 %
INVOICE_ID = "5f3acab4-ff61-59fe-9470-21dee8b71f38"
ADVANCE_ID = "7c9a1b2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
DAY = datetime.date(2025, 3, 10)
ZERO = Decimal("0.00")


@pytest.fixture(scope="module")
def ctx():
    return context_from_dict(context_data())


def line(
    price: str,
    *,
    quantity: str = "1",
    rate: str | None = "20",
    product: str | None = P_SUSPENSION,
    origin: str | None = None,
    tax: str | None = None,
) -> SalesInvoiceLine:
    return SalesInvoiceLine(
        product_id=product,
        quantity=Decimal(quantity),
        unit_price=Decimal(price),
        vat_percentage=Decimal(rate) if rate is not None else None,
        tax_id=tax,
        origin_id=origin,
    )


def invoice(customer: str, *lines: SalesInvoiceLine, kind=SalesInvoiceType.NORMAL, day=DAY) -> SalesInvoice:
    return SalesInvoice(
        id=INVOICE_ID, type=kind, customer_id=customer, date=day, number="FA-0007", lines=lines
    )


def sides(entry) -> list[tuple[str, Decimal, Decimal]]:
    return [(l.sub_account_id, l.debit_amount, l.credit_amount) for l in entry.lines]


def all_rules_report(ctx, entry, policy="vies"):
    engine = Engine(context=ctx, options=Options(sales_account_policy=policy))
    # Through JSON text, as a user would send it: proves the dump is exact API JSON.
    return engine.check(dumps(dump(entry)), operation="createAccountingEntry")


# -- the documented example (docs/posting.md) -----------------------------------------------------


def test_documented_example_line_and_document_rounding_differ(ctx):
    """Three lines of 1.25 at 10 %: 0.125 VAT each. Per line: 3 x 0.13 = 0.39; per document:
    3.75 x 10 % = 0.375 -> 0.38. (Three lines of 0.05 at 20 % would NOT differ: 0.01 is exact.)"""
    three = invoice(FR, *(line("1.25", rate="10") for _ in range(3)))
    by_line = post_sales_invoice(three, ctx, rounding="line").entry
    by_document = post_sales_invoice(three, ctx, rounding="document").entry
    assert sides(by_line) == [
        (CUSTOMERS_ACCOUNT, Decimal("4.14"), ZERO),
        (A707000, ZERO, Decimal("3.75")),
        (OUTPUT_VAT, ZERO, Decimal("0.39")),
    ]
    assert sides(by_document) == [
        (CUSTOMERS_ACCOUNT, Decimal("4.13"), ZERO),
        (A707000, ZERO, Decimal("3.75")),
        (OUTPUT_VAT, ZERO, Decimal("0.38")),
    ]
    (register,) = by_document.lines[0].accounting_entry_invoice.taxes
    assert (register.tax_base, register.tax_amount, register.tax_percentage) == (
        Decimal("3.75"),
        Decimal("0.38"),
        10,
    )
    # Both are balanced and valid; the per-line register is what TAX002 (when present) may flag.
    for entry in (by_line, by_document):
        report = all_rules_report(ctx, entry)
        assert report.valid, report.violations
    assert all_rules_report(ctx, by_document).violations == ()
    assert {v.code for v in all_rules_report(ctx, by_line).violations} <= {"TAX002"}


def test_docs_show_the_same_figures():
    text = (ROOT / "docs" / "posting.md").read_text(encoding="utf-8")
    for figure in ("1.25", "0.39", "0.38", "4.14", "4.13", "0.125", "0.375"):
        assert figure in text, figure


# -- sales account by customer ------------------------------------------------------------------


@pytest.mark.parametrize(
    "customer, policy, expected_class, account",
    [
        (FR, "vies", CustomerClass.NATIONAL, A707000),
        (MC, "vies", CustomerClass.NATIONAL, A707000),
        (BE, "vies", CustomerClass.VIES, A707100),
        (DE, "vies", CustomerClass.VIES, A707100),
        (US, "vies", CustomerClass.FOREIGN, A707200),
        (GB, "vies", CustomerClass.FOREIGN, A707200),  # 2025: after Brexit
        (BE, "legacy", CustomerClass.VIES, A707000),
        (US, "legacy", CustomerClass.FOREIGN, A707000),
        (NOCOUNTRY, "legacy", None, A707000),
    ],
)
def test_revenue_account_follows_the_policy(ctx, customer, policy, expected_class, account):
    result = post_sales_invoice(invoice(customer, line("100.00")), ctx, policy=policy)
    assert result.customer_class is expected_class
    assert sides(result.entry)[1] == (account, ZERO, Decimal("100.00"))
    assert all_rules_report(ctx, result.entry, policy).violations == ()


def test_national_lines_group_per_product_account(ctx):
    result = post_sales_invoice(
        invoice(
            FR, line("100.00"), line("50.00", product=P_ETUDE), line("10.00"), line("5.00", product=None)
        ),
        ctx,
    )
    assert sides(result.entry) == [
        (CUSTOMERS_ACCOUNT, Decimal("198.00"), ZERO),
        (A707000, ZERO, Decimal("115.00")),  # product 707000 + the default for the line without product
        (A706000, ZERO, Decimal("50.00")),
        (OUTPUT_VAT, ZERO, Decimal("33.00")),
    ]
    # A VIES customer: everything on the intra-community account, whatever the product.
    vies = post_sales_invoice(invoice(BE, line("100.00"), line("50.00", product=P_ETUDE)), ctx)
    assert [s[0] for s in sides(vies.entry)] == [CUSTOMERS_ACCOUNT, A707100, OUTPUT_VAT]


def test_customer_line_carries_third_party_and_invoice(ctx):
    entry = post_sales_invoice(invoice(BE, line("100.00"), line("10.00", rate="10")), ctx).entry
    customer = entry.lines[0]
    tp = customer.accounting_entry_third_party
    assert (tp.third_party_id, tp.code, tp.country_acronym, tp.origin.value) == (
        BE,
        "VERHAEGEN",
        "BE",
        "CUSTOMER",
    )
    inv = customer.accounting_entry_invoice
    assert inv.amount == Decimal("131.00") == customer.debit_amount
    assert {inv.document_date, inv.expedition_date, inv.operation_date, inv.settlement_date} == {DAY}
    assert inv.register_type.value == "ISSUED" and inv.external_invoice_number == "FA-0007"
    assert [(t.tax_percentage, t.tax_base, t.tax_amount, t.deductible) for t in inv.taxes] == [
        (20, Decimal("100.00"), Decimal("20.00"), False),
        (10, Decimal("10.00"), Decimal("1.00"), False),
    ]
    assert entry.description == "Sales Invoice No. FA-0007 10/03/2025"
    assert entry.journal_type_id == SALES_JOURNAL


def test_credit_note_reverses_every_side(ctx):
    normal = post_sales_invoice(invoice(US, line("80.00")), ctx).entry
    credit = post_sales_invoice(invoice(US, line("80.00"), kind=SalesInvoiceType.CREDIT_NOTE), ctx).entry
    assert sides(credit) == [(a, c, d) for a, d, c in sides(normal)]
    assert credit.lines[0].accounting_entry_invoice.amount == Decimal("96.00")
    assert all_rules_report(ctx, credit).violations == ()


def test_deposit_deduction_makes_a_second_entry(ctx):
    final = invoice(
        FR,
        line("1000.00"),
        line("200.00", quantity="-1", product=None, origin=ADVANCE_ID),  # deduct a 200 + 20 % deposit
    )
    result = post_sales_invoice(final, ctx)
    assert len(result.entries) == 2
    first, second = result.entries
    # First: the invoice without the deduction.
    assert sides(first) == [
        (CUSTOMERS_ACCOUNT, Decimal("1200.00"), ZERO),
        (A707000, ZERO, Decimal("1000.00")),
        (OUTPUT_VAT, ZERO, Decimal("200.00")),
    ]
    # Second: the deduction itself, tax included, from the customer back to the prepayment account.
    assert sides(second) == [(CUSTOMERS_ACCOUNT, ZERO, Decimal("240.00")), (A419100, Decimal("240.00"), ZERO)]
    assert second.lines[0].accounting_entry_invoice.amount == Decimal("240.00")
    assert second.description.endswith("deposit deduction")
    for entry in result.entries:
        assert all_rules_report(ctx, entry).violations == ()


def test_advance_invoice_books_the_prepayment_account(ctx):
    advance = invoice(DE, line("200.00", product=None), kind=SalesInvoiceType.PAYMENT_IN_ADVANCE)
    result = post_sales_invoice(advance, ctx)
    (entry,) = result.entries
    assert sides(entry) == [(CUSTOMERS_ACCOUNT, Decimal("240.00"), ZERO), (A419100, ZERO, Decimal("240.00"))]
    assert all_rules_report(ctx, entry).violations == ()


def test_tax_id_gives_the_rate_and_the_register(ctx):
    entry = post_sales_invoice(invoice(FR, line("10.00", rate=None, tax=TAX_20)), ctx).entry
    (register,) = entry.lines[0].accounting_entry_invoice.taxes
    assert register.tax_id == TAX_20 and register.tax_amount == Decimal("2.00")


def test_rate_without_output_tax_treatment_omits_registers(ctx):
    result = post_sales_invoice(invoice(US, line("100.00", rate="0")), ctx)
    assert result.entry.lines[0].accounting_entry_invoice.accounting_entry_taxes is None
    assert any("no tax register" in note for note in result.notes)
    assert sides(result.entry) == [
        (CUSTOMERS_ACCOUNT, Decimal("100.00"), ZERO),
        (A707200, ZERO, Decimal("100.00")),
    ]
    assert all_rules_report(ctx, result.entry).violations == ()


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: invoice("11111111-1111-4111-8111-111111111111", line("1.00")), "not in the context"),
        (lambda: invoice(NOCOUNTRY, line("1.00")), "no countryAcronym"),
        (lambda: invoice(FR, line("1.00", rate=None)), "vatPercentage or taxId"),
        (lambda: invoice(FR, line("1.00", rate="10", tax=TAX_20)), "differs"),
        (lambda: invoice(FR, line("1.00", rate="120")), "between 0 and 100"),
        (lambda: invoice(FR, line("1.00", product="22222222-2222-4222-8222-222222222222")), "product"),
        (lambda: invoice(FR, line("0.00")), "totals zero"),
        (lambda: invoice(FR, line("5.00", quantity="-1", origin=ADVANCE_ID)), "only deposit-deduction"),
    ],
)
def test_posting_errors(ctx, build, message):
    with pytest.raises(PostingError, match=message):
        post_sales_invoice(build(), ctx)


def test_deduction_needs_a_prepayment_account():
    data = context_data()
    data["accountingAccounts"] = [a for a in data["accountingAccounts"] if a["id"] != A419100]
    ctx = context_from_dict(data)
    with pytest.raises(PostingError, match="prepayment"):
        post_sales_invoice(invoice(FR, line("10.00"), line("5.00", quantity="-1", origin=ADVANCE_ID)), ctx)


def test_setup_prepayment_account_wins():
    data = context_data()
    data["organization"]["accountingSetup"]["defaultPrepaymentCustomerAccountId"] = A419100
    data["accountingAccounts"].append(
        {
            "id": "6b7e2a52-1d7e-4c11-9a43-3f0e2c5d8a02",
            "code": "419000",
            "accountLevel": "SUB_ACCOUNT",
            "subAccountType": "CUSTOMER_PREPAYMENT_TAX_INCLUDED",
            "deactivated": False,
        }
    )
    data["accountingAccounts"].insert(0, data["accountingAccounts"].pop())  # the other one comes first
    result = post_sales_invoice(
        invoice(FR, line("10.00"), line("5.00", quantity="-1", origin=ADVANCE_ID)), context_from_dict(data)
    )
    assert result.entries[1].lines[1].sub_account_id == A419100


def test_bad_arguments(ctx):
    with pytest.raises(ValueError, match="rounding"):
        post_sales_invoice(invoice(FR, line("1.00")), ctx, rounding="banker")
    with pytest.raises(ValueError, match="vies or legacy"):
        post_sales_invoice(invoice(FR, line("1.00")), ctx, policy="new")
    with pytest.raises(PostingError, match="SALES_INVOICE"):
        post_sales_invoice(invoice(FR, line("1.00")), ctx, journal_type_id=CUSTOMERS_ACCOUNT)


def test_load_sales_invoice():
    data = loads(
        f'{{"id": "{INVOICE_ID}", "type": "CREDIT_NOTE", "customerId": "{FR}", "documentDate": "2025-03-10",'
        ' "lines": [{"quantity": 2, "unitPrice": 0.10, "vatPercentage": 5.5}]}'
    )
    loaded = load_sales_invoice(data)
    assert loaded.type is SalesInvoiceType.CREDIT_NOTE and loaded.lines[0].unit_price == Decimal("0.10")
    with pytest.raises(PostingError, match=r"lines\[0\].unitPrice"):
        load_sales_invoice(dict(data, lines=[{"quantity": 1, "unitPrice": "1.00", "vatPercentage": 20}]))
    with pytest.raises(PostingError, match="no lines"):
        load_sales_invoice(dict(data, lines=[]))
    with pytest.raises(PostingError, match="JSON object"):
        load_sales_invoice([1])


# -- property: any invoice posts into balanced entries that pass every rule ----------------------

CUSTOMERS = (FR, BE, DE, US, GB, MC)
RATES = ("20", "10", "5.5", "2.1", "0")
PRODUCTS = (P_SUSPENSION, P_ETUDE, None)


@st.composite
def sales_invoices(draw) -> SalesInvoice:
    """A closed sales invoice dated in the open 2025 fiscal year; unit prices from integers of minor
    units (exact EUR amounts), quantities whole or in quarters, optional deposit deductions."""
    kind = draw(st.sampled_from(list(SalesInvoiceType)))
    rate_style = draw(st.sampled_from(("percentage", "taxId")))

    def vat(rate):
        if rate_style == "taxId" and rate == "20":
            return {"rate": None, "tax": TAX_20}
        return {"rate": rate}

    lines = []
    for _ in range(draw(st.integers(1, 6))):
        price = from_minor_units(draw(st.integers(1, 10_000_000)), "EUR")
        quantity = Decimal(draw(st.integers(4, 400))) / 4  # 1 to 100 in steps of 0.25
        lines.append(
            line(
                str(price),
                quantity=str(quantity),
                product=draw(st.sampled_from(PRODUCTS)),
                **vat(draw(st.sampled_from(RATES))),
            )
        )
    if kind is not SalesInvoiceType.PAYMENT_IN_ADVANCE:
        for _ in range(draw(st.integers(0, 2))):
            deposit = from_minor_units(draw(st.integers(1, 1_000_000)), "EUR")
            lines.append(
                line(
                    str(deposit),
                    quantity="-1",
                    product=None,
                    origin=ADVANCE_ID,
                    **vat(draw(st.sampled_from(RATES))),
                )
            )
    day = datetime.date(2025, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 364)))
    number = draw(st.one_of(st.none(), st.from_regex(r"\A[A-Z]{2}-[0-9]{1,6}\Z")))
    return SalesInvoice(
        id=INVOICE_ID,
        type=kind,
        customer_id=draw(st.sampled_from(CUSTOMERS)),
        date=day,
        number=number,
        lines=tuple(lines),
    )


def _expected_vat(invoice: SalesInvoice, rounding: str) -> Decimal:
    """VAT of the non-deduction lines, computed independently of the module."""
    lines = [l for l in invoice.lines if l.origin_id is None]
    rates = {}
    for l in lines:
        net = round_to_minor_unit(l.quantity * l.unit_price, "EUR")
        rate = l.vat_percentage if l.vat_percentage is not None else Decimal(20)
        rates.setdefault(rate, []).append(net)
    if rounding == "line":
        return total(round_to_minor_unit(percentage_of(n, r), "EUR") for r, ns in rates.items() for n in ns)
    return total(round_to_minor_unit(percentage_of(total(ns), r), "EUR") for r, ns in rates.items())


@given(drawn=sales_invoices(), policy=st.sampled_from(("vies", "legacy")))
def test_any_invoice_posts_into_balanced_entries_that_pass_every_rule(ctx, drawn, policy):
    engine = Engine(context=ctx, options=Options(sales_account_policy=policy))
    assert {"BAL", "FLD", "PST"} <= set(engine.registry.families())
    results = {r: post_sales_invoice(drawn, ctx, rounding=r, policy=policy) for r in ("line", "document")}
    for rounding, result in results.items():
        expected_entries = 1 + (
            drawn.type is not SalesInvoiceType.PAYMENT_IN_ADVANCE and any(l.origin_id for l in drawn.lines)
        )
        assert len(result.entries) == expected_entries
        for entry in result.entries:
            debit = total(l.debit_amount for l in entry.lines)
            credit = total(l.credit_amount for l in entry.lines)
            assert debit == credit and debit > 0
            for l in entry.lines:
                assert l.debit_amount >= 0 and l.credit_amount >= 0
                assert l.debit_amount == round_to_minor_unit(l.debit_amount, "EUR")
                assert l.credit_amount == round_to_minor_unit(l.credit_amount, "EUR")
            report = engine.check_value(dump(entry), CREATE)
            assert report.skipped_rules == (), report.skipped_rules
            allowed = {"TAX002"} if rounding == "line" else set()
            assert {v.code for v in report.violations} <= allowed, report.violations
            assert report.valid
        if drawn.type is not SalesInvoiceType.PAYMENT_IN_ADVANCE:
            vat = total(
                l.credit_amount - l.debit_amount for l in result.entry.lines if l.sub_account_id == OUTPUT_VAT
            )
            sign = -1 if drawn.type is SalesInvoiceType.CREDIT_NOTE else 1
            assert sign * vat == _expected_vat(drawn, rounding)
    # With per-line rounding, a warning appears only where the two policies actually disagree.
    line_taxes, doc_taxes = (
        results[r].entry.lines[0].accounting_entry_invoice.accounting_entry_taxes
        for r in ("line", "document")
    )
    if line_taxes == doc_taxes:
        assert engine.check_value(dump(results["line"].entry), CREATE).violations == ()
    # Same revenue either way; VAT differs by at most half a cent per line.
    line_vat, doc_vat = (
        total(
            l.credit_amount - l.debit_amount for l in results[r].entry.lines if l.sub_account_id == OUTPUT_VAT
        )
        for r in ("line", "document")
    )
    assert abs(line_vat - doc_vat) <= Decimal("0.005") * (len(drawn.lines) + len(RATES))


# -- the command line ------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path):
    context = tmp_path / "context.json"
    context.write_text(dumps(context_data()), encoding="utf-8")
    inv = tmp_path / "invoice.json"
    inv.write_text(
        json.dumps(
            {
                "id": INVOICE_ID,
                "type": "NORMAL",
                "customerId": BE,
                "documentDate": "2025-03-10",
                "operationalNumber": "FA-0007",
                "lines": [{"productId": P_SUSPENSION, "quantity": 1, "unitPrice": 1.25, "vatPercentage": 10}]
                * 3
                + [{"quantity": -1, "unitPrice": 1.00, "vatPercentage": 10, "originId": ADVANCE_ID}],
            }
        ),
        encoding="utf-8",
    )
    return tmp_path, context, inv


def test_cli_prints_request_bodies_that_check_clean(files, capsys):
    tmp_path, context, inv = files
    assert main(["post-sales-invoice", str(inv), "--context", str(context), "--rounding", "document"]) == 0
    out = loads(capsys.readouterr().out)
    assert len(out) == 2 and all("createAccountingEntry(input: $input)" in body["query"] for body in out)
    first = out[0]["variables"]["input"]["accountingEntryLines"]
    assert [(l["subAccountId"], l["debitAmount"], l["creditAmount"]) for l in first] == [
        (CUSTOMERS_ACCOUNT, Decimal("4.13"), ZERO),
        (A707100, ZERO, Decimal("3.75")),
        (OUTPUT_VAT, ZERO, Decimal("0.38")),
    ]
    output = tmp_path / "entries.json"
    output.write_text(dumps(out), encoding="utf-8")
    assert main(["check", str(output), "--context", str(context), "--strict"]) == 0


def test_cli_bare_inputs_and_line_rounding(files, capsys):
    _, context, inv = files
    assert main(["post-sales-invoice", str(inv), "--context", str(context), "--output", "input"]) == 0
    out = loads(capsys.readouterr().out)
    assert out[0]["accountingEntryLines"][0]["debitAmount"] == Decimal("4.14")
    assert "query" not in out[0]


def test_cli_legacy_policy(files, capsys):
    _, context, inv = files
    assert main(["post-sales-invoice", str(inv), "--context", str(context), "--policy", "legacy"]) == 0
    out = loads(capsys.readouterr().out)
    assert out[0]["variables"]["input"]["accountingEntryLines"][1]["subAccountId"] == A707000


@pytest.mark.parametrize(
    "content, message",
    [
        ("{", "not valid JSON"),
        ('{"id": 5}', "cannot post"),
        ("[]", "cannot post"),
    ],
)
def test_cli_bad_file_is_one_line_exit_2(files, capsys, content, message):
    tmp_path, context, _ = files
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["post-sales-invoice", str(bad), "--context", str(context)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_needs_a_context_and_a_readable_file(files, capsys):
    tmp_path, context, inv = files
    assert main(["post-sales-invoice", str(inv)]) == 2
    assert main(["post-sales-invoice", str(tmp_path / "missing.json"), "--context", str(context)]) == 2
    assert capsys.readouterr().out == ""
