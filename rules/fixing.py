"""``fix``: apply the documented, safe defaults to a create input — and nothing else.

What ``fix`` may change is exactly what the documentation says the caller should have written, or
what can be derived without judgement:

* ``entryType`` → ``GENERAL`` ("Always fill in GENERAL", [SA-entry-v0]);
* the invoice's ``expeditionDate`` / ``operationDate`` / ``settlementDate``, when ABSENT, from its
  ``documentDate`` ([SA-entry-v0]: "assign it by default with documentDate");
* each line's ``registerType`` from the journal type (context) and the line's third-party origin
  ([SA-entry-v0], S5), and the invoice's ``registerType`` from the origin (ISSUED for a customer invoice,
  RECEIVED for a supplier invoice);
* each tax register's ``regimeType`` → ``GENERAL`` and ``deductible`` from the invoice's register
  (false on ISSUED, true on RECEIVED: TAX004's reading);
* with a context, the third-party block's ``socialName``, ``code``, ``identificationTypeId`` and
  ``documentId`` from the third party's record (S11);
* with a context, a simplified input is replaced by its expansion into the full form (S22, S23).

It NEVER changes an amount, an account or a date the user gave (a property test holds it to that).
Every change is recorded as a :class:`Change` with its path, the old and the new value.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs

from codegen.schema import build_schema
from ledger.context import Context
from ledger.conventions import (
    DOCUMENT_DATE_DEFAULTS,
    RECORD_COPIES,
    deductible,
    invoice_register,
    line_register,
)
from ledger.enums import JournalType, Origin, RegisterType
from ledger.io.jsontext import dumps
from ledger.io.requests import Intake
from ledger.operations import BY_NAME

ABSENT = "(absent)"


@attrs.frozen
class Change:
    path: str
    old: Any
    new: Any

    def describe(self) -> str:
        return f"{self.path}: {_shown(self.old)} -> {_shown(self.new)}"


def _shown(value: Any) -> str:
    """A value as the user wrote it: a string quoted, anything else as its JSON text (``5``, ``true``,
    never a Python spelling such as ``Decimal('5')`` or ``True``)."""
    if value is None:
        return ABSENT
    if isinstance(value, str):
        return repr(value)
    return dumps(value)


@attrs.frozen
class FixResult:
    document: Any
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = ()


class _Fixer:
    def __init__(self, context: Context | None):
        self.context = context
        self.changes: list[Change] = []

    def set(self, obj: dict, key: str, value: Any, path: str, *, only_if_absent: bool = False) -> None:
        old = obj.get(key)
        if old == value or (only_if_absent and old is not None):
            return
        obj[key] = value
        self.changes.append(Change(path, old, value))

    def journal_type(self, entry: dict) -> JournalType | None:
        if self.context is None:
            return None
        journal_id = entry.get("journalTypeId")
        journal = self.context.journal(journal_id) if isinstance(journal_id, str) else None
        return journal.type if journal is not None else None

    def entry(self, entry: dict, prefix: str) -> None:
        self.set(entry, "entryType", "GENERAL", prefix + "entryType")
        journal_type = self.journal_type(entry)
        lines = entry.get("accountingEntryLines")
        if not isinstance(lines, list):
            return
        for i, line in enumerate(lines):
            if isinstance(line, dict):
                self.line(line, journal_type, f"{prefix}accountingEntryLines[{i}]")

    def line(self, line: dict, journal_type: JournalType | None, path: str) -> None:
        third = line.get("accountingEntryThirdParty")
        origin = None
        if isinstance(third, dict):
            try:
                origin = Origin(third.get("origin"))
            except ValueError:
                origin = None
            self.third_party(third, origin, f"{path}.accountingEntryThirdParty")
        invoice = line.get("accountingEntryInvoice")
        register = self.line_register(origin, journal_type, isinstance(invoice, dict))
        if register is not None:
            self.set(line, "registerType", register.value, f"{path}.registerType")
        if isinstance(invoice, dict):
            self.invoice(invoice, origin, f"{path}.accountingEntryInvoice")

    @staticmethod
    def line_register(
        origin: Origin | None, journal_type: JournalType | None, has_invoice: bool
    ) -> RegisterType | None:
        """The line's registerType by :func:`ledger.conventions.line_register`, when it can be decided."""
        register = invoice_register(origin)
        if journal_type is None and register is not None:
            # A bank or an invoice journal? Without the context only an invoice block tells: it exists
            # only in invoice journals, where the line takes its invoice register.
            return register if has_invoice else None
        return line_register(origin, journal_type)

    def invoice(self, invoice: dict, origin: Origin | None, path: str) -> None:
        document_date = invoice.get("documentDate")
        if isinstance(document_date, str):
            for _, key in DOCUMENT_DATE_DEFAULTS:
                self.set(invoice, key, document_date, f"{path}.{key}", only_if_absent=True)
        register = invoice_register(origin)
        if register is not None:
            self.set(invoice, "registerType", register.value, f"{path}.registerType")
        else:
            try:
                register = RegisterType(invoice.get("registerType"))
            except ValueError:
                register = None
        taxes = invoice.get("accountingEntryTaxes")
        if not isinstance(taxes, list):
            return
        for t, tax in enumerate(taxes):
            if not isinstance(tax, dict):
                continue
            tax_path = f"{path}.accountingEntryTaxes[{t}]"
            self.set(tax, "regimeType", "GENERAL", f"{tax_path}.regimeType")
            flag = deductible(register)
            if flag is not None:
                self.set(tax, "deductible", flag, f"{tax_path}.deductible")

    def third_party(self, third: dict, origin: Origin | None, path: str) -> None:
        if self.context is None or origin is None or not self.context.third_parties_given(origin):
            return
        third_id = third.get("thirdPartyId")
        record = self.context.third_party(origin, third_id) if isinstance(third_id, str) else None
        if record is None:
            return
        for copied in RECORD_COPIES:
            value = getattr(record, copied.record_attr)
            if value is not None:
                self.set(third, copied.field, value, f"{path}.{copied.field}")


