"""The organisation, base documents and mutation helpers of the entry families' tables (REG, TPY, INV,
TAX, REF: ``tests/rules/families/test_<family>.py``).

Each family's table, ``CASES``, takes a valid base document, applies one mutation, and states the EXACT
set of codes the engine must report (so a row also proves there is no false positive beside the intended
finding). Rows whose expected set lacks the code under test are its pass cases.

The context is built here from readable names (every id is a uuid5 of its name), like the bundled
example; its organisation has no accounting setup, so PST rules (another family) have nothing to run on.
Tables run the engine with ``select`` limited to FLD, BAL and the five entry families, so the rows stay
about these families.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ledger.io.context_file import context_from_dict
from ledger.io.jsontext import loads
from ledger.operations import operation
from rules.engine import Engine
from rules.families import default_registry

FAMILIES = ("REG", "TPY", "INV", "TAX", "REF")
SELECT = ["FLD", "BAL", *FAMILIES]
D = Decimal


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledger-rules-test/{name}"))


# -- the context -------------------------------------------------------------------------------------


def _account(code, level, nature, deactivated=False):
    return {
        "id": uid(f"account/{code}"),
        "code": code,
        "name": code,
        "accountLevel": level,
        "subAccountType": nature,
        "deactivated": deactivated,
    }


def _months(year, closed=()):
    import calendar

    return [
        {
            "startDate": f"{year}-{m:02d}-01",
            "endDate": f"{year}-{m:02d}-{calendar.monthrange(year, m)[1]:02d}",
            "isClosed": m in closed,
        }
        for m in range(1, 13)
    ]


def context_data(legislation: str = "FR") -> dict:
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
            {"id": uid("journal/OD"), "code": "OD", "name": "OD", "type": "GENERAL", "deactivated": False},
            {
                "id": uid("journal/BQ"),
                "code": "BQ",
                "name": "Banque",
                "type": "FINANCIAL",
                "deactivated": False,
            },
            {
                "id": uid("journal/AN"),
                "code": "AN",
                "name": "AN",
                "type": "CARRY_FORWARD",
                "deactivated": False,
            },
            {
                "id": uid("journal/BP"),
                "code": "BP",
                "name": "Old bank",
                "type": "FINANCIAL",
                "deactivated": True,
            },
        ],
        "accountingAccounts": [
            _account("411000", "SUB_ACCOUNT", "CUSTOMER"),
            _account("419100", "SUB_ACCOUNT", "CUSTOMER_PREPAYMENT_TAX_INCLUDED"),
            _account("401000", "SUB_ACCOUNT", "PROVIDER"),
            _account("421000", "SUB_ACCOUNT", "EMPLOYEE"),
            _account("445660", "SUB_ACCOUNT", "INPUT_TAX"),
            _account("445710", "SUB_ACCOUNT", "OUTPUT_TAX"),
            _account("473000", "SUB_ACCOUNT", "UNDEFINED"),
            _account("512000", "SUB_ACCOUNT", "BANK"),
            _account("512100", "SUB_ACCOUNT", "BANK", deactivated=True),
            _account("607000", "SUB_ACCOUNT", "CHARGE"),
            _account("706000", "SUB_ACCOUNT", "REVENUE"),
            _account("70", "ACCOUNT", "UNDEFINED"),
        ],
        "customers": [
            {
                "id": uid("customer/C1"),
                "code": "C1",
                "socialName": "Client Un SA",
                "documentTypeId": uid("doctype/01"),
                "documentId": "83291745400015",
                "countryAcronym": "FR",
            },
            {
                "id": uid("customer/C2"),
                "code": "C2",
                "socialName": "Client Deux SARL",
                "documentTypeId": uid("doctype/01"),
                "documentId": "79154362200025",
                "countryAcronym": "FR",
            },
        ],
        "suppliers": [
            {
                "id": uid("supplier/S1"),
                "code": "S1",
                "socialName": "Fournisseur Un SAS",
                "documentTypeId": uid("doctype/01"),
                "documentId": "51238476900034",
                "countryAcronym": "FR",
            },
        ],
        "employees": [
            {
                "id": uid("employee/E1"),
                "code": "E1",
                "name": "Camille Martin",
                "documentTypeId": uid("doctype/06"),
                "documentId": "291036938112714",
            },
        ],
        "taxTreatments": [
            {
                "id": uid("treatment/sales"),
                "taxGroupId": uid("group/sales"),
                "taxType": "TVA",
                "registerType": "ISSUED",
            },
            {
                "id": uid("treatment/purchases"),
                "taxGroupId": uid("group/purchases"),
                "taxType": "TVA",
                "registerType": "RECEIVED",
            },
        ],
        "taxes": [
            {
                "id": uid("tax/sales/20"),
                "groupId": uid("group/sales"),
                "percentage": D("20"),
                "taxType": "TVA",
            },
            {
                "id": uid("tax/sales/10"),
                "groupId": uid("group/sales"),
                "percentage": D("10"),
                "taxType": "TVA",
            },
            {"id": uid("tax/sales/0"), "groupId": uid("group/sales"), "percentage": D("0"), "taxType": "TVA"},
            {
                "id": uid("tax/purchases/20"),
                "groupId": uid("group/purchases"),
                "percentage": D("20"),
                "taxType": "TVA",
            },
        ],
        "accountingExercises": [
            {
                "id": uid("exercise/2022"),
                "startDate": "2022-01-01",
                "endDate": "2022-12-31",
                "status": "CLOSED",
                "periods": _months(2022),
            },
            {
                "id": uid("exercise/2023"),
                "startDate": "2023-01-01",
                "endDate": "2023-12-31",
                "status": "OPEN",
                "periods": _months(2023, closed=(1,)),
            },
        ],
        "sessions": [
            {
                "id": uid("session/main"),
                "name": "Automatisch erstellt",
                "deactivated": False,
                "isDefault": True,
            },
            {"id": uid("session/old"), "name": "Import 2022", "deactivated": True, "isDefault": False},
        ],
        "paymentMethods": [
            {
                "id": uid("payment/bank"),
                "type": "BANK_ACCOUNT",
                "journalTypeId": uid("journal/BQ"),
                "subAccountId": uid("account/512000"),
            },
        ],
    }


def make_context(legislation: str = "FR", drop: tuple[str, ...] = ()):
    data = context_data(legislation)
    for key in drop:
        data.pop(key)
    return context_from_dict(data)


CTX = make_context()


# -- the seed 001 example, placeholders filled ----------------------------------------------------------

#: seed 001's example, transcribed verbatim (placeholders kept); see test_seed_transcription.
SEED_001 = """{
"values":{
"description": "Facture FA0022",
"date": "2023-03-01",
"entryType": "GENERAL",
"journalTypeId": "{journalId}",
"accountingEntryLines": [
{
"description": "Facture FA0022",
"creditAmount": 0,
"debitAmount": 1824.67,
"subAccountId": "{customerAccountId}",
"accountingEntryThirdParty": {
"socialName":"{customerSocialName}",
"origin":"CUSTOMER",
"thirdPartyId":"{customerId}",
"identificationTypeId":"{documentTypeId}",
"documentId":"{customerDocumentId}"
},
"registerType":"ISSUED",
"accountingEntryInvoice":{
"amount":1824.67,
"documentDate":"2023-03-01",
"expeditionDate":"2023-03-01",
"operationDate":"2023-03-01",
"settlementDate":"2023-03-01",
"externalInvoiceNumber":"FA0022",
"registerType":"ISSUED"
}
},
{
"description": "Facture FA0022",
"creditAmount": 1520.56,
"debitAmount": 0,
"subAccountId": "{AccountId}",
"registerType":"UNDEFINED"
},
{
"description": "Facture FA0022",
"creditAmount": 304.11,
"debitAmount": 0,
"subAccountId": "{taxAccountId}",
"registerType":"UNDEFINED"
}
]
}
}"""

SALE_PLACEHOLDERS = {
    "journalId": uid("journal/VTE"),
    "customerAccountId": uid("account/411000"),
    "customerSocialName": "Client Un SA",
    "customerId": uid("customer/C1"),
    "documentTypeId": uid("doctype/01"),
    "customerDocumentId": "83291745400015",
    "AccountId": uid("account/706000"),
    "taxAccountId": uid("account/445710"),
}


def seed_001(placeholders=SALE_PLACEHOLDERS, *, with_code: str | None = "C1") -> dict:
    text = SEED_001
    for name, value in placeholders.items():
        text = text.replace("{" + name + "}", value)
    values = loads(text)["values"]
    if with_code is not None:
        # seed 001's field table: code "must be filled in" — its own example omits it (see TPY002).
        values["accountingEntryLines"][0]["accountingEntryThirdParty"]["code"] = with_code
    return values


def seed_001_purchase() -> dict:
    """seed 001's recipe: origin SUPPLIER, registerType RECEIVED, a supplier instead of a customer."""
    placeholders = dict(
        SALE_PLACEHOLDERS,
        journalId=uid("journal/ACH"),
        customerAccountId=uid("account/401000"),
        customerSocialName="Fournisseur Un SAS",
        customerId=uid("supplier/S1"),
        customerDocumentId="51238476900034",
    )
    text = SEED_001
    for name, value in placeholders.items():
        text = text.replace("{" + name + "}", value)
    text = text.replace('"CUSTOMER"', '"SUPPLIER"').replace('"ISSUED"', '"RECEIVED"')
    values = loads(text)["values"]
    values["accountingEntryLines"][0]["accountingEntryThirdParty"]["code"] = "S1"
    return values


