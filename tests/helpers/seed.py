"""Seed 001's sales invoice with real UUIDs in place of its placeholders, and the edits tables apply.

Many modules start from this one valid ``createAccountingEntry`` input (FLD and BAL tables, the CLI,
the loader, batch and intake tests): it lives here once. ``edited`` applies a table row's edits
(dotted paths with ``[i]`` indexes; ``DELETE`` removes the key).
"""

from __future__ import annotations

from decimal import Decimal

JOURNAL = "6fdf8926-cfdd-4ef8-8f89-39d6bfa622da"
CUSTOMER_ACCOUNT = "11111111-1111-4111-8111-111111111111"
REVENUE_ACCOUNT = "22222222-2222-4222-8222-222222222222"
TAX_ACCOUNT = "33333333-3333-4333-8333-333333333333"
CUSTOMER = "44444444-4444-4444-8444-444444444444"
DOCUMENT_TYPE = "55555555-5555-4555-8555-555555555555"


def seed001() -> dict:
    """The seed 001 example entry, its placeholders replaced by UUIDs; amounts exact."""
    return {
        "description": "Facture FA0022",
        "date": "2023-03-01",
        "entryType": "GENERAL",
        "journalTypeId": JOURNAL,
        "accountingEntryLines": [
            {
                "description": "Facture FA0022",
                "creditAmount": Decimal("0"),
                "debitAmount": Decimal("1824.67"),
                "subAccountId": CUSTOMER_ACCOUNT,
                "accountingEntryThirdParty": {
                    "socialName": "Bijouterie Bagues",
                    "origin": "CUSTOMER",
                    "thirdPartyId": CUSTOMER,
                    "identificationTypeId": DOCUMENT_TYPE,
                    "documentId": "12345678900011",
                },
                "registerType": "ISSUED",
                "accountingEntryInvoice": {
                    "amount": Decimal("1824.67"),
                    "documentDate": "2023-03-01",
                    "expeditionDate": "2023-03-01",
                    "operationDate": "2023-03-01",
                    "settlementDate": "2023-03-01",
                    "externalInvoiceNumber": "FA0022",
                    "registerType": "ISSUED",
                },
            },
            {
                "description": "Facture FA0022",
                "creditAmount": Decimal("1520.56"),
                "debitAmount": Decimal("0"),
                "subAccountId": REVENUE_ACCOUNT,
                "registerType": "UNDEFINED",
            },
            {
                "description": "Facture FA0022",
                "creditAmount": Decimal("304.11"),
                "debitAmount": Decimal("0"),
                "subAccountId": TAX_ACCOUNT,
                "registerType": "UNDEFINED",
            },
        ],
    }


def set_path(doc: dict, path: str, value) -> None:
    """Set (or with value DELETE, remove) a dotted path with [i] indexes."""
    parts = path.replace("]", "").replace("[", ".").split(".")
    target = doc
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


DELETE = object()
L0, L1, L2 = "accountingEntryLines[0]", "accountingEntryLines[1]", "accountingEntryLines[2]"


def edited(name: str, edits: list) -> dict:
    """Seed 001 with a table row's edits applied ("BAL002 one line" keeps only the first line)."""
    doc = seed001()
    if name == "BAL002 one line":
        doc["accountingEntryLines"] = doc["accountingEntryLines"][:1]
        doc["accountingEntryLines"][0]["accountingEntryInvoice"]["amount"] = Decimal("1824.67")
        return doc
    for path, value in edits:
        if path == "accountingEntryLines[3]":
            doc["accountingEntryLines"].append(value)
        else:
            set_path(doc, path, value)
    return doc
