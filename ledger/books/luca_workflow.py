"""Luca Regnskap: closing an invoice against a credit note or a payment, offline ([LUCA-close-api], S62, S63, S64, S65).

The documented workflow ([LUCA-close-api]) is four calls:

1. ``saleInvoice(id) { bookkeepingJournal { id } }`` — the invoice's journal (twice for invoice/credit
   note matching);
2. ``bookkeepingJournal(id) { postings { postingLines { id amountCents debitAccount{id code subCode}
   creditAccount{id code subCode} } } }`` — its posting lines;
3. choose the posting lines that hit THE CUSTOMER'S ACCOUNT (the reskontro account, e.g. code 1500 with
   subCode 10005 = the customer number, S64);
4. ``bookkeepingEntryMatchCreate(entryMatch: {postingLines: [{id}…], accountId})``.

This module does steps 2→4 on SAVED responses, with no network: :func:`posting_lines_from_responses`
reads the responses (``{"data": {"bookkeepingJournal": …}}`` or ``{"data": {"saleInvoice":
{"bookkeepingJournal": …}}}`` with postings) into :class:`~ledger.luca.PostingLine` objects;
:func:`context_posting_lines` gives them as the context's ``luca.postingLines`` list (what the MAT
rules need); :func:`closing_match` selects the lines on the customer's account (by account id, or by
``code`` + ``subCode``) and builds the :class:`~ledger.luca.EntryMatchInput`, with the net it will have
on that account (it must be exactly 0, S65 — MAT002) and the GraphQL request body to send.

Unlike the seed's example (whose ids are not even valid GraphQL, errata E10), the request body passes
the input as a variable of type ``EntryMatchInput!`` (the type name is undocumented, S83).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from ledger.context import Context
from ledger.io.jsontext import loads
from ledger.io.loading import Fault, Loader, dump
from ledger.luca import (
    BookkeepingJournal,
    EntryMatch,
    EntryMatchInput,
    PostingLine,
    PostingLineRef,
    SaleInvoice,
)
from ledger.money import from_minor_units

#: The mutation of step 4, written as valid GraphQL (the input travels in a variable).
MATCH_MUTATION = (
    "mutation ($entryMatch: EntryMatchInput!) { bookkeepingEntryMatchCreate(entryMatch: $entryMatch) "
    "{ id postingEntriesDebit { id } postingEntriesCredit { id } } }"
)


class LucaWorkflowError(ValueError):
    """A saved response cannot be read, or the lines to match cannot be chosen."""


# -- step 2: saved responses -> posting lines -----------------------------------------------------


def _journal_values(response: Any) -> list[Any]:
    """The ``bookkeepingJournal`` objects in one saved response (several shapes accepted)."""
    if isinstance(response, (str, bytes)):
        try:
            response = loads(response.decode("utf-8") if isinstance(response, bytes) else response)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LucaWorkflowError(f"a saved response is not JSON: {exc}") from None
    if isinstance(response, list):
        return [j for item in response for j in _journal_values(item)]
    if not isinstance(response, dict):
        raise LucaWorkflowError("a saved response must be a JSON object")
    data = response.get("data", response)
    if not isinstance(data, dict):
        raise LucaWorkflowError("`data` must be an object")
    if "bookkeepingJournal" in data:
        return [data["bookkeepingJournal"]]
    if "saleInvoice" in data:
        invoice = data["saleInvoice"]
        journal = invoice.get("bookkeepingJournal") if isinstance(invoice, dict) else None
        return [journal] if journal is not None else []
    if "postings" in data:  # a bare journal object
        return [data]
    raise LucaWorkflowError("expected a bookkeepingJournal or saleInvoice response")


def _load_journal(value: Any, loader: Loader) -> BookkeepingJournal:
    loaded = loader.load(BookkeepingJournal, value, mode="read", path="bookkeepingJournal")
    serious = [p for p in loaded.problems if p.fault is not Fault.UNKNOWN]
    if loaded.model is None or serious:
        first = serious[0].message if serious else "not an object"
        raise LucaWorkflowError(f"cannot read a bookkeepingJournal: {first}")
    return loaded.model


def journals_from_responses(*responses: Any) -> tuple[BookkeepingJournal, ...]:
    """The journals held by saved responses (parsed JSON values or JSON text)."""
    loader = Loader()
    return tuple(_load_journal(v, loader) for r in responses for v in _journal_values(r))


def journal_lines(journal: BookkeepingJournal) -> tuple[PostingLine, ...]:
    return tuple(line for posting in journal.postings or () for line in posting.posting_lines or ())


def journal_id_of_invoice(response: Any) -> str | None:
    """Step 1: the journal id from a saved ``saleInvoice`` response (None when absent)."""
    loaded = Loader().load(SaleInvoice, (response.get("data") or {}).get("saleInvoice"), mode="read")
    invoice = loaded.model
    return invoice.bookkeeping_journal.id if invoice and invoice.bookkeeping_journal else None


def posting_lines_from_responses(*responses: Any) -> tuple[PostingLine, ...]:
    """Every posting line of the saved journal responses, once each (first occurrence wins)."""
    lines: dict[str, PostingLine] = {}
    anonymous: list[PostingLine] = []
    for journal in journals_from_responses(*responses):
        for line in journal_lines(journal):
            if line.id is None:
                anonymous.append(line)
            else:
                lines.setdefault(line.id, line)
    return tuple(lines.values()) + tuple(anonymous)


def context_posting_lines(*responses: Any) -> list[dict[str, Any]]:
    """The context's ``luca.postingLines`` list (API JSON) built from saved responses."""
    return [_dump_line(line) for line in posting_lines_from_responses(*responses)]


