"""ledger: the pure domain model of ledger-rules.

Frozen attrs classes for Sage Active accounting entries (lines, third parties, invoices, tax registers,
open items, lettering), the other mutation inputs, Luca Regnskap posting lines and entry matches, and
the organisation's reference data. Loading from the API's JSON collects shape problems instead of
raising; dumping back is lossless. Nothing here knows about rules or reports: see :mod:`rules`.
"""

from ledger.context import Context, ContextError, context_from_dict, load_context
from ledger.entries import (
    AccountingEntry,
    AccountingEntryLine,
    DeleteAccountingEntry,
    EntryInvoice,
    EntryPayment,
    EntryThirdParty,
    OpenItem,
    TaxRegister,
)
from ledger.enums import (
    AccountLevel,
    EntryType,
    ExerciseStatus,
    JournalType,
    Matching,
    OpenItemStatus,
    Origin,
    RegimeType,
    RegisterType,
    SubAccountType,
    TaxType,
)
from ledger.inputs import (
    EntryUsingCodes,
    EntryUsingIds,
    LineUsingCodes,
    LineUsingIds,
    OpenItemLinkagePaidAmount,
    OpenItemSettlement,
    PostSalesInvoice,
    PurchaseOpenItemSettlement,
    SalesOpenItemSettlement,
)
from ledger.loading import Fault, Loaded, Loader, ShapeProblem, dump, load
from ledger.luca import EntryMatch, EntryMatchDestroy, EntryMatchInput, LucaAccount, PostingLine
from ledger.operations import OPERATIONS, Operation, operation

__all__ = [name for name in dir() if not name.startswith("_")]
