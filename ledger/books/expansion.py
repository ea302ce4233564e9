"""The server-side expansion of the simplified create operations (S22, S23).

``createAccountingEntryUsingIds`` and ``createAccountingEntryUsingCodes`` "internally end up calling
createAccountingEntry" (S22): the server resolves the codes, derives the third-party block, the register
types and the invoice block, merges the lines of one third party, and then applies the [SA-entry-v0]
business controls to the result. :func:`expand` reproduces that derivation offline from the context, so
the engine can run every ``AccountingEntry`` rule on the result and map each finding back to the user's
own line (:meth:`Expansion.map_path`).

What the expansion does, step by step:

1. **Journal**: by id (UsingIds) or by code (UsingCodes) in ``journalTypes``. Unknown -> UNKNOWN_JOURNAL
   on the user's ``journalTypeId`` / ``journalTypeCode``, and the expanded ``journalTypeId`` is left None so the
   entry rules do not report it a second time. Without ``journalTypes`` the journal type is unknown, and
   so are the register types (left None: the rules skip what they cannot read).
2. **Account** of each line: by id or code in ``accountingAccounts``; unknown -> UNKNOWN_ACCOUNT, left None.
3. **Third party** (S23: "based on the sub-account class"): the account's ``subAccountType`` gives the
   origin (CUSTOMER -> ``customers``, PROVIDER -> ``suppliers``, EMPLOYEE -> ``employees``); the record is
   looked up there by id or code, and the block is copied from it ([SA-entry-v0] / S11: ``socialName`` — the
   employee's ``name`` —, ``code``, ``identificationTypeId`` = ``documentTypeId``, ``documentId``).
   Customer/supplier PREPAYMENT accounts take their own origin too (:data:`ledger.conventions.PREPAYMENT_ORIGINS`).
   Not found in a given list -> UNKNOWN_THIRD_PARTY on the user's ``thirdId`` / ``thirdCode``; a third
   party on an account that is not a third-party account -> NOT_A_THIRD_PARTY_ACCOUNT. When the origin's list is absent from the
   context, or the record is unknown, the block is kept PARTIAL (origin, and the code the user gave) so
   the register type and invoice block still follow, and no rule guesses about the rest.
4. **registerType**: UNDEFINED outside invoice journals and on lines without a CUSTOMER/SUPPLIER third
   party; ISSUED for a customer, RECEIVED for a supplier in invoice journals ([SA-entry-v0], S5).
5. **Merge** (S23): in PURCHASE_INVOICE / SALES_INVOICE journals, the lines of the same third party ON
   THE SAME ACCOUNT become one line at the position of the first (debits summed, credits summed). The
   merge is reported as LINES_MERGED (a note, not a fault). Assumption (low): lines of one third party on two different
   accounts cannot be merged without losing an account, so they stay separate (INV003 then reports them).
6. **Invoice block** in invoice journals on CUSTOMER/SUPPLIER lines: ``amount`` = the (merged) line's
   amount, the four dates = ``documentDate`` (or ``date`` when absent), ``registerType`` like the line
   ([SA-entry-v0], S10).
7. ``entryType`` GENERAL; header fields copied.

``expand`` returns None for anything that is not a simplified input. It never raises on incomplete
data: what cannot be resolved is None in the expansion, exactly like an unreadable value in the model.

What goes wrong is returned AS DATA (:class:`ExpansionProblem`: a :class:`ProblemKind`, the path on the
user's input, the message, the hint and the figures), never as a rule code: this module is part of the
model of the books and knows nothing of the rules. :mod:`rules` maps each kind to the code it reports
under (``rules.engine.EXPANSION_CODES``), as it maps ``ledger.io.loading.Fault`` to FLD codes.
The words for an unknown journal or account are written once, here (:func:`journal_not_found`,
:func:`account_not_found`): the REF rules say the same of a full entry with the same functions.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from ledger.context import Context
from ledger.conventions import (
    ORIGIN_KEYS,
    accepted_origin,
    copied_from_record,
    dates_from_document_date,
    invoice_register,
    line_register,
)
from ledger.entries import AccountingEntry, AccountingEntryLine, EntryInvoice, EntryThirdParty
from ledger.enums import EntryType, JournalType, Origin
from ledger.inputs import EntryUsingCodes, EntryUsingIds, LineUsingCodes, LineUsingIds
from ledger.money import total
from ledger.reference import Account

_LINE_PATH = re.compile(r"^accountingEntryLines\[(\d+)\](.*)$")
# Expanded line fields that exist, under the same name, on the simplified line.
_SAME_LINE_FIELDS = frozenset({".debitAmount", ".creditAmount", ".description"})
_SAME_HEADER_FIELDS = frozenset(
    {"date", "documentDate", "documentNumber", "description", "accountingEntryLines"}
)


class ProblemKind(enum.Enum):
    """What the expansion could not resolve, or did on the user's behalf; :mod:`rules` gives each a code."""

    UNKNOWN_JOURNAL = "unknown-journal"  # REF001
    UNKNOWN_ACCOUNT = "unknown-account"  # REF003
    NOT_A_THIRD_PARTY_ACCOUNT = "not-a-third-party-account"  # TPY003
    UNKNOWN_THIRD_PARTY = "unknown-third-party"  # TPY005
    LINES_MERGED = "lines-merged"  # INV008 (a note)