# -- other base documents ----------------------------------------------------------------------------------


def third_party(kind: str, name: str) -> dict:
    data = context_data()
    records = {"customer": data["customers"], "supplier": data["suppliers"], "employee": data["employees"]}[
        kind
    ]
    record = next(r for r in records if r["code"] == name)
    return {
        "thirdPartyId": record["id"],
        "socialName": record.get("socialName", record.get("name")),
        "code": record["code"],
        "origin": kind.upper(),
        "identificationTypeId": record["documentTypeId"],
        "documentId": record["documentId"],
    }


def line(account: str, debit: str = "0", credit: str = "0", register: str = "UNDEFINED", **extra) -> dict:
    return {
        "description": f"line {account}",
        "debitAmount": D(debit),
        "creditAmount": D(credit),
        "subAccountId": uid(f"account/{account}"),
        "registerType": register,
        **extra,
    }


def invoice(amount: str, register: str, day: str = "2023-03-01", **extra) -> dict:
    return {
        "documentDate": day,
        "expeditionDate": day,
        "operationDate": day,
        "settlementDate": day,
        "externalInvoiceNumber": "FA0022",
        "amount": D(amount),
        "registerType": register,
        **extra,
    }


def register(treatment: str, tax: str, pct: str, base: str, amount: str, deductible: bool, **extra) -> dict:
    group = "sales" if treatment == "sales" else "purchases"
    return {
        "taxTreatmentId": uid(f"treatment/{treatment}"),
        "taxGroupId": uid(f"group/{group}"),
        "taxType": "TVA",
        "taxId": uid(f"tax/{tax}"),
        "taxPercentage": D(pct),
        "taxBase": D(base),
        "taxAmount": D(amount),
        "deductible": deductible,
        "regimeType": "GENERAL",
        **extra,
    }


