"""ledger: the pure domain model of ledger-rules.

Frozen attrs classes for Sage Active accounting entries (lines, third parties, invoices, tax registers,
open items, lettering), the other mutation inputs, Luca Regnskap posting lines and entry matches, and
the organisation's reference data. Loading from the API's JSON collects shape problems instead of
raising; dumping back is lossless. Nothing here knows about rules or reports: see :mod:`rules`.
"""

from ledger.context import Context, ContextError
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
from ledger.io.context_file import context_from_dict, load_context
from ledger.io.loading import Fault, Loaded, Loader, ShapeProblem, dump, load
from ledger.luca import EntryMatch, EntryMatchDestroy, EntryMatchInput, LucaAccount, PostingLine
from ledger.operations import OPERATIONS, Operation, operation

__all__ = [
    "AccountingEntry",
    "AccountingEntryLine",
    "AccountLevel",
    "Context",
    "context_from_dict",
    "ContextError",
    "DeleteAccountingEntry",
    "dump",
    "EntryInvoice",
    "EntryMatch",
    "EntryMatchDestroy",
    "EntryMatchInput",
    "EntryPayment",
    "EntryThirdParty",
    "EntryType",
    "EntryUsingCodes",
    "EntryUsingIds",
    "ExerciseStatus",
    "Fault",
    "JournalType",
    "LineUsingCodes",
    "LineUsingIds",
    "load",
    "load_context",
    "Loaded",
    "Loader",
    "LucaAccount",
    "Matching",
    "OpenItem",
    "OpenItemLinkagePaidAmount",
    "OpenItemSettlement",
    "OpenItemStatus",
    "Operation",
    "operation",
    "OPERATIONS",
    "Origin",
    "PostingLine",
    "PostSalesInvoice",
    "PurchaseOpenItemSettlement",
    "RegimeType",
    "RegisterType",
    "SalesOpenItemSettlement",
    "ShapeProblem",
    "SubAccountType",
    "TaxRegister",
    "TaxType",
]
