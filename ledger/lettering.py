"""Lettering (matching, *lettrage*): letters, groups of lettered lines, and the library's own lettering.

Sage Active letters read lines through ``accountingEntryPayment`` (``matching``, ``matchingLetter``,
``matchId``; D55–D57): the lines matched together form a GROUP. The API cannot create matches (D55), so
this module serves two readers:

* the ledger audit (the LET rules), which needs the groups of a ledger: the lines sharing a ``matchId``
  or, lacking one, the same letter on the same account (``subAccountId``) and third party
  (``thirdPartyId``) — ACROSS entries, since a payment is lettered against an invoice of another entry;
* the settlement simulator (:mod:`ledger.settlement`), which predicts the lettering the server will
  produce and therefore needs the letter sequence.

Letters (assumption, domain.md §5 "Matching letters", certainty L; the suggestion made there): bijective
base 26 per (account, third party) — ``A … Z, AA … AZ, BA … ZZ, AAA …`` up to 5 letters — upper case
for a FULL match (the group balances to zero), lower case for a PARTIAL one (D56, D58, D85). Upper and
lower case of one letter are the SAME letter in two states: a partial group ``a`` that becomes balanced
is re-lettered ``A`` (D58), so the allocator counts both cases. The next letter is the one after the
highest letter ever used on the (account, third party) — "the application automatically increments the
Matching letter in alphabetical order" (D58) — gaps left by unmatching are not reused.

:class:`Ledger` is the read ledger the audit works on: a tuple of :class:`~ledger.entries.AccountingEntry`
in input order; :class:`LineRef` locates one line in it (``entries[3].accountingEntryLines[1]``).
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Iterable, Iterator

import attrs

from ledger.entries import AccountingEntry, AccountingEntryLine, EntryPayment
from ledger.enums import Matching
from ledger.money import total

#: D56: ``matchingLetter`` is String(5).
MAX_LETTERS = 5
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UPPER = re.compile(r"^[A-Z]{1,5}$")
_LOWER = re.compile(r"^[a-z]{1,5}$")
#: The number of distinct letters of 1 to 5 characters (26 + 26² + … + 26⁵).
LETTER_CAPACITY = sum(26**n for n in range(1, MAX_LETTERS + 1))
#: Namespace of the deterministic ``matchId`` values the library gives its own matches.
MATCH_NAMESPACE = uuid.UUID("6f1b1c0e-6d7c-4c1e-9a55-2b8f7a1e0c42")


class LetteringError(ValueError):
    """A lettering request the server would refuse (lines of several accounts, a full group…)."""


# -- letters --------------------------------------------------------------------------------------


def letter_text(index: int, *, full: bool) -> str:
    """The ``index``-th letter (1-based) in bijective base 26: 1 -> A, 26 -> Z, 27 -> AA, 703 -> AAA.

    Upper case when ``full``, lower case otherwise. Raises :class:`LetteringError` past ``ZZZZZ``.
    """
    if index < 1:
        raise LetteringError(f"letter index must be at least 1, not {index}")
    if index > LETTER_CAPACITY:
        raise LetteringError(f"no letter of at most {MAX_LETTERS} characters is left (index {index})")
    chars = []
    n = index
    while n:
        n, rest = divmod(n - 1, 26)
        chars.append(_ALPHABET[rest])
    text = "".join(reversed(chars))
    return text if full else text.lower()


def letter_index(letter: str) -> int | None:
    """The 1-based index of a valid letter (either case), or None for an invalid one (see LET005)."""
    if not is_valid_letter(letter):
        return None
    n = 0
    for char in letter.upper():
        n = n * 26 + _ALPHABET.index(char) + 1
    return n


def is_valid_letter(letter: str | None) -> bool:
    """1 to 5 letters A–Z, all upper case or all lower case (D56)."""
    return bool(letter) and bool(_UPPER.match(letter) or _LOWER.match(letter))


def letter_is_full(letter: str) -> bool:
    """True for an upper-case (complete) letter."""
    return letter.isupper()


# -- the ledger and its lines ---------------------------------------------------------------------


@attrs.frozen
class LineRef:
    """One line of a ledger: where it is, and the line itself."""

    entry_index: int
    line_index: int
    line: AccountingEntryLine

    @property
    def path(self) -> str:
        """The line's path relative to the ledger, e.g. ``entries[3].accountingEntryLines[1]``."""
        return f"entries[{self.entry_index}].accountingEntryLines[{self.line_index}]"

    @property
    def payment(self) -> EntryPayment | None:
        return self.line.accounting_entry_payment

    @property
    def account_id(self) -> str | None:
        return self.line.sub_account_id

    @property
    def third_party_id(self) -> str | None:
        third_party = self.line.accounting_entry_third_party
        return third_party.third_party_id if third_party is not None else None

    @property
    def is_lettered(self) -> bool:
        """True when the line carries any lettering information at all."""
        payment = self.payment
        return payment is not None and (
            payment.matching is not None or payment.matching_letter is not None or payment.match_id is not None
        )


