"""The server-side expansion of createAccountingEntryUsingCodes / UsingIds (D8, D29).

The worked example is the public createAccountingEntryUsingCodes page's ([SA-codes], domain.md D39): a
158.25 sales entry, base 150.00 and VAT 8.25 at 5.5 %, on accounts 411000000 / 701005000 / 445710500 —
rebuilt here as valid JSON values (the vendor's JSON itself is invalid, domain.md §4.8).
"""

from __future__ import annotations

import copy
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.books.expansion import Expansion, ProblemKind, expand
from ledger.entries import AccountingEntry
from ledger.enums import EntryType, Origin, RegisterType
from ledger.inputs import EntryUsingCodes, EntryUsingIds, LineUsingCodes
from ledger.io.context_file import context_from_dict
from ledger.io.loading import load
from rules.engine import Engine
from tests.helpers import EXAMPLES

D = Decimal
SELECT = ["FLD", "BAL", "REG", "TPY", "INV", "TAX", "REF"]


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledger-rules-expansion-test/{name}"))


def account(code, nature, level="SUB_ACCOUNT", deactivated=False):
    return {
        "id": uid(f"account/{code}"),
        "code": code,
        "name": code,
        "accountLevel": level,
        "subAccountType": nature,
        "deactivated": deactivated,
    }


def context_data(legislation="FR") -> dict:
    return {
        "organization": {"legislationCode": legislation, "currency": "EUR"},
        "journalTypes": [
            {
                "id": uid("journal/VTE"),
                "code": "VTE",
                "name": "Ventes",
                "type": "SALES_INVOICE",
                "deactivated": False,
            },
            {
                "id": uid("journal/ACH"),
                "code": "ACH",
                "name": "Achats",
                "type": "PURCHASE_INVOICE",
                "deactivated": False,
            },
            {
                "id": uid("journal/BQ"),
                "code": "BQ",
                "name": "Banque",
                "type": "FINANCIAL",
                "deactivated": False,
            },
            {"id": uid("journal/OD"), "code": "OD", "name": "OD", "type": "GENERAL", "deactivated": False},
            {
                "id": uid("journal/OLD"),
                "code": "OLD",
                "name": "Old",
                "type": "SALES_INVOICE",
                "deactivated": True,
            },
        ],
        "accountingAccounts": [
            account("411000000", "CUSTOMER"),
            account("401000000", "PROVIDER"),
            account("421000000", "EMPLOYEE"),
            account("701005000", "REVENUE"),
            account("607000000", "CHARGE"),
            account("445710500", "OUTPUT_TAX"),
            account("445660000", "INPUT_TAX"),
            account("512000000", "BANK"),
            account("512100000", "BANK", deactivated=True),
            account("70", "UNDEFINED", level="ACCOUNT"),
        ],
        "customers": [
            {
                "id": uid("customer/BAGUES"),
                "code": "BAGUES",
                "socialName": "Bagues et Bijoux SARL",
                "documentTypeId": uid("doctype/01"),
                "documentId": "83291745400015",
                "countryAcronym": "FR",
            },
            {
                "id": uid("customer/LUMEN"),
                "code": "LUMEN",
                "socialName": "Lumen SA",
                "documentTypeId": uid("doctype/01"),
                "documentId": "79154362200025",
                "countryAcronym": "FR",
            },
        ],
        "suppliers": [
            {
                "id": uid("supplier/GROSSISTE"),
                "code": "GROSSISTE",
                "socialName": "Grossiste SAS",
                "documentTypeId": uid("doctype/01"),
                "documentId": "51238476900034",
                "countryAcronym": "FR",
            },
        ],
        "employees": [
            {
                "id": uid("employee/SAL01"),
                "code": "SAL01",
                "name": "Camille Martin",
                "documentTypeId": uid("doctype/06"),
                "documentId": "291036938112714",
            },
        ],
        "accountingExercises": [
            {
                "id": uid("exercise/2024"),
                "startDate": "2024-01-01",
                "endDate": "2024-12-31",
                "status": "CLOSED",
            },
            {
                "id": uid("exercise/2025"),
                "startDate": "2025-01-01",
                "endDate": "2025-12-31",
                "status": "OPEN",
            },
        ],
    }


def make_context(legislation="FR", drop=()):
    data = context_data(legislation)
    for key in drop:
        data.pop(key)
    return context_from_dict(data)


CTX = make_context()


