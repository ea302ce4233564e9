"""The operations the engine understands (rules.md, "Operations the engine understands").

One row per GraphQL root field: which API it belongs to, the argument that carries the input, the
input's model class, and the GraphQL input type name where the docs give it (S25). The engine's intake,
the code generator and the CLI's ``--operation`` all read this one table.
"""

from __future__ import annotations

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


@attrs.frozen
class Operation:
    name: str
    api: str  # "sage" | "luca"
    model: type[ApiModel]
    argument: str  # the root field's argument that carries the input
    input_type: str  # GraphQL type of that argument (S25; Luca's are undocumented, S83)
    scalar_argument: bool = False  # the argument is the input's only field (Luca's destroy takes `id`)
    simplified: bool = False  # expanded into createAccountingEntry before the entry rules run (S22)


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


def operation(name: str) -> Operation:
    """Look an operation up by its root-field name; KeyError names the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown operation {name!r}; known: {', '.join(BY_NAME)}") from None