def entry(journal: str, lines: list, day: str = "2023-03-01", **extra) -> dict:
    return {
        "description": "test entry",
        "date": day,
        "entryType": "GENERAL",
        "journalTypeId": uid(f"journal/{journal}"),
        "accountingEntryLines": lines,
        **extra,
    }


def sale_with_registers() -> dict:
    values = seed_001()
    values["accountingEntryLines"][0]["accountingEntryInvoice"]["accountingEntryTaxes"] = [
        register("sales", "sales/20", "20", "1520.56", "304.11", False)
    ]
    return values


def purchase_with_registers() -> dict:
    return entry(
        "ACH",
        [
            line(
                "401000",
                credit="1824.67",
                register="RECEIVED",
                accountingEntryThirdParty=third_party("supplier", "S1"),
                accountingEntryInvoice=invoice(
                    "1824.67",
                    "RECEIVED",
                    accountingEntryTaxes=[
                        register("purchases", "purchases/20", "20", "1520.56", "304.11", True)
                    ],
                ),
            ),
            line("607000", debit="1520.56"),
            line("445660", debit="304.11"),
        ],
    )


def bank_receipt() -> dict:
    return entry(
        "BQ",
        [
            line("512000", debit="1824.67"),
            line("411000", credit="1824.67", accountingEntryThirdParty=third_party("customer", "C1")),
        ],
    )


def payroll() -> dict:
    return entry(
        "OD",
        [
            line("607000", debit="2480.00"),
            line("421000", credit="2480.00", accountingEntryThirdParty=third_party("employee", "E1")),
        ],
    )


def small_sale_with_register(tax_amount: str = "20.00", base: str = "100.00") -> dict:
    total = str(D(base) + D(tax_amount))
    return entry(
        "VTE",
        [
            line(
                "411000",
                debit=total,
                register="ISSUED",
                accountingEntryThirdParty=third_party("customer", "C1"),
                accountingEntryInvoice=invoice(
                    total,
                    "ISSUED",
                    accountingEntryTaxes=[register("sales", "sales/20", "20", base, tax_amount, False)],
                ),
            ),
            line("706000", credit=base),
            line("445710", credit=tax_amount),
        ],
    )


