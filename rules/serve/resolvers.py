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
from ledger.books.expansion import expand
from ledger.io.loading import Loader
from ledger.operations import BY_NAME, Operation
from rules.serve.books import Books
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
    return Loader().load(operation.model, value).model


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


_MUTATION_RESOLVERS: dict[str, Resolver] = {
    **{name: _create(op) for name, op in BY_NAME.items() if name.startswith("createAccountingEntry")},
    "deleteAccountingEntry": delete_accounting_entry,
}


def root_value() -> dict[str, Resolver]:
    """The root value handed to ``execute``: every root field this server answers."""
    roots = dict(_QUERY_RESOLVERS)
    for field in QUERIES:
        if field.connection and field.name not in roots and field.context_key is not None:
            roots[field.name] = _reference_list(field.context_key)
    roots.update(_MUTATION_RESOLVERS)
    return roots
