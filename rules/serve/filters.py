"""``accountingEntries(where:, order:, first:, after:, last:, before:)``: filters, ordering and pages.

Sage Active serves its lists through Hot Chocolate (S1): ``where:`` takes per-field operation inputs
(``eq``, ``neq``, ``gt``, ``gte``, ``lt``, ``lte``, ``in``, ``nin``, ``contains``, ``startsWith``,
``endsWith``) combined with ``and`` / ``or``; ``order:`` a list of ``{field: ASC|DESC}``; pages are Relay
connections. The offline schema has only the paging arguments (the documents page forward); the
server adds the other two, on the fields a client filters entries by — ``id``, ``number``, ``date``,
``journalTypeId``, ``documentNumber`` — with Hot Chocolate's type names. Which fields the real API
filters on is not documented: docs/serve.md lists the choice.

Cursors are opaque (base64 of the item's position in the filtered, ordered list, as Hot Chocolate's
default index cursors); a page holds at most 500 items (S42), and asking for more is an error, as a
page size beyond the maximum is on the real API.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from graphql import (
    DocumentNode,
    FieldDefinitionNode,
    GraphQLError,
    InputValueDefinitionNode,
    ObjectTypeDefinitionNode,
    parse,
)

MAX_PAGE = 500  # S42

_FILTER_SDL = """
enum SortEnumType { ASC DESC }
input UuidOperationFilterInput { eq: UUID neq: UUID in: [UUID] nin: [UUID] }
input DecimalOperationFilterInput {
  eq: Decimal neq: Decimal gt: Decimal gte: Decimal lt: Decimal lte: Decimal in: [Decimal] nin: [Decimal]
}
input DateTimeOperationFilterInput {
  eq: DateTime neq: DateTime gt: DateTime gte: DateTime lt: DateTime lte: DateTime
}
input StringOperationFilterInput {
  eq: String neq: String contains: String startsWith: String endsWith: String in: [String] nin: [String]
}
input AccountingEntryGLDtoFilterInput {
  and: [AccountingEntryGLDtoFilterInput!]
  or: [AccountingEntryGLDtoFilterInput!]
  id: UuidOperationFilterInput
  number: DecimalOperationFilterInput
  date: DateTimeOperationFilterInput
  journalTypeId: UuidOperationFilterInput
  documentNumber: StringOperationFilterInput
}
input AccountingEntryGLDtoSortInput {
  number: SortEnumType date: SortEnumType journalTypeId: SortEnumType documentNumber: SortEnumType
}
type Query {
  accountingEntries(where: AccountingEntryGLDtoFilterInput, order: [AccountingEntryGLDtoSortInput!]): Int
}
"""


def with_entry_filters(document: DocumentNode) -> DocumentNode:
    """The generated SDL document with ``where:`` and ``order:`` added to ``Query.accountingEntries``."""
    extra = parse(_FILTER_SDL)
    *types, carrier = extra.definitions
    assert isinstance(carrier, ObjectTypeDefinitionNode)
    added: tuple[InputValueDefinitionNode, ...] = tuple((carrier.fields or ())[0].arguments or ())
    definitions = []
    for definition in document.definitions:
        if isinstance(definition, ObjectTypeDefinitionNode) and definition.name.value == "Query":
            fields: list[FieldDefinitionNode] = []
            for field in definition.fields or ():
                if field.name.value == "accountingEntries":
                    field = FieldDefinitionNode(
                        name=field.name,
                        description=field.description,
                        arguments=(*(field.arguments or ()), *added),
                        type=field.type,
                        directives=field.directives,
                    )
                fields.append(field)
            definition = ObjectTypeDefinitionNode(
                name=definition.name,
                description=definition.description,
                interfaces=definition.interfaces,
                directives=definition.directives,
                fields=tuple(fields),
            )
        definitions.append(definition)
    return DocumentNode(definitions=(*definitions, *types))


# -- applying them ---------------------------------------------------------------------------------


def _day(value: Any) -> str:
    return str(value)[:10]  # Sage Active keeps the date only (S17): compare the ISO date part


_KEYS: dict[str, Callable[[Any], Any]] = {
    "id": str,
    "number": Decimal,
    "date": _day,
    "journalTypeId": str,
    "documentNumber": str,
}

_OPERATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "neq": lambda a, b: a != b,
    "gt": lambda a, b: a is not None and a > b,
    "gte": lambda a, b: a is not None and a >= b,
    "lt": lambda a, b: a is not None and a < b,
    "lte": lambda a, b: a is not None and a <= b,
    "in": lambda a, b: a in b,
    "nin": lambda a, b: a not in b,
    "contains": lambda a, b: a is not None and b in a,
    "startsWith": lambda a, b: a is not None and a.startswith(b),
    "endsWith": lambda a, b: a is not None and a.endswith(b),
}


def _field_value(node: dict, name: str) -> Any:
    value = node.get(name)
    return None if value is None else _KEYS[name](value)


def matches(node: dict, where: dict | None) -> bool:
    """Whether an entry node satisfies a ``where:`` value (every key of it: ``and`` of the keys)."""
    if not where:
        return True
    for key, condition in where.items():
        if condition is None:
            continue
        if key == "and":
            if not all(matches(node, part) for part in condition):
                return False
        elif key == "or":
            if not any(matches(node, part) for part in condition):
                return False
        else:
            value = _field_value(node, key)
            for operation, operand in condition.items():
                if operand is None:
                    continue
                convert = _KEYS[key]
                wanted = [convert(o) for o in operand] if isinstance(operand, list) else convert(operand)
                if not _OPERATIONS[operation](value, wanted):
                    return False
    return True


def _sort_key(name: str) -> Callable[[dict], tuple[bool, Any]]:
    def key(node: dict) -> tuple[bool, Any]:
        value = _field_value(node, name)
        return (value is not None, "" if value is None else value)

    return key


def ordered(nodes: list[dict], order: Sequence[dict] | None) -> list[dict]:
    """Sort by each ``order:`` item in turn (stable sorts, last key first); by number by default.
    A missing value sorts first in ascending order, as SQL's NULLS FIRST."""
    result = sorted(nodes, key=lambda n: _field_value(n, "number"))
    for item in reversed(list(order or ())):
        for name, direction in reversed(list(item.items())):
            if direction is None:
                continue
            result.sort(key=_sort_key(name), reverse=direction == "DESC")
    return result