@attrs.frozen
class ExpansionProblem:
    """One thing the expansion reports, with its path on the USER's input (not on the expansion)."""

    kind: ProblemKind
    path: str
    message: str
    hint: str | None = None
    figures: tuple[tuple[str, str], ...] = ()


def journal_not_found(path: str, given: str, *, by_code: bool) -> ExpansionProblem:
    """A journal id (or code) that is not among the context's ``journalTypes``."""
    name = f"journal code {given!r}" if by_code else f"journal {given}"
    return ExpansionProblem(
        ProblemKind.UNKNOWN_JOURNAL,
        path,
        f"{name} is not among the organisation's journals",
        f"use the {'code' if by_code else 'id'} of an existing journal (query journalTypes)",
    )


def account_not_found(path: str, given: str, *, by_code: bool) -> ExpansionProblem:
    """An account id (or code) that is not in the context's ``accountingAccounts``."""
    name = f"account {given!r}" if by_code else f"account {given}"
    return ExpansionProblem(
        ProblemKind.UNKNOWN_ACCOUNT,
        path,
        f"{name} is not in the chart of accounts",
        f"use the {'code' if by_code else 'id'} of an existing sub-account (query accountingAccounts)",
    )


@attrs.frozen
class Expansion:
    """A simplified input expanded into the full ``createAccountingEntry`` form.

    ``problems`` are what the expansion itself reports (unresolved references, the merge note), with
    paths on the USER's input; ``line_origins[i]`` is the user's line index of expanded line ``i`` (the
    first of merged lines).
    """

    entry: AccountingEntry
    problems: tuple[ExpansionProblem, ...] = ()
    line_origins: tuple[int, ...] = ()
    using_codes: bool = False
    # User line indexes that name a third party (thirdId / thirdCode).
    lines_with_third: frozenset[int] = frozenset()

    def map_path(self, path: str) -> str:
        """Rewrite a path on the expanded entry into a path on the user's input."""
        match = _LINE_PATH.match(path)
        if match is None:
            if path == "journalTypeId":
                return "journalTypeCode" if self.using_codes else "journalTypeId"
            if path in _SAME_HEADER_FIELDS or path.startswith("accountingEntryLines"):
                return path
            return ""  # entryType and other fields the simplified input does not have
        index, rest = int(match.group(1)), match.group(2)
        if index >= len(self.line_origins):
            return path
        user = self.line_origins[index]
        prefix = f"accountingEntryLines[{user}]"
        if rest in _SAME_LINE_FIELDS:
            return prefix + rest
        if rest == ".subAccountId":
            return prefix + (".subAccountCode" if self.using_codes else ".subAccountId")
        if rest.startswith(".accountingEntryThirdParty") and user in self.lines_with_third:
            return prefix + (".thirdCode" if self.using_codes else ".thirdId")
        if rest == ".accountingEntryInvoice.amount" and index < len(self.entry.lines):
            # The invoice amount is a copy of the line's amount (S23): name the user's own field, so a
            # fault in it is reported once, where the user wrote it.
            line = self.entry.lines[index]
            return prefix + (".debitAmount" if line.debit_amount else ".creditAmount")
        return prefix


def expand(model: Any, context: Context) -> Expansion | None:
    """Expand a simplified entry input with the organisation's reference data; None for other inputs."""
    if isinstance(model, EntryUsingCodes):
        return _Expander(model, context, using_codes=True).run()
    if isinstance(model, EntryUsingIds):
        return _Expander(model, context, using_codes=False).run()
    return None


