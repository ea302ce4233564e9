"""FEC: French *fichiers des écritures comptables* (article A47 A-1 LPF), audited as a ledger.

These rules run on one FEC file at a time (scope ``"fec"``; subject :class:`ledger.books.fec_ledger.FecLedger`:
the rows as :func:`ledger.io.fec.read_fec` read them, the reader's problems, and the entries grouped by
:func:`ledger.io.fec.group_entries`). They need no reference data. How the file is detected, read and
grouped, and how findings become one report per entry, is in :mod:`rules.fec_audit`.

Sources. [BOFIP-FEC] is the A47 A-1 table and its doctrine (BOI-CF-IOR-60-40-20,
https://bofip.impots.gouv.fr/doctrine/pgp/9028-PGP), summarised in S74–S75: the 18 columns in
order, their types, "blank if unused" for the lettering and currency columns, CompteNum's first three
characters are digits. The DGFiP's own FEC tester (*Test Compta Demat*) checks the structure (columns,
separator, encoding), field formats (dates, amounts), that every entry balances and that mandatory
fields are filled; that list is general knowledge of the tool, not a published specification:
certainty **low** wherever a rule cites it.

Severities follow the real files (S82 in docs/sources.md): a rule that fires on what real exports
legitimately contain is a warning or a note, never an error. One fault, one code: a blank mandatory
value is FEC015's, not FEC005's (blank date) or FEC006's (blank account); an unreadable amount, or one
of 10^15 or more (BAL007's ceiling), is FEC004's: FEC001/FEC002 skip the entry or group rather than guess
(the figures count an unreadable amount as 0). Every sum is exact (``ledger.io.fec.fec_total``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from ledger.books.fec_ledger import FecLedger
from ledger.io.fec import STANDARD_COLUMNS, FecRow, fec_total, group_lettering, parse_fec_amount
from ledger.money import MAX_MAGNITUDE
from rules.registry import rule
from rules.violation import Finding, finding

if TYPE_CHECKING:
    from rules.env import Env


#: Columns of the BA/BNC cash-basis variant (BOI-CF-IOR-60-40-20 §II; Istea's export adds the first
#: three): expected extras, not irregular.
VARIANT_COLUMNS = frozenset({"daterglt", "moderglt", "natop", "idclient"})
#: Columns that may be blank (A47 A-1: "à blanc si non utilisé" / no auxiliary account); the other
#: twelve are mandatory. Debit/Credit are left to FEC008 (a blank amount reads as 0).
OPTIONAL_COLUMNS = frozenset(
    {"CompAuxNum", "CompAuxLib", "EcritureLet", "DateLet", "Montantdevise", "Idevise", "Debit", "Credit"}
)
_STANDARD_NORM = {"".join(name.split()).lower(): k for k, (name, _) in enumerate(STANDARD_COLUMNS)}


def _out_of_range(amount: Decimal | None) -> bool:
    """BAL007's ceiling, for the same reason: an amount of 10^15 or more is no bookkeeping amount."""
    return amount is not None and amount.copy_abs() >= MAX_MAGNITUDE


def _readable(rows: Iterable[FecRow]) -> bool:
    """Every Debit and Credit reads as an amount in range (else the row is FEC004's)."""
    return all(
        r.debit is not None
        and r.credit is not None
        and not _out_of_range(r.debit)
        and not _out_of_range(r.credit)
        for r in rows
    )


def _difference(debit: Decimal, credit: Decimal) -> Decimal:
    return fec_total((debit, credit.copy_negate()))


def _reader_problems(ledger: FecLedger, kind: str, hint: str) -> Iterator[Finding]:
    """One finding per problem of ``kind`` the reader noted (see ``ledger.books.fec_ledger.problem_kind``), at its
    line and column, or at ``file`` for a problem of the whole file (line 0)."""
    for problem in ledger.problems(kind):
        path = ledger.path(problem.line, problem.column) if problem.line else "file"
        yield finding(path, problem.message, hint)


