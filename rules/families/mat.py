"""MAT: Luca Regnskap entry matches, ``bookkeepingEntryMatchCreate(entryMatch: …)`` ([LUCA-close-api], S62, S63, S64, S65).

Closing an invoice in Luca matches POSTING LINES on the customer's (reskontro) account so that they net
to exactly 0.00 (S65). A posting line holds one ``amountCents`` and BOTH accounts (S63): on the matched
account it counts as a debit when its ``debitAccount`` is that account, as a credit when its
``creditAccount`` is — so the net on the account is Σ amountCents of the lines debiting it minus Σ of
those crediting it (a line that does both nets to zero).

MAT003 and MAT004 read the input alone. MAT001 and MAT002 need the journals' posting lines as read
(context ``luca.postingLines``, [LUCA-close-api] step 2); MAT005 needs only the existing matches
(``luca.entryMatches``). A posting line the context does not hold is not judged by MAT001, and makes
MAT002 skip the match (its net cannot be known).

One fault, one code: a match with a line off the account (MAT001) is not also reported as not netting
to zero (MAT002); a duplicated id (MAT004) is counted once by MAT002.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ledger.luca import EntryMatchInput, PostingLine
from ledger.money import from_minor_units
from rules.families._shared import needed_context, repeats, too_few
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


TARGETS = [EntryMatchInput]


def _refs(match: EntryMatchInput) -> Iterator[tuple[str, str]]:
    for k, ref in enumerate(match.posting_lines or ()):
        if ref is not None and ref.id is not None:
            yield f"postingLines[{k}]", ref.id


def _on_account(line: PostingLine, account_id: str) -> tuple[bool, bool]:
    debit = line.debit_account is not None and line.debit_account.id == account_id
    credit = line.credit_account is not None and line.credit_account.id == account_id
    return debit, credit


def _currency(env: Env) -> str:
    # Luca is Norwegian: amountCents are øre unless the context names another currency.
    if env.options.currency:
        return env.options.currency.upper()
    context = env.context
    if context is not None and context.organization is not None and context.organization.currency:
        return context.currency
    return "NOK"


@rule("MAT001", "posting-line-not-on-account", "error", targets=TARGETS, needs=["luca.postingLines"])
def posting_line_not_on_account(match: EntryMatchInput, env: Env) -> Iterator[Finding]:
    """A matched posting line touches neither side of the match's account.

    What it checks:
        For every matched posting line found in ``luca.postingLines``: its ``debitAccount.id`` or its
        ``creditAccount.id`` equals ``accountId``.
    Why it matters:
        "You use the customer's account for closing, so make sure you select those posting lines"
        ([LUCA-close-api]): a revenue or VAT line (e.g. 3100) in a customer match is a wrong selection.
    Example:
        Matching the posting line that credits 3100 instead of the one that debits 1500/10005.
    How to fix:
        Select only the posting lines whose debit or credit account is the customer's account.
    Source:
        S62, S64 (docs/sources.md).
    """
    account = match.account_id
    if account is None:
        return
    for path, line_id in _refs(match):
        line = needed_context(env).posting_line(line_id)
        if line is None:
            continue
        if not any(_on_account(line, account)):
            debit = line.debit_account.code if line.debit_account else None
            credit = line.credit_account.code if line.credit_account else None
            yield finding(
                f"{path}.id",
                f"posting line {line_id} is not on account {account} (debit {debit}, credit {credit})",
                "select only the posting lines that hit the customer's account",
                posting_line=line_id,
                account=account,
            )


@rule("MAT002", "match-not-zero", "error", targets=TARGETS, needs=["luca.postingLines"])
def match_not_zero(match: EntryMatchInput, env: Env) -> Iterator[Finding]:
    """The matched lines do not net to exactly 0.00 on the match's account.

    What it checks:
        Σ ``amountCents`` of the matched lines whose ``debitAccount.id`` is ``accountId`` minus Σ of
        those whose ``creditAccount.id`` is ``accountId`` is exactly 0 (each line counted once).
    Why it matters:
        "Du kan kun lukke poster som går totalt i 0,00,-" — only posts that total 0.00 can be closed:
        an invoice of 100.00 cannot be closed against a credit note of 80.00 (S65).
    Example:
        Invoice 150.00 (debit 1500/10005) against a credit note of 80.00 (credit 1500/10005): net 70.00.
    How to fix:
        Add the missing payment or credit-note line, or leave the invoice open until it is paid in full.
    Assumption:
        The rule is the UI's (high); that the API enforces it too is not stated (S65, medium).
    Source:
        S65, S93 (docs/sources.md).
    """
    account = match.account_id
    if account is None:
        return
    net = 0
    ids = list(dict.fromkeys(line_id for _, line_id in _refs(match)))
    if len(ids) < 2:
        return  # MAT003 / MAT004 own a match of fewer than two distinct lines
    for line_id in ids:
        line = needed_context(env).posting_line(line_id)
        if line is None or line.amount_cents is None:
            return  # unknown line or amount: the net cannot be known
        debit, credit = _on_account(line, account)
        if not (debit or credit):
            return  # MAT001's
        net += line.amount_cents * (int(debit) - int(credit))
    if net != 0:
        currency = _currency(env)
        amount = from_minor_units(net, currency)
        side = "debit" if net > 0 else "credit"
        yield finding(
            "postingLines",
            f"matched lines net to {amount} {currency} ({side}) on account {account}, not 0.00",
            "add the missing payment or credit-note line, or leave the invoice open",
            net_cents=net,
            net=amount,
        )


@rule("MAT003", "too-few-posting-lines", "error", targets=TARGETS)
def too_few_posting_lines(match: EntryMatchInput, env: Env) -> Iterator[Finding]:
    """An entry match with fewer than two posting lines.

    What it checks:
        ``postingLines`` holds at least two ids. (An absent list is FLD002's.)
    Why it matters:
        A match closes posts against each other (invoice against credit note or payment, S62): one
        line alone cannot net to zero unless it is zero.
    Example:
        ``{"postingLines": [{"id": "JeCRVx"}], "accountId": "24HJA4y"}``.
    How to fix:
        Add the posting line of the credit note or payment on the same account.
    Source:
        S62 (docs/sources.md).
    """
    yield from too_few(
        "postingLines",
        match.posting_lines,
        "an entry match",
        "posting lines",
        "add the posting line of the credit note or payment on the same account",
    )


@rule("MAT004", "duplicate-posting-line", "error", targets=TARGETS)
def duplicate_posting_line(match: EntryMatchInput, env: Env) -> Iterator[Finding]:
    """The same posting line id appears twice in one match.

    What it checks:
        No posting line id is listed more than once. Reported on the second (and later) occurrence.
    Why it matters:
        A line cannot be matched against itself; the duplicate usually hides the line that was meant
        ([LUCA-close-api]'s own example response lists ``JeCRVx`` on both sides).
    Example:
        ``"postingLines": [{"id": "JeCRVx"}, {"id": "JeCRVx"}]``.
    How to fix:
        Use the id of the credit note's or payment's posting line for the second entry.
    Source:
        S62 (docs/sources.md).
    """
    for path, line_id, first in repeats(_refs(match)):
        yield finding(
            f"{path}.id",
            f"posting line {line_id} is already listed at {first}",
            "list each posting line once",
        )


@rule("MAT005", "posting-line-already-matched", "error", targets=TARGETS, needs=["luca.entryMatches"])
def posting_line_already_matched(match: EntryMatchInput, env: Env) -> Iterator[Finding]:
    """A posting line already belongs to another match.

    What it checks:
        No listed posting line is in one of the existing matches (context ``luca.entryMatches``).
    Why it matters:
        A closed post must be reopened first (``bookkeepingEntryMatchDestroy``, S62, S65); matching it
        twice would close the same money twice.
    Example:
        Matching ``JeCRVx`` again while match ``kQBSpD`` holds it.
    How to fix:
        Destroy the existing match (``bookkeepingEntryMatchDestroy``) or leave the line out.
    Assumption:
        Whether Luca allows a line in two matches is not documented (S93, low); the UI's
        "reopen first" suggests not.
    Source:
        S62, S65, S93 (docs/sources.md).
    """
    for path, line_id in _refs(match):
        existing = needed_context(env).match_of_posting_line(line_id)
        if existing is not None:
            yield finding(
                f"{path}.id",
                f"posting line {line_id} is already matched" + (f" (match {existing})" if existing else ""),
                "destroy the existing match first (bookkeepingEntryMatchDestroy) or leave the line out",
                posting_line=line_id,
                match=existing,
            )
