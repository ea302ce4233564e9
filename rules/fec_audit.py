"""The FEC plug-in of ``ledger-rules audit``: French *fichiers des écritures comptables* as a ledger.

A FEC (article A47 A-1 LPF; reading rules in :mod:`ledger.io.fec`) is not a list of API entries: it has
no ids, no third-party blocks, and its own format rules. So it is not loaded into
:class:`~ledger.entries.AccountingEntry` objects; the pipeline is::

    bytes --ledger.io.fec.read_fec--> FecFile (rows + the reader's problems)
          --group_entries--> FecLedger (entries keyed (JournalCode, EcritureNum), fallback below)
          --FEC rules (scope "fec", rules/families/fec.py)--> findings
          --> one Report per entry, same format as ``check`` and the JSON audit

:class:`FecReader` is an object of :data:`rules.audit.READERS`: ``detect`` accepts content whose first
non-blank line is a header naming ``JournalCode``, ``EcritureNum``, ``Debit`` and ``Credit``, tab or
``|`` separated (any of
the real encodings: UTF-8 with or without BOM, single-byte code pages, UTF-16 with BOM). Besides the
reader protocol it has :meth:`FecReader.audit`, which :class:`rules.audit.Auditor` calls instead of
loading API entries: each FEC file is audited as its OWN ledger (a FEC is one company's fiscal year;
its lettering groups are not mixed with other sources').

GROUPING. Entries are :func:`ledger.io.fec.group_entries`: rows sharing (JournalCode, EcritureNum), both
stripped; when the number is blank, or one (journal, number) spans several EcritureDate values (a
placeholder number such as ``0`` on every line; only dates that read count, so one bad date does not
split its entry), that group's rows are re-keyed by (JournalCode, EcritureNum, EcritureDate, PieceRef).
Entries appear in order of their first row.

REPORTS. One :class:`~rules.engine.Report` per entry, source ``file.txt:entry VT/12 (lines 12-15)``
(physical lines, the header is line 1; a re-keyed entry shows its date and piece too), operation
``"fec"``. Finding paths name a physical line and a column: ``line 14.Debit``; a finding about the
whole entry has the empty path. A rule yields paths that start with ``entries[N]`` (like the LET
rules, :mod:`ledger.paths`); a path without it is about the file (header, unreadable line) and goes to
the first entry's report. The FEC rules are planned, run and worded by the same runner as every other
scope (:meth:`rules.runner.Runner.run_over_entries`). A file without any entry gets one report for the whole file.

FIGURES. :class:`FecAudit` carries, besides the reports, :func:`ledger.io.fec.fec_figures` of the file;
:func:`ledger_summary` turns a run's figures into the ``"ledger"`` key of the JSON report and the text
summary lines (``rules/cli/audit.py``).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from ledger.books.fec_ledger import FecLedger
from ledger.io.api_entries import EntryRecord
from ledger.io.fec import (
    STANDARD_COLUMNS,
    FecFigures,
    FecFile,
    FecRow,
    fec_figures,
    read_fec,
)
from rules.engine import Engine, Report
from rules.env import Env
from rules.violation import Violation

#: ``Report.operation`` of a FEC entry.
FEC_OPERATION = "fec"

# -- detection and the reader ---------------------------------------------------------------------


def _head_text(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return head.decode("utf-16", errors="replace")
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.decode("latin-1")  # the header names are ASCII: any single-byte reading finds them


#: Header names that make a FEC (case and white space ignored): the entry key and the amounts. A header
#: lacking other standard columns is still a FEC (FEC003 reports them); one without amounts is not a
#: ledger the audit can read.
DETECTION_COLUMNS = frozenset({"journalcode", "ecriturenum", "debit", "credit"})


def looks_like_fec(head: bytes) -> bool:
    """True when the first non-blank line is a FEC header: tab- or ``|``-separated, naming
    ``JournalCode``, ``EcritureNum``, ``Debit`` and ``Credit`` (case and white space ignored).

    Not detected: header-less files, and the A47 A-1 variant with ``Montant`` + ``Sens`` columns instead
    of Debit/Credit (the reader does not support it): they are reported as unreadable (FLD001)."""
    for line in _head_text(head).splitlines():
        if not line.strip():
            continue
        if "\t" not in line and "|" not in line:
            return False
        names = {"".join(field.split()).lower() for field in line.replace("|", "\t").split("\t")}
        return DETECTION_COLUMNS <= names
    return False


@attrs.frozen
class FecAudit:
    """The audit of one FEC file: its reports (``document`` numbered from 0) and its figures."""

    source: str
    fec: FecFile
    figures: FecFigures
    reports: tuple[Report, ...]

    def to_dict(self) -> dict[str, Any]:
        """The file's entry in the JSON report's ``"ledger"`` key."""
        f = self.figures
        return {
            "source": self.source,
            "format": "fec",
            "encoding": self.fec.encoding,
            "separator": "tab" if self.fec.separator == "\t" else self.fec.separator,
            "rows": f.rows,
            "entries": f.entries,
            "unbalanced_entries": f.unbalanced_entries,
            "lettering_groups": f.lettering_groups,
            "unbalanced_lettering_groups": f.unbalanced_lettering_groups,
            "lettered_rows": f.lettered_rows,
            "debit_total": str(f.debit_total),
            "credit_total": str(f.credit_total),
            "unreadable_amounts": f.unreadable_amounts,
        }


class FecReader:
    """French FEC files, for :data:`rules.audit.READERS` (see the module docstring)."""

    name = "fec"

    def detect(self, name: str, head: bytes) -> bool:
        return looks_like_fec(head)

    def read(self, name: str, data: bytes) -> Iterator[EntryRecord]:
        """The entries as :class:`~ledger.io.api_entries.EntryRecord` values, for callers of
        ``read_ledger_source``: ``value`` is the tuple of the entry's rows as ``{column: text}``
        dicts. They are NOT API entries: the :class:`~rules.audit.Auditor` calls :meth:`audit`."""
        fec_ledger = FecLedger.from_file(read_fec(data, source=name))
        for entry in fec_ledger.entries:
            yield EntryRecord(f"{name}:entry {entry.label()}", value=tuple(_row_dict(r) for r in entry.rows))

    def audit(self, name: str, data: bytes, auditor: Any) -> FecAudit:
        """Audit one FEC file with the auditor's engine (selection, severities, options)."""
        return audit_fec(name, data, auditor.engine)


