"""The ledger audit: entries as READ from the API, checked one by one and then as a ledger.

``ledger-rules check`` judges requests before they are sent; ``ledger-rules audit`` judges what the
books already hold (interfaces.md: "ledger-level checks: BAL, LET, OIT"). The pipeline::

    bytes --reader--> EntryRecord (source, API JSON of one entry)     one reader per file format
          --Loader (mode "read")--> AccountingEntry + shape problems  FLD (read-only fields are fine)
          --per-entry rules--> BAL, OIT, …                            rules targeting AccountingEntry
          --lettered_lines--> LetteredLine (compact facts)            the entry itself is dropped here
          --LedgerLettering--> ledger-scope rules (LET)               groups span entries
          --> one Report per entry, written by rules.report's writers (same format as ``check``)

STREAMING. The audit holds ONE entry at a time. Each entry is read, loaded and checked by the
per-entry rules (FLD, BAL, OIT — an open item is judged against its own invoice, so OIT needs nothing
of other entries) as soon as it is read; then its dict and its model are dropped, and two compact
things are kept until the end (:class:`_LedgerRun`):

* its RESULT: its source name, whether it was read, its violations (nearly always the shared empty
  tuple) and its skipped codes (one shared tuple for all the entries that skip the same rules);
* the LETTERING FACTS of each of its lines that carries ``accountingEntryPayment``: one
  :class:`~ledger.books.lettering.LetteredLine` (entry and line index, account, third party, ``matching``,
  letter, ``matchId``, debit, credit — account and third-party ids and zero amounts shared).

When every source has been read, the facts become one :class:`~ledger.books.lettering.LedgerLettering`: its
groups are computed ONCE (a cached property) and every ledger rule (scope ``"ledger"``: the LET family)
runs on it, sharing them (and what each group's lines agree on, also cached). A ledger finding is kept
in a sparse table by entry; then the reports are built from the compact results and handed out in
input order (:meth:`Auditor.iter_reports` is a generator: the CLI writes each report as it comes). No
report can be written earlier: a group's other lines may come anywhere later in the input, across
files, and attach a finding to its first line's entry. So memory grows with the ledger only by the
compact results and facts — about 1 kB per entry of the benchmark ledger at the peak (the groups,
built at the end, included), against some 10 kB for the entry's dict and model that the audit once
held until the end — and the report is byte for byte what auditing the whole ledger at once gave
(``tests/rules/test_audit.py`` holds both to that).

Sources are streams (bytes are read through one): every source is opened before anything is read,
and a JSON Lines source is read a chunk at a time, one line per entry. :class:`JsonEntriesReader`
first checks that the whole stream is UTF-8 (one pass, nothing kept), then decides between "one JSON
document" and "JSON Lines" from its first two non-blank lines exactly as parsing the whole text did;
a source that is one document (a response, a list) is parsed whole, and its entries are released one
by one as they are audited. An unseekable stream (a pipe on standard input) is first copied to a
temporary file. A FEC file is read whole and audited by its own reader.

FORMATS. A reader is any object with ``name``, ``detect(name, head) -> bool`` and ``read(name, data)
-> Iterable[EntryRecord]``; :data:`READERS` lists them in the order they are tried and
:func:`read_ledger_source` dispatches on the content (never on the file name alone). ``data`` is the
source's bytes; a reader that also accepts a seekable binary stream says so with ``streams = True``
(the others are handed the bytes). The JSON reader accepts ``{"data": {"accountingEntries": {"nodes":
[...]}}}``, the ``edges: [{node}]`` form, a bare list of entries, one entry, or JSON Lines of entries
(or of responses). A FEC reader (French *fichier des écritures comptables*, interfaces.md) plugs in by
adding an object to :data:`READERS` (or passing ``readers=`` to :class:`Auditor`); its records may
carry the API JSON of each entry, or an already built :class:`~ledger.entries.AccountingEntry` in
``EntryRecord.entry``.

LEDGER FINDINGS. A ledger rule yields findings whose path starts with the entry,
``entries[3].accountingEntryLines[1].accountingEntryPayment.matchingLetter``; the audit attaches each
to that entry's report (for a group, the entry of its first line) with the path relative to the entry,
so the report format is exactly ``check``'s. ``entries[N]`` counts every API entry of the run, across
files, in input order — the same number as the report's ``document`` when no FEC file is mixed in.
A ledger rule's subject is the run's :class:`~ledger.books.lettering.LedgerLettering` (not the entries).

FEC FILES. :class:`rules.fec_audit.FecReader` (in :data:`READERS`) detects French FEC files by their
header. A reader with an ``audit(name, data, auditor)`` method audits its source itself: each FEC file
is its OWN ledger, checked by the FEC rules (scope ``"fec"``), one report per FEC entry; its figures
(:class:`rules.fec_audit.FecAudit`) are kept in :attr:`Auditor.fec_audits` for the report's ``"ledger"``
key. Reports of all sources are numbered in input order.

DEFAULT SELECTION. Without ``select``, the audit runs FLD001–FLD005, BAL, OIT, LET and FEC. FLD006
(unknown field) is left out because a read query may select fields the model does not describe
(data-loader objects such as ``session`` or ``subAccount``, seed 002) — they are not faults of the
books; create-only rules (REG, TPY, INV, TAX…) are left out because they judge inputs. ``--select``
replaces the default.
"""

