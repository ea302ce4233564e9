"""``ledger-rules audit``: ledger-level checks on entries as READ from the API (BAL, OIT, LET).

Every source is read before the first result is written: lettering groups span entries and files,
so no entry's result is final until the whole ledger has been seen. Reading streams: every file is
opened up front (an unreadable one is a usage error before any output), then the entries are audited
as they are read — a JSON Lines file one line at a time — and only a compact result per entry and the
lettering facts of lettered lines are kept until the reports are written (:mod:`rules.audit`).
Standard input is copied to a temporary file when it is a pipe. Sources are formats that
:mod:`rules.audit` detects by content (JSON responses, lists or JSON Lines of entries; French FEC
files, one report per FEC entry).

When FEC files were read, the JSON report gains a top-level ``"ledger"`` key (after ``results``) with
the figures of the FEC files — totals of ``entries``, ``unbalanced_entries``, ``lettering_groups``,
``unbalanced_lettering_groups`` and one object per file (:func:`rules.fec_audit.ledger_summary`) —
and the text report one line per file before the summary. Audits of API entries are unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import IO, Any

from ledger.io.limits import FileTooBig, Limits
from rules.cli import Subcommands, UsageError
from rules.cli._common import add_engine_arguments, engine_from_args, load_context_file, standard_input
from rules.report import WRITERS, JsonWriter, Summary, TextWriter


class _AuditJsonWriter(JsonWriter):
    """The JSON writer plus the additive ``"ledger"`` key (FEC figures) when there is one."""

    ledger: dict[str, Any] | None = None

    def tail(self, summary: Summary) -> dict[str, Any]:
        tail = super().tail(summary)
        if self.ledger:
            tail["ledger"] = self.ledger
        return tail


def register(sub: Subcommands) -> None:
    parser = sub.add_parser(
        "audit",
        help="check entries read from the API as a ledger (balance, open items, lettering)",
        description='Audit accounting entries as read from the API: {"data": {"accountingEntries": '
        '{"nodes": [...]}}} (or edges), a list of entries, or JSON Lines; or French FEC files (tab or '
        "| separated, checked one file at a time, one result per FEC entry). Lettering groups of API "
        "entries are checked across all FILEs together. Without --select, runs FLD001-FLD005, BAL, OIT, "
        "LET and FEC.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="'-' or nothing reads standard input")
    add_engine_arguments(parser)
    parser.set_defaults(func=run)


def _open_all(paths: list[str], stack: contextlib.ExitStack, limits: Limits) -> list[tuple[str, IO[bytes]]]:
    """Open every source up front: an unreadable file is a usage error before any output. The
    sources are read (streamed) by the audit; ``stack`` closes them. A pipe is copied now (its head is
    looked at before it is read), up to ``max_source_bytes``: beyond that it is a usage error too —
    name the file instead, whose size the audit can know."""
    sources = []
    for path in paths or ["-"]:
        name = "<stdin>" if path == "-" else path
        from rules.audit import seekable_source

        try:
            stream = standard_input() if path == "-" else stack.enter_context(open(path, "rb"))
            seekable = seekable_source(stream, limits)  # a pipe is copied to a temporary file, now
        except FileTooBig as exc:
            raise UsageError(f"cannot read {name}: {exc.breach.message}") from None
        except OSError as exc:
            raise UsageError(f"cannot open {path}: {exc.strerror or exc}") from None
        # seekable_source returns bytes only when given bytes: a stream in, a stream out.
        assert not isinstance(seekable, bytes)
        if seekable is not stream:
            stack.enter_context(seekable)
        sources.append((name, seekable))
    return sources


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every command's module is imported at each CLI start (to build
    # the parser), and the audit's readers are only needed when auditing.
    from rules.audit import AUDIT_DEFAULT_SELECT, Auditor
    from rules.fec_audit import ledger_summary, ledger_text

    if args.select is None:
        args.select = ",".join(AUDIT_DEFAULT_SELECT)
    context = load_context_file(args.context)
    engine = engine_from_args(args, context)
    with contextlib.ExitStack() as stack:
        sources = _open_all(args.files, stack, engine.limits)
        writer = (_AuditJsonWriter if args.format == "json" else WRITERS[args.format])(sys.stdout)
        summary = Summary()
        auditor = Auditor(engine)
        for report in auditor.iter_reports(sources):
            writer.write(report)
            summary.add(report)
    ledger = ledger_summary(auditor.fec_audits)
    if isinstance(writer, _AuditJsonWriter):
        writer.ledger = ledger
    elif isinstance(writer, TextWriter):
        for line in ledger_text(ledger):
            sys.stdout.write(line + "\n")
    writer.close(summary)
    sys.stdout.flush()
    return summary.exit_status(args.strict)