@attrs.frozen
class Ledger:
    """Entries as read from the API, in input order (the audit's subject)."""

    entries: tuple[AccountingEntry | None, ...] = attrs.field(converter=tuple, factory=tuple)

    def lines(self) -> Iterator[LineRef]:
        for e, entry in enumerate(self.entries):
            if entry is None:  # an entry that could not be read at all (FLD reported it)
                continue
            for l, line in enumerate(entry.lines):
                yield LineRef(e, l, line)

    def line(self, entry_index: int, line_index: int) -> LineRef:
        entry = self.entries[entry_index]
        if entry is None:
            raise IndexError(f"entries[{entry_index}] could not be read")
        return LineRef(entry_index, line_index, entry.lines[line_index])

    def replace_lines(self, lines: dict[tuple[int, int], AccountingEntryLine]) -> "Ledger":
        """A new ledger where the lines at the given ``(entry, line)`` positions are replaced."""
        entries = list(self.entries)
        by_entry: dict[int, dict[int, AccountingEntryLine]] = {}
        for (e, l), line in lines.items():
            by_entry.setdefault(e, {})[l] = line
        for e, changes in by_entry.items():
            entry = entries[e]
            new_lines = tuple(changes.get(i, old) for i, old in enumerate(entry.lines))
            entries[e] = attrs.evolve(entry, accounting_entry_lines=new_lines)
        return Ledger(tuple(entries))

    def append(self, entry: AccountingEntry) -> "Ledger":
        return Ledger(self.entries + (entry,))


# -- groups ---------------------------------------------------------------------------------------


@attrs.frozen
class LetterGroup:
    """Lines matched together: those sharing a ``matchId``, or the same letter on one account and
    third party when the lines carry no ``matchId``."""

    key: tuple
    lines: tuple[LineRef, ...]

    @property
    def by_match_id(self) -> bool:
        return self.key[0] == "matchId"

    @property
    def match_id(self) -> str | None:
        return self.key[1] if self.by_match_id else None

    @property
    def first(self) -> LineRef:
        return self.lines[0]

    def matchings(self) -> set[Matching]:
        return {r.payment.matching for r in self.lines if r.payment and r.payment.matching is not None}

    def letters(self) -> set[str]:
        return {r.payment.matching_letter for r in self.lines if r.payment and r.payment.matching_letter}

    def accounts(self) -> set[str]:
        return {r.account_id for r in self.lines if r.account_id is not None}

    def third_parties(self) -> set[str]:
        return {r.third_party_id for r in self.lines if r.third_party_id is not None}

    def totals(self) -> tuple[Decimal, Decimal] | None:
        """(Σ debit, Σ credit) of the group's lines, or None when an amount is unreadable."""
        lines = [r.line for r in self.lines]
        if any(l.debit_amount is None or l.credit_amount is None for l in lines):
            return None
        return total(l.debit_amount for l in lines), total(l.credit_amount for l in lines)

    @property
    def matching(self) -> Matching | None:
        """The group's state when its lines agree on it, else None."""
        states = self.matchings()
        return next(iter(states)) if len(states) == 1 else None

    @property
    def letter(self) -> str | None:
        """The group's letter when its lines agree on it, else None."""
        letters = self.letters()
        return next(iter(letters)) if len(letters) == 1 else None


def group_key(ref: LineRef) -> tuple | None:
    """The group a lettered line belongs to, or None (not lettered, or nothing to group it by)."""
    payment = ref.payment
    if payment is None:
        return None
    if payment.match_id is not None:
        return ("matchId", payment.match_id)
    if payment.matching_letter:
        return ("letter", payment.matching_letter, ref.account_id, ref.third_party_id)
    return None


def lettering_groups(ledger: Ledger) -> tuple[LetterGroup, ...]:
    """Every group of the ledger, in the order of their first line."""
    groups: dict[tuple, list[LineRef]] = {}
    for ref in ledger.lines():
        key = group_key(ref)
        if key is not None:
            groups.setdefault(key, []).append(ref)
    return tuple(LetterGroup(key, tuple(refs)) for key, refs in groups.items())


# -- allocating letters ---------------------------------------------------------------------------


