"""TPY: the third party on an entry line ([SA-entry-v0], S6, S43, S11, S23, S45).

A line's ``accountingEntryThirdParty`` must exist on customer/supplier/employee accounts, agree with
the account's nature and with the journal, name a known third party, and copy that third party's data.

Context keys: TPY001/TPY003 read ``accountingAccounts``, TPY004 ``journalTypes``. TPY005/TPY006 need
the third-party lists: they declare ``customers`` and ``suppliers`` (every legislation has both) and
check an EMPLOYEE line only when ``employees`` is given too — a line whose origin's list is absent is
skipped, never guessed (employees do not exist in DE, S47, so requiring the key would switch the rule
off there).

Read mode (``audit``): TPY001 and TPY002 are about what a create input must CONTAIN — on a read entry an
absent block or field means the query did not select it — and TPY006 compares with the record as it is
TODAY (a renamed customer keeps its old name on old entries): the three are create-only. TPY003–TPY005
run in both modes.

On the expansion of a simplified input (S23) the block is copied from the record by the server, so
TPY002 stays silent there (the user cannot fill those fields); unresolved third parties are reported by
the expansion itself (TPY005 on ``thirdId`` / ``thirdCode``; TPY003 for a third party on a
non-third-party account).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ledger.conventions import (
    COLLECTIVE_NATURES,
    JOURNAL_ORIGINS,
    ORIGIN_KEYS,
    RECORD_COPIES,
    accepted_origin,
)
from ledger.entries import AccountingEntry, AccountingEntryLine, EntryThirdParty
from ledger.reference import EmployeeRecord, ThirdPartyRecord
from rules.families._shared import (
    account_of,
    article,
    creating,
    journal_of,
    line_path,
    needed_context,
    on_expansion,
)
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


#: The block fields TPY002 requires: those copied from the record (:data:`ledger.conventions.RECORD_COPIES`,
#: which TPY006 compares) but ``code``, which [SA-entry-v0]'s own example omits (see TPY002's doc).
_REQUIRED = tuple(f for f in RECORD_COPIES if f.field != "code")


def written_by_user(env: Env) -> bool:
    """True when third-party blocks are the user's own create input: not an entry read back from the
    API, nor the server's expansion of a simplified input (which copies them from the record).
    TPY002 and TPY007 judge only such blocks."""
    return creating(env) and not on_expansion(env)


def _blocks(entry: AccountingEntry) -> Iterator[tuple[int, AccountingEntryLine, EntryThirdParty]]:
    """``(index, line, block)`` for each line that carries an ``accountingEntryThirdParty``."""
    for i, line in enumerate(entry.lines):
        if line.accounting_entry_third_party is not None:
            yield i, line, line.accounting_entry_third_party


def _blank(value: object) -> bool:
    """A string of white space only: a field given blank is missing, not a mismatch (TPY002, TPY006)."""
    return isinstance(value, str) and not value.strip()


def record_of(third_party: EntryThirdParty, env: Env) -> ThirdPartyRecord | EmployeeRecord | None:
    """The record a block names, or None (no id, unknown, or its origin's list not given)."""
    ctx = env.context
    if ctx is None or third_party.origin is None or third_party.third_party_id is None:
        return None
    if not ctx.has(ORIGIN_KEYS[third_party.origin]):
        return None
    return ctx.third_party(third_party.origin, third_party.third_party_id)


@rule("TPY001", "missing-third-party", "error", targets=[AccountingEntry], needs=["accountingAccounts"])
def missing_third_party(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A line on a customer, supplier or employee account has no third party.

    What it checks:
        Every line whose account's ``subAccountType`` is CUSTOMER, PROVIDER or EMPLOYEE carries an
        ``accountingEntryThirdParty`` (in the simplified forms: a ``thirdId`` / ``thirdCode``).
        Create inputs only: on a read entry an absent block means the query did not select it.
    Why it matters:
        [SA-entry-v0]: "accountingEntryThirdParty: mandatory for lines with a third party CUSTOMER,
        SUPPLIER, EMPLOYEE". Without it the amount sits on the collective account with nobody's name:
        no open item, no lettering, no customer balance.
    Example:
        ``"subAccountId": <411000 Clients>`` with no ``accountingEntryThirdParty``.
    How to fix:
        Add the third-party block, copied from the customer/supplier/employee record ([SA-entry-v0]), or
        ``thirdCode`` in createAccountingEntryUsingCodes.
    Source:
        S6, S51 (docs/sources.md).
    """
    if not creating(env):
        return
    for i, line in enumerate(entry.lines):
        if line.accounting_entry_third_party is not None:
            continue
        account = account_of(line, env)
        if account is None or account.sub_account_type is None:
            continue
        origin = account.sub_account_type.third_party_origin
        if origin is not None:
            yield finding(
                line_path(i, ".accountingEntryThirdParty"),
                f"line on {origin.value.lower()} account {account.code} has no third party",
                f"add the {origin.value.lower()} (accountingEntryThirdParty, or thirdId/thirdCode)",
                account=account.code or account.id,
                subAccountType=account.sub_account_type.value,
            )


@rule("TPY002", "incomplete-third-party", "error", targets=[AccountingEntry])
def incomplete_third_party(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The third-party block lacks ``socialName``, ``identificationTypeId`` or ``documentId``.

    What it checks:
        Each ``accountingEntryThirdParty`` of a create input has ``socialName``, ``identificationTypeId``
        and ``documentId`` ([SA-entry-v0]: "must be filled in"), non-blank. Needs no context. Not checked on
        entries read back from the API, nor on the expansion of a simplified input (the server copies
        them from the record there). ``code`` is not required: see the assumption.
    Why it matters:
        The block is a copy of the third party as it was at posting time (name and identification
        printed on the registers and exports); an empty field leaves a hole in them.
    Example:
        A customer block with ``thirdPartyId``, ``origin`` and ``socialName`` but no ``documentId``.
    How to fix:
        Copy the fields from the record: ``socialName`` (employee: ``name``), ``code``,
        ``identificationTypeId`` = ``documentTypeId``, ``documentId`` (``ledger-rules fix`` does, with a
        context).
    Assumption:
        The rule catalogue's first wording listed ``code`` too, as [SA-entry-v0]'s field table does
        (S11); but that page's own worked example (the vendor's Postman example) has no ``code``, and an
        example the API accepts is the stronger evidence (high vs high): a missing ``code`` is therefore not an error here; TPY007 reports it as a
        warning (and TPY006 still compares a given code with the record). A field present but
        unreadable (e.g. a malformed UUID) is left to FLD003 (one fault, one code), and a blank field is
        reported here only, not also as a TPY006 mismatch.
    Source:
        S11 (docs/sources.md).
    """
    if not written_by_user(env):
        return
    for i, _line, third_party in _blocks(entry):
        for copied in _REQUIRED:
            name, value = copied.field, getattr(third_party, copied.attr)
            if value is None and line_path(i, f".accountingEntryThirdParty.{name}") in env.faulted:
                continue  # present but unreadable: FLD003's fault, not a missing field
            if value is None or _blank(value):
                source = copied.source(third_party.origin)
                yield finding(
                    line_path(i, f".accountingEntryThirdParty.{name}"),
                    f"third party lacks `{name}`, which must be filled in",
                    f"copy the third party's `{source}` into `{name}`",
                )


@rule("TPY007", "missing-third-party-code", "warning", targets=[AccountingEntry])
def missing_third_party_code(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The third-party block has no ``code``.

    What it checks:
        Each ``accountingEntryThirdParty`` of a create input carries the third party's ``code``
        (non-blank). Needs no context. Not checked on entries read back from the API, nor on the
        expansion of a simplified input (the server copies the code from the record there).
    Why it matters:
        [SA-entry-v0]'s field table says ``code`` "must be filled in" (taken from the third party's
        ``code``); exports and registers show it beside the name.
    Example:
        The [SA-entry-v0] example itself: ``socialName``, ``origin``, ``thirdPartyId``,
        ``identificationTypeId`` and ``documentId``, but no ``code``.
    How to fix:
        Copy the third party's ``code`` into the block (``ledger-rules fix --context`` does).
    Assumption:
        The rule catalogue's first wording of TPY002 listed ``code`` among the required fields, but the
        vendor's own worked example omits it, so whether the API rejects its absence is contradicted by
        the docs (S11, high vs high). Added as a separate WARNING (a family may take new codes) so that TPY002 stays an error for the
        fields the example does fill in, and nothing the contract names goes unreported.
    Source:
        S11 (docs/sources.md).
    """
    if not written_by_user(env):
        return
    for i, _line, third_party in _blocks(entry):
        if third_party.code is None or _blank(third_party.code):
            yield finding(
                line_path(i, ".accountingEntryThirdParty.code"),
                "third party lacks `code` ([SA-entry-v0]: must be filled in; its own example omits it)",
                "copy the third party's `code` into the block",
            )


@rule(
    "TPY003", "third-party-account-mismatch", "error", targets=[AccountingEntry], needs=["accountingAccounts"]
)
def third_party_account_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The third party's origin does not match the line's account.

    What it checks:
        CUSTOMER sits on a CUSTOMER account, SUPPLIER on a PROVIDER account, EMPLOYEE on an EMPLOYEE
        account; and no third party sits on an account that is not a third-party account.
    Why it matters:
        The simplified operations derive the third party's type from the account ("based on the
        sub-account class", S23); a supplier on a customer account lands in the wrong ledger and its
        balance is wrong on both sides.
    Example:
        ``"origin": "SUPPLIER"`` on 411000 (CUSTOMER); a customer on the revenue account 706000.
    How to fix:
        Put the third party on its own collective account (customer 411…, supplier 401…, employee 421…
        in the French chart), or remove it from a revenue/VAT/bank line.
    Assumption:
        Customer/supplier PREPAYMENT accounts (CUSTOMER_PREPAYMENT[_TAX_INCLUDED],
        SUPPLIER_PREPAYMENT[_TAX_INCLUDED]) accept their own origin: deposits are booked on them (S58,
        low). Accounts without a known nature are not judged.
    Source:
        S23, S45, S51 (docs/sources.md).
    """
    for i, line, third_party in _blocks(entry):
        if third_party.origin is None:
            continue
        account = account_of(line, env)
        if account is None or account.sub_account_type is None:
            continue
        nature = account.sub_account_type
        accepted = accepted_origin(nature)
        if accepted is None:
            yield finding(
                line_path(i, ".accountingEntryThirdParty"),
                f"{third_party.origin.value.lower()} on account {account.code} ({nature.value}), "
                "which is not a third-party account",
                "remove the third party, or use the customer/supplier/employee account",
                subAccountType=nature.value,
            )
        elif accepted is not third_party.origin:
            yield finding(
                line_path(i, ".accountingEntryThirdParty.origin"),
                f"{third_party.origin.value.lower()} on {accepted.value.lower()} account {account.code}",
                f"use {article(COLLECTIVE_NATURES[third_party.origin].value)} account for {article(third_party.origin.value.lower())}",
                origin=third_party.origin.value,
                subAccountType=nature.value,
            )


@rule("TPY004", "third-party-journal-mismatch", "error", targets=[AccountingEntry], needs=["journalTypes"])
def third_party_journal_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A supplier or employee in the sales journal, a customer or employee in the purchase journal.

    What it checks:
        SALES_INVOICE journals carry only CUSTOMER third parties; PURCHASE_INVOICE journals only
        SUPPLIER ones. Other journals accept any origin.
    Why it matters:
        "PURCHASE_INVOICE -> supplier, SALES_INVOICE -> customer" (S43): the invoice of an invoice
        journal is the third party's invoice, and its VAT register follows the journal.
    Example:
        A supplier invoice posted to the sales journal VTE.
    How to fix:
        Post the entry to the journal that matches the third party (purchases to ACH, sales to VTE),
        or a payroll entry to a general journal.
    Source:
        S5, S43 (docs/sources.md).
    """
    journal = journal_of(entry, env)
    if journal is None or journal.type not in JOURNAL_ORIGINS:
        return
    accepted = JOURNAL_ORIGINS[journal.type]
    for i, line in enumerate(entry.lines):
        origin = line.origin
        if origin is not None and origin is not accepted:
            yield finding(
                line_path(i, ".accountingEntryThirdParty.origin"),
                f"{origin.value.lower()} third party in {journal.type.value} journal {journal.code or ''}".rstrip(),
                f"a {journal.type.value} journal takes {accepted.value.lower()}s only; use another journal",
                origin=origin.value,
                journalType=journal.type.value,
            )


@rule("TPY005", "unknown-third-party", "error", targets=[AccountingEntry], needs=["customers", "suppliers"])
def unknown_third_party(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The third party is not among the organisation's customers, suppliers or employees.

    What it checks:
        ``thirdPartyId`` is the id of a customer (origin CUSTOMER), supplier (SUPPLIER) or employee
        (EMPLOYEE) of the context; for the simplified forms, ``thirdId`` / ``thirdCode`` (reported by
        the expansion). An EMPLOYEE line is checked only when ``employees`` is given.
    Why it matters:
        The server validates that the third party exists (S23); an id from another organisation or a
        deleted record rejects the entry.
    Example:
        A customer line whose ``thirdPartyId`` belongs to a supplier — or to a test organisation.
    How to fix:
        Use the id of an existing third party of that origin (query customers / suppliers / employees).
    Source:
        S23 (docs/sources.md).
    """
    ctx = needed_context(env)
    for i, _line, third_party in _blocks(entry):
        if third_party.origin is None or third_party.third_party_id is None:
            continue
        key = ORIGIN_KEYS[third_party.origin]
        if not ctx.has(key):
            continue  # that list was not given: skip the line rather than guess
        if ctx.third_party(third_party.origin, third_party.third_party_id) is None:
            found = ctx.find_third_party(third_party.third_party_id)
            hint = (
                f"this id is {article(found[0].value.lower())}: fix the origin or the id"
                if found is not None and ctx.has(ORIGIN_KEYS[found[0]])
                else f"use the id of an existing {third_party.origin.value.lower()} (query {key})"
            )
            yield finding(
                line_path(i, ".accountingEntryThirdParty.thirdPartyId"),
                f"{third_party.origin.value.lower()} {third_party.third_party_id} is not among the {key}",
                hint,
                origin=third_party.origin.value,
            )


@rule(
    "TPY006",
    "third-party-data-mismatch",
    "warning",
    targets=[AccountingEntry],
    needs=["customers", "suppliers"],
)
def third_party_data_mismatch(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """The third-party block differs from the third party's record.

    What it checks:
        ``socialName`` (employee: ``name``), ``code``, ``identificationTypeId`` (= ``documentTypeId``)
        and ``documentId`` equal the record's, exactly. Fields absent on either side are not compared
        (absence is TPY002's). Create inputs only: a read entry keeps the data of its posting day.
    Why it matters:
        [SA-entry-v0] says where each field comes from (S11); a stale or mistyped copy prints another name
        or identification number on the VAT registers than the third party's own.
    Example:
        ``"socialName": "Hotel des Celestins"`` while the customer is "Hôtel des Célestins SAS".
    How to fix:
        Copy the fields from the record (``ledger-rules fix`` does, with a context).
    Assumption:
        Whether the server compares or overwrites these fields is not documented: a warning.
    Source:
        S11 (docs/sources.md).
    """
    if not creating(env):
        return
    blank_is_missing = written_by_user(env)  # then a blank field is TPY002's (code: TPY007's)
    for i, _line, third_party in _blocks(entry):
        record = record_of(third_party, env)
        if record is None:
            continue
        for copied in RECORD_COPIES:
            name, given, expected = (
                copied.field,
                getattr(third_party, copied.attr),
                getattr(record, copied.record_attr),
            )
            if given is None or expected is None or given == expected:
                continue
            if blank_is_missing and _blank(given):
                continue  # missing, not a mismatch
            source = copied.source(third_party.origin)
            yield finding(
                line_path(i, f".accountingEntryThirdParty.{name}"),
                f"`{name}` {given!r} differs from the record's {source} {expected!r}",
                f"copy the record's `{source}`",
                given=given,
                record=expected,
            )