from __future__ import annotations

import codecs
import gc
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any, Protocol

import attrs

from ledger.books.lettering import LedgerLettering, LetteredLine, lettered_lines
from ledger.entries import AccountingEntry
from ledger.io.jsontext import loads, loads_screened, not_utf8
from ledger.io.limits import HINT as LIMITS_HINT
from ledger.io.limits import depth_breach, first_breach, within_limits_by_text
from ledger.io.loading import Loader
from ledger.operations import BY_NAME
from rules.engine import FAULT_CODES, Engine, Env, Report
from rules.fec_audit import FecReader
from rules.violation import Finding, Violation

#: The default selection of an audit (see the module docstring).
AUDIT_DEFAULT_SELECT = ("FLD001", "FLD002", "FLD003", "FLD004", "FLD005", "BAL", "OIT", "LET", "FEC")
#: Entries are read as the API returns them for ``createAccountingEntry``'s model, in read mode.
ENTRY_OPERATION = BY_NAME["createAccountingEntry"]
_ENTRY_PATH = re.compile(r"^entries\[(\d+)\](?:\.(.*))?$")
#: What a source's content may be: its bytes, or a binary stream (read from its current position).
SourceData = bytes | IO[bytes]


@attrs.frozen
class EntryRecord:
    """One entry of a source: its API JSON (``value``), or a built model (``entry``), or an error."""

    source: str
    value: Any = None
    error: str | None = None
    entry: AccountingEntry | None = None
    #: The JSON text ``value`` was decoded from, when it was one line of its own, and whether its number
    #: literals were all ordinary (:func:`ledger.io.jsontext.loads_screened`): with them the auditor proves
    #: the entry within the limits without walking it (:func:`ledger.io.limits.within_limits_by_text`).
    text: str | None = attrs.field(default=None, eq=False, repr=False)
    ordinary: bool = attrs.field(default=False, eq=False, repr=False)


class LedgerReader(Protocol):
    name: str

    def detect(self, name: str, head: bytes) -> bool: ...

    def read(self, name: str, data: bytes) -> Iterable[EntryRecord]: ...


# -- sources: bytes or streams --------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
_HEAD = 4096
_CHUNK = 1 << 18
#: Standard input and other unseekable streams are copied to a temporary file past this size.
_SPOOL = 8 << 20


def _strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(_BOM) else data


def _is_bytes(data: Any) -> bool:
    return isinstance(data, (bytes, bytearray, memoryview))


def seekable_source(data: SourceData) -> SourceData:
    """Bytes as they are; a stream that can seek as it is; any other stream (a pipe) copied to a
    temporary file (in memory while small), so that its head can be looked at before it is read."""
    if _is_bytes(data):
        return bytes(data)
    try:
        if data.seekable():
            return data
    except (AttributeError, ValueError, OSError):
        pass
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)
    shutil.copyfileobj(data, spool, _CHUNK)
    spool.seek(0)
    return spool


def _head(data: SourceData) -> bytes:
    if _is_bytes(data):
        return bytes(data[:_HEAD])
    start = data.tell()
    try:
        return data.read(_HEAD)
    finally:
        data.seek(start)


