"""The resolvers: each root field of the generated schema, answered from the books.

graphql-core EXECUTES the schema (:mod:`rules.serve.schema`): it parses, validates, coerces the
arguments and walks the selection; this module only answers the root fields. They are handed to
``execute`` as the ROOT VALUE — a mapping from field name to ``resolve(info, **arguments)``, which
graphql-core's default resolver calls — so the schema is not patched. Nested fields need no resolver:
every answer is JSON-shaped data under the API's own field names (what :func:`ledger.io.loading.dump`
writes), which the default resolver reads key by key.

A mutation runs in one store transaction: the engine's check, then the writes; any exception rolls all
of it back. A mutation the engine finds errors in raises :class:`Rejected`, which the HTTP layer turns
into one GraphQL error per violation, with the rule's code and the input path in ``extensions``
(:func:`rules.serve.app.format_error`). Warnings do not block: the real API does not know our
heuristics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from graphql import GraphQLError, GraphQLResolveInfo

from codegen.surface import QUERIES
from ledger.books import posting as posting_books
from ledger.books.expansion import expand
from ledger.books.posting import PostingError
from ledger.books.settlement import SettlementError
from ledger.enums import SourceType
from ledger.fields import api_fields
from ledger.operations import BY_NAME, Operation
from rules.serve import settling
from rules.serve.books import Books, make_id
from rules.serve.filters import connection, matches, ordered
from rules.violation import Violation


class Rejected(Exception):
    """The engine found errors in a mutation's input: nothing was stored."""

    def __init__(self, violations: tuple[Violation, ...]) -> None:
        super().__init__(violations[0].message if violations else "rejected")
        self.violations = violations