def _dump_line(line: PostingLine) -> dict[str, Any]:
    out = dump(line)
    if line.amount_cents is not None:
        out["amountCents"] = line.amount_cents  # an int, as Luca writes it
    return out


def context_from_responses(*responses: Any, entry_matches: Iterable[EntryMatch] = ()) -> Context:
    """A context holding only the Luca data (``luca.postingLines``, ``luca.entryMatches``)."""
    return Context(
        given=frozenset({"luca.postingLines", "luca.entryMatches"}),
        posting_lines=posting_lines_from_responses(*responses),
        entry_matches=tuple(entry_matches),
    )


# -- steps 3 and 4: choose the lines on the customer's account, build the match --------------------


def resolve_account_id(
    lines: Iterable[PostingLine], *, code: str | None = None, sub_code: str | None = None
) -> str:
    """The id of the account with this ``code`` and ``subCode`` among the lines' accounts."""
    found = set()
    for line in lines:
        for account in (line.debit_account, line.credit_account):
            if account is not None and account.id and account.code == code and account.sub_code == sub_code:
                found.add(account.id)
    if not found:
        raise LucaWorkflowError(f"no posting line is on account {code}/{sub_code}")
    if len(found) > 1:
        raise LucaWorkflowError(f"account {code}/{sub_code} has several ids: {', '.join(sorted(found))}")
    return found.pop()


def lines_on_account(lines: Iterable[PostingLine], account_id: str) -> tuple[PostingLine, ...]:
    """Step 3: the posting lines whose debit or credit account is ``account_id``."""
    return tuple(
        line
        for line in lines
        if (line.debit_account is not None and line.debit_account.id == account_id)
        or (line.credit_account is not None and line.credit_account.id == account_id)
    )


def net_on_account(lines: Iterable[PostingLine], account_id: str) -> int:
    """Σ amountCents debiting ``account_id`` − Σ amountCents crediting it (MAT002's figure)."""
    net = 0
    for line in lines:
        cents = line.amount_cents or 0
        if line.debit_account is not None and line.debit_account.id == account_id:
            net += cents
        if line.credit_account is not None and line.credit_account.id == account_id:
            net -= cents
    return net


@attrs.frozen
class ClosingMatch:
    """A prepared ``bookkeepingEntryMatchCreate``: the input, the lines chosen, their net."""

    input: EntryMatchInput
    lines: tuple[PostingLine, ...]
    account_id: str
    net_cents: int
    currency: str = "NOK"

    @property
    def balanced(self) -> bool:
        """True when the lines net to exactly 0.00 on the account (S65)."""
        return self.net_cents == 0

    @property
    def net(self) -> Decimal:
        return from_minor_units(self.net_cents, self.currency)

    def variables(self) -> dict[str, Any]:
        return {"entryMatch": dump(self.input)}

    def request(self) -> dict[str, Any]:
        """The GraphQL request body to POST (``ledger-rules check`` reads it as is)."""
        return {"query": MATCH_MUTATION, "variables": self.variables()}


def closing_match(
    *journals: Any,
    account_id: str | None = None,
    code: str | None = None,
    sub_code: str | None = None,
    currency: str = "NOK",
) -> ClosingMatch:
    """Steps 3–4: match the posting lines of ``journals`` that hit the customer's account.

    ``journals`` are :class:`BookkeepingJournal` objects or saved responses (the invoice's and the
    credit note's or payment's). The account is given by id, or by ``code`` (+ ``sub_code``, the
    customer number on a reskontro account). Raises :class:`LucaWorkflowError` when no line is on the
    account. The match is returned even when it does not net to zero (``balanced`` says; MAT002
    reports it) so that a caller can show why.
    """
    loaded: list[BookkeepingJournal] = []
    for journal in journals:
        if isinstance(journal, BookkeepingJournal):
            loaded.append(journal)
        else:
            loaded.extend(journals_from_responses(journal))
    lines = [line for journal in loaded for line in journal_lines(journal)]
    if account_id is None:
        if code is None:
            raise LucaWorkflowError("give the customer's account id, or its code and subCode")
        account_id = resolve_account_id(lines, code=code, sub_code=sub_code)
    chosen = tuple(dict((line.id, line) for line in lines_on_account(lines, account_id) if line.id).values())
    if not chosen:
        raise LucaWorkflowError(f"no posting line of these journals is on account {account_id}")
    entry_match = EntryMatchInput(
        posting_lines=tuple(PostingLineRef(id=line.id) for line in chosen), account_id=account_id
    )
    return ClosingMatch(entry_match, chosen, account_id, net_on_account(chosen, account_id), currency)


__all__ = [
    "MATCH_MUTATION",
    "ClosingMatch",
    "LucaWorkflowError",
    "closing_match",
    "context_from_responses",
    "context_posting_lines",
    "journal_id_of_invoice",
    "journal_lines",
    "journals_from_responses",
    "lines_on_account",
    "net_on_account",
    "posting_lines_from_responses",
    "resolve_account_id",
]
