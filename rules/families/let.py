"""LET: lettering (matching) on lines read back from the API — LEDGER-level rules.

A lettering group spans entries (a payment lettered against an invoice), so these rules do not run on
one document: their scope is ``"ledger"`` and their subject is the lettering of every entry of an
``audit`` run — a :class:`ledger.books.lettering.LedgerLettering` (the compact :class:`~ledger.books.lettering.LetteredLine`
of each line that carries ``accountingEntryPayment``, which the audit collects as it streams the
entries), or a :class:`ledger.books.lettering.Ledger` of models, whose ``lettering`` is the same thing. A
group is the set of lines sharing a ``matchId`` or, lacking one, the same letter on the same account
(``subAccountId``) and third party (``thirdPartyId``); see :func:`ledger.books.lettering.lettering_groups`.
The groups are computed once per ledger and shared by the rules (``LedgerLettering.groups`` is a
cached property), and so are the facts each rule asks of a group (states, letters, totals).

Each finding's path is relative to the LEDGER and names the entry first —
``entries[3].accountingEntryLines[1].accountingEntryPayment.matchingLetter`` — for a group, the path of
its first line (in input order). :mod:`rules.audit` attaches the finding to that entry's result, with
the rest of the path relative to the entry.

One fault, one code: a group whose lines disagree on ``matching`` or on the letter (LET006) is not also
judged on its balance (LET001/LET002) or its case (LET003); an invalid letter (LET005) is not judged on
its case either.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from ledger.books.lettering import Ledger, LedgerLettering, LetterGroup, is_valid_letter, lettering_of
from ledger.enums import Matching
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


_PAYMENT = "accountingEntryPayment"


def _at(group: LetterGroup, rest: str = "") -> str:
    """Where a group is reported: its first line's payment block (``rest`` names a field of it)."""
    return f"{group.first.path}.{_PAYMENT}{rest}"


def _consistent(group: LetterGroup) -> bool:
    """The group's lines agree on ``matching`` and on the letter, and each has both (else LET006)."""
    return group.complete and group.matching is not None and group.letter is not None


def _totalled(
    ledger: Ledger | LedgerLettering, matching: Matching
) -> Iterator[tuple[LetterGroup, Decimal, Decimal]]:
    """``(group, debits, credits)`` for each consistent group of this ``matching`` whose amounts are
    all readable: the groups LET001 (FULL_MATCH) and LET002 (PARTIAL_MATCH) weigh."""
    for group in lettering_of(ledger).groups:
        if not _consistent(group) or group.matching is not matching:
            continue
        totals = group.totals()
        if totals is not None:
            yield group, *totals


@rule("LET001", "full-match-not-balanced", "error", scope="ledger")
def full_match_not_balanced(ledger: Ledger | LedgerLettering, env: Env) -> Iterator[Finding]:
    """A fully matched (upper-case) group whose debits and credits differ.

    What it checks:
        For every group whose lines all say ``FULL_MATCH``: Σ ``debitAmount`` = Σ ``creditAmount`` over
        the group's lines, across entries, exactly.
    Why it matters:
        An upper-case letter means "the matched movements balance to zero" (S38): a full match that
        does not balance hides an unpaid remainder or an overpayment that nobody will chase.
    Example:
        Invoice line 1 292.00 debit on 411000/customer X lettered ``A`` with a payment of 1 200.00 credit,
        also ``A``.
    How to fix:
        Unmatch the group, then re-match it as partial (lower case) or add the missing line.
    Source:
        S14, S21, S38 (docs/sources.md).
    """
    for group, debit, credit in _totalled(ledger, Matching.FULL_MATCH):
        if debit == credit:
            continue
        yield finding(
            _at(group),
            f"full match {group.letter} does not balance: debits {debit} ≠ credits {credit}",
            "unmatch the group and re-match it as partial, or add the missing line",
            letter=group.letter,
            lines=len(group.lines),
            debit=debit,
            credit=credit,
            difference=debit - credit,
        )