def fix_input(value: dict, operation: str, context: Context | None = None) -> FixResult:
    """Fix one bare input of ``operation`` (a copy is returned; the argument is not modified)."""
    value = copy.deepcopy(value)
    fixer = _Fixer(context)
    notes: list[str] = []
    op = BY_NAME[operation]
    if op.simplified:
        if context is None:
            notes.append("a simplified input is expanded into the full form only with --context")
            return FixResult(value, (), tuple(notes))
        from ledger.books.expansion import expand
        from ledger.io.loading import Loader, dump

        loaded = Loader().load(op.model, value)
        expansion = expand(loaded.model, context) if loaded.model is not None else None
        if expansion is None:
            notes.append("the input could not be expanded")
            return FixResult(value, (), tuple(notes))
        expanded = dump(expansion.entry)
        fixer.changes.append(Change("", f"{operation} input", "createAccountingEntry input"))
        notes.append(f"expanded {operation} into createAccountingEntry")
        fixer.entry(expanded, "")
        return FixResult(expanded, tuple(fixer.changes), tuple(notes))
    if operation == "createAccountingEntry":
        fixer.entry(value, "")
    else:
        notes.append(f"fix has no documented defaults for {operation}")
    return FixResult(value, tuple(fixer.changes), tuple(notes))


def fix_document(document: Any, *, operation: str | None = None, context: Context | None = None) -> FixResult:
    """Fix a document in the form it was given: a request body (its variables), or a bare input."""
    from ledger.io.limits import first_breach

    breach = first_breach(document)  # beyond ledger.io.limits: `check` says FLD001; copying it could recurse
    if breach is not None:
        return FixResult(document, (), (f"not fixed: {breach}",))
    if isinstance(document, dict) and "query" in document:
        document = copy.deepcopy(document)
        resolution = Intake(schema=build_schema()).resolve(document)  # what `check` accepts, fixed
        if resolution.error is not None:
            return FixResult(document, (), (f"not fixed: {resolution.error}",))
        variables = document.get("variables") or {}
        changes: list[Change] = []
        notes: list[str] = []
        for target in resolution.targets:
            if not isinstance(target.value, dict):  # e.g. "variables": {"values": null}: `check` reports it
                notes.append(f"{target.operation.name}: not fixed: the input is not a JSON object")
                continue
            name = next((k for k, v in variables.items() if v is target.value), None)
            if name is None:
                notes.append(
                    f"{target.operation.name}: inline literal inputs are not rewritten; pass the input as a variable"
                )
                continue
            result = fix_input(target.value, target.operation.name, context)
            variables[name] = result.document
            changes.extend(attrs.evolve(c, path=target.path + c.path) for c in result.changes)
            notes.extend(result.notes)
            if result.document is not target.value and BY_NAME[target.operation.name].simplified and context:
                document = _rerendered(document, name, result.document)
        return FixResult(document, tuple(changes), tuple(notes))
    if operation is None:
        return FixResult(document, (), ("not fixed: name the operation of a bare input (--operation)",))
    if isinstance(document, dict) and len(document) == 1:
        ((key, inner),) = document.items()
        if isinstance(inner, dict) and key in ("values", "input"):
            result = fix_input(inner, operation, context)
            return FixResult({key: result.document}, result.changes, result.notes)
    if not isinstance(document, dict):
        return FixResult(document, (), ("not fixed: the input is not a JSON object",))
    return fix_input(document, operation, context)


def _rerendered(document: dict, variable: str, expanded: dict) -> dict:
    """After an expansion the operation changes: the body becomes a createAccountingEntry request."""
    from codegen import render  # only when a simplified input was expanded

    query, variables = render("createAccountingEntry", expanded)
    return {"query": query, "variables": variables}
