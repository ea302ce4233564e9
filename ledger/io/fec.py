"""Robust reader for French FEC files and the ledger figures an audit needs.

The format
==========

A FEC (*Fichier des Écritures Comptables*) is the flat export of every journal
line of a fiscal year that French taxpayers keeping computerised books must
hand to the tax authority (article A47 A-1 of the *Livre des procédures
fiscales*; doctrine in BOFiP BOI-CF-IOR-60-40-20,
https://bofip.impots.gouv.fr/doctrine/pgp/9028-PGP).  It is a text file, one
journal line per physical line, fields separated by a tab or a vertical bar
(``|``), with a header row naming the columns.  The 18 mandatory columns, in
this order, are::

    JournalCode  JournalLib  EcritureNum  EcritureDate  CompteNum  CompteLib
    CompAuxNum   CompAuxLib  PieceRef     PieceDate     EcritureLib
    Debit        Credit      EcritureLet  DateLet       ValidDate
    Montantdevise  Idevise

Dates are ``AAAAMMJJ``; amounts use a comma (or a dot) as decimal separator;
EcritureLet / DateLet (lettering code and lettering date) are blank when the
line is not lettered.  The variant for farm (BA) and non-commercial (BNC)
taxpayers keeping cash-basis books adds columns such as ``DateRglt`` (payment
date), ``ModeRglt`` (payment method) and ``NatOp`` (nature of the operation);
any such extra column is kept, by name, in :attr:`FecRow.extra`.

Real exports bend the format in many ways (S82 in docs/sources.md):
UTF-8 with or without a BOM, stray single-byte (DOS/Windows code page)
characters in an otherwise UTF-8 file, ``\\r\\n`` or ``\\r\\r\\n`` line endings,
every field space-padded to a fixed width, a trailing separator at the end of
each line (an empty 19th column), zero-padded amounts (``0000000069,60``).

The design
==========

* :func:`read_fec` takes **bytes** (encoding detection is part of the job) and
  never raises on bad content: every irregularity becomes a
  :class:`FecProblem` naming the physical line (1-based; 0 = the whole file)
  and, where it makes sense, the column.  Only a non-bytes argument raises
  (``TypeError``).  Each problem also carries its :class:`FecProblemKind`,
  set where the reader notes it: whoever sorts the problems (the FEC rules,
  one kind each) reads the kind, never the message, so a message can be
  reworded without moving a problem to another rule.
* Everything returned is immutable (frozen ``attrs`` classes, tuples); there is
  no module-level mutable state.  Amounts are :class:`decimal.Decimal` parsed
  from the text, never through ``float``.  An amount that cannot be read is
  ``None`` on the row *and* a problem; the figures count it as zero, and
  :attr:`FecFigures.unreadable_amounts` says how many there were.
* Every field is stripped of surrounding white space (fixed-width exports pad
  with spaces); text columns stay ``str`` on :class:`FecRow`; dates are
  validated (``AAAAMMJJ``, and the export variants ``AAAA-MM-JJ`` and
  ``JJ/MM/AAAA``, see :func:`parse_fec_date`) and the formats met are
  recorded in :attr:`FecFile.date_formats`.
* Every sum of amounts is exact (:func:`fec_total`): an amount is read
  exactly from its text, with any number of digits, so a sum rounded to the
  ambient decimal context (28 significant digits by default) could call
  ``999999999999999,0000000000000000000000000001`` equal to
  ``999999999999999``.  The sum runs in a local context as precise as
  :mod:`decimal` allows; since FEC amounts have no exponent, it only ever
  holds as many digits as the amounts' texts, so it is never rounded.  Which
  magnitudes are sensible is a rule's call (FEC004), not the reader's.
* The figures (:func:`group_entries`, :func:`entry_imbalances`,
  :func:`group_lettering`, :func:`lettering_imbalances`, :func:`fec_figures`)
  are pure functions over rows, so they also work on hand-built rows.

Reading rules, in order
-----------------------

1. Encoding: a UTF-16 BOM → the whole file is decoded as UTF-16 (bad units
   replaced, one problem).  Otherwise a UTF-8 BOM is removed (encoding
   ``"utf-8-sig"``).  A file without a BOM is **ISO-8859-15** (the 8-bit
   encoding the FEC regulation names) when it bears that encoding's mark:
   no line is valid non-ASCII UTF-8, no byte is in 0x80–0x9F (control codes
   in ISO-8859-15, letters and signs in cp1252), and at least one byte is one
   of the eight where ISO-8859-15 differs from latin-1 (0xA4 ``€``, 0xA6
   ``Š``, 0xA8 ``š``, 0xB4 ``Ž``, 0xB8 ``ž``, 0xBC ``Œ``, 0xBD ``œ``, 0xBE
   ``Ÿ``; read as cp1252 they are ``¤ ¦ ¨ ´ ¸ ¼ ½ ¾``, signs no accounting
   label uses).  Such a file is decoded as ISO-8859-15, every line, with no
   problem.  Without the mark a single-byte file cannot be told from a cp1252
   one (the other accented letters are the same bytes in both), so it is read
   as below: a stray byte in a UTF-8 or ASCII file stays a reported fallback.
   Otherwise each line is decoded as UTF-8; a line that is not
   valid UTF-8 is decoded as cp1252 (or latin-1 when it holds a byte cp1252
   leaves undefined) and gets a problem naming the column and the byte.
   :attr:`FecFile.encoding` is ``"iso-8859-15"`` for a file bearing its mark,
   ``"utf-8"``/``"utf-8-sig"`` when no line needed
   the fallback, ``"cp1252"``/``"latin-1"`` when the fallback was needed and no
   line held valid non-ASCII UTF-8, else ``"utf-8+cp1252"`` (or
   ``"utf-8+latin-1"``).
2. Lines end at ``\\n``, ``\\r\\n``, ``\\r\\r\\n`` or a lone ``\\r`` (each counts
   as one physical line; the most frequent ending is recorded).  Blank lines
   are skipped.
3. The first non-blank line is the header.  The separator is whichever of tab
   and ``|`` it contains more often (tab on a tie); with neither, the file
   cannot be read (one problem, no rows).  A trailing empty header field (the
   line ended with the separator) is dropped.  Names are matched to the
   standard columns case-insensitively, ignoring white space; unknown names
   become extra columns.  If some of the 18 names are missing, a problem lists
   them and, when the header has at least 18 fields, the first 18 are read by
   position; otherwise no row is read.  If *no* header field is a known
   column name but the line has at least 18 fields whose Debit/Credit
   positions hold amounts, the file is taken as header-less (problem) and the
   line is read as data.
4. A data line with one more field than the header whose last field is blank
   (trailing separator) is normal.  A line with fewer fields is first tried as
   a row broken by a line break inside a field: it is joined with the
   following short lines when that gives exactly the header's field count
   (problem "joined").  A line still missing a standard column is skipped
   (problem); one missing only extra columns is read with those blank
   (problem).  Surplus non-blank fields are kept in ``extra`` as
   ``columnN`` (problem).
5. A ``|`` inside a label.  In a ``|``-separated file, a ``|`` written in a
   free-text column (EcritureLib most often; also JournalLib, CompteLib,
   CompAuxLib) splits it and shifts every later column.  A data line with
   more fields than the header is realigned when both hold: (a) read as
   written (its first fields by the header), some typed column does not read
   (an amount or blank; a date, blank allowed but for EcritureDate and
   PieceDate, which anchor the line; Idevise: blank or three letters); (b) exactly one
   free-text column, joined back with the ``k`` fields after it (``k`` the
   surplus, rejoined with ``|``), gives a line whose typed columns all read.
   When the header itself ends with a ``|`` (the export ends every line with
   one), a blank last field is that trailing separator and not part of the
   surplus; otherwise it is Idevise, blank as usual, pushed out by the
   ``|`` in a label (and a line one blank field wider whose typed columns
   do not read as written is taken for such a line).
   The line is then read realigned, with a problem naming the column (kind
   ``LINE``, FEC012).  Otherwise nothing is guessed and rule 4 applies
   (surplus kept in ``extra``): a line that reads as written, a line where
   several columns could hold the separators, or ``|`` in two different
   labels of one line.  Limitation: a ``|`` in CompteLib cannot be told from
   one in CompAuxLib (only CompAuxNum, untyped, lies between them), so it is
   not realigned.  Only ``|`` files: a tab in a label is rare.
6. Amounts: after stripping, an optional ``+``/``-``, digits, optionally one
   ``,`` or ``.`` and more digits (leading zeros allowed); blank means 0.
   Anything else (thousands separators, letters, two signs...) → ``None`` and a
   problem naming the line and the column.  ``Montantdevise`` is validated the
   same way but kept as text.
"""