class NotFound(GraphQLError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was not found", extensions={"code": "NOT_FOUND"})


class RequestContext(Protocol):
    """What a resolver reads from ``info.context`` (built per request by the HTTP layer)."""

    def books(self) -> Books: ...

    def all_books(self) -> list[Books]: ...

    #: The response's top-level ``extensions`` (the settlement preview is returned there).
    extensions: dict[str, Any]


Resolver = Callable[..., Any]


def _books(info: GraphQLResolveInfo) -> Books:
    context: RequestContext = info.context
    return context.books()


def _paged(records: list[Any], arguments: Mapping[str, Any]) -> dict[str, Any]:
    return connection(
        records,
        first=arguments.get("first"),
        after=arguments.get("after"),
        last=arguments.get("last"),
        before=arguments.get("before"),
    )


# -- queries ---------------------------------------------------------------------------------------


def _reference_list(key: str) -> Resolver:
    def resolve(info: GraphQLResolveInfo, **arguments: Any) -> dict[str, Any]:
        return _paged(_books(info).records(key), arguments)

    return resolve


def accounting_entries(info: GraphQLResolveInfo, **arguments: Any) -> dict[str, Any]:
    nodes = [n for n in _books(info).entries() if matches(n, arguments.get("where"))]
    return _paged(ordered(nodes, arguments.get("order")), arguments)


def accounting_entry_by_id(info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:
    return _books(info).entry(id)


def organizations(info: GraphQLResolveInfo, **arguments: Any) -> dict[str, Any]:
    context: RequestContext = info.context
    return _paged([books.organization for books in context.all_books()], arguments)


def organization_accounting_setup(info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:
    context: RequestContext = info.context
    for books in context.all_books():
        if books.org_id == id:
            return books.organization.get("accountingSetup")
    return None


def bookkeeping_journal(info: GraphQLResolveInfo, id: str) -> dict[str, Any]:
    """Luca's journal: the seed's posting lines (the context keeps them flat, not per posting)."""
    lines = _books(info).records("luca.postingLines")
    return {"id": id, "postings": [{"id": id, "postingLines": lines}]}


def sale_invoice(info: GraphQLResolveInfo, id: str) -> dict[str, Any]:
    return {"id": id, "bookkeepingJournal": bookkeeping_journal(info, id)}


_QUERY_RESOLVERS: dict[str, Resolver] = {
    "accountingEntries": accounting_entries,
    "accountingEntryById": accounting_entry_by_id,
    "organizations": organizations,
    "organizationAccountingSetupByOrgId": organization_accounting_setup,
    "bookkeepingJournal": bookkeeping_journal,
    "saleInvoice": sale_invoice,
}

# -- mutations -------------------------------------------------------------------------------------


def checked(books: Books, operation: Operation, value: Any) -> Any:
    """The input as its model once the engine finds no error in it; :class:`Rejected` otherwise."""
    report = books.engine.check_value(value, operation)
    if not report.valid:
        raise Rejected(tuple(v for v in report.violations if v.is_error))
    return books.loader.load(operation.model, value).model


def _create(operation: Operation) -> Resolver:
    def resolve(info: GraphQLResolveInfo, input: Any) -> dict[str, Any]:
        books = _books(info)
        with books.store.transaction():
            model = checked(books, operation, input)
            if operation.simplified:
                expansion = expand(model, books.context)
                assert expansion is not None  # the simplified inputs always expand
                model = expansion.entry
            return books.store_entry(model)

    return resolve


def delete_accounting_entry(info: GraphQLResolveInfo, input: Any) -> dict[str, Any]:
    """Delete an entry and its invoices' open items; refused while an item is paid or a line lettered
    (S90: the conditions are undocumented; docs/serve.md)."""
    books = _books(info)
    entry_id = input.get("id")
    with books.store.transaction():
        entry = books.entry(entry_id)
        if entry is None:
            raise NotFound(f"accounting entry {entry_id}")
        for line in entry.get("accountingEntryLines") or ():
            if (line.get("accountingEntryPayment") or {}).get("matchingLetter"):
                raise GraphQLError(
                    f"accounting entry {entry_id} has a lettered line: unletter it first",
                    extensions={"code": "ENTRY_MATCHED"},
                )
            for item in (line.get("accountingEntryInvoice") or {}).get("openItems") or ():
                if item.get("paidAmountAccumulated"):
                    raise GraphQLError(
                        f"accounting entry {entry_id} has a paid open item ({item['id']})",
                        extensions={"code": "OPEN_ITEM_PAID"},
                    )
        books.store.delete_entry(books.org_id, entry_id)
    return {"id": entry_id}


def _simulation_failed(exc: Exception, code: str) -> GraphQLError:
    return GraphQLError(str(exc), extensions={"code": code})


def _settle(operation: Operation) -> Resolver:
    def resolve(info: GraphQLResolveInfo, input: Any) -> dict[str, Any]:
        books = _books(info)
        with books.store.transaction():
            settlement = checked(books, operation, input)
            try:
                bank = settling.settle(books, settlement)
            except SettlementError as exc:
                raise _simulation_failed(exc, "SETTLEMENT_FAILED") from None
        return {"accountingEntryId": bank["id"], "accountingEntryNumber": bank["number"]}

    return resolve


def open_item_settlement(info: GraphQLResolveInfo, input: Any) -> dict[str, Any]:
    """The preview: the simulator's prediction in the response's ``extensions.openItemSettlement``
    (the output type holds only an ``id``); nothing is stored."""
    books = _books(info)
    settlement = checked(books, BY_NAME["openItemSettlement"], input)
    try:
        result = settling.preview(books, settlement)
    except SettlementError as exc:
        raise _simulation_failed(exc, "SETTLEMENT_FAILED") from None
    context: RequestContext = info.context
    context.extensions["openItemSettlement"] = result.to_dict()
    return {"id": make_id(books.org_id, "settlement-preview", books.store.revision(books.org_id))}


_SALES_INVOICE_FIELDS = frozenset(field.name for _, field in api_fields(posting_books.SalesInvoice))


def post_sales_invoice(info: GraphQLResolveInfo, input: Any) -> dict[str, Any]:
    """Post a sales invoice of the seed (its record holding the invoice's lines) as
    :func:`ledger.books.posting.post_sales_invoice` predicts; it then reads Posted, so the PST rules
    refuse posting it again."""
    books = _books(info)
    with books.store.transaction():
        posting = checked(books, BY_NAME["postSalesInvoice"], input)
        invoice_id = posting.sales_invoice_id
        record = next((r for r in books.records("salesInvoices") if r.get("id") == invoice_id), None)
        if record is None:
            raise NotFound(f"sales invoice {invoice_id}")
        try:
            # The record is the salesInvoices node (its status too): the invoice document is its part.
            document = {k: v for k, v in record.items() if k in _SALES_INVOICE_FIELDS}
            result = posting_books.post_sales_invoice(
                posting_books.load_sales_invoice(document),
                books.context,
                journal_type_id=posting.journal_type_id,
                description=posting.accounting_entry_description,
            )
        except PostingError as exc:
            raise _simulation_failed(exc, "POSTING_FAILED") from None
        created = [
            books.store_entry(entry, source=SourceType.SALES, source_entity_id=invoice_id)
            for entry in result.entries
        ]
    references = [{"accountingEntryId": e["id"], "accountingEntryNumber": e["number"]} for e in created]
    return {**references[0], "accountingEntries": references}


def _match_view(books: Books, match: dict[str, Any], account_id: str | None) -> dict[str, Any]:
    lines = {line.get("id"): line for line in books.records("luca.postingLines")}
    chosen = [lines[i] for i in match.get("postingLineIds") or () if i in lines]
    debit = [l for l in chosen if (l.get("debitAccount") or {}).get("id") == account_id]
    credit = [l for l in chosen if (l.get("creditAccount") or {}).get("id") == account_id]
    return {"id": match["id"], "postingEntriesDebit": debit, "postingEntriesCredit": credit}


def bookkeeping_entry_match_create(info: GraphQLResolveInfo, entryMatch: Any) -> dict[str, Any]:
    """Luca: checked by the MAT rules against the seed's posting lines and the matches kept so far."""
    books = _books(info)
    with books.store.transaction():
        match_input = checked(books, BY_NAME["bookkeepingEntryMatchCreate"], entryMatch)
        line_ids = [ref.id for ref in match_input.posting_lines]
        match = {"id": make_id(books.org_id, "match", *line_ids), "postingLineIds": line_ids}
        books.store.put_entry_match(books.org_id, match)
    return _match_view(books, match, match_input.account_id)


def bookkeeping_entry_match_destroy(info: GraphQLResolveInfo, id: str) -> dict[str, Any]:
    books = _books(info)
    with books.store.transaction():
        checked(books, BY_NAME["bookkeepingEntryMatchDestroy"], {"id": id})
        if not books.store.delete_entry_match(books.org_id, id):
            raise NotFound(f"entry match {id}")
    return {"id": id}


_MUTATION_RESOLVERS: dict[str, Resolver] = {
    **{name: _create(op) for name, op in BY_NAME.items() if name.startswith("createAccountingEntry")},
    "deleteAccountingEntry": delete_accounting_entry,
    "salesOpenItemSettlement": _settle(BY_NAME["salesOpenItemSettlement"]),
    "purchaseOpenItemSettlement": _settle(BY_NAME["purchaseOpenItemSettlement"]),
    "openItemSettlement": open_item_settlement,
    "postSalesInvoice": post_sales_invoice,
    "bookkeepingEntryMatchCreate": bookkeeping_entry_match_create,
    "bookkeepingEntryMatchDestroy": bookkeeping_entry_match_destroy,
}


def root_value() -> dict[str, Resolver]:
    """The root value handed to ``execute``: every root field this server answers."""
    roots = dict(_QUERY_RESOLVERS)
    for field in QUERIES:
        if field.connection and field.name not in roots and field.context_key is not None:
            roots[field.name] = _reference_list(field.context_key)
    roots.update(_MUTATION_RESOLVERS)
    return roots
