"""A French FEC file as a ledger: its entries (écritures), where each physical line belongs, and the
reader's problems sorted by the rule family that reports them.

:func:`ledger.io.fec.read_fec` reads the file (rows and the reader's problems); this module groups the rows
into :class:`FecEntry` values (:func:`ledger.io.fec.group_entries`) and gives the FEC rules
(``rules/families/fec.py``, scope ``"fec"``) their subject, :class:`FecLedger`, with the finding paths
they report under (``entries[3].line 14.Debit``, :mod:`ledger.paths`). It knows nothing of rules: the
audit (:mod:`rules.fec_audit`) builds a ``FecLedger`` and runs the rules over it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

import attrs

from ledger.io.fec import EntryKey, FecFile, FecProblem, FecProblemKind, FecRow, fec_total, group_entries
from ledger.paths import entry_path

__all__ = ["PROBLEM_KINDS", "FecEntry", "FecLedger", "problem_kind"]


@attrs.frozen
class FecEntry:
    """One entry (écriture) of a FEC: its key and its rows in file order."""

    key: EntryKey
    rows: tuple[FecRow, ...]

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(r.line for r in self.rows)

    def totals(self) -> tuple[Decimal, Decimal]:
        """(Σ Debit, Σ Credit), exact; an unreadable amount counts as 0 (FEC004 reports it)."""
        return fec_total(r.debit for r in self.rows), fec_total(r.credit for r in self.rows)

    def label(self) -> str:
        """``VT/12 (lines 12-15)``; a re-keyed entry adds its date and piece: ``VT/0 20220131 F12``."""
        key = self.key
        name = f"{key.journal_code}/{key.ecriture_num}"
        if key.split:
            name += f" {key.ecriture_date or '-'} {key.piece_ref or '-'}"
        return f"{name} ({_line_ranges(self.lines)})"


def _line_ranges(lines: Iterable[int], limit: int = 4) -> str:
    """``lines 12-15``, ``line 7``, ``lines 3-4, 40, …`` (at most ``limit`` ranges)."""
    ordered = sorted(set(lines))
    ranges: list[tuple[int, int]] = []
    for n in ordered:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in ranges[:limit]]
    if len(ranges) > limit:
        parts.append("…")
    word = "line" if len(ordered) == 1 else "lines"
    return f"{word} {', '.join(parts)}"


@attrs.frozen
class FecLedger:
    """What a FEC rule looks at: the file as read, its entries, and where each line belongs."""

    fec: FecFile
    entries: tuple[FecEntry, ...]
    entry_of_line: Mapping[int, int] = attrs.field(eq=False, repr=False)

    @classmethod
    def from_file(cls, fec: FecFile) -> FecLedger:
        entries = tuple(FecEntry(key, tuple(rows)) for key, rows in group_entries(fec.rows).items())
        entry_of_line = {row.line: index for index, entry in enumerate(entries) for row in entry.rows}
        return cls(fec, entries, entry_of_line)

    @property
    def rows(self) -> tuple[FecRow, ...]:
        return self.fec.rows

    def path(self, line: int, column: str | None = None) -> str:
        """The finding path of a physical line (and column): ``entries[3].line 14.Debit``; a line that
        belongs to no entry (the header, a skipped line) gives a file-level path ``line 14.Debit``."""
        where = f"line {line}" + (f".{column}" if column else "")
        index = self.entry_of_line.get(line)
        return where if index is None else entry_path(index, where)

    def entry_path(self, index: int) -> str:
        """The finding path of a whole entry: ``entries[3]``."""
        return entry_path(index)

    def problems(self, kind: FecProblemKind | str) -> Iterator[FecProblem]:
        """The reader's problems of one kind (a :class:`~ledger.io.fec.FecProblemKind` or its value), in
        file order."""
        wanted = FecProblemKind(kind)
        for problem in self.fec.problems:
            if problem.kind is wanted:
                yield problem


# -- the reader's problems, sorted into rule families ---------------------------------------------

#: Problem kinds, each reported by one FEC rule (rules/families/fec.py): the values of
#: :class:`~ledger.io.fec.FecProblemKind`, which the reader sets on every problem it notes, so nothing it
#: noticed is dropped and no rule has to read a message to know what went wrong.
PROBLEM_KINDS = tuple(kind.value for kind in FecProblemKind)


def problem_kind(problem: FecProblem) -> str:
    """The kind of a :class:`~ledger.io.fec.FecProblem` (one of :data:`PROBLEM_KINDS`)."""
    return problem.kind.value
