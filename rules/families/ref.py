"""REF: references to the organisation's reference data (journals, accounts, fiscal years, sessions…).

Every REF rule needs context; each declares the exact keys it reads and is skipped (and listed as
skipped) without them. For the simplified create operations the unknown journal/account CODES or ids
are reported by the expansion itself (REF001 on ``journalTypeCode``/``journalTypeId``, REF003 on
``subAccountCode``/``subAccountId``), which leaves the expanded field empty so these rules do not report
it twice; REF002, REF004 and REF005 then run on the expansion with paths mapped back to the user's line.

Legislation-specific rules: REF007 (sessions) and REF008 (``documentNumber``) apply only when the
context's ``organization.legislationCode`` is DE (S20, S56); they need that key, and declare
``legislations=["DE"]``: for another legislation the runner neither runs them nor lists them as
skipped (:mod:`rules.runner`), so the functions do not test the legislation again.

Read mode (``audit``): entries already in the books may sit on a journal or account deactivated since,
in a year closed since, or in a session deactivated since; and a read query may not select
``documentNumber``. So REF002, REF005, REF006, REF007 and REF008 are create-only; REF001, REF003 and
REF004 (the reference must exist and be a sub-account) run in both modes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ledger.books.expansion import account_not_found, journal_not_found
from ledger.entries import AccountingEntry
from ledger.enums import AccountLevel, JournalType
from ledger.inputs import SETTLEMENT_INPUTS, PostSalesInvoice, SettlementInput
from rules.families._shared import (
    account_of,
    article,
    creating,
    describe_journal,
    journal_of,
    line_path,
    needed_context,
)
from rules.registry import rule
from rules.violation import Finding, as_finding, finding

if TYPE_CHECKING:
    from rules.env import Env


@rule(
    "REF001", "unknown-journal", "error", targets=[AccountingEntry, PostSalesInvoice], needs=["journalTypes"]
)
def unknown_journal(subject: AccountingEntry | PostSalesInvoice, env: Env) -> Iterator[Finding]:
    """The journal is not among the organisation's journals.

    What it checks:
        ``journalTypeId`` (createAccountingEntry, postSalesInvoice) is the id of a journal of the
        context's ``journalTypes``; for the simplified operations ``journalTypeId`` / ``journalTypeCode``
        (reported by the expansion).
    Why it matters:
        The server validates that the journal exists (S23); an id from another organisation or a test
        tenant rejects the request.
    Example:
        ``"journalTypeCode": "VT"`` when the sales journal's code is ``VTE``.
    How to fix:
        Use the id or code of an existing journal (query journalTypes).
    Source:
        S23, S27 (docs/sources.md).
    """
    journal_id = subject.journal_type_id
    if journal_id is not None and needed_context(env).journal(journal_id) is None:
        yield as_finding(journal_not_found("journalTypeId", journal_id, by_code=False))


@rule(
    "REF002",
    "deactivated-journal",
    "error",
    targets=[AccountingEntry, PostSalesInvoice],
    needs=["journalTypes"],
)
def deactivated_journal(subject: AccountingEntry | PostSalesInvoice, env: Env) -> Iterator[Finding]:
    """The journal is deactivated.

    What it checks:
        The journal named by ``journalTypeId`` (or the simplified forms' code) is not ``deactivated``.
        Create inputs only: old entries stay on a journal deactivated since.
    Why it matters:
        "A deactivated journal cannot be used for new entries but stays visible on old ones" (S27).
    Example:
        A bank receipt posted to the journal of a closed bank account.
    How to fix:
        Use the active journal that replaced it, or reactivate the journal.
    Source:
        S27 (docs/sources.md).
    """
    if not creating(env):
        return
    journal = journal_of(subject, env)
    if journal is not None and journal.deactivated:
        yield finding(
            "journalTypeId",
            f"journal {describe_journal(journal)} is deactivated",
            "use an active journal, or reactivate this one",
            journal=journal.code or journal.id,
        )


@rule("REF003", "unknown-account", "error", targets=[AccountingEntry], needs=["accountingAccounts"])
def unknown_account(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A line's account is not in the chart of accounts.

    What it checks:
        Each line's ``subAccountId`` is the id of an account of the context's ``accountingAccounts``;
        for the simplified operations ``subAccountId`` / ``subAccountCode`` (reported by the expansion).
    Why it matters:
        The server validates that the account exists (S23).
    Example:
        ``"subAccountCode": "4110000"`` when the chart has ``411000``.
    How to fix:
        Use the id or code of an existing sub-account (query accountingAccounts).
    Source:
        S23, S50 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        if line.sub_account_id is not None and needed_context(env).account(line.sub_account_id) is None:
            path = line_path(i, ".subAccountId")
            yield as_finding(account_not_found(path, line.sub_account_id, by_code=False))


@rule("REF004", "not-a-sub-account", "error", targets=[AccountingEntry], needs=["accountingAccounts"])
def not_a_sub_account(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A line's account is not a sub-account (``accountLevel`` ≠ SUB_ACCOUNT).

    What it checks:
        Each line's account has ``accountLevel`` SUB_ACCOUNT. Accounts without a level are not judged.
    Why it matters:
        "Only Subaccount accounts can be used in accounting entries" (S50): group and total accounts
        (``41``, ``4``) only aggregate.
    Example:
        A customer line on ``41 Clients et comptes rattachés`` (accountLevel ACCOUNT) instead of
        ``411000``.
    How to fix:
        Use the detailed sub-account under it.
    Source:
        S50 (docs/sources.md).
    """
    for i, line in enumerate(entry.lines):
        account = account_of(line, env)
        if account is None or account.account_level is None:
            continue
        if account.account_level is not AccountLevel.SUB_ACCOUNT:
            yield finding(
                line_path(i, ".subAccountId"),
                f"account {account.code} is {article(str(account.account_level))} account, not a sub-account",
                "use a SUB_ACCOUNT-level account under it",
                account=account.code or account.id,
                accountLevel=account.account_level.value,
            )


@rule("REF005", "deactivated-account", "error", targets=[AccountingEntry], needs=["accountingAccounts"])
def deactivated_account(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """A line's account is deactivated.

    What it checks:
        No line uses an account marked ``deactivated``. Create inputs only (old entries stay on it).
    Why it matters:
        "Deactivated accounts cannot take new entries" (S52).
    Example:
        A payment from the account of a closed bank account, 512100.
    How to fix:
        Use the active account that replaced it, or reactivate the account.
    Source:
        S52 (docs/sources.md).
    """
    if not creating(env):
        return
    for i, line in enumerate(entry.lines):
        account = account_of(line, env)
        if account is not None and account.deactivated:
            yield finding(
                line_path(i, ".subAccountId"),
                f"account {account.code} is deactivated",
                "use an active account, or reactivate this one",
                account=account.code or account.id,
            )


@rule(
    "REF006",
    "closed-period",
    "error",
    targets=[AccountingEntry, *SETTLEMENT_INPUTS],
    needs=["accountingExercises"],
)
def closed_period(subject: AccountingEntry | SettlementInput, env: Env) -> Iterator[Finding]:
    """The entry date is in a closed fiscal year, a closed period, or no fiscal year.

    What it checks:
        The entry's ``date`` (a settlement's ``entryDate``: it creates a bank entry on that date, S30)
        falls in a fiscal year of the context's ``accountingExercises`` that is not CLOSED, and not in a
        period marked ``isClosed``. Create inputs only: entries of a year closed since are normal.
    Why it matters:
        "No entries can be posted or changed in a closed year" (S53).
    Example:
        An invoice of December 2024 entered in March 2025, after 2024 was closed.
    How to fix:
        Date the entry in an open period (often the first day of the open year), or reopen the year.
    Source:
        S30, S53 (docs/sources.md).
    """
    if not creating(env):
        return
    settlement = isinstance(subject, SETTLEMENT_INPUTS)
    day = subject.entry_date if isinstance(subject, SETTLEMENT_INPUTS) else subject.date
    if day is None:
        return
    is_open, why = needed_context(env).is_open_on(day)
    if not is_open:
        yield finding(
            "entryDate" if settlement else "date",
            f"cannot post: {why}",
            "date the entry in an open fiscal year and period, or reopen the period",
            date=day.isoformat(),
        )


@rule(
    "REF007",
    "deactivated-session",
    "error",
    targets=[AccountingEntry, *SETTLEMENT_INPUTS],
    needs=["organization.legislationCode", "sessions"],
    legislations=["DE"],
)
def deactivated_session(subject: AccountingEntry | SettlementInput, env: Env) -> Iterator[Finding]:
    """(DE) ``sessionId`` names a deactivated or unknown session.

    What it checks:
        For a German organisation (``organization.legislationCode`` DE): a given ``sessionId`` is a
        session of the context's ``sessions`` and is not ``deactivated``. An absent ``sessionId`` is
        fine (the server applies the default session, S20). Other legislations: not applicable —
        the rule is not run and not listed as skipped (without a legislation in the context it is
        skipped, since it may apply). Create inputs only.
    Why it matters:
        "A deactivated session cannot be used for a new entry" (S20); an unknown id rejects the entry.
    Example:
        The session of last year's import, deactivated since.
    How to fix:
        Use an active session (the default one: ``isDefault``), or leave ``sessionId`` out.
    Source:
        S20 (docs/sources.md).
    """
    if not creating(env) or subject.session_id is None:
        return
    session = needed_context(env).session(subject.session_id)
    if session is None:
        yield finding(
            "sessionId",
            f"session {subject.session_id} is not among the organisation's sessions",
            "use an active session, or leave sessionId out to get the default one",
        )
    elif session.deactivated:
        yield finding(
            "sessionId",
            f"session {session.name or session.id} is deactivated",
            "use an active session, or leave sessionId out to get the default one",
        )


@rule(
    "REF008",
    "missing-document-number",
    "error",
    targets=[AccountingEntry],
    needs=["organization.legislationCode"],
    legislations=["DE"],
)
def missing_document_number(entry: AccountingEntry, env: Env) -> Iterator[Finding]:
    """(DE) The entry has no ``documentNumber``.

    What it checks:
        For a German organisation (``organization.legislationCode`` DE) the entry header has a non-blank
        ``documentNumber`` (simplified forms included). Other legislations: not applicable (not run,
        not listed as skipped). Create inputs only.
    Why it matters:
        In Germany the document number (Belegnummer) is mandatory on entries (S56).
    Example:
        A DE entry with only ``date``, ``journalTypeId`` and lines.
    How to fix:
        Set ``documentNumber`` to the voucher's number (at most 50 characters).
    Assumption:
        Sourced from a third-party copy of the vendor pages (S56, medium).
    Source:
        S56 (docs/sources.md).
    """
    if not creating(env):
        return
    if entry.document_number is None or not entry.document_number.strip():
        yield finding(
            "documentNumber",
            "German entries need a documentNumber (Belegnummer)",
            "set documentNumber to the voucher's number",
        )


@rule(
    "REF009",
    "wrong-journal-for-operation",
    "error",
    targets=[PostSalesInvoice, *SETTLEMENT_INPUTS],
    needs=["journalTypes", "paymentMethods"],
)
def wrong_journal_for_operation(subject: PostSalesInvoice | SettlementInput, env: Env) -> Iterator[Finding]:
    """postSalesInvoice on a non-sales journal, or a settlement with an unknown payment method.

    What it checks:
        ``postSalesInvoice.journalTypeId`` names a SALES_INVOICE journal (an unknown one is REF001's);
        a settlement's ``paymentMethodId`` is one of the context's ``paymentMethods``.
    Why it matters:
        [SA-post]: the journal of postSalesInvoice must be a sales journal. The payment method ("Bank
        Account and cash Id", S31) gives the settlement's bank journal and account: unknown, the bank
        entry cannot be created.
    Example:
        Posting a sales invoice to the purchase journal ACH; settling with a payment method id of
        another organisation.
    How to fix:
        Use a SALES_INVOICE journal; use an id from paymentMethods.
    Assumption:
        The rule declares both keys (``journalTypes`` for postSalesInvoice, ``paymentMethods`` for the
        settlements) and is skipped unless both are given.
    Source:
        S31, S35 (docs/sources.md).
    """
    if isinstance(subject, PostSalesInvoice):
        journal = journal_of(subject, env)
        if journal is not None and journal.type is not None and journal.type is not JournalType.SALES_INVOICE:
            yield finding(
                "journalTypeId",
                f"postSalesInvoice needs a SALES_INVOICE journal, not {describe_journal(journal)}",
                "use the id of a SALES_INVOICE journal",
                journalType=journal.type.value,
            )
        return
    method_id = subject.payment_method_id
    if method_id is not None and needed_context(env).payment_method(method_id) is None:
        yield finding(
            "paymentMethodId",
            f"payment method {method_id} is not among the organisation's",
            "use the id of a bank account or cash payment method (query paymentMethods)",
        )
