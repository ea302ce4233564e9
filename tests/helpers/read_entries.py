"""Entries as READ from the API (ids, open items, lettering) and an audit over them: the builders of the
OIT and LET tests, and the ids (uuid5 of readable names) the SET tests share with them
(``tests/rules/families/test_oit.py``, ``test_let.py``, ``test_set.py``).
"""

from __future__ import annotations

import uuid
from decimal import Decimal as D

from rules.audit import audit

NS = uuid.UUID("2d7f0c57-3c4e-4f43-9a1e-8c5e5b0f7a10")


def uid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


CUSTOMER, OTHER_CUSTOMER, SUPPLIER = uid("customer"), uid("customer-2"), uid("supplier")
A411, A401, A706, A512 = uid("411000"), uid("401000"), uid("706000"), uid("512000")
SALES_JOURNAL, BANK_JOURNAL = uid("VTE"), uid("BQ")


# -- builders: entries as READ from the API -----------------------------------------------------------


def item(name, amount, paid, status):
    return {
        "id": uid(name),
        "amount": D(amount),
        "paidAmountAccumulated": D(paid),
        "status": status,
        "dueDate": "2025-02-28",
    }


def payment(letter=None, matching=None, match_id=None):
    out = {}
    if letter is not None:
        out["matchingLetter"] = letter
    if matching is not None:
        out["matching"] = matching
    if match_id is not None:
        out["matchId"] = uid(match_id)
    return out


def invoice_entry(
    name, amount, items=None, *, pay=None, register="ISSUED", party=CUSTOMER, origin="CUSTOMER", account=A411
):
    debit, credit = (D(amount), D(0)) if register != "RECEIVED" else (D(0), D(amount))
    line = {
        "id": uid(f"{name}.0"),
        "subAccountId": account,
        "debitAmount": debit,
        "creditAmount": credit,
        "registerType": register,
        "accountingEntryThirdParty": {"thirdPartyId": party, "origin": origin},
        "accountingEntryInvoice": {
            "id": uid(f"{name}.invoice"),
            "documentDate": "2025-01-10",
            "amount": D(amount),
            "registerType": register,
        },
    }
    if items is not None:
        line["accountingEntryInvoice"]["openItems"] = items
    if pay is not None:
        line["accountingEntryPayment"] = pay
    return {
        "id": uid(name),
        "date": "2025-01-10",
        "journalTypeId": SALES_JOURNAL,
        "accountingEntryLines": [
            line,
            {
                "id": uid(f"{name}.1"),
                "subAccountId": A706,
                "debitAmount": credit,
                "creditAmount": debit,
                "registerType": register,
            },
        ],
    }


def receipt_entry(name, amount, *, pay=None, party=CUSTOMER, account=A411):
    line = {
        "id": uid(f"{name}.1"),
        "subAccountId": account,
        "debitAmount": D(0),
        "creditAmount": D(amount),
        "registerType": "UNDEFINED",
        "accountingEntryThirdParty": {"thirdPartyId": party, "origin": "CUSTOMER"},
    }
    if pay is not None:
        line["accountingEntryPayment"] = pay
    return {
        "id": uid(name),
        "date": "2025-02-01",
        "journalTypeId": BANK_JOURNAL,
        "accountingEntryLines": [
            {
                "id": uid(f"{name}.0"),
                "subAccountId": A512,
                "debitAmount": D(amount),
                "creditAmount": D(0),
                "registerType": "UNDEFINED",
            },
            line,
        ],
    }


def run_audit(entries, select=None):
    from ledger.io.jsontext import dumps

    return audit(dumps(entries), select=select)


def codes(reports):
    return sorted(v.code for r in reports for v in r.violations)


def violations(reports, code):
    return [(r.document, v) for r in reports for v in r.violations if v.code == code]