def _whole(data: SourceData) -> bytes:
    """The bytes of a source from its current position (a stream is left at its end)."""
    return bytes(data) if _is_bytes(data) else data.read()


def _is_blank(data: SourceData) -> bool:
    """True when the source holds nothing but ASCII white space (after a UTF-8 BOM); read a chunk at
    a time (a stream is left where it was)."""
    if _is_bytes(data):
        data = io.BytesIO(data)
    start = data.tell()
    try:
        chunk = _strip_bom(data.read(_CHUNK))
        while chunk:
            if chunk.strip():
                return False
            chunk = data.read(_CHUNK)
        return True
    finally:
        data.seek(start)


def _utf8_error(stream: IO[bytes]) -> str | None:
    """The error naming the first byte that is not UTF-8 (offset from the stream's position), or None;
    the stream is left where it was. Reads in chunks: the text is not kept."""
    start = stream.tell()
    pending, base = b"", 0
    try:
        while True:
            chunk = stream.read(_CHUNK)
            data = pending + chunk if pending else chunk
            try:
                _, consumed = codecs.utf_8_decode(data, "strict", not chunk)
            except UnicodeDecodeError as exc:
                return not_utf8(exc, base + exc.start)
            if not chunk:
                return None
            pending, base = data[consumed:], base + consumed
    finally:
        stream.seek(start)


class _TextLines:
    """The lines of a UTF-8 stream exactly as ``text.splitlines(keepends=True)`` cuts the whole text,
    each WITH its line break, read a chunk at a time.

    A ``\\n`` always ends a line (alone or after ``\\r``) and is never part of a multi-byte character,
    so cutting the stream after a ``\\n`` and splitting each piece gives the same lines as splitting
    the whole text. :meth:`rest` is the text not yet handed out.
    """

    def __init__(self, stream: IO[bytes]):
        self._stream = stream
        self._batch: list[str] = []  # the lines of the current piece, the next one last
        self._tail: list[bytes] = []  # bytes read after the last ``\\n``

    def __iter__(self) -> Iterator[str]:
        stream, batch, tail = self._stream, self._batch, self._tail
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            cut = chunk.rfind(b"\n") + 1
            if not cut:
                tail.append(chunk)
                continue
            tail.append(chunk[:cut])
            text = b"".join(tail).decode("utf-8")
            tail[:] = [chunk[cut:]] if cut < len(chunk) else []
            batch[:] = text.splitlines(keepends=True)
            del text
            batch.reverse()
            while batch:
                yield batch.pop()
        if tail:
            batch[:] = b"".join(tail).decode("utf-8").splitlines(keepends=True)
            tail.clear()
            batch.reverse()
            while batch:
                yield batch.pop()

    def rest(self) -> str:
        text = "".join(reversed(self._batch))
        self._batch.clear()
        self._tail.append(self._stream.read())
        rest = b"".join(self._tail)
        self._tail.clear()
        return text + rest.decode("utf-8")


def _without_break(raw: str) -> str:
    """A line without its line break (``str.splitlines`` without ``keepends``)."""
    if raw.endswith("\r\n"):
        return raw[:-2]
    return raw[:-1] if raw and raw[-1] in _LINE_BREAKS else raw


def _blank(raw: str) -> bool:
    """``not line.strip()`` (every line break is white space too)."""
    return not raw or raw.isspace()


#: The characters ``str.splitlines`` ends a line at (``\r\n`` counts as one).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


# -- the JSON reader ------------------------------------------------------------------------------


