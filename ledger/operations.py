"""The operations the engine understands (rules.md, "Operations the engine understands").

One row per GraphQL root field: which API it belongs to, the argument that carries the input, the
input's model class, and the GraphQL input type name where the docs give it (S25). The engine's intake,
the code generator and the CLI's ``--operation`` all read this one table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import attrs

from ledger.entries import AccountingEntry, DeleteAccountingEntry
from ledger.fields import ApiModel
from ledger.inputs import (
    EntryUsingCodes,
    EntryUsingIds,
    OpenItemSettlement,
    PostSalesInvoice,
    PurchaseOpenItemSettlement,
    SalesOpenItemSettlement,
)
from ledger.luca import EntryMatchDestroy, EntryMatchInput
from ledger.spelling import closest

T = TypeVar("T")


@attrs.frozen
class Operation:
    name: str
    api: str  # "sage" | "luca"
    model: type[ApiModel]
    argument: str  # the root field's argument that carries the input
    input_type: str  # GraphQL type of that argument (S25; Luca's are undocumented, S83)
    scalar_argument: bool = False  # the argument is the input's only field (Luca's destroy takes `id`)
    simplified: bool = False  # expanded into createAccountingEntry before the entry rules run (S22)

    def request_query(self, variable: str) -> str:
        """A request's ``query`` that sends the input as ``$variable`` and reads back the new record's
        ``id`` and ``number``: the one text of the request bodies the CLI and the benchmarks write."""
        return (
            f"mutation (${variable}: {self.input_type}!) "
            f"{{ {self.name}({self.argument}: ${variable}) {{ id number }} }}"
        )


OPERATIONS: tuple[Operation, ...] = (
    Operation("createAccountingEntry", "sage", AccountingEntry, "input", "AccountingEntryCreateGLDtoInput"),
    Operation(
        "createAccountingEntryUsingIds",
        "sage",
        EntryUsingIds,
        "input",
        "AccountingEntryCreateUsingIdsGLDtoInput",
        simplified=True,
    ),
    Operation(
        "createAccountingEntryUsingCodes",
        "sage",
        EntryUsingCodes,
        "input",
        "AccountingEntryCreateUsingCodesGLDtoInput",
        simplified=True,
    ),
    Operation(
        "deleteAccountingEntry", "sage", DeleteAccountingEntry, "input", "AccountingEntryDeleteGLDtoInput"
    ),
    Operation("postSalesInvoice", "sage", PostSalesInvoice, "input", "PostSalesInvoiceGLDtoInput"),
    Operation(
        "salesOpenItemSettlement",
        "sage",
        SalesOpenItemSettlement,
        "input",
        "SalesOpenItemSettlementGLDtoInput",
    ),
    Operation(
        "purchaseOpenItemSettlement",
        "sage",
        PurchaseOpenItemSettlement,
        "input",
        "PurchaseOpenItemSettlementGLDtoInput",
    ),
    Operation("openItemSettlement", "sage", OpenItemSettlement, "input", "OpenItemSettlementGLDtoInput"),
    Operation("bookkeepingEntryMatchCreate", "luca", EntryMatchInput, "entryMatch", "EntryMatchInput"),
    Operation("bookkeepingEntryMatchDestroy", "luca", EntryMatchDestroy, "id", "ID", scalar_argument=True),
)

BY_NAME: dict[str, Operation] = {op.name: op for op in OPERATIONS}


class UnknownOperation(ValueError, KeyError):
    """A name that is not an operation of the table it was looked up in.

    A ValueError (a bad argument: the CLI turns it into a usage error) that is also a KeyError (a
    failed look-up, what :func:`operation` and ``codegen`` have always raised). ``problem`` and
    ``hint`` are its two halves, for a report that shows them apart (FLD001's message and hint)."""

    def __init__(self, name: str, known: Iterable[str]):
        known = list(known)
        suggestion = closest(name, known)
        self.name = name
        self.problem = f"unknown operation {name!r}"
        self.hint = f"did you mean {suggestion}?" if suggestion else "known operations: " + ", ".join(known)
        super().__init__(f"{self.problem}; {self.hint}")

    # KeyError would print its message quoted, as the repr of a missing key: this one is a sentence.
    __str__ = ValueError.__str__


def operation_named(name: str, table: Mapping[str, T] = BY_NAME) -> T:  # type: ignore[assignment]
    """THE validation of an operation name: ``table[name]``, or :class:`UnknownOperation` saying which
    name was meant. ``table`` is this module's operations by default (codegen passes its root fields)."""
    try:
        return table[name]
    except KeyError:
        raise UnknownOperation(name, table) from None


def operation(name: str) -> Operation:
    """Look an operation up by its root-field name (see :func:`operation_named`)."""
    return operation_named(name)