def using_codes(**extra) -> dict:
    """The [SA-codes] example: a 158.25 sale, base 150 and VAT 8.25 at 5.5 %."""
    values = {
        "date": "2025-03-01",
        "journalTypeCode": "VTE",
        "documentDate": "2025-02-28",
        "documentNumber": "FA-2025-001",
        "description": "Facture FA-2025-001",
        "accountingEntryLines": [
            {
                "subAccountCode": "411000000",
                "thirdCode": "BAGUES",
                "description": "Facture FA-2025-001",
                "debitAmount": D("158.25"),
                "creditAmount": D("0"),
            },
            {
                "subAccountCode": "701005000",
                "description": "Ventes 5,5 %",
                "debitAmount": D("0"),
                "creditAmount": D("150"),
            },
            {
                "subAccountCode": "445710500",
                "description": "TVA 5,5 %",
                "debitAmount": D("0"),
                "creditAmount": D("8.25"),
            },
        ],
    }
    values.update(extra)
    return values


def using_ids() -> dict:
    values = using_codes()
    del values["journalTypeCode"]
    values["journalTypeId"] = uid("journal/VTE")
    for line in values["accountingEntryLines"]:
        line["subAccountId"] = uid(f"account/{line.pop('subAccountCode')}")
        if "thirdCode" in line:
            line["thirdId"] = uid(f"customer/{line.pop('thirdCode')}")
    return values


def model(values: dict, cls=EntryUsingCodes):
    loaded = load(cls, values)
    assert loaded.problems == ()
    return loaded.model


def check(values: dict, op="createAccountingEntryUsingCodes", context=CTX, select=SELECT):
    return Engine(context=context, select=select).check(values, operation=op)


def pairs(report):
    return [(v.code, v.path) for v in report.violations]


# -- the worked example -----------------------------------------------------------------------------------


def test_sa_codes_example_expands_like_the_server():
    expansion = expand(model(using_codes()), CTX)
    assert isinstance(expansion, Expansion) and expansion.problems == ()
    entry = expansion.entry
    assert isinstance(entry, AccountingEntry)
    assert entry.entry_type == EntryType.GENERAL.value
    assert entry.journal_type_id == uid("journal/VTE")
    assert expansion.line_origins == (0, 1, 2)
    customer, revenue, vat = entry.lines
    assert customer.sub_account_id == uid("account/411000000")
    assert customer.register_type is RegisterType.ISSUED
    third_party = customer.accounting_entry_third_party
    assert (
        third_party.third_party_id,
        third_party.social_name,
        third_party.code,
        third_party.origin,
        third_party.identification_type_id,
        third_party.document_id,
    ) == (
        uid("customer/BAGUES"),
        "Bagues et Bijoux SARL",
        "BAGUES",
        Origin.CUSTOMER,
        uid("doctype/01"),
        "83291745400015",
    )
    invoice = customer.accounting_entry_invoice
    assert invoice.amount == D("158.25")
    assert invoice.register_type is RegisterType.ISSUED
    day = customer.accounting_entry_invoice.document_date
    assert day.isoformat() == "2025-02-28"  # the documentDate, not the entry date
    assert invoice.expedition_date == invoice.operation_date == invoice.settlement_date == day
    for other in (revenue, vat):
        assert other.register_type is RegisterType.UNDEFINED
        assert other.accounting_entry_third_party is None and other.accounting_entry_invoice is None
    assert revenue.credit_amount == D("150") and vat.credit_amount == D("8.25")


def test_sa_codes_example_passes_with_a_matching_context():
    report = Engine(context=CTX).check(using_codes(), operation="createAccountingEntryUsingCodes")
    assert report.violations == () and report.valid


def test_using_ids_expands_to_the_same_entry():
    by_codes = expand(model(using_codes()), CTX).entry
    by_ids = expand(model(using_ids(), EntryUsingIds), CTX).entry
    assert by_ids == by_codes
    assert check(using_ids(), "createAccountingEntryUsingIds").violations == ()


def test_invoice_dates_default_to_the_entry_date_without_document_date():
    values = using_codes()
    del values["documentDate"]
    invoice = expand(model(values), CTX).entry.lines[0].accounting_entry_invoice
    assert invoice.document_date.isoformat() == "2025-03-01" == invoice.settlement_date.isoformat()


def test_expand_ignores_other_inputs():
    assert expand(AccountingEntry(), CTX) is None


# -- third parties -------------------------------------------------------------------------------------------