class LetterAllocator:
    """Hands out the next letter per (account, third party).

    Deliberately a small mutable helper with a local life (one simulation, one lettering run): it is
    never shared between calls. Seed it with :meth:`from_ledger` so that letters already in use are
    not handed out again.
    """

    def __init__(self, highest: dict[tuple[str | None, str | None], int] | None = None):
        self._highest = dict(highest or {})

    @classmethod
    def from_ledger(cls, ledger: Ledger | None) -> "LetterAllocator":
        allocator = cls()
        if ledger is not None:
            for ref in ledger.lines():
                payment = ref.payment
                if payment is not None and payment.matching_letter:
                    allocator.reserve(ref.account_id, ref.third_party_id, payment.matching_letter)
        return allocator

    def reserve(self, account_id: str | None, third_party_id: str | None, letter: str) -> None:
        index = letter_index(letter)
        if index is not None:
            key = (account_id, third_party_id)
            self._highest[key] = max(self._highest.get(key, 0), index)

    def next_index(self, account_id: str | None, third_party_id: str | None) -> int:
        key = (account_id, third_party_id)
        index = self._highest.get(key, 0) + 1
        letter_text(index, full=True)  # raises LetteringError beyond ZZZZZ
        self._highest[key] = index
        return index

    def next(self, account_id: str | None, third_party_id: str | None, *, full: bool) -> str:
        return letter_text(self.next_index(account_id, third_party_id), full=full)


def match_id_for(refs: Iterable[tuple[int, int]], salt: str = "") -> str:
    """A deterministic ``matchId`` for lines at the given positions (the library's own matches)."""
    text = salt + ";" + ",".join(f"{e}.{l}" for e, l in sorted(refs))
    return str(uuid.uuid5(MATCH_NAMESPACE, text))


def letter_lines(
    ledger: Ledger,
    positions: Iterable[tuple[int, int]],
    *,
    allocator: LetterAllocator | None = None,
) -> tuple[Ledger, LetterGroup]:
    """Match the lines at ``positions`` together, as the Sage Active UI does (D58), and return the new
    ledger with the resulting group.

    Lines already in a PARTIAL group bring that whole group along (adding a payment to a lower-case
    group re-letters every line of it) and the group keeps its letter — in upper case if the merged
    lines now balance. A line of a FULL group cannot be added ("unmatch first"). All lines must be on
    one account and one third party. The result is FULL_MATCH with an upper-case letter when
    Σ debit = Σ credit, else PARTIAL_MATCH with a lower-case letter.
    """
    positions = list(dict.fromkeys(positions))
    if not positions:
        raise LetteringError("nothing to letter")
    refs = [ledger.line(e, l) for e, l in positions]
    groups = {g.key: g for g in lettering_groups(ledger)}
    members: dict[tuple[int, int], LineRef] = {}
    kept_letters: list[int] = []
    for ref in refs:
        key = group_key(ref)
        if key is None:
            members[(ref.entry_index, ref.line_index)] = ref
            continue
        group = groups[key]
        if group.matching is Matching.FULL_MATCH:
            raise LetteringError(f"{ref.path} is fully matched ({group.letter}); unmatch it first")
        for member in group.lines:
            members[(member.entry_index, member.line_index)] = member
        index = letter_index(group.letter or "")
        if index is not None:
            kept_letters.append(index)
    accounts = {r.account_id for r in members.values()}
    parties = {r.third_party_id for r in members.values()}
    if len(accounts) > 1 or len(parties) > 1:
        raise LetteringError("lines of several accounts or third parties cannot be matched together")
    lines = [r.line for r in members.values()]
    if any(l.debit_amount is None or l.credit_amount is None for l in lines):
        raise LetteringError("a line to match has no readable amount")
    full = total(l.debit_amount for l in lines) == total(l.credit_amount for l in lines)
    account_id, third_party_id = next(iter(accounts)), next(iter(parties))
    if kept_letters:
        letter = letter_text(min(kept_letters), full=full)
    else:
        allocator = allocator or LetterAllocator.from_ledger(ledger)
        letter = allocator.next(account_id, third_party_id, full=full)
    payment_id = match_id_for(members, salt=letter)
    matching = Matching.FULL_MATCH if full else Matching.PARTIAL_MATCH
    new_lines = {}
    for position, ref in members.items():
        old = ref.line.accounting_entry_payment
        payment = EntryPayment(
            id=old.id if old is not None else None,
            matching=matching,
            matching_letter=letter,
            match_id=payment_id,
        )
        new_lines[position] = attrs.evolve(ref.line, accounting_entry_payment=payment)
    new_ledger = ledger.replace_lines(new_lines)
    group_refs = tuple(new_ledger.line(e, l) for e, l in sorted(members))
    return new_ledger, LetterGroup(("matchId", payment_id), group_refs)
