"""REG: the ``registerType`` of lines and invoices, by journal type and third party ([SA-entry-v0], S5).

[SA-entry-v0]'s table, split so that one fault gets one code:

* REG001 — GENERAL / FINANCIAL / CARRY_FORWARD / CLOSING journals: every line UNDEFINED (ctx).
* REG002 — invoice journals: a line without a CUSTOMER/SUPPLIER third party must be UNDEFINED, and,
  its twin, a CUSTOMER/SUPPLIER line must not be UNDEFINED (ctx).
* REG003 — a CUSTOMER line that is RECEIVED, a SUPPLIER line that is ISSUED (any journal, no ctx).
* REG004 — the invoice's own ``registerType`` (no ctx).

Every REG rule also runs in read mode (``audit``): a register type is stored with the entry, and a
wrong one on a read entry is as wrong as on a create input.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ledger.conventions import invoice_register
from ledger.entries import AccountingEntry
from ledger.enums import Origin, RegisterType
from rules.families._shared import article, describe_journal, journal_of_kind, line_path
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


@rule(
    "REG001",
    "register-type-outside-invoice-journal",
    "error",
    targets=[AccountingEntry],
    needs=["journalTypes"],
)
def register_type_outside_invoice_journal(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A line's ``registerType`` is not UNDEFINED in a journal that is not an invoice journal.

    What it checks:
        In journals of type GENERAL, FINANCIAL, CARRY_FORWARD and CLOSING, every line's
        ``registerType`` is UNDEFINED — whatever third party the line carries.
    Why it matters:
        The register type feeds the VAT registers, which exist only for sales and purchase invoices.
        [SA-entry-v0]: "For journal types equal to GENERAL or FINANCIAL or CARRY_FORWARD, always assign
        UNDEFINED for each line".
    Example:
        A customer receipt in the bank journal (FINANCIAL) whose customer line says ``"ISSUED"``.
    How to fix:
        Set ``"registerType": "UNDEFINED"`` on every line (``ledger-rules fix`` does).
    Assumption:
        CLOSING (ES year-end journal, S26, medium) is treated like CARRY_FORWARD: it is not an invoice journal.
    Source:
        S5 (docs/sources.md).
    """
    known = journal_of_kind(entry, env, invoice=False)
    if known is None:
        return
    journal, journal_type = known
    for i, line in enumerate(entry.lines):
        if line.register_type is not None and line.register_type is not RegisterType.UNDEFINED:
            yield finding(
                line_path(i, ".registerType"),
                f"registerType is {line.register_type} in journal {describe_journal(journal)}; must be UNDEFINED",
                'set "registerType": "UNDEFINED": only invoice journals use register types',
                journal=journal.code or "",
                journalType=journal_type.value,
            )