def test_financial_journal_customer_line_is_undefined_without_invoice():
    values = {
        "date": "2025-03-10",
        "journalTypeCode": "BQ",
        "accountingEntryLines": [
            {"subAccountCode": "512000000", "debitAmount": D("158.25"), "creditAmount": D("0")},
            {
                "subAccountCode": "411000000",
                "thirdCode": "BAGUES",
                "debitAmount": D("0"),
                "creditAmount": D("158.25"),
            },
        ],
    }
    entry = expand(model(values), CTX).entry
    assert entry.lines[1].register_type is RegisterType.UNDEFINED
    assert entry.lines[1].accounting_entry_third_party.origin is Origin.CUSTOMER
    assert entry.lines[1].accounting_entry_invoice is None
    assert check(values).violations == ()


def test_purchase_supplier_line_is_received():
    values = {
        "date": "2025-03-10",
        "journalTypeCode": "ACH",
        "accountingEntryLines": [
            {
                "subAccountCode": "401000000",
                "thirdCode": "GROSSISTE",
                "debitAmount": D("0"),
                "creditAmount": D("120"),
            },
            {"subAccountCode": "607000000", "debitAmount": D("100"), "creditAmount": D("0")},
            {"subAccountCode": "445660000", "debitAmount": D("20"), "creditAmount": D("0")},
        ],
    }
    supplier = expand(model(values), CTX).entry.lines[0]
    assert supplier.register_type is RegisterType.RECEIVED
    assert supplier.accounting_entry_invoice.register_type is RegisterType.RECEIVED
    assert supplier.accounting_entry_invoice.amount == D("120")
    assert check(values).violations == ()


def test_employee_name_becomes_social_name():
    values = {
        "date": "2025-03-31",
        "journalTypeCode": "OD",
        "accountingEntryLines": [
            {"subAccountCode": "607000000", "debitAmount": D("2480"), "creditAmount": D("0")},
            {
                "subAccountCode": "421000000",
                "thirdCode": "SAL01",
                "debitAmount": D("0"),
                "creditAmount": D("2480"),
            },
        ],
    }
    block = expand(model(values), CTX).entry.lines[1].accounting_entry_third_party
    assert (block.social_name, block.origin) == ("Camille Martin", Origin.EMPLOYEE)
    assert check(values).violations == ()


def test_unknown_third_code_is_tpy005_on_the_users_field_only():
    values = using_codes()
    values["accountingEntryLines"][0]["thirdCode"] = "NOBODY"
    expansion = expand(model(values), CTX)
    assert [p.kind for p in expansion.problems] == [ProblemKind.UNKNOWN_THIRD_PARTY]
    assert pairs(check(values)) == [("TPY005", "accountingEntryLines[0].thirdCode")]


def test_unknown_third_id_is_reported_once():
    values = using_ids()
    values["accountingEntryLines"][0]["thirdId"] = uid("customer/NOBODY")
    assert pairs(check(values, "createAccountingEntryUsingIds")) == [
        ("TPY005", "accountingEntryLines[0].thirdId")
    ]


def test_third_party_on_a_revenue_account_is_tpy003():
    values = using_codes()
    values["accountingEntryLines"][1]["thirdCode"] = "BAGUES"
    assert pairs(check(values)) == [("TPY003", "accountingEntryLines[1].thirdCode")]


def test_customer_account_without_third_code_is_tpy001_on_the_users_line():
    values = using_codes()
    del values["accountingEntryLines"][0]["thirdCode"]
    assert pairs(check(values)) == [("TPY001", "accountingEntryLines[0]")]


def test_supplier_in_the_sales_journal_is_tpy004_on_the_third_code():
    values = using_codes()
    values["accountingEntryLines"][0].update(subAccountCode="401000000", thirdCode="GROSSISTE")
    assert pairs(check(values)) == [("TPY004", "accountingEntryLines[0].thirdCode")]


def test_missing_supplier_list_keeps_a_partial_block_and_guesses_nothing():
    values = {
        "date": "2025-03-10",
        "journalTypeCode": "ACH",
        "accountingEntryLines": [
            {
                "subAccountCode": "401000000",
                "thirdCode": "ANYONE",
                "debitAmount": D("0"),
                "creditAmount": D("120"),
            },
            {"subAccountCode": "607000000", "debitAmount": D("120"), "creditAmount": D("0")},
        ],
    }
    context = make_context(drop=("suppliers",))
    expansion = expand(model(values), context)
    block = expansion.entry.lines[0].accounting_entry_third_party
    assert expansion.problems == ()
    assert (block.origin, block.code, block.third_party_id) == (Origin.SUPPLIER, "ANYONE", None)
    assert expansion.entry.lines[0].register_type is RegisterType.RECEIVED
    report = check(values, context=context)
    assert report.violations == ()
    assert "TPY005" in report.skipped_rules