from __future__ import annotations

import decimal
import enum
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import attrs

__all__ = [
    "STANDARD_COLUMNS",
    "EntryKey",
    "FecFigures",
    "FecFile",
    "FecProblem",
    "FecProblemKind",
    "FecRow",
    "entry_imbalances",
    "fec_figures",
    "fec_total",
    "group_entries",
    "group_lettering",
    "lettering_imbalances",
    "parse_fec_amount",
    "parse_fec_date",
    "read_fec",
]

#: The 18 mandatory columns of A47 A-1 LPF, in order, with the FecRow attribute for each.
STANDARD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("JournalCode", "journal_code"),
    ("JournalLib", "journal_lib"),
    ("EcritureNum", "ecriture_num"),
    ("EcritureDate", "ecriture_date"),
    ("CompteNum", "compte_num"),
    ("CompteLib", "compte_lib"),
    ("CompAuxNum", "comp_aux_num"),
    ("CompAuxLib", "comp_aux_lib"),
    ("PieceRef", "piece_ref"),
    ("PieceDate", "piece_date"),
    ("EcritureLib", "ecriture_lib"),
    ("Debit", "debit"),
    ("Credit", "credit"),
    ("EcritureLet", "ecriture_let"),
    ("DateLet", "date_let"),
    ("ValidDate", "valid_date"),
    ("Montantdevise", "montant_devise"),
    ("Idevise", "idevise"),
)