@rule("FEC001", "unbalanced-fec-entry", "error", scope="fec")
def unbalanced_fec_entry(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """An entry of the FEC whose debits and credits differ.

    What it checks:
        For every entry (rows sharing JournalCode and EcritureNum; see docs/fec.md for the fallback
        when numbers are blank or reused across dates): Σ Debit = Σ Credit, exactly (the sums are
        never rounded, however many digits the amounts have).
    Why it matters:
        Double entry: every entry balances. An unbalanced entry in a FEC is an export or bookkeeping
        fault the tax auditor's tester reports first, and it makes the trial balance wrong.
    Example:
        ``VT|Ventes|12|…|411000|…|120,00|0,00`` and ``VT|Ventes|12|…|706000|…|0,00|100,00``.
    How to fix:
        Find the missing or mistyped line in the accounting software and re-export; do not edit the FEC.
    Assumption:
        An entry with an unreadable or out-of-range amount is FEC004's and is not judged here (one
        fault, one code);
        the report's figures count such an amount as 0 and give their number (unreadable_amounts).
        The tester checks the balance per entry (general knowledge of Test Compta Demat, low).
    Source:
        S74, S81 (docs/sources.md).
    """
    for index, entry in enumerate(ledger.entries):
        if not _readable(entry.rows):
            continue  # FEC004 reports the amount
        debit, credit = entry.totals()
        if debit != credit:
            key = entry.key
            yield finding(
                ledger.entry_path(index),
                f"entry {key.journal_code}/{key.ecriture_num} does not balance: "
                f"debits {debit} ≠ credits {credit}",
                "find the missing or mistyped line in the accounting software and export again",
                debit=debit,
                credit=credit,
                difference=_difference(debit, credit),
                lines=len(entry.rows),
            )


@rule("FEC002", "fec-lettering-not-zero", "warning", scope="fec")
def fec_lettering_not_zero(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A lettering group of the FEC whose lines do not net to zero.

    What it checks:
        Rows sharing (CompteNum, CompAuxNum, EcritureLet) — letters compared case-sensitively — have
        Σ Debit = Σ Credit. Reported once per group, on its first row.
    Why it matters:
        A lettering code normally closes an invoice against its payments: the group nets to zero. A
        group that does not is a partial payment, a lettering across fiscal years whose other lines
        are outside this FEC, or an error — worth a look, not necessarily wrong.
    Example:
        411000/CLI01 lettered ``AAAB`` on a 1 200.00 invoice and a 1 000.00 receipt.
    How to fix:
        Check the open balance of the group: complete or undo the lettering in the accounting software.
    Assumption:
        A warning, not an error: partial and cross-period lettering are legitimate in a FEC (87 of the
        810 groups of a real export do not net to zero), lettering is outside the intangibility of
        validated entries (S75), and A47 A-1 does not say a code must balance. The letter's case is
        NOT read as full/partial: that is a Sage convention (S76), and every real FEC here uses upper
        case for balanced and unbalanced groups alike. A group with an unreadable (or out-of-range)
        amount is FEC004's.
    Source:
        S74, S75, S76, S82 (docs/sources.md).
    """
    groups = group_lettering(ledger.rows)
    for (account, auxiliary, letter), rows in groups.items():
        if not _readable(rows):
            continue  # FEC004 reports the amount
        debit = fec_total(r.debit for r in rows)
        credit = fec_total(r.credit for r in rows)
        if debit == credit:
            continue
        who = f"{account}/{auxiliary}" if auxiliary else account
        yield finding(
            ledger.path(rows[0].line, "EcritureLet"),
            f"lettering {letter} on {who} does not net to zero: debits {debit}, credits {credit}",
            "check the group's open balance; complete or undo the lettering in the accounting software",
            account=account,
            auxiliary=auxiliary,
            letter=letter,
            lines=len(rows),
            debit=debit,
            credit=credit,
            difference=_difference(debit, credit),
        )


@rule("FEC003", "missing-fec-column", "error", scope="fec")
def missing_fec_column(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """One of the 18 mandatory FEC columns is missing from the header (or there is no header).

    What it checks:
        The first line names all 18 columns of A47 A-1 (JournalCode … Idevise), names compared
        case-insensitively and ignoring spaces.
    Why it matters:
        The 18 columns are mandatory; the tester refuses a file without them, and a program reading
        by name cannot find the amounts. When the header has at least 18 fields, the audit reads the
        first 18 by position (and says so); with fewer, no row can be read.
    Example:
        A header ``JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|…`` without ``ValidDate``.
    How to fix:
        Export again with the software's "FEC (A47 A-1)" option, which writes the standard header.
    Source:
        S74 (docs/sources.md).
    """
    problems = list(ledger.problems("column"))
    if not problems:
        return
    notes = [p.message for p in problems[1:]]
    yield finding(
        "header",
        problems[0].message,
        ("; ".join(notes) + "; " if notes else "") + "export again with the standard FEC header",
    )


@rule("FEC004", "unreadable-fec-amount", "error", scope="fec")
def unreadable_fec_amount(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A Debit, Credit or Montantdevise value that is not an amount.

    What it checks:
        After stripping spaces: an optional sign, digits, at most one ``,`` or ``.`` decimal separator
        and more digits. Blank (0), zero padding (``0000000069,60``), a dot or a comma are all fine.
        The magnitude is below 10^15, as BAL007 asks of an API amount.
    Why it matters:
        A47 A-1 types these columns as numbers; an amount that cannot be read makes every total wrong
        (FEC001/FEC002 skip the entry or group; the report's figures count it as 0). An amount of
        10^15 or more is an export fault (an id, a total or a date slipped into the column).
    Example:
        ``1 234,56`` (thousands separator), ``12,3,4``, ``EUR 10``, ``1000000000000000,00``.
    How to fix:
        Export again without thousands separators or currency signs; check the exporter's amount column.
    Assumption:
        The contract has no FEC code of its own for magnitude, and an amount out of range is no amount
        a FEC can mean: it is this rule's, and FEC001, FEC002 and FEC008 skip its entry, group or line
        (one fault, one code). The 10^15 ceiling is BAL007's (no documented maximum); the figures still
        add such an amount, exactly (every FEC sum is exact, ``ledger.io.fec.fec_total``).
    Source:
        S74, S81 (docs/sources.md); the ceiling: BAL007.
    """
    yield from _reader_problems(
        ledger, "amount", "write amounts as digits with one decimal comma or dot, no thousands separator"
    )
    for row in ledger.rows:
        amounts = (
            ("Debit", row.debit, row.debit_text),
            ("Credit", row.credit, row.credit_text),
            ("Montantdevise", parse_fec_amount(row.montant_devise), row.montant_devise),
        )
        for column, amount, text in amounts:
            if _out_of_range(amount):
                yield finding(
                    ledger.path(row.line, column),
                    f"amount {text or str(amount)!r} is out of range: its magnitude is 10^15 or more",
                    "check the exporter's amount column: an id, a total or a date may have slipped into it",
                )


@rule("FEC005", "invalid-fec-date", "error", scope="fec")
def invalid_fec_date(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A date column (EcritureDate, PieceDate, DateLet, ValidDate, DateRglt) holds no valid date.

    What it checks:
        A non-blank value is a real calendar date written ``AAAAMMJJ`` (the norm) or, as some exports
        do, ``AAAA-MM-JJ`` or ``JJ/MM/AAAA``. Blank values are FEC015's (mandatory) or allowed.
    Why it matters:
        Dates place each entry in the fiscal year; the tester checks their format. ``20220230`` or
        ``31/13/2022`` cannot be placed.
    Example:
        ``EcritureDate`` = ``20221301``; ``DateLet`` = ``2022-02-30``.
    How to fix:
        Correct the date in the accounting software and export again.
    Assumption:
        The two non-standard layouts are accepted (they are unambiguous and real exports use them).
        One fault, one code: an unreadable EcritureDate does not count as another date of its entry
        when the rows are grouped (docs/fec.md), so it does not also split the entry in two (FEC013,
        and FEC001 on each half).
    Source:
        S74, S81 (docs/sources.md).
    """
    yield from _reader_problems(ledger, "date", "write dates as AAAAMMJJ, e.g. 20221231")


@rule("FEC006", "invalid-fec-account-number", "error", scope="fec")
def invalid_fec_account_number(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A CompteNum whose first three characters are not digits.

    What it checks:
        Every non-blank CompteNum starts with three digits (the PCG class, e.g. ``411``).
    Why it matters:
        A47 A-1: "les trois premiers caractères doivent correspondre à des chiffres" — the tax
        auditor's tools classify accounts by them.
    Example:
        ``CompteNum`` = ``CLI001`` or ``41A000``.
    How to fix:
        Export the general-ledger account number in CompteNum (the third party belongs in CompAuxNum).
    Source:
        S74 (docs/sources.md).
    """
    for row in ledger.rows:
        account = row.compte_num
        if account and not (len(account) >= 3 and account[:3].isascii() and account[:3].isdigit()):
            yield finding(
                ledger.path(row.line, "CompteNum"),
                f"account number {account!r} does not start with three digits",
                "put the general-ledger account in CompteNum and the third party in CompAuxNum",
                account=account,
            )


@rule("FEC007", "fec-lettering-date-without-letter", "warning", scope="fec")
def fec_lettering_date_without_letter(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A DateLet on a line that has no EcritureLet.

    What it checks:
        A line with a lettering date (DateLet) also has a lettering code (EcritureLet).
    Why it matters:
        DateLet is "the date of lettering", blank if the line is not lettered (S74, S75): a date
        without a code means the code was lost in the export, and the line's lettering is unknown.
    Example:
        ``EcritureLet`` blank, ``DateLet`` = ``20220315``.
    How to fix:
        Check the line's lettering in the software and export again.
    Assumption:
        A warning (the format does not call it invalid). The reverse — a code without a date — is
        FEC014, a note: three of the five real exports leave DateLet blank on every lettered line.
    Source:
        S74, S75 (docs/sources.md).
    """
    for row in ledger.rows:
        if row.date_let and not row.ecriture_let:
            yield finding(
                ledger.path(row.line, "DateLet"),
                f"lettering date {row.date_let} on a line without a lettering code",
                "check the line's lettering in the accounting software and export again",
            )


@rule("FEC008", "fec-debit-and-credit", "warning", scope="fec")
def fec_debit_and_credit(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A line with an amount in both Debit and Credit, or in neither.

    What it checks:
        Exactly one of Debit and Credit is non-zero on each line (lines with unreadable or
        out-of-range amounts are FEC004's).
    Why it matters:
        A journal line moves one side of one account. Both sides filled usually means a column shift
        or a netting done by the exporter; both zero is an empty line that the totals ignore.
    Example:
        ``Debit`` = ``100,00`` and ``Credit`` = ``100,00`` on one line; or ``0,00`` and ``0,00``.
    How to fix:
        Split the line in two (one per side), or drop the empty line, in the software.
    Assumption:
        A warning: A47 A-1 does not forbid these lines, some software exports zero lines, and none of
        the five real files has either case (certainty low).
    Source:
        S74, S82 (docs/sources.md).
    """
    for row in ledger.rows:
        if not _readable((row,)):
            continue
        if row.debit and row.credit:
            why = "has both a debit and a credit"
        elif not row.debit and not row.credit:
            why = "has neither a debit nor a credit"
        else:
            continue
        yield finding(
            ledger.path(row.line, "Debit"),
            f"line {why}",
            "split the line into one debit and one credit line, or drop the empty line",
            debit=row.debit,
            credit=row.credit,
        )


@rule("FEC009", "fec-encoding-fallback", "warning", scope="fec")
def fec_encoding_fallback(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A line that is not valid in the file's encoding (a stray single-byte character).

    What it checks:
        Every line decodes as UTF-8 (with or without BOM), or, with a UTF-16 BOM, as UTF-16, or the
        whole file is ISO-8859-15 (the 8-bit encoding the FEC regulation names; recognised by its
        mark, see docs/fec.md). A line that does not is decoded as cp1252 (or latin-1) and reported.
    Why it matters:
        The tester expects one declared encoding; a mixed file shows wrong characters in labels (the
        amounts and codes are still read: the audit goes on).
    Example:
        ``EcritureLib`` holding byte 0xF8 (``ø`` in cp1252) in an otherwise ASCII/UTF-8 file.
    How to fix:
        Export again in one encoding (UTF-8 or ISO-8859-15), or fix the label in the software.
    Assumption:
        A warning: the figures are unaffected and real files do this (6 lines of one real export).
        A single-byte file is taken as ISO-8859-15, and not reported, only when it bears that
        encoding's mark (a byte of ``€ Š š Ž ž Œ œ Ÿ``, no byte in 0x80–0x9F, no UTF-8 line):
        otherwise its accented letters are the same bytes in cp1252, and a stray byte in an ASCII or
        UTF-8 export (the real file's 0xF8) is still a fallback worth a warning.
    Source:
        S81, S82 (docs/sources.md).
    """
    yield from _reader_problems(ledger, "encoding", "export the file again in a single encoding")


@rule("FEC010", "irregular-fec-header", "warning", scope="fec")
def irregular_fec_header(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """The header has duplicate or unknown columns, both separators, or the columns out of order.

    What it checks:
        The 18 standard columns come first, in the A47 A-1 order; other columns are the BA/BNC
        variant's (DateRglt, ModeRglt, NatOp, IdClient); no name appears twice; one separator only.
    Why it matters:
        The format fixes the order; a reader going by position (the tester, other tools) misreads a
        reordered file. An unknown column is at best ignored.
    Example:
        ``Debit`` before ``CompteNum``; a column ``Analytique``; a header holding tabs and ``|``.
    How to fix:
        Export again with the software's standard FEC option.
    Assumption:
        The audit itself reads columns by name, so nothing is lost: a warning.
    Source:
        S74, S82 (docs/sources.md).
    """
    for problem in ledger.problems("header"):
        yield finding("header", problem.message, "export again with the standard FEC header")
    fec = ledger.fec
    if not fec.has_header or not fec.columns:
        return
    positions = [_STANDARD_NORM.get("".join(name.split()).lower()) for name in fec.columns]
    standard = [k for k in positions if k is not None]
    if len(set(standard)) == len(STANDARD_COLUMNS) and positions[: len(STANDARD_COLUMNS)] != list(
        range(len(STANDARD_COLUMNS))
    ):
        yield finding(
            "header",
            "the 18 standard columns are not first in the A47 A-1 order",
            "export again with the standard FEC header (JournalCode … Idevise, in order)",
        )
    unknown = [
        name
        for name, k in zip(fec.columns, positions)
        if k is None and "".join(name.split()).lower() not in VARIANT_COLUMNS
    ]
    if unknown:
        yield finding(
            "header",
            f"column(s) outside the FEC format: {', '.join(repr(n) for n in unknown[:5])}"
            + (" …" if len(unknown) > 5 else ""),
            "export again with the standard FEC columns only",
            columns=len(unknown),
        )


@rule("FEC011", "unreadable-fec-line", "error", scope="fec")
def unreadable_fec_line(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A line the audit had to skip (too few fields), or a file it could not read at all.

    What it checks:
        Every non-blank line after the header has the header's number of fields (a trailing
        separator is fine; a line broken inside a field is re-joined: FEC012).
    Why it matters:
        A skipped line is missing from every figure: its entry looks unbalanced (FEC001) and its
        amount is lost.
    Example:
        A line ``VT|Ventes|12|20220131`` cut after four fields.
    How to fix:
        Export again; if the line is a comment or a total, remove it.
    Source:
        S74 (docs/sources.md).
    """
    yield from _reader_problems(
        ledger, "unreadable", "export again; remove comment or total lines from the file"
    )


@rule("FEC012", "irregular-fec-line", "warning", scope="fec")
def irregular_fec_line(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A line read with a repair: broken by a line break inside a field, or with too many fields.

    What it checks:
        No field holds a line break (the row was re-joined), no label holds the ``|`` separator (the
        fields joined back, reported on the label's column), no line has surplus non-blank fields
        (kept as ``columnN``), none lacks only the variant's extra columns (read as blank).
    Why it matters:
        The row was read, but another reader may split or shift it: a ``|`` in EcritureLib shifts
        every later column, so a reader going by position sees a label in Debit and a date in
        EcritureLet.
    Example:
        An ``EcritureLib`` holding a line break, so one row spans two physical lines; an
        ``EcritureLib`` ``Facture 12 | mars`` in a ``|``-separated file.
    How to fix:
        Remove line breaks and separators from labels in the software, then export again.
    Assumption:
        The repairs are exact when the field count works out (ledger.io.fec reading rules): a warning.
        A ``|`` in a label is joined back only when the line does not read as written and exactly one
        free-text column (EcritureLib, CompteLib, CompAuxLib, JournalLib) can take the surplus fields
        so that every amount and date reads (docs/fec.md); otherwise nothing is guessed.
    Source:
        S74, S82 (docs/sources.md); the repairs are ledger/io/fec.py's reading rules.
    """
    yield from _reader_problems(
        ledger, "line", "remove line breaks and separator characters from labels, then export again"
    )


@rule("FEC013", "fec-entry-number-not-unique", "warning", scope="fec")
def fec_entry_number_not_unique(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """One EcritureNum of a journal is used on several dates: entries told apart by date and piece.

    What it checks:
        Within a journal, each EcritureNum names one entry, with one EcritureDate. Reported once per
        number, on the first entry that carries it.
    Why it matters:
        EcritureNum is "the number of the entry on a continuous sequence" (A47 A-1): a number reused
        across dates (often ``0`` on every line) cannot identify the entry, so the audit groups its
        rows by (JournalCode, EcritureNum, EcritureDate, PieceRef) instead, which may glue or split
        entries.
    Example:
        Journal ``BQ`` with ``EcritureNum`` = ``0`` on lines dated 20220103 and 20220104.
    How to fix:
        Export with the software's real entry numbers.
    Assumption:
        Numbers are per journal (real files reuse ``1``, ``15``… in every journal): the same number in
        two journals is not reported. A warning (low).
    Source:
        S74, S82 (docs/sources.md); how entries are grouped: docs/fec.md.
    """
    # One pass to gather each reused number's entries (first index, dates, count): linear time.
    numbers: dict[tuple[str, str], tuple[int, set[str], list[int]]] = {}
    for index, entry in enumerate(ledger.entries):
        key = entry.key
        if not key.split or not key.ecriture_num:
            continue  # a blank number is FEC015's
        first, dates, count = numbers.setdefault((key.journal_code, key.ecriture_num), (index, set(), [0]))
        dates.add(key.ecriture_date)
        count[0] += 1
    for (journal, number), (index, dates, count) in numbers.items():
        yield finding(
            ledger.entry_path(index),
            f"entry number {number} of journal {journal} is used on {len(dates)} dates",
            "export with the software's real entry numbers",
            dates=len(dates),
            entries=count[0],
        )


@rule("FEC014", "fec-lettering-date-missing", "info", scope="fec")
def fec_lettering_date_missing(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """Lettered lines without a DateLet (reported once per file, with the count).

    What it checks:
        A line with an EcritureLet also has a DateLet.
    Why it matters:
        DateLet is "the date the lettering was validated" (S75); without it an auditor cannot tell
        when an invoice was settled. Many exporters leave it blank, hence a note.
    Example:
        ``EcritureLet`` = ``AAAB``, ``DateLet`` blank.
    How to fix:
        Nothing in the books; if the software can export the lettering date, turn the option on.
    Assumption:
        A note, once per file: three of the five real exports (Quadra, Istea, neolegal 0000000001) leave
        DateLet blank on every lettered line — an exporter convention, not a fault of the books.
    Source:
        S74, S75, S82 (docs/sources.md).
    """
    missing = [row for row in ledger.rows if row.ecriture_let and not row.date_let]
    if missing:
        yield finding(
            ledger.path(missing[0].line, "DateLet"),
            f"{len(missing)} lettered line(s) have no lettering date (DateLet)",
            "if the software can export the lettering date, enable it",
            lines=len(missing),
        )


@rule("FEC015", "blank-mandatory-fec-value", "error", scope="fec")
def blank_mandatory_fec_value(ledger: FecLedger, env: Env) -> Iterator[Finding]:
    """A mandatory FEC field is blank on a line.

    What it checks:
        JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, CompteLib, PieceRef, PieceDate,
        EcritureLib and ValidDate are filled on every line (CompAux*, EcritureLet, DateLet, Montantdevise
        and Idevise may be blank; a blank Debit/Credit reads as 0, see FEC008). One finding per line,
        naming every blank field.
    Why it matters:
        A47 A-1 lists these fields without the "blank if unused" allowance the optional ones have; the
        tester reports blank mandatory fields (low). A blank number or date cannot place the entry.
    Example:
        ``PieceRef`` blank; ``ValidDate`` blank on a validated entry.
    How to fix:
        Fill the field in the software (e.g. validate the entry so it gets a ValidDate), export again.
    Source:
        S74, S81 (docs/sources.md).
    """
    mandatory = [(col, attr) for col, attr in STANDARD_COLUMNS if col not in OPTIONAL_COLUMNS]
    for row in ledger.rows:
        blank = [col for col, attr in mandatory if not getattr(row, attr)]
        if blank:
            yield finding(
                ledger.path(row.line, blank[0]),
                f"mandatory field(s) blank: {', '.join(blank)}",
                "fill the field in the accounting software and export again",
                fields=len(blank),
            )
