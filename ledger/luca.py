"""Luca Regnskap (Norway): posting lines and entry matches ([LUCA-close-api], S62, S63, S64, S65).

Luca's model differs from Sage's in a way that matters for every check: a posting line carries ONE
amount in integer minor units (``amountCents``, øre) and BOTH accounts, so each line balances by
construction. Closing an invoice means matching posting lines on the customer's reskontro account
(``code`` 1500 + ``subCode`` = customer number) so that they net to exactly zero.

Luca ids are opaque short strings (``JeCRVx``), never UUIDs. The API publishes no schema beyond
introspection (S66), so the field names are those of the public examples.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from ledger.fields import Kind, api


@attrs.frozen
class LucaAccount:
    graphql_name: ClassVar[str] = "Account"

    id: str | None = api("id", Kind.ID)
    code: str | None = api("code", Kind.STRING)
    sub_code: str | None = api("subCode", Kind.STRING)


@attrs.frozen
class PostingLine:
    graphql_name: ClassVar[str] = "PostingLine"

    id: str | None = api("id", Kind.ID)
    amount_cents: int | None = api("amountCents", Kind.INT)
    debit_account: LucaAccount | None = api("debitAccount", Kind.OBJECT, model=LucaAccount)
    credit_account: LucaAccount | None = api("creditAccount", Kind.OBJECT, model=LucaAccount)


@attrs.frozen
class Posting:
    graphql_name: ClassVar[str] = "Posting"

    id: str | None = api("id", Kind.ID)
    posting_lines: tuple[PostingLine, ...] | None = api("postingLines", Kind.LIST, model=PostingLine)


@attrs.frozen
class BookkeepingJournal:
    graphql_name: ClassVar[str] = "BookkeepingJournal"

    id: str | None = api("id", Kind.ID)
    postings: tuple[Posting, ...] | None = api("postings", Kind.LIST, model=Posting)


@attrs.frozen
class SaleInvoice:
    graphql_name: ClassVar[str] = "SaleInvoice"

    id: str | None = api("id", Kind.ID)
    bookkeeping_journal: BookkeepingJournal | None = api(
        "bookkeepingJournal", Kind.OBJECT, model=BookkeepingJournal
    )


@attrs.frozen
class PostingLineRef:
    graphql_name: ClassVar[str] = "PostingLineReference"

    id: str | None = api("id", Kind.ID, required=True)


@attrs.frozen
class EntryMatchInput:
    """``bookkeepingEntryMatchCreate(entryMatch: …)`` ([LUCA-close-api])."""

    graphql_name: ClassVar[str] = "EntryMatch"

    posting_lines: tuple[PostingLineRef, ...] | None = api(
        "postingLines", Kind.LIST, model=PostingLineRef, required=True
    )
    account_id: str | None = api("accountId", Kind.ID, required=True)


@attrs.frozen
class EntryMatchDestroy:
    """``bookkeepingEntryMatchDestroy(id: …)``: the argument is the match id itself."""

    graphql_name: ClassVar[str] = "EntryMatchDestroy"

    id: str | None = api("id", Kind.ID, required=True)


@attrs.frozen
class EntryMatch:
    """An existing match as known from the context (context key ``luca.entryMatches``)."""

    graphql_name: ClassVar[str] = "EntryMatchRecord"

    id: str | None = api("id", Kind.ID)
    posting_line_ids: tuple[str, ...] | None = api("postingLineIds", Kind.ID_LIST)