def _row_dict(row: FecRow) -> dict[str, str]:
    values = {}
    for column, attr in STANDARD_COLUMNS:
        if column in ("Debit", "Credit"):
            values[column] = getattr(row, attr + "_text")
        else:
            values[column] = getattr(row, attr)
    values.update(row.extra)
    return values


def audit_fec(name: str, data: bytes, engine: Engine) -> FecAudit:
    """Read and check one FEC file: one report per entry (see the module docstring)."""
    fec = read_fec(data, source=name)
    fec_ledger = FecLedger.from_file(fec)
    env = Env(None, engine.context, engine.options, "read")
    count = max(1, len(fec_ledger.entries))  # a file without entries still gets its report
    violations: list[list[Violation]] = [[] for _ in range(count)]
    found, skipped = engine.runner.run_over_entries("fec", fec_ledger, env, count)
    for index, violation in found:
        violations[index].append(violation)
    if fec_ledger.entries:
        sources = [f"{name}:entry {entry.label()}" for entry in fec_ledger.entries]
    else:
        sources = [name]
    reports = tuple(
        Report(index, source, FEC_OPERATION, tuple(found), skipped)
        for index, (source, found) in enumerate(zip(sources, violations))
    )
    return FecAudit(name, fec, fec_figures(fec), reports)


# -- figures for the report -----------------------------------------------------------------------

#: The figures summed over the files of a run, in the ``"ledger"`` key's order.
TOTAL_FIGURES = ("entries", "unbalanced_entries", "lettering_groups", "unbalanced_lettering_groups")


def ledger_summary(audits: Iterable[FecAudit]) -> dict[str, Any] | None:
    """The JSON report's ``"ledger"`` key: totals over the FEC files, then each file; None without
    any FEC file (the key is then left out, so API-entry audits keep their exact report)."""
    files = [audit.to_dict() for audit in audits]
    if not files:
        return None
    summary: dict[str, Any] = {key: sum(f[key] for f in files) for key in TOTAL_FIGURES}
    summary["files"] = files
    return summary


def ledger_text(summary: Mapping[str, Any] | None) -> list[str]:
    """One line per FEC file for the text report."""
    if not summary:
        return []
    lines = []
    for f in summary["files"]:
        lines.append(
            f"FEC {f['source']}: {f['entries']} entries ({f['unbalanced_entries']} unbalanced), "
            f"{f['lettering_groups']} lettering groups ({f['unbalanced_lettering_groups']} not netting "
            f"to zero); {f['rows']} rows, {f['encoding']}, separator {f['separator']}."
        )
    return lines


__all__ = [
    "FEC_OPERATION",
    "FecAudit",
    "FecReader",
    "audit_fec",
    "ledger_summary",
    "ledger_text",
    "looks_like_fec",
]
