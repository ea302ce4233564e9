"""The ledger audit: entries as READ from the API, checked one by one and then as a ledger.

``ledger-rules check`` judges requests before they are sent; ``ledger-rules audit`` judges what the
books already hold (interfaces.md: "ledger-level checks: BAL, LET, OIT"). The pipeline::

    bytes --reader--> EntryRecord (source, API JSON of one entry)     one reader per file format
          --Loader (mode "read")--> AccountingEntry + shape problems  FLD (read-only fields are fine)
          --per-entry rules--> BAL, OIT, …                            rules targeting AccountingEntry
          --Ledger--> ledger-scope rules (LET)                        groups span entries
          --> one Report per entry, written by rules.report's writers (same format as ``check``)

FORMATS. A reader is any object with ``name``, ``detect(name, head) -> bool`` and ``read(name, data)
-> Iterable[EntryRecord]``; :data:`READERS` lists them in the order they are tried and
:func:`read_ledger_source` dispatches on the content (never on the file name alone). The JSON reader
accepts ``{"data": {"accountingEntries": {"nodes": [...]}}}``, the ``edges: [{node}]`` form, a bare
list of entries, one entry, or JSON Lines of entries (or of responses). A FEC reader (French
*fichier des écritures comptables*, interfaces.md) plugs in by adding an object to :data:`READERS` (or
passing ``readers=`` to :class:`Auditor`); its records may carry the API JSON of each entry, or an
already built :class:`~ledger.entries.AccountingEntry` in ``EntryRecord.entry``.

LEDGER FINDINGS. A ledger rule yields findings whose path starts with the entry,
``entries[3].accountingEntryLines[1].accountingEntryPayment.matchingLetter``; the audit attaches each
to that entry's report (for a group, the entry of its first line) with the path relative to the entry,
so the report format is exactly ``check``'s. ``entries[N]`` counts every entry of the run, across
files, in input order — the same number as the report's ``document``.

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

import json
import re
from typing import Any, Iterable, Iterator, Protocol

import attrs

from ledger.entries import AccountingEntry
from ledger.jsontext import decode_bytes, loads
from ledger.lettering import Ledger
from ledger.loading import Loader
from ledger.operations import BY_NAME
from rules.engine import FAULT_CODES, Engine, Env, Report
from rules.fec_audit import FecReader
from rules.violation import Finding, Violation

#: The default selection of an audit (see the module docstring).
AUDIT_DEFAULT_SELECT = ("FLD001", "FLD002", "FLD003", "FLD004", "FLD005", "BAL", "OIT", "LET", "FEC")
#: Entries are read as the API returns them for ``createAccountingEntry``'s model, in read mode.
ENTRY_OPERATION = BY_NAME["createAccountingEntry"]
_ENTRY_PATH = re.compile(r"^entries\[(\d+)\](?:\.(.*))?$")


@attrs.frozen
class EntryRecord:
    """One entry of a source: its API JSON (``value``), or a built model (``entry``), or an error."""

    source: str
    value: Any = None
    error: str | None = None
    entry: AccountingEntry | None = None


class LedgerReader(Protocol):
    name: str

    def detect(self, name: str, head: bytes) -> bool: ...

    def read(self, name: str, data: bytes) -> Iterable[EntryRecord]: ...


# -- the JSON reader ------------------------------------------------------------------------------


def _strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


class JsonEntriesReader:
    """Entries as read from the Sage Active API, in any of the JSON shapes a user saves."""

    name = "json"

    def detect(self, name: str, head: bytes) -> bool:
        text = _strip_bom(head).lstrip()
        return text[:1] in (b"{", b"[")

    def read(self, name: str, data: bytes) -> Iterator[EntryRecord]:
        try:
            text = decode_bytes(_strip_bom(data))
        except UnicodeDecodeError as exc:
            yield EntryRecord(name, error=f"not UTF-8 text: byte offset {exc.start}")
            return
        try:
            value = loads(text)
        except json.JSONDecodeError as whole_error:
            if not _first_line_is_object(text):  # one broken document, not JSON Lines
                yield EntryRecord(name, error=_json_error(whole_error))
                return
            yield from self._read_lines(name, text)
            return
        except RecursionError:
            yield EntryRecord(name, error="not a usable document: nested too deeply")
            return
        yield from _records(name, value)

    def _read_lines(self, name: str, text: str) -> Iterator[EntryRecord]:
        count = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = loads(line)
            except json.JSONDecodeError as exc:
                yield EntryRecord(f"{name}:{number}", error=_json_error(exc))
                continue
            for record in _records(name, value, start=count, line=number):
                count += 1
                yield record


def _first_line_is_object(text: str) -> bool:
    for line in text.splitlines():
        if line.strip():
            try:
                return isinstance(loads(line), dict)
            except (json.JSONDecodeError, RecursionError):
                return False
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
    entries, why = _entries_of(value)
    if why is not None:
        yield EntryRecord(name if line is None else f"{name}:{line}", error=why)
        return
    if entries is None:  # one entry on its own
        entries = [value]
    for k, entry in enumerate(entries, start=start):
        yield EntryRecord(f"{name}:entries[{k}]", entry)


#: Readers tried in order; the first whose ``detect`` accepts the content reads the source. A FEC
#: reader is added here (before or after JSON: FEC text never starts with ``{`` or ``[``).
READERS: tuple[LedgerReader, ...] = (JsonEntriesReader(), FecReader())


def detect_reader(name: str, data: bytes, readers: Iterable[LedgerReader] = READERS) -> LedgerReader | None:
    """The first reader that accepts the content of a non-empty source, or None."""
    if not _strip_bom(data).strip():
        return None
    head = data[:4096]
    for reader in readers:
        if reader.detect(name, head):
            return reader
    return None


def read_ledger_source(name: str, data: bytes, readers: Iterable[LedgerReader] = READERS) -> Iterator[EntryRecord]:
    """Detect the format of one source by its content and read its entries."""
    if not _strip_bom(data).strip():
        yield EntryRecord(name, error="empty input: no entry found")
        return
    reader = detect_reader(name, data, readers)
    if reader is not None:
        yield from reader.read(name, data)
        return
    known = ", ".join(r.name for r in readers)
    yield EntryRecord(name, error=f"not a ledger the audit can read (formats: {known})")


# -- the audit ------------------------------------------------------------------------------------


class Auditor:
    """Audits a ledger with an :class:`Engine`'s configuration (context, selection, severities)."""

    def __init__(self, engine: Engine, *, readers: Iterable[LedgerReader] = READERS):
        self.engine = engine
        self.readers = tuple(readers)
        self._loader = Loader()
        self._env = Env(ENTRY_OPERATION, engine.context, engine.options, "read")
        #: The FEC files of the last :meth:`audit_sources` run, with their figures (input order).
        self.fec_audits: list[Any] = []

    def _violation(self, code: str, found: Finding) -> Violation | None:
        engine = self.engine
        if not engine.selection.enabled(code):
            return None
        spec = engine.registry.get(code)
        return Violation(code, spec.name, engine.severity.get(code, spec.severity), found.path,
                         found.message, found.hint, found.figures)

    def audit_sources(self, sources: Iterable[tuple[str, bytes]]) -> list[Report]:
        """Audit the entries of several sources (name, content) as ONE ledger.

        A source whose reader audits itself (a FEC file) is its own ledger; its reports take their
        place in input order and the documents are numbered across all sources."""
        parts: list[Any] = []  # per source: a list of records, or a self-audit's reports
        self.fec_audits = []
        for name, data in sources:
            reader = detect_reader(name, data, self.readers)
            if reader is not None and hasattr(reader, "audit"):
                own = reader.audit(name, data, self)
                self.fec_audits.append(own)
                parts.append(tuple(own.reports))
            else:
                parts.append(list(read_ledger_source(name, data, self.readers)))
        if all(isinstance(part, list) for part in parts):  # API entries only: the original path
            return self.audit_records(r for part in parts for r in part)
        entry_reports = iter(self.audit_records(r for part in parts if isinstance(part, list) for r in part))
        reports: list[Report] = []
        for part in parts:
            chunk = [next(entry_reports) for _ in part] if isinstance(part, list) else part
            base = len(reports)
            reports.extend([attrs.evolve(report, document=base + k) for k, report in enumerate(chunk)])
        return reports

    def audit_records(self, records: Iterable[EntryRecord]) -> list[Report]:
        entries: list[AccountingEntry | None] = []
        results: list[tuple[str, list[Violation], list[str]]] = []
        for record in records:
            violations: list[Violation] = []
            skipped: list[str] = []
            entry = self._entry(record, violations, skipped)
            entries.append(entry)
            results.append((record.source, violations, skipped))
        self._ledger_rules(Ledger(tuple(entries)), results)
        return [
            Report(index, source, ENTRY_OPERATION.name if entries[index] is not None else None,
                   tuple(violations), tuple(dict.fromkeys(skipped)))
            for index, (source, violations, skipped) in enumerate(results)
        ]

    def _entry(self, record: EntryRecord, violations: list[Violation], skipped: list[str]):
        if record.error is not None:
            violation = self._violation("FLD001", Finding("", record.error))
            if violation is not None:
                violations.append(violation)
            return None
        entry = record.entry
        if entry is None:
            loaded = self._loader.load(AccountingEntry, record.value, mode="read")
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

    def _ledger_rules(self, ledger: Ledger, results) -> None:
        engine = self.engine
        context = engine.context
        for spec in engine.registry:
            if spec.scope != "ledger" or spec.check is None or not engine.selection.enabled(spec.code):
                continue
            if spec.needs and (context is None or not all(context.has(k) for k in spec.needs)):
                for _, _, skipped in results:
                    skipped.append(spec.code)
                continue
            for found in spec.check(ledger, self._env):
                index, path = _split_entry_path(found.path)
                if not results:
                    continue
                if index >= len(results):
                    index, path = 0, found.path
                violation = self._violation(spec.code, attrs.evolve(found, path=path))
                if violation is not None:
                    results[index][1].append(violation)


def _split_entry_path(path: str) -> tuple[int, str]:
    """``entries[3].accountingEntryLines[1]`` -> (3, ``accountingEntryLines[1]``)."""
    match = _ENTRY_PATH.match(path)
    if match is None:
        return 0, path
    return int(match.group(1)), match.group(2) or ""


def audit(
    sources: Iterable[tuple[str, bytes | str]] | bytes | str,
    *,
    context=None,
    select=None,
    ignore=None,
    severity=None,
    options=None,
) -> list[Report]:
    """Audit entries read from the API: the Python face of ``ledger-rules audit``.

    ``sources`` is the text of one source, or (name, content) pairs. Returns one report per entry.
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
    "audit",
    "detect_reader",
    "read_ledger_source",
]
