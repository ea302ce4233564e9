"""The API surface we generate: every root field, what it takes, what it returns, what we select.

One table, read by the schema converter (:mod:`codegen.schema`), the document builder
(:mod:`codegen.documents`), :func:`codegen.render` and the context builder (:mod:`codegen.context`):

* the **mutations** are exactly the operations of :mod:`ledger.operations` (adding one there without
  saying here what it returns fails at import, so the two tables cannot drift);
* the **queries** are the read side: ``accountingEntries`` (what ``audit`` reads), the reference data
  a context file is assembled from (see ledger.context; Hot Chocolate connections, S1),
  and Luca's two journal look-ups ([LUCA-close-api], S62).

A selection is either ``None`` — every field of the result class, recursively, so a field added to the
model is fetched without touching this file — or an explicit tuple of API field names, where a nested
selection is ``(name, selection)``. Explicit selections are the response fields the seeds show; they are
checked against the model when the documents are built, so a misspelt name fails loudly.
"""

from __future__ import annotations

import attrs

from codegen.payloads import (
    AccountingEntryReference,
    EntryMatchOutput,
    OpenItemSettlementOutput,
    PostSalesInvoiceOutput,
)
from ledger.entries import AccountingEntry
from ledger.fields import ApiModel, Kind, field_by_api_name
from ledger.luca import BookkeepingJournal, SaleInvoice
from ledger.operations import OPERATIONS, Operation, operation_named
from ledger.reference import (
    Account,
    AccountingExercise,
    AccountingSetup,
    EmployeeRecord,
    Journal,
    Organization,
    PaymentMethod,
    Product,
    SalesInvoiceRecord,
    Session,
    Tax,
    TaxTreatment,
    ThirdPartyRecord,
)

Selection = tuple[str | tuple[str, "Selection"], ...]


@attrs.frozen
class Argument:
    """A root field's argument: a scalar of ``kind``, or (``kind`` None) the operation's input object."""

    name: str
    kind: Kind | None = None
    required: bool = False
    in_document: bool = True  # declared and passed in the generated document


@attrs.frozen
class RootField:
    name: str
    vendor: str  # "sage" | "luca"
    root: str  # "query" | "mutation"
    result: type[ApiModel]  # model class of the result (of each node, for a connection)
    arguments: tuple[Argument, ...] = ()
    connection: bool = False
    selection: Selection | None = None  # None: every field of ``result``, recursively
    operation: Operation | None = None  # the ledger operation a mutation checks as
    context_key: str | None = None  # what a response to it contributes to a context file
    description: str = ""

    @property
    def input_operation(self) -> Operation:
        """The ledger operation a mutation's input argument checks as (a query has none)."""
        if self.operation is None:
            raise LookupError(f"{self.name} is a query: its arguments are scalars, not an operation's input")
        return self.operation


# Hot Chocolate's cursor pagination (S1): forward and backward. The documents page forward only:
# ``first`` (at most 500, S42) and ``after`` = the previous page's ``pageInfo.endCursor``.
_PAGING = (
    Argument("first", Kind.INT),
    Argument("after", Kind.STRING),
    Argument("last", Kind.INT, in_document=False),
    Argument("before", Kind.STRING, in_document=False),
)

_CREATED_ENTRY: Selection = ("id", "number")  # S25: `createAccountingEntryUsingCodes(...) {id number}`

# What each mutation returns and which of its fields the document selects ([LUCA-close-api], [SA-post], [SA-settle-preview]; S32).
_MUTATION_RESULTS: dict[str, tuple[type[ApiModel], Selection | None, str]] = {
    "createAccountingEntry": (
        AccountingEntry,
        _CREATED_ENTRY,
        "Deprecated V0 creation (S22); [SA-entry-v0].",
    ),
    "createAccountingEntryUsingIds": (AccountingEntry, _CREATED_ENTRY, "V2 creation by ids (S22)."),
    "createAccountingEntryUsingCodes": (AccountingEntry, _CREATED_ENTRY, "V2 creation by codes (S22)."),
    # Undocumented result (S90): we assume the deleted entry's id.
    "deleteAccountingEntry": (AccountingEntry, ("id",), "Delete an entry (result assumed: its id)."),
    "postSalesInvoice": (PostSalesInvoiceOutput, None, "Post a closed sales invoice ([SA-post])."),
    "salesOpenItemSettlement": (
        AccountingEntryReference,
        None,
        "Settle customer open items (S30, S31, S32).",
    ),
    "purchaseOpenItemSettlement": (
        AccountingEntryReference,
        None,
        "Settle supplier open items (S30, S31, S32).",
    ),
    "openItemSettlement": (
        OpenItemSettlementOutput,
        None,
        "COMING SOON preview of settlement ([SA-settle-preview]).",
    ),
    "bookkeepingEntryMatchCreate": (
        EntryMatchOutput,
        ("id", ("postingEntriesDebit", ("id",)), ("postingEntriesCredit", ("id",))),
        "Match posting lines on one account so they close ([LUCA-close-api]).",
    ),
    "bookkeepingEntryMatchDestroy": (EntryMatchOutput, ("id",), "Delete an entry match ([LUCA-close-api])."),
}

