"""Seed 000 offline: saved Luca responses -> posting lines -> an entry match that passes MAT (D71–D74)."""

from __future__ import annotations

import json

import pytest

from ledger.books.luca_workflow import (
    MATCH_MUTATION,
    LucaWorkflowError,
    closing_match,
    context_from_responses,
    context_posting_lines,
    journal_id_of_invoice,
    posting_lines_from_responses,
)
from ledger.io.context_file import context_from_dict
from ledger.io.jsontext import dumps
from rules.engine import Engine

CUSTOMER = {"id": "24HJA4y", "code": "1500", "subCode": "10005"}
OTHER_CUSTOMER = {"id": "24HJA4z", "code": "1500", "subCode": "10006"}
REVENUE = {"id": "ggHNwdQ", "code": "3100", "subCode": None}

# Step 1 (seed 000, verbatim).
INVOICE_RESPONSE = {"data": {"saleInvoice": {"id": "9DhWnW", "bookkeepingJournal": {"id": "4LCGvv"}}}}
# Step 2 (seed 000, verbatim): the invoice's journal.
INVOICE_JOURNAL = {
    "data": {
        "bookkeepingJournal": {
            "id": "4LCGvv",
            "postings": [
                {
                    "postingLines": [
                        {
                            "id": "JeCRVx",
                            "amountCents": 15000,
                            "debitAccount": CUSTOMER,
                            "creditAccount": REVENUE,
                        },
                    ]
                }
            ],
        }
    }
}


def credit_note_journal(cents: int, line_id: str = "gYCr2n") -> dict:
    """The credit note's journal: revenue debited, the customer's account credited."""
    return {
        "data": {
            "bookkeepingJournal": {
                "id": "7PqXzz",
                "postings": [
                    {
                        "postingLines": [
                            {
                                "id": line_id,
                                "amountCents": cents,
                                "debitAccount": REVENUE,
                                "creditAccount": CUSTOMER,
                            },
                            {
                                "id": "unrel1",
                                "amountCents": 999,
                                "debitAccount": REVENUE,
                                "creditAccount": OTHER_CUSTOMER,
                            },
                        ]
                    }
                ],
            }
        }
    }


def test_journal_id_from_the_invoice_response():
    assert journal_id_of_invoice(INVOICE_RESPONSE) == "4LCGvv"


def test_saved_responses_become_context_posting_lines():
    lines = posting_lines_from_responses(INVOICE_JOURNAL, credit_note_journal(15000))
    assert [l.id for l in lines] == ["JeCRVx", "gYCr2n", "unrel1"]
    listed = context_posting_lines(INVOICE_JOURNAL, json.dumps(credit_note_journal(15000)))
    assert listed[0] == {
        "id": "JeCRVx",
        "amountCents": 15000,
        "debitAccount": CUSTOMER,
        "creditAccount": {"id": "ggHNwdQ", "code": "3100"},
    }
    # The list is a valid context (round trip through the context loader).
    context = context_from_dict({"luca": {"postingLines": json.loads(dumps(listed))}})
    assert context.posting_line("gYCr2n").amount_cents == 15000


def test_closing_an_invoice_against_a_credit_note_passes_mat():
    match = closing_match(INVOICE_JOURNAL, credit_note_journal(15000), code="1500", sub_code="10005")
    assert match.account_id == "24HJA4y"
    assert [l.id for l in match.lines] == ["JeCRVx", "gYCr2n"]  # not the other customer's line
    assert match.balanced and match.net_cents == 0
    request = match.request()
    assert request["query"] == MATCH_MUTATION
    assert request["variables"] == {
        "entryMatch": {"postingLines": [{"id": "JeCRVx"}, {"id": "gYCr2n"}], "accountId": "24HJA4y"}
    }
    context = context_from_responses(INVOICE_JOURNAL, credit_note_journal(15000))
    report = Engine(context=context).check(request)
    assert report.operation == "bookkeepingEntryMatchCreate"
    assert report.valid and report.codes() == [] and report.skipped_rules == ()


def test_closing_150_against_an_80_credit_note_reports_mat002():
    match = closing_match(INVOICE_JOURNAL, credit_note_journal(8000), account_id="24HJA4y")
    assert not match.balanced and match.net_cents == 7000 and str(match.net) == "70.00"
    context = context_from_responses(INVOICE_JOURNAL, credit_note_journal(8000))
    report = Engine(context=context).check(match.request())
    assert report.codes() == ["MAT002"]
    assert report.violations[0].figure("net") == "70.00"


def test_a_line_already_matched_reports_mat005():
    from ledger.luca import EntryMatch

    context = context_from_responses(
        INVOICE_JOURNAL,
        credit_note_journal(15000),
        entry_matches=[EntryMatch(id="kQBSpD", posting_line_ids=("JeCRVx",))],
    )
    match = closing_match(INVOICE_JOURNAL, credit_note_journal(15000), account_id="24HJA4y")
    assert Engine(context=context).check(match.request()).codes() == ["MAT005"]


def test_workflow_errors():
    with pytest.raises(LucaWorkflowError, match="no posting line is on account"):
        closing_match(INVOICE_JOURNAL, code="1500", sub_code="99999")
    with pytest.raises(LucaWorkflowError, match="account id, or its code"):
        closing_match(INVOICE_JOURNAL)
    with pytest.raises(LucaWorkflowError, match="expected a bookkeepingJournal"):
        posting_lines_from_responses({"data": {"saleInvoices": []}})
    with pytest.raises(LucaWorkflowError, match="not JSON"):
        posting_lines_from_responses("{nope")
    with pytest.raises(LucaWorkflowError, match="cannot read"):
        posting_lines_from_responses(
            {
                "data": {
                    "bookkeepingJournal": {
                        "postings": [{"postingLines": [{"id": "x", "amountCents": "150"}]}]
                    }
                }
            }
        )