def sale_two_customers() -> dict:
    return entry(
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
                accountingEntryThirdParty=third_party("customer", "C2"),
                accountingEntryInvoice=invoice("824.67", "ISSUED"),
            ),
            line("706000", credit="1520.56"),
            line("445710", credit="304.11"),
        ],
    )


def withholding_sale() -> dict:
    """An ES-style invoice: 1000 + 21 % IVA − 15 % IRPF withheld = 1060."""
    return entry(
        "VTE",
        [
            line(
                "411000",
                debit="1060.00",
                register="ISSUED",
                accountingEntryThirdParty=third_party("customer", "C1"),
                accountingEntryInvoice=invoice(
                    "1060.00",
                    "ISSUED",
                    accountingEntryTaxes=[
                        register("sales", "sales/20", "21", "1000.00", "210.00", False, taxType="IVA"),
                        register("sales", "sales/20", "15", "1000.00", "150.00", False, taxType="IRPF"),
                    ],
                ),
            ),
            line("473000", debit="150.00"),
            line("706000", credit="1000.00"),
            line("445710", credit="210.00"),
        ],
    )


def post_sales_invoice(journal: str = "VTE") -> dict:
    return {
        "salesInvoiceId": uid("invoice/1"),
        "accountingEntryDescription": "FA-1",
        "journalTypeId": uid(f"journal/{journal}"),
    }


def settlement(**extra) -> dict:
    return {
        "entryDate": "2023-03-15",
        "paymentMethodId": uid("payment/bank"),
        "thirdPartyId": uid("customer/C1"),
        "salesOpenItemLinkagePaidAmounts": [{"openItemId": uid("openitem/1"), "paidAmount": D("100.00")}],
        **extra,
    }


# -- mutation helpers --------------------------------------------------------------------------------------


def at(doc: dict, path: str, value: Any = ..., *, delete: bool = False) -> dict:
    """Set (or delete) the value at a dotted path with [i] indexes, on the document itself; return it."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    node = doc
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    last = parts[-1]
    key: Any = int(last[1:-1]) if last.startswith("[") else last
    if delete:
        del node[key]
    else:
        node[key] = value
    return doc


def L(i: int, rest: str = "") -> str:
    return f"accountingEntryLines[{i}]{rest}"


def flip(doc: dict, *indexes: int) -> dict:
    """Swap debit and credit on the given lines; return the document."""
    for i in indexes:
        line = doc["accountingEntryLines"][i]
        line["debitAmount"], line["creditAmount"] = line["creditAmount"], line["debitAmount"]
    return doc


TP = ".accountingEntryThirdParty"
INVOICE = ".accountingEntryInvoice"
TAX0 = ".accountingEntryInvoice.accountingEntryTaxes[0]"


# (code, description, base factory, mutation, expected codes, extra: operation / context / mode / options)
Case = tuple[str, str, Callable[[], dict], Callable[[dict], Any] | None, set, dict]


def case(code, description, base, mutate, expected, **extra) -> Case:
    return (code, description, base, mutate, set(expected), extra)


def run_case(base, mutate, extra):
    document = copy.deepcopy(base())
    if mutate is not None:
        mutate(document)
    context = extra.get("context", CTX)
    engine = Engine(context=context, select=SELECT, options=extra.get("options"))
    op = operation(extra.get("operation", "createAccountingEntry"))
    if extra.get("mode") == "read":
        return engine.check_value(document, op, mode="read")
    return engine.check(document, operation=op.name)


def parametrize_cases(cases: list[Case]):
    return pytest.mark.parametrize(
        "code, description, base, mutate, expected, extra",
        cases,
        ids=[f"{c[0]}-{'fail' if c[0] in c[4] else 'pass'}-{c[1]}" for c in cases],
    )


def assert_case(base, mutate, expected, extra) -> None:
    report = run_case(base, mutate, extra)
    assert set(report.codes()) == expected, [v.to_dict() for v in report.violations]


def assert_pass_and_fail_cases(family: str, cases: list[Case]) -> None:
    """Every document-scope code of the family has a row that reports it and a row that does not."""
    codes = {r.code for r in default_registry() if r.family == family and r.scope == "document"}
    failing = {c[0] for c in cases if c[0] in c[4]}
    passing = {c[0] for c in cases if c[0] not in c[4]}
    assert codes - failing == set(), "codes without a fail case"
    assert codes - passing == set(), "codes without a pass case"
