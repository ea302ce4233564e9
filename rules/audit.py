"""The ledger audit: entries as READ from the API, checked one by one and then as a ledger.

``ledger-rules check`` judges requests before they are sent; ``ledger-rules audit`` judges what the
books already hold (the ledger-level checks: BAL, LET, OIT). The pipeline::

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

READING is :mod:`ledger.io`'s: every source is opened before anything is read, and
:class:`~ledger.io.sources.JsonEntriesReader` reads it through the splitter ``check`` uses
(:mod:`ledger.io.sources`: the same bounded lines, the same parse, the same FLD001 messages, a JSON
Lines line beyond ``max_document_bytes`` refused at read time), one line per entry; a source that is
one document (a response, a list; :mod:`ledger.io.api_entries`) is parsed whole, and its entries are
released one by one as they are audited. An unseekable stream (a pipe on standard input) is first
copied to a temporary file. A FEC file is read whole and audited by its own reader.

FORMATS. A reader is a :class:`~ledger.io.api_entries.LedgerReader`: ``name``, ``detect(name, head)
-> bool`` and ``read(name, data) -> Iterable[EntryRecord]``; :data:`READERS` lists them in the order
they are tried and :func:`read_ledger_source` dispatches on the content (never on the file name
alone). ``data`` is the source's bytes; a reader that also accepts a seekable binary stream says so
with ``streams = True`` (the others are handed the bytes). A FEC reader (French *fichier des
écritures comptables*) plugs in by adding an object to :data:`READERS` (or passing ``readers=`` to
:class:`Auditor`); its records may carry the API JSON of each entry, or an already built
:class:`~ledger.entries.AccountingEntry` in ``EntryRecord.entry``.

LEDGER FINDINGS. A ledger rule yields findings whose path starts with the entry,
``entries[3].accountingEntryLines[1].accountingEntryPayment.matchingLetter``; the audit attaches each
to that entry's report (for a group, the entry of its first line) with the path relative to the entry,
so the report format is exactly ``check``'s. The rule runner does that split
(:meth:`rules.runner.Runner.run_over_entries`, shared with the FEC audit), as it plans, skips and
words every rule of every scope. ``entries[N]`` counts every API entry of the run, across
files, in input order — the same number as the report's ``document`` when no FEC file is mixed in.
A ledger rule's subject is the run's :class:`~ledger.books.lettering.LedgerLettering` (not the entries).

FEC FILES. :class:`rules.fec_audit.FecReader` (in :data:`READERS`) detects French FEC files by their
header. A reader with an ``audit(name, data, auditor)`` method audits its source itself: each FEC file
is its OWN ledger, checked by the FEC rules (scope ``"fec"``), one report per FEC entry; its figures
(:class:`rules.fec_audit.FecAudit`) are kept in :attr:`Auditor.fec_audits` for the report's ``"ledger"``
key. Reports of all sources are numbered in input order.

DEFAULT SELECTION. Without ``select``, the audit runs FLD001–FLD005, BAL, OIT, LET and FEC. FLD006
(unknown field) is left out because a read query may select fields the model does not describe
(data-loader objects such as ``session`` or ``subAccount``, [SA-entries]) — they are not faults of the
books; create-only rules (REG, TPY, INV, TAX…) are left out because they judge inputs. ``--select``
replaces the default.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

import attrs

from ledger.books.lettering import LedgerLettering, LetteredLine, lettered_lines
from ledger.context import Context
from ledger.entries import AccountingEntry
from ledger.io import sources
from ledger.io.api_entries import EntryRecord, LedgerReader, SourceData
from ledger.io.limits import DEFAULT_LIMITS, FileTooBig, Limits, first_breach, within_limits_by_text
from ledger.io.loading import Loader
from ledger.io.sources import JsonEntriesReader, seekable_source, source_bytes
from ledger.operations import BY_NAME
from rules.engine import Engine, Report
from rules.env import Env, Options
from rules.fec_audit import FecReader
from rules.violation import Finding, Severity, Violation

#: The default selection of an audit (see the module docstring).
AUDIT_DEFAULT_SELECT = ("FLD001", "FLD002", "FLD003", "FLD004", "FLD005", "BAL", "OIT", "LET", "FEC")
#: Entries are read as the API returns them for ``createAccountingEntry``'s model, in read mode.
ENTRY_OPERATION = BY_NAME["createAccountingEntry"]


#: Readers tried in order; the first whose ``detect`` accepts the content reads the source. A FEC
#: reader is added here (before or after JSON: FEC text never starts with ``{`` or ``[``).
READERS: tuple[LedgerReader, ...] = (JsonEntriesReader(), FecReader())


def detect_reader(
    name: str, data: SourceData, readers: Iterable[LedgerReader] = READERS
) -> LedgerReader | None:
    """:func:`ledger.io.sources.detect_reader`, trying the audit's readers (FEC included) by default."""
    return sources.detect_reader(name, data, readers)