class JsonEntriesReader:
    """Entries as read from the Sage Active API, in any of the JSON shapes a user saves."""

    name = "json"
    streams = True

    def detect(self, name: str, head: bytes) -> bool:
        text = _strip_bom(head).lstrip()
        return text[:1] in (b"{", b"[")

    def read(self, name: str, data: SourceData) -> Iterator[EntryRecord]:
        """The entries of ``data``: bytes, or a seekable binary stream read from its position.

        The result is what reading the whole text gives: the text must be UTF-8 (else one error for
        the source); if the whole text is one JSON value, its entries; if not, and its first non-blank
        line is an object, JSON Lines (an error for each broken line); else one error for the source.
        The source is read ONE LINE AT A TIME when its first non-blank line is an object and a second
        non-blank line follows (the whole text then cannot be one JSON value: it is JSON Lines), and
        whole otherwise (one document, parsed whole; its entries are released one by one).
        """
        stream = io.BytesIO(data) if _is_bytes(data) else data
        head = stream.read(6)  # the source's BOM, then decode_bytes' own
        skip = 3 if head.startswith(_BOM) else 0
        if head[skip:].startswith(_BOM):
            skip += 3
        stream.seek(stream.tell() - len(head) + skip)
        error = _utf8_error(stream)
        if error is not None:
            yield EntryRecord(name, error=error)
            return
        lines = _TextLines(stream)
        numbered = enumerate(lines, start=1)
        prefix, first = _next_filled(numbered)
        if first is None:
            yield from self._read_text(name, "".join(prefix))
            return
        if not _is_object(_without_break(first[1])):
            yield from self._read_text(name, "".join(prefix) + first[1] + lines.rest())
            return
        between, second = _next_filled(numbered)
        if second is None:  # one non-blank line: the whole text may be one JSON value
            yield from self._read_text(name, "".join(prefix) + first[1] + "".join(between))
            return
        del prefix, between
        yield from self._json_lines(name, (first, second), numbered)

    def _read_text(self, name: str, text: str) -> Iterator[EntryRecord]:
        """The entries of a whole text (already decoded)."""
        try:
            value = loads(text)
        except json.JSONDecodeError as whole_error:
            if not _first_line_is_object(text):  # one broken document, not JSON Lines
                yield EntryRecord(name, error=_json_error(whole_error))
                return
            yield from self._json_lines(name, (), enumerate(text.splitlines(keepends=True), start=1))
            return
        except RecursionError:  # the C decoder's own depth guard (~1,000 levels), as in check
            yield EntryRecord(name, error=depth_breach())
            return
        del text
        yield from _records(name, value)

    def _json_lines(self, name: str, *parts: Iterable[tuple[int, str]]) -> Iterator[EntryRecord]:
        """JSON Lines: ``(number, line with its line break)``; blank lines are skipped, a broken one is
        an error."""
        count = 0
        for part in parts:
            for number, raw in part:
                if not raw or raw.isspace():
                    continue
                try:
                    value, ordinary = _decode_line(raw)
                except json.JSONDecodeError as exc:
                    yield EntryRecord(f"{name}:{number}", error=_json_error(exc))
                    continue
                except RecursionError:  # the C decoder's own depth guard (~1,000 levels)
                    yield EntryRecord(f"{name}:{number}", error=depth_breach())
                    continue
                if type(value) is dict and _SHAPE_KEYS.isdisjoint(value):  # one entry (the usual line)
                    yield EntryRecord(f"{name}:entries[{count}]", value, text=raw, ordinary=ordinary)
                    count += 1
                    continue
                for record in _records(name, value, start=count, line=number):
                    count += 1
                    yield record


def _next_filled(numbered: Iterator[tuple[int, str]]) -> tuple[list[str], tuple[int, str] | None]:
    """The blank lines read, and the first non-blank ``(number, line)`` after them (None at the end)."""
    blanks: list[str] = []
    for number, raw in numbered:
        if not _blank(raw):
            return blanks, (number, raw)
        blanks.append(raw)
    return blanks, None


def _decode_line(raw: str) -> tuple[Any, bool]:
    """One JSON Lines line, decoded by :func:`ledger.io.jsontext.loads_screened`.

    A trailing "\\n" or "\\r\\n" is JSON white space: the value is the line's. Any other line break is
    not, so a line that fails is decoded again without its break, and that error is the one reported.
    """
    try:
        return loads_screened(raw)
    except json.JSONDecodeError:
        return loads_screened(_without_break(raw))


#: Keys that make an object a response or a connection rather than one entry (see ``_entries_of``).
_SHAPE_KEYS = frozenset(("data", "errors", "accountingEntries", "nodes", "edges"))