# -- merging and INV003 ----------------------------------------------------------------------------------------


def split_sale() -> dict:
    values = using_codes()
    first = values["accountingEntryLines"][0]
    values["accountingEntryLines"] = [
        dict(first, debitAmount=D("100.00"), description="échéance 1"),
        values["accountingEntryLines"][1],
        dict(first, debitAmount=D("58.25"), description="échéance 2"),
        values["accountingEntryLines"][2],
    ]
    return values


def test_lines_of_one_third_party_are_merged_with_an_info_note():
    expansion = expand(model(split_sale()), CTX)
    assert expansion.line_origins == (0, 1, 3)
    merged = expansion.entry.lines[0]
    assert merged.debit_amount == D("158.25") and merged.credit_amount == D("0")
    assert merged.accounting_entry_invoice.amount == D("158.25")
    assert [p.kind for p in expansion.problems] == [ProblemKind.LINES_MERGED]
    report = check(split_sale())
    assert pairs(report) == [("INV008", "accountingEntryLines[0]")]
    assert report.violations[0].severity.value == "info" and report.valid


def test_merge_note_can_be_ignored():
    assert check(split_sale(), select=SELECT).violations != ()
    report = Engine(context=CTX, ignore=["INV008"]).check(
        split_sale(), operation="createAccountingEntryUsingCodes"
    )
    assert report.violations == ()


def test_no_merge_outside_invoice_journals():
    values = split_sale()
    values["journalTypeCode"] = "OD"
    expansion = expand(model(values), CTX)
    assert expansion.problems == () and len(expansion.entry.lines) == 4


def test_two_different_customers_in_one_sales_entry_report_inv003():
    values = split_sale()
    values["accountingEntryLines"][2]["thirdCode"] = "LUMEN"
    report = check(values)
    assert pairs(report) == [("INV003", "accountingEntryLines[2].thirdCode")]
    assert not report.valid


@given(parts=st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=6))
def test_any_split_of_one_customer_merges_back_into_one_valid_invoice(parts):
    amounts = [D(p).scaleb(-2) for p in parts]
    lines = [
        {"subAccountCode": "411000000", "thirdCode": "BAGUES", "debitAmount": a, "creditAmount": D(0)}
        for a in amounts
    ]
    total = sum(amounts, D(0))
    lines.append({"subAccountCode": "701005000", "debitAmount": D(0), "creditAmount": total})
    values = {"date": "2025-03-01", "journalTypeCode": "VTE", "accountingEntryLines": lines}
    expansion = expand(model(values), CTX)
    customer = expansion.entry.lines[0]
    assert customer.debit_amount == total == customer.accounting_entry_invoice.amount
    assert len(expansion.entry.lines) == 2
    report = check(values)
    assert report.valid
    assert set(report.codes()) <= {"INV008"} and (len(parts) > 1) == ("INV008" in report.codes())


# -- references ---------------------------------------------------------------------------------------------------


def test_unknown_journal_code_is_ref001_once_and_leaves_the_journal_empty():
    values = using_codes(journalTypeCode="VT")
    expansion = expand(model(values), CTX)
    assert expansion.entry.journal_type_id is None
    assert pairs(check(values)) == [("REF001", "journalTypeCode")]


def test_unknown_account_code_is_ref003_once():
    values = using_codes()
    values["accountingEntryLines"][1]["subAccountCode"] = "7010050"
    assert pairs(check(values)) == [("REF003", "accountingEntryLines[1].subAccountCode")]


def test_unknown_account_id_is_ref003_once():
    values = using_ids()
    values["accountingEntryLines"][1]["subAccountId"] = uid("account/none")
    assert pairs(check(values, "createAccountingEntryUsingIds")) == [
        ("REF003", "accountingEntryLines[1].subAccountId")
    ]


