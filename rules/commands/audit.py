"""``ledger-rules audit``: ledger-level checks on entries as READ from the API (BAL, OIT, LET).

Every source is read whole before the first result is written: lettering groups span entries and
files, so no entry's result is final until the whole ledger has been seen. Sources are formats that
:mod:`rules.audit` detects by content (JSON responses, lists or JSON Lines of entries; FEC when its
reader is added there).
"""

from __future__ import annotations

import argparse
import sys

from rules.audit import AUDIT_DEFAULT_SELECT, Auditor
from rules.cli import UsageError
from rules.commands._common import add_engine_arguments, engine_from_args, load_context_file
from rules.report import WRITERS, Summary


def register(sub) -> None:
    parser = sub.add_parser(
        "audit",
        help="check entries read from the API as a ledger (balance, open items, lettering)",
        description="Audit accounting entries as read from the API: {\"data\": {\"accountingEntries\": "
        "{\"nodes\": [...]}}} (or edges), a list of entries, or JSON Lines. Lettering groups are "
        "checked across all FILEs together. Without --select, runs FLD001-FLD005, BAL, OIT and LET.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="'-' or nothing reads standard input")
    add_engine_arguments(parser)
    parser.set_defaults(func=run)


def _read_all(paths: list[str]) -> list[tuple[str, bytes]]:
    """Read every source up front: an unreadable file is a usage error before any output."""
    sources = []
    for path in paths or ["-"]:
        if path == "-":
            sources.append(("<stdin>", sys.stdin.buffer.read()))
            continue
        try:
            with open(path, "rb") as stream:
                sources.append((path, stream.read()))
        except OSError as exc:
            raise UsageError(f"cannot open {path}: {exc.strerror or exc}") from None
    return sources


def run(args: argparse.Namespace) -> int:
    if args.select is None:
        args.select = ",".join(AUDIT_DEFAULT_SELECT)
    context = load_context_file(args.context)
    engine = engine_from_args(args, context)
    sources = _read_all(args.files)
    writer = WRITERS[args.format](sys.stdout)
    summary = Summary()
    for report in Auditor(engine).audit_sources(sources):
        writer.write(report)
        summary.add(report)
    writer.close(summary)
    sys.stdout.flush()
    return summary.exit_status(args.strict)