def _is_object(line: str) -> bool:
    """Whether a (first) line is an object: then the text, if not one JSON value, is JSON Lines."""
    try:
        return isinstance(loads(line), dict)
    except json.JSONDecodeError:
        return False
    except RecursionError:
        # Too deep for the decoder: a line that opens an object is taken as one, so that the rest of
        # a JSON Lines ledger is still read and only this line is FLD001 (it was the whole source).
        return line.lstrip(" \t\r\n")[:1] == "{"


def _first_line_is_object(text: str) -> bool:
    for line in text.splitlines():
        if line.strip():
            return _is_object(line)
    return False


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"


def _connection_nodes(connection: Any) -> list | None:
    """The nodes of a GraphQL connection (``nodes`` or ``edges[].node``) or a plain list."""
    if isinstance(connection, list):
        return connection
    if isinstance(connection, dict):
        if isinstance(connection.get("nodes"), list):
            return connection["nodes"]
        if isinstance(connection.get("edges"), list):
            return [edge.get("node") if isinstance(edge, dict) else edge for edge in connection["edges"]]
    return None


def _entries_of(value: Any) -> tuple[list | None, str | None]:
    """(entries, None) for a response or a list; (None, why) when the value holds no entries."""
    if isinstance(value, list):
        return value, None
    if not isinstance(value, dict):
        return None, None
    if "data" in value or "errors" in value:
        data = value.get("data")
        if not isinstance(data, dict):
            errors = value.get("errors")
            message = ""
            if isinstance(errors, list) and errors and isinstance(errors[0], dict):
                message = f": {errors[0].get('message')}"
            return None, f"the response holds no data{message}"
        value = data
    if "accountingEntries" in value:
        nodes = _connection_nodes(value["accountingEntries"])
        if nodes is None:
            return None, "`accountingEntries` must hold `nodes`, `edges` or a list of entries"
        return nodes, None
    nodes = _connection_nodes(value) if ("nodes" in value or "edges" in value) else None
    return nodes, None


def _records(name: str, value: Any, *, start: int = 0, line: int | None = None) -> Iterator[EntryRecord]:
    """The records of one parsed value (a freshly parsed one: its entries are released from it as
    they are handed out, so a large document shrinks while it is audited)."""
    entries, why = _entries_of(value)
    if why is not None:
        yield EntryRecord(name if line is None else f"{name}:{line}", error=why)
        return
    if entries is None:  # one entry on its own
        entries = [value]
    del value
    for k in range(len(entries)):
        entry, entries[k] = entries[k], None
        yield EntryRecord(f"{name}:entries[{start + k}]", entry)


#: Readers tried in order; the first whose ``detect`` accepts the content reads the source. A FEC
#: reader is added here (before or after JSON: FEC text never starts with ``{`` or ``[``).
READERS: tuple[LedgerReader, ...] = (JsonEntriesReader(), FecReader())


def detect_reader(
    name: str, data: SourceData, readers: Iterable[LedgerReader] = READERS
) -> LedgerReader | None:
    """The first reader that accepts the content of a non-empty source, or None.

    ``data`` is bytes or a seekable binary stream (left where it was)."""
    if _is_blank(data):
        return None
    head = _head(data)
    for reader in readers:
        if reader.detect(name, head):
            return reader
    return None


def read_ledger_source(
    name: str, data: SourceData, readers: Iterable[LedgerReader] = READERS
) -> Iterator[EntryRecord]:
    """Detect the format of one source by its content and read its entries.

    ``data`` is bytes or a binary stream; a reader that does not read streams (``streams``) is
    handed the bytes."""
    data = seekable_source(data)
    if _is_blank(data):
        yield EntryRecord(name, error="empty input: no entry found")
        return
    readers = tuple(readers)
    reader = detect_reader(name, data, readers)
    if reader is not None:
        yield from reader.read(name, data if getattr(reader, "streams", False) else _whole(data))
        return
    known = ", ".join(r.name for r in readers)
    yield EntryRecord(name, error=f"not a ledger the audit can read (formats: {known})")


# -- the audit ------------------------------------------------------------------------------------