def test_entry_rules_on_the_expansion_point_at_the_users_fields():
    values = using_codes(journalTypeCode="OLD", date="2024-06-30")
    values["accountingEntryLines"][1]["subAccountCode"] = "70"
    values["accountingEntryLines"][2]["subAccountCode"] = "512100000"
    assert sorted(pairs(check(values))) == [
        ("REF002", "journalTypeCode"),
        ("REF004", "accountingEntryLines[1].subAccountCode"),
        ("REF005", "accountingEntryLines[2].subAccountCode"),
        ("REF006", "date"),
    ]


def test_de_document_number_is_required_on_simplified_entries_too():
    context = make_context("DE")
    values = using_codes()
    del values["documentNumber"]
    assert pairs(check(values, context=context)) == [("REF008", "documentNumber")]
    assert check(using_codes(), context=context).violations == ()


def test_without_context_only_fld_and_bal_run():
    values = using_codes()
    values["accountingEntryLines"][1]["subAccountCode"] = "nope"  # unknowable without a context
    values["accountingEntryLines"][2]["creditAmount"] = D("8.24")
    report = Engine().check(values, operation="createAccountingEntryUsingCodes")
    assert report.codes() == ["BAL001"]
    assert {"REF001", "REF003", "REG001", "TPY005", "INV001"} <= set(report.skipped_rules)


# -- map_path ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, codes_path, ids_path",
    [
        ("date", "date", "date"),
        ("journalTypeId", "journalTypeCode", "journalTypeId"),
        ("entryType", "", ""),
        ("accountingEntryLines", "accountingEntryLines", "accountingEntryLines"),
        (
            "accountingEntryLines[1].debitAmount",
            "accountingEntryLines[2].debitAmount",
            "accountingEntryLines[2].debitAmount",
        ),
        (
            "accountingEntryLines[1].subAccountId",
            "accountingEntryLines[2].subAccountCode",
            "accountingEntryLines[2].subAccountId",
        ),
        (
            "accountingEntryLines[0].accountingEntryThirdParty.origin",
            "accountingEntryLines[0].thirdCode",
            "accountingEntryLines[0].thirdId",
        ),
        (
            "accountingEntryLines[0].accountingEntryInvoice.amount",
            "accountingEntryLines[0]",
            "accountingEntryLines[0]",
        ),
        (
            "accountingEntryLines[1].accountingEntryThirdParty",
            "accountingEntryLines[2]",
            "accountingEntryLines[2]",
        ),
        ("accountingEntryLines[1].registerType", "accountingEntryLines[2]", "accountingEntryLines[2]"),
    ],
)
def test_map_path(path, codes_path, ids_path):
    by_codes = Expansion(
        entry=AccountingEntry(), line_origins=(0, 2), using_codes=True, lines_with_third=frozenset({0})
    )
    by_ids = attrs_evolve(by_codes, using_codes=False)
    assert by_codes.map_path(path) == codes_path
    assert by_ids.map_path(path) == ids_path


def attrs_evolve(instance, **changes):
    import attrs

    return attrs.evolve(instance, **changes)


def test_expansion_is_frozen_and_pure():
    values = using_codes()
    before = copy.deepcopy(values)
    first = expand(model(values), CTX)
    second = expand(model(values), CTX)
    assert first == second and values == before
    with pytest.raises(Exception):
        first.entry = None  # type: ignore[misc]
    assert isinstance(model(values).lines[0], LineUsingCodes)


def test_a_value_copied_by_the_expansion_is_reported_once(example_context):
    """The customer line's amount becomes the invoice amount too: BAL006 names the user's field once."""
    import json
    from decimal import Decimal

    from rules.engine import Engine

    batch = json.loads(
        (EXAMPLES / "batch.json").read_text(),
        parse_float=Decimal,
        parse_int=Decimal,
    )
    body = next(d for d in batch if "UsingCodes" in d["query"] and "VTE" in json.dumps(d, default=str))
    values = body["variables"]["values"]
    customer = next(i for i, l in enumerate(values["accountingEntryLines"]) if l.get("thirdCode"))
    values["accountingEntryLines"][customer]["debitAmount"] += Decimal("0.001")
    other = next(i for i, l in enumerate(values["accountingEntryLines"]) if i != customer)
    values["accountingEntryLines"][other]["creditAmount"] += Decimal("0.001")
    report = Engine(context=example_context).check(body)
    paths = [v.path for v in report.violations if v.code == "BAL006"]
    assert sorted(paths) == sorted(
        [f"accountingEntryLines[{customer}].debitAmount", f"accountingEntryLines[{other}].creditAmount"]
    )
