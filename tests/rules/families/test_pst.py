"""PST001–PST003: the revenue account chosen by VIES classification, and posting requests.

(ledger.books.sales_accounts itself: tests/ledger/books/test_sales_accounts.py.)

The context is the bundled example (an FR organisation with FR, BE, DE and US customers and the three
setup accounts 707000 default / 707100 intra-community / 707200 export) with a few records added
(``tests.helpers.sales``). Entries are written by hand in the full createAccountingEntry form, complete enough that the
"pass" cases are clean for EVERY rule family (so a pass really means a valid entry, not just a silent
PST).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.io.context_file import context_from_dict
from rules.engine import Engine
from rules.env import Options
from tests.helpers.sales import (
    A419100,
    A706000,
    A707000,
    A707100,
    A707200,
    ABSENT,
    BE,
    CLOSED_INVOICE,
    COLLECTED_INVOICE,
    CUSTOMERS_ACCOUNT,
    DE,
    DRAFT_INVOICE,
    FR,
    GB,
    GENERAL_JOURNAL,
    MC,
    NOCOUNTRY,
    OUTPUT_VAT,
    POSTED_INVOICE,
    SALES_JOURNAL,
    US,
    context_data,
)


@pytest.fixture(scope="module")
def ctx():
    return context_from_dict(context_data())


def customer_record(data: dict, customer_id: str) -> dict | None:
    return next((c for c in data["customers"] if c["id"] == customer_id), None)


def sales_entry(
    customer_id: str,
    revenue: str,
    *,
    country: str | None = "record",
    day: str = "2025-03-10",
    journal: str = SALES_JOURNAL,
    extra_lines: tuple = (),
) -> dict:
    """A complete SALES_INVOICE entry: 120.00 to the customer, 100.00 revenue, 20.00 VAT."""
    record = customer_record(context_data(), customer_id) or {
        "id": customer_id,
        "code": "GHOST",
        "socialName": "Ghost SA",
        "documentTypeId": "6eef2a02-0507-5588-80da-010326fc8dfe",
        "documentId": "1",
    }
    third_party = {
        "thirdPartyId": customer_id,
        "origin": "CUSTOMER",
        "socialName": record["socialName"],
        "code": record["code"],
        "identificationTypeId": record["documentTypeId"],
        "documentId": record["documentId"],
    }
    if country == "record":
        if record.get("countryAcronym"):
            third_party["countryAcronym"] = record["countryAcronym"]
    elif country is not None:
        third_party["countryAcronym"] = country
    invoice_journal = journal == SALES_JOURNAL
    customer_line = {
        "subAccountId": CUSTOMERS_ACCOUNT,
        "debitAmount": Decimal("120.00"),
        "creditAmount": Decimal(0),
        "registerType": "ISSUED" if invoice_journal else "UNDEFINED",
        "accountingEntryThirdParty": third_party,
    }
    if invoice_journal:
        customer_line["accountingEntryInvoice"] = {
            "documentDate": day,
            "expeditionDate": day,
            "operationDate": day,
            "settlementDate": day,
            "amount": Decimal("120.00"),
            "registerType": "ISSUED",
        }
    return {
        "date": day,
        "journalTypeId": journal,
        "entryType": "GENERAL",
        "description": "Facture",
        "accountingEntryLines": [
            customer_line,
            {
                "subAccountId": revenue,
                "debitAmount": Decimal(0),
                "creditAmount": Decimal("100.00"),
                "registerType": "UNDEFINED",
            },
            {
                "subAccountId": OUTPUT_VAT,
                "debitAmount": Decimal(0),
                "creditAmount": Decimal("20.00"),
                "registerType": "UNDEFINED",
            },
            *extra_lines,
        ],
    }


def check(ctx, doc, *, policy="vies", operation="createAccountingEntry"):
    engine = Engine(context=ctx, options=Options(sales_account_policy=policy))
    return engine.check(doc, operation=operation)


def pst(report) -> list[str]:
    return [v.code for v in report.violations if v.code.startswith("PST")]


# -- PST001: table -----------------------------------------------------------------------------

PST001_TABLE = [
    # (customer, revenue account, policy, day, line country, expected PST codes)
    pytest.param(FR, A707000, "vies", "2025-03-10", "record", [], id="national-default-ok"),
    pytest.param(FR, A706000, "vies", "2025-03-10", "record", [], id="national-product-account-ok"),
    pytest.param(FR, A707100, "vies", "2025-03-10", "record", ["PST001"], id="national-on-intracom"),
    pytest.param(FR, A707200, "vies", "2025-03-10", "record", ["PST001"], id="national-on-export"),
    pytest.param(MC, A707000, "vies", "2025-03-10", "record", [], id="monaco-is-national"),
    pytest.param(MC, A707100, "vies", "2025-03-10", "record", ["PST001"], id="monaco-not-vies"),
    pytest.param(BE, A707100, "vies", "2025-03-10", "record", [], id="vies-intracom-ok"),
    pytest.param(BE, A707000, "vies", "2025-03-10", "record", ["PST001"], id="vies-on-default"),
    pytest.param(BE, A707200, "vies", "2025-03-10", "record", ["PST001"], id="vies-on-export"),
    pytest.param(DE, A706000, "vies", "2025-03-10", "record", ["PST001"], id="vies-on-product-account"),
    pytest.param(US, A707200, "vies", "2025-03-10", "record", [], id="foreign-export-ok"),
    pytest.param(US, A707000, "vies", "2025-03-10", "record", ["PST001"], id="foreign-on-default"),
    pytest.param(US, A707100, "vies", "2025-03-10", "record", ["PST001"], id="foreign-on-intracom"),
    # Brexit edge (D78): GB is VIES on 2020-12-31 and foreign on 2021-01-01.
    pytest.param(GB, A707100, "vies", "2020-12-31", "record", [], id="gb-vies-last-day"),
    pytest.param(GB, A707200, "vies", "2020-12-31", "record", ["PST001"], id="gb-export-too-early"),
    pytest.param(GB, A707200, "vies", "2021-01-01", "record", [], id="gb-foreign-first-day"),
    pytest.param(GB, A707100, "vies", "2021-01-01", "record", ["PST001"], id="gb-intracom-after-brexit"),
    # The line's own countryAcronym wins over the record's.
    pytest.param(FR, A707100, "vies", "2025-03-10", "BE", [], id="line-country-wins-vies"),
    pytest.param(BE, A707000, "vies", "2025-03-10", "FR", [], id="line-country-wins-national"),
    pytest.param(US, A707100, "vies", "2025-03-10", "gr", [], id="greece-gr-lowercase-is-vies"),
    pytest.param(FR, A707100, "vies", "2025-03-10", "RE", ["PST001"], id="reunion-is-foreign"),
    # Legacy policy (seed 003 "Currently"): product/default account for everybody.
    pytest.param(BE, A707000, "legacy", "2025-03-10", "record", [], id="legacy-vies-on-default-ok"),
    pytest.param(US, A706000, "legacy", "2025-03-10", "record", [], id="legacy-foreign-on-product-ok"),
    pytest.param(BE, A707100, "legacy", "2025-03-10", "record", ["PST001"], id="legacy-vies-on-intracom"),
    pytest.param(US, A707200, "legacy", "2025-03-10", "record", ["PST001"], id="legacy-foreign-on-export"),
    pytest.param(
        NOCOUNTRY, A707200, "legacy", "2025-03-10", "record", ["PST001"], id="legacy-needs-no-country"
    ),
]


@pytest.mark.parametrize("customer, revenue, policy, day, country, expected", PST001_TABLE)
def test_pst001_table(ctx, customer, revenue, policy, day, country, expected):
    report = check(ctx, sales_entry(customer, revenue, day=day, country=country), policy=policy)
    assert pst(report) == expected
    if not expected:
        # A pass is a genuinely valid entry: no family reports anything.
        assert report.violations == (), report.violations
    else:
        (violation,) = [v for v in report.violations if v.code == "PST001"]
        assert violation.path == "accountingEntryLines[1].subAccountId"
        assert violation.severity.value == "error"


def test_pst001_message_names_the_expected_account(ctx):
    report = check(ctx, sales_entry(BE, A707000))
    (violation,) = report.violations
    assert "707100" in violation.message and "707000" in violation.message
    assert violation.figure("expected") == "707100"
    assert violation.figure("customerClass") == "vies"


def test_pst001_message_says_an_intra_community_customer(ctx):
    (violation,) = check(ctx, sales_entry(BE, A707000)).violations
    assert "but an intra-community customer (BE, on 2025-03-10) posts to" in violation.message


def test_pst001_ignores_other_journals(ctx):
    report = check(ctx, sales_entry(BE, A707000, journal=GENERAL_JOURNAL))
    assert pst(report) == []


def test_pst001_vat_and_deposit_lines_are_not_revenue(ctx):
    # 120 = 100 revenue + 20 VAT; add a deposit reversal 50/50 on 419100 against a second revenue
    # line: only the revenue line on the wrong account is reported, never the VAT or deposit line.
    extra = (
        {
            "subAccountId": A419100,
            "debitAmount": Decimal(50),
            "creditAmount": Decimal(0),
            "registerType": "UNDEFINED",
        },
        {
            "subAccountId": A707000,
            "debitAmount": Decimal(0),
            "creditAmount": Decimal(50),
            "registerType": "UNDEFINED",
        },
    )
    report = check(ctx, sales_entry(BE, A707100, extra_lines=extra))
    assert [(v.code, v.path) for v in report.violations if v.code.startswith("PST")] == [
        ("PST001", "accountingEntryLines[4].subAccountId")
    ]


def test_pst001_accepts_a_product_that_names_the_intracom_account():
    data = context_data()
    data["products"].append(
        {"id": "9d1c7f2e-4b3a-4f6e-8c5d-1a2b3c4d5e6f", "code": "SPECIAL", "salesAccountingAccountId": A707100}
    )
    ctx = context_from_dict(data)
    assert pst(check(ctx, sales_entry(FR, A707100))) == []
    assert pst(check(ctx, sales_entry(FR, A707200))) == ["PST001"]


def test_pst001_silent_when_the_setup_lacks_the_chosen_account():
    data = context_data()
    del data["organization"]["accountingSetup"]["intracommunityAccountId"]
    ctx = context_from_dict(data)
    assert pst(check(ctx, sales_entry(BE, A707000))) == []
    # …but a national customer on the export account is still caught.
    assert pst(check(ctx, sales_entry(FR, A707200))) == ["PST001"]


def test_pst001_skipped_without_the_setup():
    data = context_data()
    del data["organization"]["accountingSetup"]
    report = check(context_from_dict(data), sales_entry(BE, A707000))
    assert pst(report) == []
    assert "PST001" in report.skipped_rules and "PST002" in report.skipped_rules


def test_pst001_runs_without_customers_when_the_line_has_the_country():
    data = context_data()
    del data["customers"]
    report = check(context_from_dict(data), sales_entry(BE, A707000))
    assert "PST001" not in report.skipped_rules
    assert pst(report) == ["PST001"]


def test_pst001_on_a_simplified_input_through_the_expansion(ctx):
    doc = {
        "date": "2025-03-10",
        "journalTypeId": SALES_JOURNAL,
        "description": "Facture",
        "accountingEntryLines": [
            {"subAccountId": CUSTOMERS_ACCOUNT, "thirdId": BE, "debitAmount": 120, "creditAmount": 0},
            {"subAccountId": A707000, "debitAmount": 0, "creditAmount": 100},
            {"subAccountId": OUTPUT_VAT, "debitAmount": 0, "creditAmount": 20},
        ],
    }
    report = check(ctx, doc, operation="createAccountingEntryUsingIds")
    assert [(v.code, v.path) for v in report.violations if v.code.startswith("PST")] == [
        ("PST001", "accountingEntryLines[1].subAccountId")
    ]
    doc["accountingEntryLines"][1]["subAccountId"] = A707100
    assert pst(check(ctx, doc, operation="createAccountingEntryUsingIds")) == []


# -- PST002 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "customer, country, policy, expected",
    [
        pytest.param(NOCOUNTRY, "record", "vies", ["PST002"], id="record-without-country"),
        pytest.param(ABSENT, None, "vies", ["PST002"], id="customer-not-in-context"),
        pytest.param(FR, None, "vies", [], id="record-country-used"),
        pytest.param(NOCOUNTRY, "FR", "vies", [], id="line-country-used"),
        pytest.param(NOCOUNTRY, "F1", "vies", ["PST002"], id="malformed-country"),
        pytest.param(NOCOUNTRY, "record", "legacy", [], id="legacy-ignores-country"),
    ],
)
def test_pst002(ctx, customer, country, policy, expected):
    report = check(ctx, sales_entry(customer, A707000, country=country), policy=policy)
    assert pst(report) == expected
    for violation in report.violations:
        if violation.code == "PST002":
            assert violation.severity.value == "warning"
            assert violation.path == "accountingEntryLines[0].accountingEntryThirdParty.countryAcronym"


def test_pst002_without_customers_in_the_context():
    data = context_data()
    del data["customers"]
    report = check(context_from_dict(data), sales_entry(BE, A707000, country=None))
    assert pst(report) == ["PST002"]
    assert (
        "no customers in the context"
        in report.violations[[v.code for v in report.violations].index("PST002")].message
    )


# -- PST003 ------------------------------------------------------------------------------------


def post_request(invoice_id: str) -> dict:
    return {
        "salesInvoiceId": invoice_id,
        "journalTypeId": SALES_JOURNAL,
        "accountingEntryDescription": "Sales Invoice No. 0007 27/06/2024",
    }


@pytest.mark.parametrize(
    "invoice, expected, words",
    [
        pytest.param(CLOSED_INVOICE, [], None, id="closed-ok"),
        pytest.param(DRAFT_INVOICE, ["PST003"], "draft", id="pending-draft"),
        pytest.param(POSTED_INVOICE, ["PST003"], "already posted", id="posted"),
        pytest.param(COLLECTED_INVOICE, ["PST003"], "already posted", id="collected"),
        pytest.param("99999999-9999-4999-8999-999999999999", ["PST003"], "not among", id="unknown-id"),
    ],
)
def test_pst003(ctx, invoice, expected, words):
    report = check(ctx, post_request(invoice), operation="postSalesInvoice")
    assert pst(report) == expected
    if words:
        (violation,) = [v for v in report.violations if v.code == "PST003"]
        assert words in violation.message and violation.path == "salesInvoiceId"


def test_pst003_skipped_without_sales_invoices():
    data = context_data()
    del data["salesInvoices"]
    report = check(context_from_dict(data), post_request(DRAFT_INVOICE), operation="postSalesInvoice")
    assert pst(report) == [] and "PST003" in report.skipped_rules