_MUTATION_CONTEXT = {"bookkeepingEntryMatchCreate": "luca.entryMatches"}


def _mutation(operation: Operation) -> RootField:
    try:
        result, selection, description = _MUTATION_RESULTS[operation.name]
    except KeyError:
        raise LookupError(
            f"codegen: operation {operation.name!r} has no result declared in codegen.surface"
        ) from None
    if operation.scalar_argument:
        # The argument is the input's only field (Luca's destroy takes the match id itself).
        ((_, field),) = field_by_api_name(operation.model).values()
        argument = Argument(operation.argument, field.kind, required=True)
    else:
        argument = Argument(operation.argument, required=True)
    return RootField(
        operation.name,
        operation.api,
        "mutation",
        result,
        (argument,),
        selection=selection,
        operation=operation,
        context_key=_MUTATION_CONTEXT.get(operation.name),
        description=description,
    )


def _list(name: str, result: type[ApiModel], context_key: str | None, description: str) -> RootField:
    return RootField(
        name,
        "sage",
        "query",
        result,
        _PAGING,
        connection=True,
        context_key=context_key,
        description=description,
    )


MUTATIONS: tuple[RootField, ...] = tuple(_mutation(op) for op in OPERATIONS)

QUERIES: tuple[RootField, ...] = (
    _list(
        "accountingEntries",
        AccountingEntry,
        "openItems",  # the open items of the entries' invoices (codegen.context_builder)
        "Accounting entries as read ([SA-entries]).",
    ),
    RootField(
        "accountingEntryById",
        "sage",
        "query",
        AccountingEntry,
        (Argument("id", Kind.UUID, required=True),),
        description="One accounting entry ([SA-entry-v0]).",
    ),
    _list("journalTypes", Journal, "journalTypes", "Journals (S26, S27)."),
    _list("accountingAccounts", Account, "accountingAccounts", "Chart of accounts (S50, S51, S52)."),
    _list("customers", ThirdPartyRecord, "customers", "Customers (S11, S23, S45, S46)."),
    _list("suppliers", ThirdPartyRecord, "suppliers", "Suppliers (S11, S23, S45, S46)."),
    _list("employees", EmployeeRecord, "employees", "Employees (S11, S47)."),
    _list("taxTreatments", TaxTreatment, "taxTreatments", "Tax treatments, the 'tax codes' (S12, S49)."),
    _list("taxes", Tax, "taxes", "Tax rates per tax group (S49)."),
    _list("products", Product, "products", "Products with their sales account (S33)."),
    _list("accountingExercises", AccountingExercise, "accountingExercises", "Fiscal years (S53)."),
    _list("accountingEntrySessions", Session, "sessions", "Sessions, Germany only (S20)."),
    _list("paymentMethods", PaymentMethod, "paymentMethods", "Bank accounts and cash (S31)."),
    _list("salesInvoices", SalesInvoiceRecord, "salesInvoices", "Sales invoices (S57)."),
    _list("organizations", Organization, "organization", "The organisation (S41)."),
    RootField(
        "organizationAccountingSetupByOrgId",
        "sage",
        "query",
        AccountingSetup,
        (Argument("id", Kind.UUID, required=True),),
        context_key="organization.accountingSetup",
        description="Default accounts of the organisation (S54).",
    ),
    RootField(
        "saleInvoice",
        "luca",
        "query",
        SaleInvoice,
        (Argument("id", Kind.ID, required=True),),
        selection=("id", ("bookkeepingJournal", ("id",))),
        context_key="luca.postingLines",
        description="A sales invoice and its journal ([LUCA-close-api], step 1).",
    ),
    RootField(
        "bookkeepingJournal",
        "luca",
        "query",
        BookkeepingJournal,
        (Argument("id", Kind.ID, required=True),),
        context_key="luca.postingLines",
        description="A journal with its posting lines ([LUCA-close-api], step 2).",
    ),
)

ROOT_FIELDS: tuple[RootField, ...] = QUERIES + MUTATIONS
BY_NAME: dict[str, RootField] = {f.name: f for f in ROOT_FIELDS}


def root_field(name: str) -> RootField:
    """Look a root field up by name; KeyError (:class:`~ledger.operations.UnknownOperation`) says which
    name was meant."""
    return operation_named(name, BY_NAME)