@rule(
    "REG002", "register-type-without-third-party", "error", targets=[AccountingEntry], needs=["journalTypes"]
)
def register_type_without_third_party(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """In an invoice journal, the ``registerType`` does not follow the line's third party.

    What it checks:
        In PURCHASE_INVOICE / SALES_INVOICE journals: a line without a CUSTOMER or SUPPLIER third party
        (no third party, or an EMPLOYEE) has ``registerType`` UNDEFINED; and, the twin case, a line
        with a CUSTOMER or SUPPLIER third party is not UNDEFINED. (A customer line that is RECEIVED, or a
        supplier line that is ISSUED, is REG003's.)
    Why it matters:
        [SA-entry-v0] prescribes the value ("mandatory value"): UNDEFINED on the revenue, expense and VAT
        lines, ISSUED on the customer line, RECEIVED on the supplier line. A wrong value puts the line
        in the wrong tax register or leaves the invoice out of it.
    Example:
        In the sales journal, the revenue line 706000 with ``"registerType": "ISSUED"``; or the customer
        line with ``"UNDEFINED"``.
    How to fix:
        UNDEFINED on lines without a customer/supplier; ISSUED on the customer line, RECEIVED on the
        supplier line (``ledger-rules fix`` does).
    Source:
        S5 (docs/sources.md).
    """
    known = journal_of_kind(entry, env, invoice=True)
    if known is None:
        return
    journal, _journal_type = known
    for i, line in enumerate(entry.lines):
        register = line.register_type
        if register is None:
            continue
        third_party = line.accounting_entry_third_party
        if third_party is not None and third_party.origin is None:
            continue  # origin unreadable (FLD's): cannot tell which case applies
        origin = line.origin
        expected = invoice_register(origin)
        if expected is None and register is not RegisterType.UNDEFINED:
            who = "an employee" if origin is Origin.EMPLOYEE else "no customer or supplier"
            yield finding(
                line_path(i, ".registerType"),
                f"registerType is {register} on a line with {who}; must be UNDEFINED",
                'set "registerType": "UNDEFINED" on lines without a customer or supplier',
                journal=journal.code or "",
            )
        elif expected is not None and origin is not None and register is RegisterType.UNDEFINED:
            # (expected is only ever set for an origin: the second test narrows, it never fails)
            yield finding(
                line_path(i, ".registerType"),
                f"registerType is UNDEFINED on the {origin.value.lower()} line of an invoice journal; "
                f"must be {expected}",
                f'set "registerType": "{expected}"',
                journal=journal.code or "",
            )


@rule("REG003", "register-type-third-party-mismatch", "error", targets=[AccountingEntry])
def register_type_third_party_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A customer line that is RECEIVED, or a supplier line that is ISSUED.

    What it checks:
        Whenever a line's ``registerType`` is not UNDEFINED, it matches the line's third party:
        CUSTOMER -> ISSUED, SUPPLIER -> RECEIVED. Needs no context. (Outside invoice journals REG001
        also fires, because there the value must be UNDEFINED anyway.)
    Why it matters:
        ISSUED is the register of invoices the organisation issues (sales), RECEIVED of those it
        receives (purchases); swapping them books a sale into the purchase register.
    Example:
        ``"origin": "CUSTOMER"`` with ``"registerType": "RECEIVED"`` — a sales invoice converted from a
        purchase template without changing the register.
    How to fix:
        ISSUED for a customer, RECEIVED for a supplier ([SA-entry-v0]: "replace registerType ISSUED by
        RECEIVED" when turning a sale into a purchase).
    Source:
        S5 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        origin = line.origin
        register, expected = line.register_type, invoice_register(origin)
        if origin is None or register is None or expected is None or register is RegisterType.UNDEFINED:
            continue
        if register is not expected:
            yield finding(
                line_path(i, ".registerType"),
                f"registerType is {register} on {article(origin.value.lower())} line; must be {expected}",
                f'set "registerType": "{expected}" (customer ISSUED, supplier RECEIVED)',
                origin=origin.value,
            )


@rule("REG004", "invoice-register-type", "error", targets=[AccountingEntry])
def invoice_register_type(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The invoice's ``registerType`` does not match its third party or its line.

    What it checks:
        ``accountingEntryInvoice.registerType`` is ISSUED on a customer invoice and RECEIVED on a
        supplier invoice (by the line's third-party origin). On a line without a customer or supplier
        (itself INV006's or TPY004's fault), it at least equals the line's ``registerType``. A wrong
        LINE register type is REG002's/REG003's, not this rule's.
    Why it matters:
        [SA-entry-v0]: "For customer invoice, assign ISSUED; for supplier invoice, assign RECEIVED". The
        invoice register type decides which VAT register the invoice lands in.
    Example:
        A supplier invoice line with ``"registerType": "RECEIVED"`` whose invoice says ``"ISSUED"``.
    How to fix:
        Give the invoice the same register type as its line: ISSUED for customers, RECEIVED for
        suppliers (``ledger-rules fix`` does).
    Source:
        S10 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        invoice = line.accounting_entry_invoice
        if invoice is None or invoice.register_type is None:
            continue
        path = line_path(i, ".accountingEntryInvoice.registerType")
        origin = line.origin
        expected = invoice_register(origin)
        if expected is not None and origin is not None:  # (an expected register implies an origin)
            if invoice.register_type is not expected:
                yield finding(
                    path,
                    f"invoice registerType is {invoice.register_type} on {article(origin.value.lower())} "
                    f"invoice; must be {expected}",
                    f'set "registerType": "{expected}" on the invoice',
                    origin=origin.value,
                )
        elif line.register_type is not None and invoice.register_type is not line.register_type:
            yield finding(
                path,
                f"invoice registerType {invoice.register_type} differs from its line's {line.register_type}",
                "give the invoice the same registerType as its line",
            )