@rule("LET002", "partial-match-balanced", "warning", scope="ledger")
def partial_match_balanced(ledger: Ledger | LedgerLettering, env: Env) -> Iterator[Finding]:
    """A partially matched (lower-case) group that balances to zero.

    What it checks:
        For every group whose lines all say ``PARTIAL_MATCH``: Σ debits ≠ Σ credits.
    Why it matters:
        A balanced group is a complete lettering: Sage re-letters it in upper case (S38). Left partial,
        the invoice still shows as open in reminders and ageing reports.
    Example:
        Invoice 500.00 debit and payment 500.00 credit, both lettered ``a``.
    How to fix:
        Re-match the group so it becomes a full match (upper-case letter).
    Assumption:
        That the server always upgrades a balanced partial group is inferred from the UI help (S38, high
        for the UI): a warning.
    Source:
        S38, S76 (docs/sources.md).
    """
    for group, debit, credit in _totalled(ledger, Matching.PARTIAL_MATCH):
        if debit != credit:
            continue
        yield finding(
            _at(group),
            f"partial match {group.letter} balances to zero: it should be a full match",
            "re-match the group as a full match (upper-case letter)",
            letter=group.letter,
            lines=len(group.lines),
            debit=debit,
            credit=credit,
        )


@rule("LET003", "letter-case-mismatch", "error", scope="ledger")
def letter_case_mismatch(ledger: Ledger | LedgerLettering, env: Env) -> Iterator[Finding]:
    """The letter's case contradicts ``matching``.

    What it checks:
        A ``FULL_MATCH`` group has an upper-case letter (``A``), a ``PARTIAL_MATCH`` group a lower-case
        one (``a``). Reported once per group, on its first line.
    Why it matters:
        The case IS the state in every Sage product (S14, S76); reports and exports (FEC ``EcritureLet``)
        read the letter, tools read ``matching``: they would disagree.
    Example:
        ``{"matching": "FULL_MATCH", "matchingLetter": "b"}``.
    How to fix:
        Unmatch and re-match the lines so the server sets both fields together.
    Source:
        S14, S21, S76 (docs/sources.md).
    """
    for group in lettering_of(ledger).groups:
        if not _consistent(group) or not is_valid_letter(group.letter):
            continue
        letter, matching = group.letter, group.matching
        if letter is None or matching is None:
            continue  # (never: _consistent checked both; the test tells the checker)
        if (matching is Matching.FULL_MATCH) != letter.isupper():
            wanted = "upper" if matching is Matching.FULL_MATCH else "lower"
            yield finding(
                _at(group, ".matchingLetter"),
                f"{matching} with the letter {letter!r}: a {matching.value.lower().replace('_', ' ')} "
                f"takes an {wanted}-case letter",
                f"use {letter.upper() if wanted == 'upper' else letter.lower()!r}, or correct `matching`",
                letter=letter,
                matching=matching.value,
            )


@rule("LET004", "match-spans-accounts", "error", scope="ledger")
def match_spans_accounts(ledger: Ledger | LedgerLettering, env: Env) -> Iterator[Finding]:
    """One match group spans several accounts or several third parties.

    What it checks:
        The lines sharing a ``matchId`` are all on one ``subAccountId`` and, where they name one, one
        third party (``accountingEntryThirdParty.thirdPartyId``). (Groups formed by letter are on one
        account and third party by construction.)
    Why it matters:
        Matching is done per third party or per ledger account (S38): lettering a customer's invoice
        with another customer's payment misstates both balances.
    Example:
        Lines with the same ``matchId`` on 411000 and on 401000.
    How to fix:
        Unmatch the group and re-match the lines of each account and third party separately.
    Assumption:
        Lines without a third party do not count as "another third party" (a general account may be
        lettered without one). Certainty medium (S38 describes the UI).
    Source:
        S38, S55 (docs/sources.md).
    """
    for group in lettering_of(ledger).groups:
        if not group.by_match_id:
            continue
        accounts, parties = group.accounts(), group.third_parties()
        if len(accounts) > 1 or len(parties) > 1:
            what = "accounts" if len(accounts) > 1 else "third parties"
            count = len(accounts) if len(accounts) > 1 else len(parties)
            yield finding(
                _at(group, ".matchId"),
                f"match {group.match_id} spans {count} {what}",
                "match the lines of each account and third party separately",
                accounts=len(accounts),
                third_parties=len(parties),
            )