def read_ledger_source(
    name: str, data: SourceData, readers: Iterable[LedgerReader] = READERS, limits: Limits = DEFAULT_LIMITS
) -> Iterator[EntryRecord]:
    """:func:`ledger.io.sources.read_ledger_source`, with the audit's readers (FEC included) by default."""
    return sources.read_ledger_source(name, data, readers, limits)


# -- the audit ------------------------------------------------------------------------------------


class SourceAudit(Protocol):
    """What a reader that audits its own source returns (:class:`rules.fec_audit.FecAudit`)."""

    reports: tuple[Report, ...]


class AuditsItself(Protocol):
    """A reader whose sources are ledgers of their own (a FEC file): the :class:`Auditor` hands it the
    source and itself instead of reading records. Readers plug in by shape, so this module needs no
    import of theirs but the default :data:`READERS`."""

    def audit(self, name: str, data: bytes, auditor: Auditor) -> SourceAudit: ...


class Auditor:
    """Audits a ledger with an :class:`Engine`'s configuration (context, selection, severities)."""

    def __init__(self, engine: Engine, *, readers: Iterable[LedgerReader] | None = None):
        self.engine = engine
        # The JSON reader applies the engine's own limits at read time, as ``check``'s reader does.
        self.readers = (
            tuple(readers) if readers is not None else (JsonEntriesReader(engine.limits), FecReader())
        )
        self._loader = Loader(limits=engine.limits)
        self._env = Env(ENTRY_OPERATION, engine.context, engine.options, "read")
        #: The FEC files of the last run (:meth:`iter_reports`), with their figures (input order).
        self.fec_audits: list[Any] = []

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
        limits = self.engine.limits
        for name, data in sources:
            start = run.count
            try:
                data = seekable_source(data, limits)
                reader = detect_reader(name, data, self.readers)
                if reader is not None and hasattr(reader, "audit"):
                    own = reader.audit(name, source_bytes(data, limits), self)
                    self.fec_audits.append(own)
                    parts.append(tuple(own.reports))
                    continue
            except FileTooBig as exc:  # beyond max_source_bytes: one error for the source, and on
                run.add_all((EntryRecord.failed(name, exc.breach),))
                parts.append(range(start, run.count))
                continue
            run.add_all(read_ledger_source(name, data, self.readers, limits))
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

    def _entry(
        self, record: EntryRecord, violations: list[Violation], skipped: list[str]
    ) -> AccountingEntry | None:
        engine = self.engine
        if record.error is not None:
            hint = record.breach.hint if record.breach is not None else None
            engine.runner.report("FLD001", Finding("", record.error, hint), violations)
            return None
        entry = record.entry
        if entry is None:
            # The same per-document limits as ``check`` (FLD001): proven from the line's text when the
            # entry was a line of its own, else by the walk over the value.
            limits = engine.limits
            if record.text is None or not within_limits_by_text(record.text, record.ordinary, limits):
                breach = first_breach(record.value, limits)
                if breach is not None:
                    engine.runner.report("FLD001", Finding("", breach.message, breach.hint), violations)
                    return None
            loaded = self._loader.load(AccountingEntry, record.value, mode="read", bounded=True)
            engine.report_problems(loaded.problems, violations)
            entry = loaded.model
        if entry is None:
            return None
        engine.run_rules(entry, self._env, violations, skipped)
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
        lettering = LedgerLettering(self.lines)
        self.lines = []
        self._shared_values = {}
        auditor = self.auditor
        found, self.ledger_skipped = auditor.engine.runner.run_over_entries(
            "ledger", lettering, auditor._env, self.count
        )
        for index, violation in found:
            self.found.setdefault(index, []).append(violation)

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


def audit(
    sources: Iterable[tuple[str, SourceData | str]] | bytes | str,
    *,
    context: Context | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, str | Severity] | None = None,
    options: Options | None = None,
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