class Auditor:
    """Audits a ledger with an :class:`Engine`'s configuration (context, selection, severities)."""

    def __init__(self, engine: Engine, *, readers: Iterable[LedgerReader] = READERS):
        self.engine = engine
        self.readers = tuple(readers)
        self._loader = Loader(limits=engine.limits)
        self._env = Env(ENTRY_OPERATION, engine.context, engine.options, "read")
        #: The FEC files of the last run (:meth:`iter_reports`), with their figures (input order).
        self.fec_audits: list[Any] = []

    def _violation(self, code: str, found: Finding) -> Violation | None:
        engine = self.engine
        if not engine.selection.enabled(code):
            return None
        spec = engine.registry.get(code)
        return Violation(
            code,
            spec.name,
            engine.severity.get(code, spec.severity),
            found.path,
            found.message,
            found.hint,
            found.figures,
        )

    def audit_sources(self, sources: Iterable[tuple[str, SourceData]]) -> list[Report]:
        """Audit the entries of several sources (name, content) as ONE ledger; see :meth:`iter_reports`."""
        return list(self.iter_reports(sources))

    def iter_reports(self, sources: Iterable[tuple[str, SourceData]]) -> Iterator[Report]:
        """Audit the entries of several sources (name, bytes or binary stream) as ONE ledger, and yield
        one report per entry in input order.

        Every source is read (entry by entry, see the module docstring) before the first report is
        yielded. A source whose reader audits itself (a FEC file) is its own ledger; its reports take
        their place in input order and the documents are numbered across all sources. A stream is
        read from its position and not closed."""
        run = _LedgerRun(self)
        parts: list[range | tuple[Report, ...]] = []  # per source: its entries in the run, or its reports
        self.fec_audits = []
        for name, data in sources:
            data = seekable_source(data)
            reader = detect_reader(name, data, self.readers)
            if reader is not None and hasattr(reader, "audit"):
                own = reader.audit(name, _whole(data), self)
                self.fec_audits.append(own)
                parts.append(tuple(own.reports))
            else:
                start = run.count
                run.add_all(read_ledger_source(name, data, self.readers))
                parts.append(range(start, run.count))
        run.finish()
        document = 0
        for part in parts:
            if isinstance(part, range):
                for index in part:
                    yield run.report(index, document)
                    document += 1
            else:
                for report in part:
                    yield attrs.evolve(report, document=document)
                    document += 1

    def audit_records(self, records: Iterable[EntryRecord]) -> list[Report]:
        """Audit records (of any reader) as one ledger: one report per record, in order."""
        run = _LedgerRun(self)
        run.add_all(records)
        run.finish()
        return [run.report(index, index) for index in range(run.count)]

    def _entry(self, record: EntryRecord, violations: list[Violation], skipped: list[str]):
        if record.error is not None:
            violation = self._violation("FLD001", Finding("", record.error))
            if violation is not None:
                violations.append(violation)
            return None
        entry = record.entry
        if entry is None:
            # The same per-document limits as ``check`` (FLD001): proven from the line's text when the
            # entry was a line of its own, else by the walk over the value.
            limits = self.engine.limits
            if record.text is None or not within_limits_by_text(record.text, record.ordinary, limits):
                breach = first_breach(record.value, limits)
                if breach is not None:
                    violation = self._violation("FLD001", Finding("", breach, LIMITS_HINT))
                    if violation is not None:
                        violations.append(violation)
                    return None
            loaded = self._loader.load(AccountingEntry, record.value, mode="read", bounded=True)
            for problem in loaded.problems:
                violation = self._violation(
                    FAULT_CODES[problem.fault], Finding(problem.path, problem.message, problem.hint)
                )
                if violation is not None:
                    violations.append(violation)
            entry = loaded.model
        if entry is None:
            return None
        self.engine.run_rules(entry, self._env, violations, skipped)
        return entry