def cursor(position: int) -> str:
    return base64.b64encode(f"{position}".encode()).decode()


def _position(value: str, argument: str) -> int:
    try:
        return int(base64.b64decode(value.encode(), validate=True).decode())
    except (ValueError, UnicodeDecodeError):
        raise GraphQLError(
            f"{argument}: not a cursor of this connection", extensions={"code": "INVALID_CURSOR"}
        ) from None


def connection(
    nodes: Sequence[Any],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> dict[str, Any]:
    """A Relay connection (``nodes``, ``edges``, ``pageInfo``, ``totalCount``) over a whole list."""
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE:
            raise GraphQLError(
                f"{name}: a page holds 0 to {MAX_PAGE} items, not {size}",
                extensions={"code": "MAX_PAGE_SIZE_EXCEEDED"},
            )
    start, end = 0, len(nodes)
    if after is not None:
        start = max(start, _position(after, "after") + 1)
    if before is not None:
        end = min(end, _position(before, "before"))
    end = max(start, end)
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    if first is None and last is None:
        end = min(end, start + MAX_PAGE)
    page = [(cursor(i), nodes[i]) for i in range(start, end)]
    return {
        "nodes": [node for _, node in page],
        "edges": [{"cursor": c, "node": node} for c, node in page],
        "pageInfo": {
            "hasNextPage": end < len(nodes),
            "hasPreviousPage": start > 0,
            "startCursor": page[0][0] if page else None,
            "endCursor": page[-1][0] if page else None,
        },
        "totalCount": len(nodes),
    }