@attrs.define
class _Draft:
    """One expanded line while it is being built (mutable on purpose: local to one expansion)."""

    user_index: int
    user_indexes: list[int]
    sub_account_id: str | None
    description: str | None
    debit: Decimal | None
    credit: Decimal | None
    third_party: EntryThirdParty | None
    merge_key: Any  # identifies "the same third party on the same account"; None = never merged
    label: str  # third party's code or id, for the merge note


# A line of either simplified input: UsingCodes lines come with EntryUsingCodes, UsingIds with UsingIds.
_UserLine = LineUsingIds | LineUsingCodes


class _Expander:
    def __init__(self, model: EntryUsingIds | EntryUsingCodes, context: Context, *, using_codes: bool):
        self.model = model
        self.ctx = context
        self.using_codes = using_codes
        self.problems: list[ExpansionProblem] = []

    # -- header -----------------------------------------------------------------------------------

    def journal(self) -> tuple[str | None, JournalType | None]:
        """(journal id for the expansion, journal type or None)."""
        ctx, model = self.ctx, self.model
        if isinstance(model, EntryUsingCodes):  # as self.using_codes, in a form mypy narrows
            code = model.journal_type_code
            if code is None or not ctx.has("journalTypes"):
                return None, None
            journal = ctx.journal(code=code)
            if journal is None:
                self.problems.append(journal_not_found("journalTypeCode", code, by_code=True))
                return None, None
            return journal.id, journal.type
        journal_id = model.journal_type_id
        if journal_id is None or not ctx.has("journalTypes"):
            return journal_id, None
        journal = ctx.journal(journal_id)
        if journal is None:
            self.problems.append(journal_not_found("journalTypeId", journal_id, by_code=False))
            return None, None
        return journal_id, journal.type

    # -- lines ------------------------------------------------------------------------------------

    def account(self, index: int, line: _UserLine) -> tuple[str | None, Account | None]:
        ctx = self.ctx
        if isinstance(line, LineUsingCodes):  # as self.using_codes, in a form mypy narrows
            code = line.sub_account_code
            if code is None or not ctx.has("accountingAccounts"):
                return None, None
            account = ctx.account(code=code)
            if account is None:
                path = f"accountingEntryLines[{index}].subAccountCode"
                self.problems.append(account_not_found(path, code, by_code=True))
                return None, None
            return account.id, account
        account_id = line.sub_account_id
        if account_id is None or not ctx.has("accountingAccounts"):
            return account_id, None
        account = ctx.account(account_id)
        if account is None:
            path = f"accountingEntryLines[{index}].subAccountId"
            self.problems.append(account_not_found(path, account_id, by_code=False))
            return None, None
        return account_id, account

    def third_party(
        self, index: int, line: _UserLine, account: Account | None
    ) -> tuple[EntryThirdParty | None, tuple[Origin, str | None] | None, str]:
        """(block or None, merge identity or None, label) for one user line."""
        field = "thirdCode" if self.using_codes else "thirdId"
        given = _given_third(line)
        path = f"accountingEntryLines[{index}].{field}"
        if account is None or account.sub_account_type is None:
            return None, None, ""  # unknown account (REF003's) or nature: the type cannot be derived
        origin = accepted_origin(account.sub_account_type)
        if given is None:
            return None, None, ""  # a third-party account without third party: TPY001 on the expansion
        if origin is None:
            self.problems.append(
                ExpansionProblem(
                    ProblemKind.NOT_A_THIRD_PARTY_ACCOUNT,
                    path,
                    f"third party {given!r} on account {account.code}, which is not a third-party account",
                    "remove the third party, or use a customer/supplier/employee account",
                    (("subAccountType", account.sub_account_type.value),),
                )
            )
            return None, None, ""
        code = given if self.using_codes else None
        partial = EntryThirdParty(
            third_party_id=None if self.using_codes else given, code=code, origin=origin
        )
        key = ORIGIN_KEYS[origin]
        if not self.ctx.has(key):
            # The list is absent: keep what the user said; no guess about the record (TPY005 skips too).
            return partial, (origin, given), given
        record = (
            self.ctx.third_party(origin, code=given)
            if self.using_codes
            else self.ctx.third_party(origin, given)
        )
        if record is None:
            self.problems.append(
                ExpansionProblem(
                    ProblemKind.UNKNOWN_THIRD_PARTY,
                    path,
                    f"{origin.value.lower()} {given!r} is not among the organisation's {key}",
                    f"use the {'code' if self.using_codes else 'id'} of an existing {origin.value.lower()}",
                    (("origin", origin.value),),
                )
            )
            # Partial block without the unknown id, so the entry rules do not report it again.
            return attrs.evolve(partial, third_party_id=None), (origin, given), given
        block = EntryThirdParty(third_party_id=record.id, origin=origin, **copied_from_record(record))
        return block, (origin, record.id), record.code or record.id or given

    # -- the whole ---------------------------------------------------------------------------------

    def run(self) -> Expansion:
        model = self.model
        journal_id, journal_type = self.journal()
        invoice_journal = journal_type is not None and journal_type.is_invoice_journal
        drafts: list[_Draft] = []
        by_key: dict[Any, _Draft] = {}
        lines_with_third: set[int] = set()
        user_lines: tuple[_UserLine, ...] = model.lines
        for index, line in enumerate(user_lines):
            if _given_third(line) is not None:
                lines_with_third.add(index)
            account_id, account = self.account(index, line)
            block, identity, label = self.third_party(index, line, account)
            merge_key = (identity, account_id) if invoice_journal and identity is not None else None
            if merge_key is not None and merge_key in by_key:
                first = by_key[merge_key]
                first.user_indexes.append(index)
                first.debit = _add(first.debit, line.debit_amount)
                first.credit = _add(first.credit, line.credit_amount)
                continue
            draft = _Draft(
                index,
                [index],
                account_id,
                line.description,
                line.debit_amount,
                line.credit_amount,
                block,
                merge_key,
                label,
            )
            drafts.append(draft)
            if merge_key is not None:
                by_key[merge_key] = draft

        for draft in drafts:
            if len(draft.user_indexes) > 1:
                numbers = ", ".join(str(i) for i in draft.user_indexes)
                self.problems.append(
                    ExpansionProblem(
                        ProblemKind.LINES_MERGED,
                        f"accountingEntryLines[{draft.user_index}]",
                        f"lines {numbers} of third party {draft.label} are merged into one line by the server",
                        "nothing to do if intended; the invoice amount is their total",
                        (("lines", numbers),),
                    )
                )

        document_date: date | None = model.document_date or model.date
        lines = tuple(self.line(draft, journal_type, invoice_journal, document_date) for draft in drafts)
        entry = AccountingEntry(
            date=model.date,
            document_date=model.document_date,
            entry_type=EntryType.GENERAL.value,
            journal_type_id=journal_id,
            document_number=model.document_number,
            description=model.description,
            accounting_entry_lines=lines if model.accounting_entry_lines is not None else None,
        )
        return Expansion(
            entry=entry,
            problems=tuple(self.problems),
            line_origins=tuple(d.user_index for d in drafts),
            using_codes=self.using_codes,
            lines_with_third=frozenset(lines_with_third),
        )

    @staticmethod
    def line(
        draft: _Draft,
        journal_type: JournalType | None,
        invoice_journal: bool,
        document_date: date | None,
    ) -> AccountingEntryLine:
        origin = draft.third_party.origin if draft.third_party is not None else None
        register = line_register(origin, journal_type) if journal_type is not None else None
        invoice = None
        if invoice_journal and invoice_register(origin) is not None:
            invoice = EntryInvoice(
                document_date=document_date,
                **dates_from_document_date(document_date),
                amount=_line_amount(draft.debit, draft.credit),
                register_type=register,
            )
        return AccountingEntryLine(
            sub_account_id=draft.sub_account_id,
            description=draft.description,
            debit_amount=draft.debit,
            credit_amount=draft.credit,
            register_type=register,
            accounting_entry_third_party=draft.third_party,
            accounting_entry_invoice=invoice,
        )


def _given_third(line: _UserLine) -> str | None:
    """The third party the user named on a line: its code (UsingCodes) or its id (UsingIds)."""
    return line.third_code if isinstance(line, LineUsingCodes) else line.third_id


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    # An unreadable amount (FLD003's) makes the merged amount unreadable too: the rules then skip it.
    if a is None or b is None:
        return None
    return total((a, b))


def _line_amount(debit: Decimal | None, credit: Decimal | None) -> Decimal | None:
    """The invoice amount the server takes: the line's non-zero side (as AccountingEntryLine.amount)."""
    if debit:
        return debit
    if credit:
        return credit
    return debit if debit is not None else credit