class _LedgerRun:
    """One audit between reading and writing: the compact result of every entry read so far, and
    the lettering facts of their lettered lines (see the module docstring)."""

    def __init__(self, auditor: Auditor):
        self.auditor = auditor
        self.sources: list[str] = []
        self.read = bytearray()  # 1 where the entry was read (its report names the operation)
        self.violations: list[tuple[Violation, ...]] = []
        self.skipped: list[tuple[str, ...]] = []  # as the per-entry rules left them (duplicates too)
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct skipped list
        self._final: dict[int, tuple[str, ...]] = {}  # id of a shared tuple -> the report's skipped codes
        self._shared_values: dict = {}  # account and third-party ids, zero amounts: one object each
        self.lines: list[LetteredLine] = []
        self.found: dict[int, list[Violation]] = {}  # ledger findings, by entry index
        self.ledger_skipped: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.sources)

    def add_all(self, records: Iterable[EntryRecord]) -> None:
        auditor, shared = self.auditor, self._shared
        for record in records:
            violations: list[Violation] = []
            skipped: list[str] = []
            entry = auditor._entry(record, violations, skipped)
            index = len(self.sources)
            self.sources.append(record.source)
            self.read.append(entry is not None)
            self.violations.append(tuple(violations) if violations else ())
            key = tuple(skipped)
            self.skipped.append(shared.setdefault(key, key))
            if entry is not None:
                self.lines.extend(lettered_lines(index, entry, self._shared_values))

    def finish(self) -> None:
        """Run the ledger rules once, on the lettering of every entry read."""
        # Building the groups allocates a few containers per group at once, all long-lived and
        # without cycles: the cyclic collector would walk them (and every lettered line) again and
        # again. Pause it for this phase, and restore whatever state it had.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._ledger_rules()
        finally:
            if was_enabled:
                gc.enable()

    def _ledger_rules(self) -> None:
        auditor = self.auditor
        engine = auditor.engine
        context = engine.context
        lettering = LedgerLettering(self.lines)
        self.lines = []
        self._shared_values = {}
        count = self.count
        skipped = []
        for spec in engine.registry:
            if spec.scope != "ledger" or spec.check is None or not engine.selection.enabled(spec.code):
                continue
            if spec.needs and (context is None or not all(context.has(k) for k in spec.needs)):
                skipped.append(spec.code)
                continue
            for found in spec.check(lettering, auditor._env):
                index, path = _split_entry_path(found.path)
                if not count:
                    continue
                if index >= count:
                    index, path = 0, found.path
                violation = auditor._violation(spec.code, attrs.evolve(found, path=path))
                if violation is not None:
                    self.found.setdefault(index, []).append(violation)
        self.ledger_skipped = tuple(skipped)

    def report(self, index: int, document: int) -> Report:
        """The report of the ``index``-th entry of the run, numbered ``document``."""
        violations = self.violations[index]
        found = self.found.get(index)
        if found:
            violations += tuple(found)
        skipped = self.skipped[index]  # one of the shared tuples: its final form is computed once
        final = self._final.get(id(skipped))
        if final is None:
            final = self._final[id(skipped)] = tuple(dict.fromkeys(skipped + self.ledger_skipped))
        return Report(
            document,
            self.sources[index],
            ENTRY_OPERATION.name if self.read[index] else None,
            violations,
            final,
        )


def _split_entry_path(path: str) -> tuple[int, str]:
    """``entries[3].accountingEntryLines[1]`` -> (3, ``accountingEntryLines[1]``)."""
    match = _ENTRY_PATH.match(path)
    if match is None:
        return 0, path
    return int(match.group(1)), match.group(2) or ""


def audit(
    sources: Iterable[tuple[str, SourceData | str]] | bytes | str,
    *,
    context=None,
    select=None,
    ignore=None,
    severity=None,
    options=None,
) -> list[Report]:
    """Audit entries read from the API: the Python face of ``ledger-rules audit``.

    ``sources`` is the text of one source, or (name, content) pairs; a content is text, bytes or a
    binary stream. Returns one report per entry.
    """
    if isinstance(sources, (str, bytes)):
        sources = [("<input>", sources)]
    engine = Engine(
        context=context,
        select=AUDIT_DEFAULT_SELECT if select is None else select,
        ignore=ignore,
        severity=severity,
        options=options,
    )
    encoded = [(name, data.encode("utf-8") if isinstance(data, str) else data) for name, data in sources]
    return Auditor(engine).audit_sources(encoded)


__all__ = [
    "AUDIT_DEFAULT_SELECT",
    "Auditor",
    "EntryRecord",
    "JsonEntriesReader",
    "LedgerReader",
    "READERS",
    "SourceData",
    "audit",
    "detect_reader",
    "read_ledger_source",
    "seekable_source",
]