@rule("LET005", "invalid-letter", "error", scope="ledger")
def invalid_letter(ledger: Ledger | LedgerLettering, env: Env) -> Iterator[Finding]:
    """A matching letter that is not 1 to 5 letters of one case.

    What it checks:
        ``matchingLetter`` (when present) is 1 to 5 characters, all A–Z or all a–z. This rule, not
        FLD005, reports its length.
    Why it matters:
        The field is String(5) ([SA-entry-v0]) and the letter's case is its meaning (S14): ``Ab`` or ``A1``
        cannot come from Sage and breaks lettering reports.
    Example:
        ``"matchingLetter": "AAAAAA"``, ``"Ab"``, ``"A1"`` or ``""``.
    How to fix:
        Check the export: letters are A, B, … Z, AA, … (upper = full, lower = partial).
    Source:
        S14 (docs/sources.md).
    """
    for ref in lettering_of(ledger).lines:
        letter = ref.matching_letter
        if letter is None:
            continue
        if is_valid_letter(letter):
            continue
        if not letter:
            why = "is empty"
        elif len(letter) > 5:
            why = f"has {len(letter)} characters (at most 5)"
        elif not letter.isascii() or not letter.isalpha():
            why = "holds characters other than the letters A–Z"
        else:
            why = "mixes upper and lower case"
        yield finding(
            f"{ref.path}.{_PAYMENT}.matchingLetter",
            f"matching letter {letter!r} {why}",
            "letters are 1 to 5 of A–Z, upper case for full matches, lower case for partial ones",
            letter=letter,
        )


@rule("LET006", "inconsistent-match-group", "error", scope="ledger")
def inconsistent_match_group(ledger: Ledger | LedgerLettering, env: Env) -> Iterator[Finding]:
    """Lines of one group disagree on ``matching`` or the letter, or half of the lettering is missing.

    What it checks:
        Every line of a group has the same ``matching`` and the same ``matchingLetter``; and a line has
        a letter if and only if it has ``matching``.
    Why it matters:
        Sage gives all lines of a group one letter and one state (S38: adding a line re-letters the
        whole group; unmatching one line unmatches all). A disagreement means the data was edited or
        merged from two exports.
    Example:
        Two lines with the same ``matchId``, one ``A`` and one ``B``; or ``"matchingLetter": "A"``
        with ``"matching": null``.
    How to fix:
        Unmatch the group and match it again.
    Source:
        S38, S55 (docs/sources.md).
    """
    lettering = lettering_of(ledger)
    for ref in lettering.lines:
        has_letter = ref.matching_letter is not None
        if has_letter != (ref.matching is not None):
            missing = "matching" if has_letter else "matchingLetter"
            yield finding(
                f"{ref.path}.{_PAYMENT}.{missing}",
                f"line has {'a letter' if has_letter else 'a matching state'} but no `{missing}`",
                "unmatch the line and match it again so both fields are set",
            )
    for group in lettering.groups:
        matchings, letters = group.matchings(), group.letters()
        if len(matchings) > 1:
            yield finding(
                _at(group, ".matching"),
                f"lines of one group disagree on `matching` ({', '.join(sorted(m.value for m in matchings))})",
                "unmatch the group and match it again",
                lines=len(group.lines),
            )
        if len(letters) > 1:
            yield finding(
                _at(group, ".matchingLetter"),
                f"lines of match {group.match_id} carry different letters ({', '.join(sorted(letters))})",
                "unmatch the group and match it again",
                lines=len(group.lines),
            )


@rule("LET007", "letter-reused", "warning", scope="ledger")
def letter_reused(ledger: Ledger | LedgerLettering, env: Env) -> Iterator[Finding]:
    """The same letter names two different match groups on one account and third party.

    What it checks:
        Two groups with different ``matchId`` values do not carry the same letter (either case) on
        the same account and third party.
    Why it matters:
        "The application automatically increments the Matching letter" (S38): a letter identifies a
        match on its account. Two groups under one letter are indistinguishable in a lettered ledger
        or a FEC export, and unmatching "all lines with that letter" would undo both.
    Example:
        Customer X on 411000: one group ``A`` from January and another ``A`` from March.
    How to fix:
        Unmatch one group and match it again: it receives the next free letter.
    Assumption:
        Letters are unique per (account, third party), and upper/lower case of one letter are the same
        letter (S89, low): a warning.
    Source:
        S38, S89 (docs/sources.md).
    """
    seen: dict[tuple, str] = {}
    for group in lettering_of(ledger).groups:
        match_id = group.match_id
        if not group.by_match_id or match_id is None:
            continue  # (match_id is None exactly when the group is not by match id)
        accounts, parties = group.accounts(), group.third_parties()
        letter = group.letter
        if letter is None or not is_valid_letter(letter) or len(accounts) != 1 or len(parties) > 1:
            continue  # LET004 / LET005 / LET006 own these
        key = (next(iter(accounts)), next(iter(parties), None), letter.upper())
        other = seen.setdefault(key, match_id)
        if other != group.match_id:
            yield finding(
                _at(group, ".matchingLetter"),
                f"letter {letter!r} already names another match ({other}) on this account and third party",
                "unmatch one of the groups and match it again to get a new letter",
                letter=letter,
            )
