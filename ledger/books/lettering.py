"""Lettering (matching, *lettrage*): letters, groups of lettered lines, and the library's own lettering.

Sage Active letters read lines through ``accountingEntryPayment`` (``matching``, ``matchingLetter``,
``matchId``; S13, S14, S55): the lines matched together form a GROUP. The API cannot create matches (S13), so
this module serves two readers:

* the ledger audit (the LET rules), which needs the groups of a ledger: the lines sharing a ``matchId``
  or, lacking one, the same letter on the same account (``subAccountId``) and third party
  (``thirdPartyId``) — ACROSS entries, since a payment is lettered against an invoice of another entry;
* the settlement simulator (:mod:`ledger.books.settlement`), which predicts the lettering the server will
  produce and therefore needs the letter sequence.

Letters (assumption S89, certainty low): bijective
base 26 per (account, third party) — ``A … Z, AA … AZ, BA … ZZ, AAA …`` up to 5 letters — upper case
for a FULL match (the group balances to zero), lower case for a PARTIAL one (S14, S38, S76). Upper and
lower case of one letter are the SAME letter in two states: a partial group ``a`` that becomes balanced
is re-lettered ``A`` (S38), so the allocator counts both cases. The next letter is the one after the
highest letter ever used on the (account, third party) — "the application automatically increments the
Matching letter in alphabetical order" (S38) — gaps left by unmatching are not reused.

:class:`Ledger` is a read ledger: a tuple of :class:`~ledger.entries.AccountingEntry` in input order;
:class:`LineRef` locates one line in it (``entries[3].accountingEntryLines[1]``). The settlement simulator
works on it.

:class:`LedgerLettering` is what the LET rules read: the lettering of a ledger and nothing else — one
compact :class:`LetteredLine` per line that carries ``accountingEntryPayment`` (entry and line index,
account, third party, ``matching``, letter, ``matchId``, debit and credit), in input order, and its
groups, computed ONCE (a cached property) and shared by every rule. The audit builds it entry by entry
as it reads (:func:`lettered_lines`), so it never holds the entries themselves; ``Ledger.lettering``
gives the same object for a ledger of models. :class:`LetterGroup` and :func:`group_key` read the same
attributes from a :class:`LineRef` and a :class:`LetteredLine`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

import attrs

from ledger.entries import AccountingEntry, AccountingEntryLine, EntryPayment
from ledger.enums import Matching
from ledger.money import total
from ledger.paths import entry_path

#: S14: ``matchingLetter`` is String(5).
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
    """1 to 5 letters A–Z, all upper case or all lower case (S14)."""
    if not letter:
        return False
    return bool(_UPPER.match(letter) or _LOWER.match(letter))


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
        return entry_path(self.entry_index, f"accountingEntryLines[{self.line_index}]")

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

    # The attributes a :class:`LetteredLine` has too (what groups and the LET rules read).

    @property
    def matching(self) -> Matching | None:
        payment = self.line.accounting_entry_payment
        return payment.matching if payment is not None else None

    @property
    def matching_letter(self) -> str | None:
        payment = self.line.accounting_entry_payment
        return payment.matching_letter if payment is not None else None

    @property
    def match_id(self) -> str | None:
        payment = self.line.accounting_entry_payment
        return payment.match_id if payment is not None else None

    @property
    def debit_amount(self) -> Decimal | None:
        return self.line.debit_amount

    @property
    def credit_amount(self) -> Decimal | None:
        return self.line.credit_amount


# The two converters below are `tuple` with the item type written out: a type checker cannot tell
# what a generic converter such as `tuple` itself accepts.


def _entry_tuple(entries: Iterable[AccountingEntry | None]) -> tuple[AccountingEntry | None, ...]:
    return tuple(entries)


def _lettered_tuple(lines: Iterable[LetteredLine]) -> tuple[LetteredLine, ...]:
    return tuple(lines)


@attrs.frozen
class Ledger:
    """Entries as read from the API, in input order (the audit's subject)."""

    entries: tuple[AccountingEntry | None, ...] = attrs.field(converter=_entry_tuple, factory=tuple)

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

    def replace_lines(self, lines: dict[tuple[int, int], AccountingEntryLine]) -> Ledger:
        """A new ledger where the lines at the given ``(entry, line)`` positions are replaced."""
        entries = list(self.entries)
        by_entry: dict[int, dict[int, AccountingEntryLine]] = {}
        for (e, l), line in lines.items():
            by_entry.setdefault(e, {})[l] = line
        for e, changes in by_entry.items():
            entry = entries[e]
            if entry is None:
                raise IndexError(f"entries[{e}] could not be read")
            new_lines = tuple(changes.get(i, old) for i, old in enumerate(entry.lines))
            entries[e] = attrs.evolve(entry, accounting_entry_lines=new_lines)
        return Ledger(tuple(entries))

    def append(self, entry: AccountingEntry) -> Ledger:
        return Ledger(self.entries + (entry,))

    @cached_property
    def groups(self) -> tuple[LetterGroup, ...]:
        """Every group of the ledger (of :class:`LineRef`), computed once: see :func:`lettering_groups`."""
        return _groups(self.lines())

    @cached_property
    def lettering(self) -> LedgerLettering:
        """The ledger's lettering in compact form (what the LET rules read), computed once."""
        return LedgerLettering(
            line
            for e, entry in enumerate(self.entries)
            if entry is not None
            for line in lettered_lines(e, entry)
        )


class LetteredLine(NamedTuple):
    """The lettering facts of one line that carries ``accountingEntryPayment`` — and nothing else.

    What the LET rules read of a line, with the attribute names of :class:`LineRef`, so that groups
    and rules treat both alike. A tuple: small, immutable, and cheap to build for every lettered line
    of a large ledger.
    """

    entry_index: int
    line_index: int
    account_id: str | None
    third_party_id: str | None
    matching: Matching | None
    matching_letter: str | None
    match_id: str | None
    debit_amount: Decimal | None
    credit_amount: Decimal | None

    @property
    def path(self) -> str:
        """The line's path relative to the ledger, e.g. ``entries[3].accountingEntryLines[1]``."""
        return entry_path(self.entry_index, f"accountingEntryLines[{self.line_index}]")


def lettered_lines(
    entry_index: int, entry: AccountingEntry, shared: dict | None = None
) -> list[LetteredLine]:
    """The :class:`LetteredLine` of every line of ``entry`` (the ``entry_index``-th of its ledger) that
    carries ``accountingEntryPayment``, in line order.

    ``shared``, when given, is a table in which equal values are shared: account and third-party ids
    (the same id on thousands of lines is then one string) and zero amounts of the same form (``0``,
    ``0.00``: one side of nearly every line). A reader of a large ledger passes one table for all its
    entries.
    """
    found = []
    for l, line in enumerate(entry.lines):
        payment = line.accounting_entry_payment
        if payment is None:
            continue
        account = line.sub_account_id
        third_party = line.accounting_entry_third_party
        party = third_party.third_party_id if third_party is not None else None
        debit, credit = line.debit_amount, line.credit_amount
        if shared is not None:
            if account is not None:
                account = shared.setdefault(account, account)
            if party is not None:
                party = shared.setdefault(party, party)
            if isinstance(debit, Decimal) and debit.is_zero():
                debit = shared.setdefault(debit.as_tuple(), debit)
            if isinstance(credit, Decimal) and credit.is_zero():
                credit = shared.setdefault(credit.as_tuple(), credit)
        found.append(
            LetteredLine(
                entry_index,
                l,
                account,
                party,
                payment.matching,
                payment.matching_letter,
                payment.match_id,
                debit,
                credit,
            )
        )
    return found


@attrs.frozen
class LedgerLettering:
    """The lettering of a ledger: its :class:`LetteredLine` values in input order, and their groups.

    The subject of the LET rules (scope ``"ledger"``). :attr:`groups` is computed on first use and
    then shared: every rule walks the same tuple.
    """

    lines: tuple[LetteredLine, ...] = attrs.field(converter=_lettered_tuple, factory=tuple)

    @cached_property
    def groups(self) -> tuple[LetterGroup, ...]:
        """Every group, in the order of its first line (see :func:`lettering_groups`)."""
        return _groups(self.lines)


def lettering_of(subject: Ledger | LedgerLettering) -> LedgerLettering:
    """The :class:`LedgerLettering` of a ledger (or the lettering itself): what a LET rule reads."""
    return subject if isinstance(subject, LedgerLettering) else subject.lettering


# -- groups ---------------------------------------------------------------------------------------


#: A line of a group: a :class:`LineRef` (a ledger of models) or a :class:`LetteredLine` (the audit's).
GroupLine = LineRef | LetteredLine


@attrs.frozen
class LetterGroup:
    """Lines matched together: those sharing a ``matchId``, or the same letter on one account and
    third party when the lines carry no ``matchId``.

    The lines' states and letters, which several LET rules ask of every group, are computed once per
    group and cached (compactly: a ledger has many groups); the rest is computed when asked.
    """

    key: tuple
    lines: tuple[GroupLine, ...]

    @property
    def by_match_id(self) -> bool:
        return self.key[0] == "matchId"

    @property
    def match_id(self) -> str | None:
        return self.key[1] if self.by_match_id else None

    @property
    def first(self) -> GroupLine:
        return self.lines[0]

    @cached_property
    def _states(self) -> tuple[tuple[Matching, ...], tuple[str, ...], bool]:
        """The lines' distinct states and letters (in order of appearance), and whether every line has
        both: one pass, once per group, kept small (tuples, not sets: a ledger has many groups)."""
        matchings: dict[Matching, None] = {}
        letters: dict[str, None] = {}
        complete = True
        for r in self.lines:
            if r.matching is None:
                complete = False
            else:
                matchings[r.matching] = None
            if r.matching_letter:
                letters[r.matching_letter] = None
            else:
                complete = False
        return tuple(matchings), tuple(letters), complete

    def matchings(self) -> frozenset[Matching]:
        return frozenset(self._states[0])

    def letters(self) -> frozenset[str]:
        return frozenset(self._states[1])

    def accounts(self) -> set[str]:
        return {r.account_id for r in self.lines if r.account_id is not None}

    def third_parties(self) -> set[str]:
        return {r.third_party_id for r in self.lines if r.third_party_id is not None}

    @property
    def complete(self) -> bool:
        """Every line has both ``matching`` and a (non-empty) letter."""
        return self._states[2]

    def totals(self) -> tuple[Decimal, Decimal] | None:
        """(Σ debit, Σ credit) of the group's lines, or None when an amount is unreadable."""
        return _totals(self.lines)

    @property
    def matching(self) -> Matching | None:
        """The group's state when its lines agree on it, else None."""
        states = self._states[0]
        return states[0] if len(states) == 1 else None

    @property
    def letter(self) -> str | None:
        """The group's letter when its lines agree on it, else None."""
        letters = self._states[1]
        return letters[0] if len(letters) == 1 else None


def _totals(lines: Iterable[GroupLine]) -> tuple[Decimal, Decimal] | None:
    debits: list[Decimal] = []
    credits: list[Decimal] = []
    for r in lines:
        if r.debit_amount is None or r.credit_amount is None:
            return None
        debits.append(r.debit_amount)
        credits.append(r.credit_amount)
    return total(debits), total(credits)


def group_key(ref: GroupLine) -> tuple | None:
    """The group a lettered line belongs to, or None (not lettered, or nothing to group it by)."""
    match_id = ref.match_id
    if match_id is not None:
        return ("matchId", match_id)
    letter = ref.matching_letter
    if letter:
        return ("letter", letter, ref.account_id, ref.third_party_id)
    return None


def _groups(lines: Iterable[GroupLine]) -> tuple[LetterGroup, ...]:
    groups: dict[tuple, list[GroupLine]] = {}
    for ref in lines:
        key = group_key(ref)
        if key is None:
            continue
        refs = groups.get(key)
        if refs is None:
            groups[key] = [ref]
        else:
            refs.append(ref)
    return tuple(LetterGroup(key, tuple(refs)) for key, refs in groups.items())


def lettering_groups(ledger: Ledger | LedgerLettering) -> tuple[LetterGroup, ...]:
    """Every group of the ledger, in the order of their first line — computed once per ledger (a
    cached property of :class:`Ledger` and of :class:`LedgerLettering`)."""
    return ledger.groups


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
    def from_ledger(cls, ledger: Ledger | None) -> LetterAllocator:
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
    """Match the lines at ``positions`` together, as the Sage Active UI does (S38), and return the new
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
            # The ledger's own LineRef: the groups also serve LetteredLines, which carry no line.
            members[(member.entry_index, member.line_index)] = ledger.line(
                member.entry_index, member.line_index
            )
        index = letter_index(group.letter or "")
        if index is not None:
            kept_letters.append(index)
    accounts = {r.account_id for r in members.values()}
    parties = {r.third_party_id for r in members.values()}
    if len(accounts) > 1 or len(parties) > 1:
        raise LetteringError("lines of several accounts or third parties cannot be matched together")
    sums = _totals(members.values())
    if sums is None:
        raise LetteringError("a line to match has no readable amount")
    full = sums[0] == sums[1]
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
