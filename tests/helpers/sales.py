"""The bundled example organisation with customers in and out of the EU, a deposits account and sales
invoices in every status: the context of the PST rules and of the posting simulator.
"""

from __future__ import annotations

from ledger.io.jsontext import loads
from tests.helpers import EXAMPLES

SALES_JOURNAL = "c3cce89c-305a-5ccf-9aac-64bd38dd284b"  # VTE, SALES_INVOICE
GENERAL_JOURNAL = "6da0125f-6f24-5aec-ba35-0a2befc8ee6e"  # OD, GENERAL
CUSTOMERS_ACCOUNT = "abafe8c0-b879-5acb-b9b5-c917f9240fb2"  # 411000
OUTPUT_VAT = "d056bbc3-ea01-5923-82a4-2b63c8f1f79d"  # 445710
A707000 = "1cb8f533-084b-514c-9f3d-a3e02fa80e85"  # defaultSaleProductsAccountId
A707100 = "f87a0c53-8326-5de7-8d4e-d3cfd1d7d85d"  # intracommunityAccountId
A707200 = "1ad88735-294c-5cab-9790-625c4fb5ba4d"  # foreignAccountId
A706000 = "f51104b4-4300-580b-a4c8-bac36697e07b"  # services (a product's account)
A419100 = "5b7e2a52-1d7e-4c11-9a43-3f0e2c5d8a01"  # added: customer deposits, tax included

FR = "78a131e6-cf2c-5f9c-a938-607b4ddc60e9"
BE = "d71ec113-0ed7-5793-b053-8967e06b4ab1"
DE = "840159bf-de54-52d6-8426-7a1d9e4665dc"
US = "816136bc-c199-5cb2-a473-8f77b898a7f3"
# Added customers (same document type as the others; only the country matters here).
GB = "0b0e8f7a-3d35-4f7e-9c53-2a6f5d1c0e01"
MC = "0b0e8f7a-3d35-4f7e-9c53-2a6f5d1c0e02"
NOCOUNTRY = "0b0e8f7a-3d35-4f7e-9c53-2a6f5d1c0e03"
ABSENT = "0b0e8f7a-3d35-4f7e-9c53-2a6f5d1c0e04"  # in no customers list

CLOSED_INVOICE = "5f3acab4-ff61-59fe-9470-21dee8b71f38"
POSTED_INVOICE = "eb285ba7-c5ef-56e7-9f7f-680fcd65da6f"
DRAFT_INVOICE = "3a1e0d59-6c0f-4b8e-8a53-9d2f9a7c1b10"
COLLECTED_INVOICE = "3a1e0d59-6c0f-4b8e-8a53-9d2f9a7c1b11"


def context_data() -> dict:
    data = loads((EXAMPLES / "context.json").read_text(encoding="utf-8"))
    data["accountingAccounts"].append(
        {
            "id": A419100,
            "code": "419100",
            "name": "Clients - avances et acomptes reçus",
            "accountLevel": "SUB_ACCOUNT",
            "subAccountType": "CUSTOMER_PREPAYMENT_TAX_INCLUDED",
            "deactivated": False,
        }
    )
    template = next(c for c in data["customers"] if c["id"] == DE)
    for cid, code, country in (
        (GB, "LONDONLAMP", "GB"),
        (MC, "MONACOLUX", "MC"),
        (NOCOUNTRY, "NOWHERE", None),
    ):
        record = dict(template, id=cid, code=code, socialName=f"{code} Ltd", documentId=code)
        record.pop("vatNumber", None)
        if country is None:
            record.pop("countryAcronym")
        else:
            record["countryAcronym"] = country
        data["customers"].append(record)
    data["salesInvoices"] += [
        {"id": DRAFT_INVOICE, "status": "Pending", "customerId": FR},
        {"id": COLLECTED_INVOICE, "status": "Collected", "customerId": FR},
    ]
    # Open fiscal years for the Brexit edge dates (the example has 2024 closed and 2025 open).
    for year in (2020, 2021):
        data["accountingExercises"].append(
            {
                "id": f"0e0e0e0e-0000-4000-8000-00000000{year}",
                "startDate": f"{year}-01-01",
                "endDate": f"{year}-12-31",
                "status": "OPEN",
                "periods": [],
            }
        )
    return data