_N_STD = len(STANDARD_COLUMNS)
_DEBIT_INDEX = 11
_CREDIT_INDEX = 12
_AMOUNT_COLUMNS = frozenset({"Debit", "Credit"})
_DATE_COLUMNS = frozenset({"EcritureDate", "PieceDate", "DateLet", "ValidDate"})
#: Extra (BA/BNC) columns validated as dates when present.
_EXTRA_DATE_COLUMNS = frozenset({"daterglt"})
_MAX_JOINED_LINES = 10

_LINE_BREAK = re.compile(rb"\r*\n|\r")
_LINE_BREAK_TEXT = re.compile(r"\r*\n|\r")
_AMOUNT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_DATE_FORMATS: tuple[tuple[str, re.Pattern[str], tuple[int, int, int]], ...] = (
    # name, pattern, group index of (year, month, day)
    ("YYYYMMDD", re.compile(r"(\d{4})(\d{2})(\d{2})"), (1, 2, 3)),
    ("YYYY-MM-DD", re.compile(r"(\d{4})-(\d{2})-(\d{2})"), (1, 2, 3)),
    ("DD/MM/YYYY", re.compile(r"(\d{2})/(\d{2})/(\d{4})"), (3, 2, 1)),
)


def _norm(name: str) -> str:
    """Header-name key: case-insensitive, white space ignored."""
    return "".join(name.split()).lower()


_STD_BY_NORM = {_norm(name): i for i, (name, _) in enumerate(STANDARD_COLUMNS)}
_STD_INDEX = {name: i for i, (name, _) in enumerate(STANDARD_COLUMNS)}


# --------------------------------------------------------------------------- data


class FecProblemKind(enum.Enum):
    """What kind of irregularity a :class:`FecProblem` is: each kind is reported
    by one FEC rule (``ledger.books.fec_ledger`` sorts the problems by it)."""

    #: bytes that are not valid in the file's encoding (a line decoded otherwise)
    ENCODING = "encoding"
    #: an amount column that does not read as an amount
    AMOUNT = "amount"
    #: a date column that does not read as a date
    DATE = "date"
    #: standard columns missing from the header, or no header at all
    COLUMN = "column"
    #: a header that is ambiguous (a repeated name, two separators)
    HEADER = "header"
    #: nothing, or a line, that could not be read at all
    UNREADABLE = "unreadable"
    #: a line read with a repair (joined, padded, surplus kept)
    LINE = "line"


@attrs.frozen
class FecProblem:
    """An irregularity met while reading.  ``line`` is the 1-based physical line
    (0 for the file as a whole); ``column`` the FEC column name, if any; ``kind``
    what went wrong, set where the problem is noted (the rules choose by it,
    never by the message)."""

    line: int
    column: str | None
    message: str
    kind: FecProblemKind


@attrs.frozen
class FecRow:
    """One journal line.  ``line`` is the 1-based physical line where the row
    starts (the header is line 1).  Text fields are stripped of surrounding
    white space.

    ``debit``/``credit`` are exact decimals, ``None`` when the text could not be
    read as an amount (the raw text is in ``debit_text``/``credit_text``).
    ``extra`` holds the non-standard columns as ``(header name, value)`` pairs
    in file order (e.g. ``DateRglt``, ``ModeRglt``, ``NatOp``).
    """

    line: int
    journal_code: str = ""
    journal_lib: str = ""
    ecriture_num: str = ""
    ecriture_date: str = ""
    compte_num: str = ""
    compte_lib: str = ""
    comp_aux_num: str = ""
    comp_aux_lib: str = ""
    piece_ref: str = ""
    piece_date: str = ""
    ecriture_lib: str = ""
    debit: Decimal | None = Decimal(0)
    credit: Decimal | None = Decimal(0)
    ecriture_let: str = ""
    date_let: str = ""
    valid_date: str = ""
    montant_devise: str = ""
    idevise: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    debit_text: str = ""
    credit_text: str = ""


@attrs.frozen
class FecFile:
    """The result of :func:`read_fec`.

    ``columns`` are the header names as written (stripped; a trailing empty
    column dropped).  ``line_ending`` is the most frequent line terminator
    (``""`` for a file of one unterminated line); ``date_formats`` lists the date
    formats met, in order of first appearance; ``has_header`` is False when the
    file was read as header-less.
    """

    source: str
    encoding: str
    separator: str
    columns: tuple[str, ...]
    rows: tuple[FecRow, ...]
    problems: tuple[FecProblem, ...]
    line_ending: str = "\n"
    date_formats: tuple[str, ...] = ()
    has_header: bool = True


