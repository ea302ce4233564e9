"""What the mutations return: the few response shapes the ledger model does not already describe.

The read side (``accountingEntries``, the reference data, Luca's journals) returns the model's own
classes. The mutations return small identifier objects that exist only as responses; they are
declared here the same way the model is — frozen attrs classes with :func:`ledger.fields.api` fields —
so the schema converter treats them like any other class. Sources: [SA-post] (``postSalesInvoice``),
S32 (settlements), [SA-settle-preview] (the preview's ``{id}``), [LUCA-close-api] (Luca's entry match).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import attrs

from ledger.fields import Kind, api
from ledger.luca import PostingLine


@attrs.frozen
class AccountingEntryReference:
    """``{accountingEntryId accountingEntryNumber}``: one entry created by posting or settling."""

    graphql_name: ClassVar[str] = "AccountingEntryReference"

    accounting_entry_id: str | None = api("accountingEntryId", Kind.UUID)
    # The entry's ``number`` is a Decimal on the entry itself ([SA-entries]); the same here.
    accounting_entry_number: Decimal | None = api("accountingEntryNumber", Kind.DECIMAL)


@attrs.frozen
class PostSalesInvoiceOutput:
    """``postSalesInvoice`` result ([SA-post]): the first entry, and all entries including the first."""

    graphql_name: ClassVar[str] = "PostSalesInvoiceOutput"

    accounting_entry_id: str | None = api("accountingEntryId", Kind.UUID)
    accounting_entry_number: Decimal | None = api("accountingEntryNumber", Kind.DECIMAL)
    accounting_entries: tuple[AccountingEntryReference, ...] | None = api(
        "accountingEntries", Kind.LIST, model=AccountingEntryReference
    )


@attrs.frozen
class OpenItemSettlementOutput:
    """The ``openItemSettlement`` preview's result, ``OpenItemSettlementOutputGLDto`` ([SA-settle-preview], S32)."""

    graphql_name: ClassVar[str] = "OpenItemSettlementOutput"

    id: str | None = api("id", Kind.UUID)


@attrs.frozen
class EntryMatchOutput:
    """Luca's ``bookkeepingEntryMatchCreate`` / ``Destroy`` result ([LUCA-close-api]).

    ``postingEntriesDebit`` / ``postingEntriesCredit`` hold posting lines (the example answers with
    posting-line ids); which side is which is an inference (S93).
    """

    graphql_name: ClassVar[str] = "EntryMatch"

    id: str | None = api("id", Kind.ID)
    posting_entries_debit: tuple[PostingLine, ...] | None = api(
        "postingEntriesDebit", Kind.LIST, model=PostingLine
    )
    posting_entries_credit: tuple[PostingLine, ...] | None = api(
        "postingEntriesCredit", Kind.LIST, model=PostingLine
    )