@attrs.frozen
class FecFigures:
    """Counts and totals over the rows of a FEC (see :func:`fec_figures`)."""

    rows: int
    entries: int
    unbalanced_entries: int
    lettering_groups: int
    unbalanced_lettering_groups: int
    lettered_rows: int
    debit_total: Decimal
    credit_total: Decimal
    unreadable_amounts: int = 0


class EntryKey(NamedTuple):
    """Key of an entry in :func:`group_entries`.

    ``split`` is False for the normal key (JournalCode, EcritureNum); it is True
    when the number could not identify one entry and the rows were re-keyed
    with their EcritureDate and PieceRef as well.
    """

    journal_code: str
    ecriture_num: str
    split: bool = False
    ecriture_date: str = ""
    piece_ref: str = ""


# ----------------------------------------------------------------- field parsers


def parse_fec_amount(text: str) -> Decimal | None:
    """Exact amount from FEC text: blank → 0; optional sign; digits with at most
    one ``,`` or ``.`` decimal separator; leading zeros and surrounding white
    space allowed.  Anything else → ``None``."""
    s = text.strip()
    if not s:
        return Decimal(0)
    if not _AMOUNT.fullmatch(s) or not s.isascii():
        return None
    try:
        return Decimal(s.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regex excludes this
        return None


def parse_fec_date(text: str) -> tuple[date | None, str | None]:
    """Parse a FEC date.  Returns ``(date, format name)``: ``(None, None)`` for
    blank text, ``(None, "?")`` for text that is not a valid date in one of
    ``YYYYMMDD`` (the norm), ``YYYY-MM-DD`` or ``DD/MM/YYYY``."""
    s = text.strip()
    if not s:
        return None, None
    if s.isascii():
        for name, pattern, (yi, mi, di) in _DATE_FORMATS:
            m = pattern.fullmatch(s)
            if m:
                try:
                    return date(int(m.group(yi)), int(m.group(mi)), int(m.group(di))), name
                except ValueError:
                    return None, "?"
    return None, "?"


# ------------------------------------------------------------------------ reader


class _Decoded(NamedTuple):
    number: int  # 1-based physical line
    raw: bytes | None  # None when the whole file was decoded at once (UTF-16)
    text: str | None  # None until decoded


class _Decoder:
    """Per-line decoding, collecting what was needed (local to one read)."""

    def __init__(self, problems: list[FecProblem]) -> None:
        self.problems = problems
        self.fallbacks: Counter[str] = Counter()
        self.utf8_non_ascii = False

    def decode(self, number: int, raw: bytes, sep: bytes | None, names: Sequence[str]) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            try:
                text, used = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, used = raw.decode("latin-1"), "latin-1"
            self.fallbacks[used] += 1
            column: str | None = None
            if sep is not None:
                index = raw[: exc.start].count(sep)
                column = names[index] if index < len(names) else f"column{index + 1}"
            bad = raw[exc.start : exc.start + 1].hex().upper()
            self.problems.append(
                FecProblem(
                    number,
                    column,
                    f"not valid UTF-8 (byte 0x{bad}); line decoded as {used}",
                    FecProblemKind.ENCODING,
                )
            )
            return text
        if not self.utf8_non_ascii and not raw.isascii():
            self.utf8_non_ascii = True
        return text

    def encoding(self, base: str) -> str:
        if not self.fallbacks:
            return base
        used = "latin-1" if self.fallbacks["latin-1"] else "cp1252"
        return f"utf-8+{used}" if self.utf8_non_ascii else used


#: Bytes that are control codes in ISO-8859-15 (printable in cp1252): a file holding one is not ISO-8859-15.
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
#: The eight bytes where ISO-8859-15 differs from latin-1 (€ Š š Ž ž Œ œ Ÿ): the encoding's mark.
_LATIN9_MARK = re.compile(rb"[\xa4\xa6\xa8\xb4\xb8\xbc\xbd\xbe]")
_LATIN9 = "iso-8859-15"


def _is_latin9(data: bytes, lines: Iterable[bytes]) -> bool:
    """True when a BOM-less file bears the mark of ISO-8859-15 (reading rule 1 of the module docstring)."""
    if _C1_BYTES.search(data) or not _LATIN9_MARK.search(data):
        return False
    for raw in lines:
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return False  # a UTF-8 line: a mixed file, read line by line
    return True


def _split_fields(text: str, sep: str) -> list[str]:
    return [f.strip() for f in text.split(sep)]


def _line_ending_name(counter: Counter[str]) -> str:
    if not counter:
        return ""
    # most_common is stable for ties (first inserted first): deterministic.
    return counter.most_common(1)[0][0]


def read_fec(data: bytes, *, source: str = "<fec>") -> FecFile:
    """Read a FEC file from its bytes.  Never raises on bad content; see the
    module docstring for every rule applied."""
    if isinstance(data, bytearray):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise TypeError(f"read_fec() expects bytes, got {type(data).__name__}; open the file in binary mode")
    problems: list[FecProblem] = []
    decoder = _Decoder(problems)
    endings: Counter[str] = Counter()

    # ---- split into physical lines -----------------------------------------------
    lines: list[_Decoded] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        base_encoding = "utf-16"
        text = data.decode("utf-16", errors="replace")
        if "\ufffd" in text:
            problems.append(
                FecProblem(0, None, "invalid UTF-16 data replaced by U+FFFD", FecProblemKind.ENCODING)
            )
        pos = 0
        number = 0
        for m in _LINE_BREAK_TEXT.finditer(text):
            number += 1
            endings[m.group()] += 1
            lines.append(_Decoded(number, None, text[pos : m.start()]))
            pos = m.end()
        if pos < len(text):
            lines.append(_Decoded(number + 1, None, text[pos:]))
    else:
        base_encoding = "utf-8"
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            base_encoding = "utf-8-sig"
        pos = 0
        number = 0
        for found in _LINE_BREAK.finditer(data):
            number += 1
            endings[found.group().decode("ascii")] += 1
            lines.append(_Decoded(number, data[pos : found.start()], None))
            pos = found.end()
        if pos < len(data):
            lines.append(_Decoded(number + 1, data[pos:], None))
        if base_encoding == "utf-8" and _is_latin9(
            data, (item.raw for item in lines if item.raw is not None)
        ):
            # One encoding for the whole file: every line is decoded here, none by the per-line fallback.
            base_encoding = _LATIN9
            lines = [_Decoded(item.number, None, (item.raw or b"").decode(_LATIN9)) for item in lines]

    line_ending = _line_ending_name(endings)

    def blank(item: _Decoded) -> bool:
        if item.raw is not None:
            return not item.raw.strip()
        return not (item.text or "").strip()

    content = [item for item in lines if not blank(item)]

    def empty_file(message: str, separator: str = "") -> FecFile:
        problems.append(FecProblem(0, None, message, FecProblemKind.UNREADABLE))
        return FecFile(
            source=source,
            encoding=decoder.encoding(base_encoding),
            separator=separator,
            columns=(),
            rows=(),
            problems=tuple(problems),
            line_ending=line_ending,
        )

    if not content:
        return empty_file("empty file: no header row")

    # ---- header and separator --------------------------------------------------------
    head = content[0]
    head_text = head.text if head.raw is None else decoder.decode(head.number, head.raw, None, ())
    assert head_text is not None
    tabs, pipes = head_text.count("\t"), head_text.count("|")
    if tabs == 0 and pipes == 0:
        problems.append(
            FecProblem(
                head.number, None, "no tab or '|' separator in the header line", FecProblemKind.UNREADABLE
            )
        )
        return empty_file("no row read: separator unknown")
    sep = "\t" if tabs >= pipes else "|"
    if tabs and pipes:
        problems.append(
            FecProblem(
                head.number,
                None,
                f"header holds both tabs ({tabs}) and '|' ({pipes}); using {sep!r}",
                FecProblemKind.HEADER,
            )
        )
    sep_bytes = sep.encode("ascii")

    head_fields = _split_fields(head_text, sep)
    header = list(head_fields)
    header_trailing = len(header) > 1 and header[-1] == ""
    if header_trailing:
        header.pop()  # line ended with the separator
    has_header = True
    data_lines = content[1:]
    known = [h for h in header if _norm(h) in _STD_BY_NORM]
    if not known and len(head_fields) >= _N_STD:
        probe = head_fields
        if (
            parse_fec_amount(probe[_DEBIT_INDEX]) is not None
            and parse_fec_amount(probe[_CREDIT_INDEX]) is not None
        ):
            has_header = False
            problems.append(
                FecProblem(
                    head.number,
                    None,
                    "no header row (line 1 looks like data); columns read in the standard order",
                    FecProblemKind.COLUMN,
                )
            )
            header = [name for name, _ in STANDARD_COLUMNS] + [
                f"column{i + 1}" for i in range(_N_STD, len(header))
            ]
            data_lines = content

    # map standard columns to positions
    std_pos: list[int | None] = [None] * _N_STD
    seen_norm: set[str] = set()
    for i, name in enumerate(header):
        key = _norm(name)
        if key in seen_norm and key:
            problems.append(
                FecProblem(
                    head.number,
                    name,
                    f"duplicate column name {name!r}; first one used",
                    FecProblemKind.HEADER,
                )
            )
        seen_norm.add(key)
        k = _STD_BY_NORM.get(key)
        if k is not None and std_pos[k] is None:
            std_pos[k] = i
    missing = [STANDARD_COLUMNS[k][0] for k in range(_N_STD) if std_pos[k] is None]
    if missing:
        problems.append(
            FecProblem(head.number, None, "missing column(s): " + ", ".join(missing), FecProblemKind.COLUMN)
        )
        if len(header) < _N_STD:
            return FecFile(
                source=source,
                encoding=decoder.encoding(base_encoding),
                separator=sep,
                columns=tuple(header),
                rows=(),
                problems=tuple(problems)
                + (
                    FecProblem(
                        0,
                        None,
                        f"no row read: header has {len(header)} columns, fewer than 18",
                        FecProblemKind.COLUMN,
                    ),
                ),
                line_ending=line_ending,
                has_header=has_header,
            )
        problems.append(
            FecProblem(
                head.number, None, "the 18 standard columns are read by position", FecProblemKind.COLUMN
            )
        )
        std_pos = list(range(_N_STD))

    positions: list[int] = [p for p in std_pos if p is not None]
    std_index_set = set(positions)
    extra_idx = [i for i in range(len(header)) if i not in std_index_set]
    need = max(positions) + 1
    n_cols = len(header)
    col_name_at = list(header)
    std_name_at = {p: STANDARD_COLUMNS[k][0] for k, p in enumerate(positions)}

    def name_at(i: int) -> str:
        if i in std_name_at:
            return std_name_at[i]
        return col_name_at[i] if i < n_cols and col_name_at[i] else f"column{i + 1}"

    names_for_decoding = [name_at(i) for i in range(n_cols)]

    def text_of(item: _Decoded) -> str:
        if item.raw is None:
            assert item.text is not None
            return item.text
        return decoder.decode(item.number, item.raw, sep_bytes, names_for_decoding)

    # Decode every data line once (a decoding problem must be recorded once,
    # even when a line is looked at twice while trying to join broken rows).
    texts = [head_text if (not has_header and k == 0) else text_of(item) for k, item in enumerate(data_lines)]

    def width_ok(fields: list[str]) -> bool:
        return len(fields) == n_cols or (len(fields) == n_cols + 1 and fields[-1].strip() == "")

    rows: list[FecRow] = []
    date_formats: dict[str, None] = {}
    i = 0
    while i < len(data_lines):
        item = data_lines[i]
        i += 1
        raw_fields = texts[i - 1].split(sep)
        number = item.number
        if len(raw_fields) < n_cols:
            # A line break inside a field splits one row over several lines:
            # join following *short* lines while that gives exactly the width.
            joined = list(raw_fields)
            j = i
            while len(joined) < n_cols and j < len(data_lines) and j - i < _MAX_JOINED_LINES:
                nxt = data_lines[j]
                if nxt.number != data_lines[j - 1].number + 1:
                    break  # a blank line in between: do not join across it
                nxt_fields = texts[j].split(sep)
                if len(nxt_fields) >= n_cols:
                    break
                joined = joined[:-1] + [joined[-1] + "\n" + nxt_fields[0]] + nxt_fields[1:]
                j += 1
            if j > i and width_ok(joined):
                problems.append(
                    FecProblem(
                        number,
                        None,
                        f"row continues on line(s) {data_lines[i].number}–{data_lines[j - 1].number}"
                        " (line break inside a field); lines joined",
                        FecProblemKind.LINE,
                    )
                )
                raw_fields = joined
                i = j
        if sep == "|" and len(raw_fields) > n_cols:
            realigned = _realign(raw_fields, n_cols, positions, header_trailing)
            if realigned is not None:
                written = len(raw_fields)
                raw_fields, column, pipes = realigned
                problems.append(
                    FecProblem(
                        number,
                        column,
                        f"line has {written} field(s), {n_cols} expected: {column} holds"
                        f" {pipes} '|'; fields joined back",
                        FecProblemKind.LINE,
                    )
                )
        fields = [f.strip() for f in raw_fields]
        if len(fields) == n_cols + 1 and fields[-1] == "":
            fields.pop()
        if len(fields) < need:
            problems.append(
                FecProblem(
                    number,
                    None,
                    f"line has {len(fields)} field(s), {n_cols} expected; line skipped",
                    FecProblemKind.UNREADABLE,
                )
            )
            continue
        if len(fields) < n_cols:
            problems.append(
                FecProblem(
                    number,
                    None,
                    f"line has {len(fields)} field(s), {n_cols} expected; missing extra columns left blank",
                    FecProblemKind.LINE,
                )
            )
            fields.extend([""] * (n_cols - len(fields)))
        elif len(fields) > n_cols:
            surplus = fields[n_cols:]
            while surplus and surplus[-1] == "":
                surplus.pop()
            fields = fields[: n_cols + len(surplus)]
            if surplus:
                problems.append(
                    FecProblem(
                        number,
                        None,
                        f"line has {len(raw_fields)} field(s), {n_cols} expected; surplus kept in extra",
                        FecProblemKind.LINE,
                    )
                )
        values: dict[str, object] = {}
        for k, p in enumerate(positions):
            col, attr = STANDARD_COLUMNS[k]
            value = fields[p]
            if col in _AMOUNT_COLUMNS:
                amount = parse_fec_amount(value)
                if amount is None:
                    problems.append(
                        FecProblem(number, col, f"unreadable amount {value!r}", FecProblemKind.AMOUNT)
                    )
                values[attr] = amount
                values[attr + "_text"] = value
                continue
            if col == "Montantdevise" and parse_fec_amount(value) is None:
                problems.append(
                    FecProblem(number, col, f"unreadable amount {value!r}", FecProblemKind.AMOUNT)
                )
            elif col in _DATE_COLUMNS:
                _check_date(number, col, value, problems, date_formats)
            values[attr] = value
        extra: list[tuple[str, str]] = []
        for p in extra_idx + list(range(n_cols, len(fields))):
            name = name_at(p)
            value = fields[p]
            if _norm(name) in _EXTRA_DATE_COLUMNS:
                _check_date(number, name, value, problems, date_formats)
            extra.append((name, value))
        # ``values`` holds each column's attribute: text, or a Decimal (None if unreadable) for the
        # amounts, decided per column above; one dict of mixed values cannot say which key has which
        # type, so the checker cannot match it to FecRow's fields.
        rows.append(FecRow(line=number, extra=tuple(extra), **values))  # type: ignore[arg-type]

    return FecFile(
        source=source,
        encoding=decoder.encoding(base_encoding),
        separator=sep,
        columns=tuple(header),
        rows=tuple(rows),
        problems=tuple(problems),
        line_ending=line_ending,
        date_formats=tuple(date_formats),
        has_header=has_header,
    )


#: The free-text columns: the only ones whose values may hold a ``|`` (reading rule 5).
_LABEL_COLUMNS = ("EcritureLib", "CompteLib", "CompAuxLib", "JournalLib")
_CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")
#: Dates a line worth realigning always has (mandatory, and filled on every line of a real export).
_ANCHOR_DATES = frozenset({"EcritureDate", "PieceDate"})


def _reads(fields: Sequence[str], positions: Sequence[int]) -> bool:
    """True when every typed standard column of a row reads: the amounts as amounts (or blank), the
    dates as dates (EcritureDate and PieceDate filled, the others blank or a date), Idevise blank or a
    three-letter code.  Only realignment asks (rule 5)."""
    for k, p in enumerate(positions):
        col = STANDARD_COLUMNS[k][0]
        value = fields[p].strip()
        if col in _AMOUNT_COLUMNS or col == "Montantdevise":
            if parse_fec_amount(value) is None:
                return False
        elif col in _DATE_COLUMNS:
            if parse_fec_date(value)[1] == "?" or (not value and col in _ANCHOR_DATES):
                return False
        elif col == "Idevise" and value and not _CURRENCY_CODE.fullmatch(value):
            return False
    return True


def _realign(
    raw_fields: list[str], n_cols: int, positions: Sequence[int], trailing: bool
) -> tuple[list[str], str, int] | None:
    """A ``|``-separated row with surplus fields, realigned (reading rule 5): ``(fields, the label column
    that held the separators, how many)``, or None to read the row as written.  ``trailing``: the header
    ended with the separator, so a blank last field is the line's trailing separator."""
    if _reads(raw_fields, positions):
        return None  # the row reads as written: the surplus is surplus
    base = raw_fields[:-1] if trailing and raw_fields[-1].strip() == "" else raw_fields
    pipes = len(base) - n_cols
    if pipes <= 0:
        return None  # the header's width once the trailing separator is set aside: nothing to join
    fits = []
    for name in _LABEL_COLUMNS:
        p = positions[_STD_INDEX[name]]
        joined = base[:p] + ["|".join(base[p : p + pipes + 1])] + base[p + pipes + 1 :]
        if _reads(joined, positions):
            fits.append((joined, name, pipes))
    # Several label columns that could hold the separators: do not guess.
    return fits[0] if len(fits) == 1 else None


def _check_date(
    number: int,
    column: str,
    value: str,
    problems: list[FecProblem],
    formats: dict[str, None],
) -> None:
    parsed, fmt = parse_fec_date(value)
    if fmt is None:
        return
    if parsed is None:
        problems.append(FecProblem(number, column, f"unreadable date {value!r}", FecProblemKind.DATE))
        return
    formats.setdefault(fmt, None)


# ----------------------------------------------------------------------- figures


def fec_total(amounts: Iterable[Decimal | None]) -> Decimal:
    """The exact sum of FEC amounts, ``None`` (an unreadable amount) counting as 0.

    Never rounded, whatever the ambient decimal context: see the module docstring.  A difference is
    ``fec_total((a, b.copy_negate()))`` (``copy_negate``, unlike ``-b``, does not round either)."""
    exact = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    result = Decimal(0)
    for amount in amounts:
        if amount is not None:
            result = exact.add(result, amount)
    return result


def group_entries(rows: Iterable[FecRow]) -> dict[EntryKey, list[FecRow]]:
    """Group rows into entries (écritures).

    Rule (deterministic):

    1. Each row's primary key is (JournalCode, EcritureNum), both stripped.
       The journal is part of the key because real files number entries per
       journal (neolegal 0000000001 reuses ``1``, ``15``... in every journal).
    2. A primary group is *not trusted* as one entry when its EcritureNum is
       blank, or when its rows carry more than one EcritureDate: an entry has
       a single date, so a number spanning several dates is a placeholder
       gluing unrelated entries (``0`` on every line of a journal, a
       journal-wide constant).  Legitimate one-number, many-piece entries
       such as opening entries (one date) are kept whole.  Only the dates
       that read (:func:`parse_fec_date`) are counted, as calendar days (so
       ``20230109`` and ``2023-01-09`` are one date): a blank or unreadable
       EcritureDate is one fault of its line (FEC015 / FEC005), and must not
       also split its entry in two (which would add FEC013 and an unbalanced
       half on each side, FEC001).
    3. Rows of an untrusted group are re-keyed by (JournalCode, EcritureNum,
       EcritureDate, PieceRef), with ``split=True`` in the key.
    4. Keys appear in order of their first row; rows keep input order.

    Limitation: a placeholder number used on a single date with several
    pieces cannot be told from a one-date multi-piece entry and stays glued.
    """
    row_list = list(rows)
    primary: dict[tuple[str, str], list[FecRow]] = {}
    for row in row_list:
        primary.setdefault((row.journal_code.strip(), row.ecriture_num.strip()), []).append(row)
    untrusted = {key for key, members in primary.items() if not key[1] or len(_entry_dates(members)) > 1}
    result: dict[EntryKey, list[FecRow]] = {}
    for row in row_list:
        journal, num = row.journal_code.strip(), row.ecriture_num.strip()
        if (journal, num) in untrusted:
            key = EntryKey(journal, num, True, row.ecriture_date.strip(), row.piece_ref.strip())
        else:
            key = EntryKey(journal, num)
        result.setdefault(key, []).append(row)
    return result


def _entry_dates(rows: Iterable[FecRow]) -> set[date]:
    """The calendar days the rows' EcritureDate values name; blank and unreadable dates name none."""
    days = (parse_fec_date(r.ecriture_date)[0] for r in rows)
    return {day for day in days if day is not None}


def _imbalances(groups: dict) -> list:
    out = []
    for key, members in groups.items():
        debit = fec_total(r.debit for r in members)
        credit = fec_total(r.credit for r in members)
        if debit != credit:
            out.append((key, debit, credit))
    return out


def entry_imbalances(rows: Iterable[FecRow]) -> list[tuple[EntryKey, Decimal, Decimal]]:
    """``(key, debit total, credit total)`` for every entry of
    :func:`group_entries` whose totals differ (unreadable amounts count as 0)."""
    return _imbalances(group_entries(rows))


def group_lettering(rows: Iterable[FecRow]) -> dict[tuple[str, str, str], list[FecRow]]:
    """Lettering groups keyed by (CompteNum, CompAuxNum, EcritureLet), all
    stripped; only rows whose EcritureLet is not blank.  Codes are compared
    case-sensitively (in the Sage family ``a`` marks a partial and ``A`` a full
    lettering of different lines).  Keys in order of first row."""
    groups: dict[tuple[str, str, str], list[FecRow]] = {}
    for row in rows:
        code = row.ecriture_let.strip()
        if code:
            groups.setdefault((row.compte_num.strip(), row.comp_aux_num.strip(), code), []).append(row)
    return groups


def lettering_imbalances(
    rows: Iterable[FecRow],
) -> list[tuple[tuple[str, str, str], Decimal, Decimal]]:
    """``(key, debit total, credit total)`` for every lettering group whose
    Σdebit − Σcredit ≠ 0 (partial, cross-period or one-sided lettering)."""
    return _imbalances(group_lettering(rows))


def fec_figures(fec: FecFile) -> FecFigures:
    """The audit figures of a read FEC."""
    rows = fec.rows
    entries = group_entries(rows)
    lettering = group_lettering(rows)
    return FecFigures(
        rows=len(rows),
        entries=len(entries),
        unbalanced_entries=len(_imbalances(entries)),
        lettering_groups=len(lettering),
        unbalanced_lettering_groups=len(_imbalances(lettering)),
        lettered_rows=sum(len(v) for v in lettering.values()),
        debit_total=fec_total(r.debit for r in rows),
        credit_total=fec_total(r.credit for r in rows),
        unreadable_amounts=sum((r.debit is None) + (r.credit is None) for r in rows),
    )
